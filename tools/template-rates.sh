#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/template-rates.sh - how often the mutator's race-shape template
# fires each zoo bug: per row of tools/zoo.tsv, the draws of COUNT fresh
# templates that fire the row's oracle id on its variant, and on fixed
# (an open finding of fixed with the same id, or a bug of fixed).  The
# numbers docs/performance.md quotes when a template shape changes.
#
#   tools/template-rates.sh [--build DIR] [--count N] [--seed S] [--aim] [VARIANT...]
#
# --aim: every draw's choice stream aimed at an rq lock drop of its run
# (fuzz/aim.c), as the AFL++ mutator aims one template draw in two.
# DIR (relative to the repository root) holds bin/bench-run-<variant>
# (make bench-tools BUILD=DIR); default build/dev.  COUNT defaults to 20000, SEED to 1; no VARIANT: every row.
# The same binaries give the same counts on every run.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=build/dev count=20000 seed=1 aim=
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--count) count=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--aim) aim=--aim; shift ;;
	-h | --help) awk 'NR > 3 && /^#/ { sub(/^# ?/, ""); print; next } NR > 3 { exit }' "$0"; exit 0 ;;
	-*) echo "template-rates.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
cd "$top"
for a in "$@"; do
	grep -v '^#' tools/zoo.tsv | cut -f1 | grep -qx -- "$a" ||
		{ echo "template-rates.sh: $a is not a row of tools/zoo.tsv" >&2; exit 2; }
done
[ -x "$build/bin/bench-run-fixed" ] ||
	{ echo "template-rates.sh: no $build/bin/bench-run-fixed (make bench-tools BUILD=$build)" >&2; exit 2; }

# The count of draws that fired ID: the "expect N ID" line.
fired() {
	"$build/bin/bench-run-$1" template --seed "$seed" --count "$count" $aim --expect "$2" |
		awk '$1 == "expect" { print $2 }'
}

printf '%-12s %8s %8s  %s\n' variant fired fixed oracle
grep -v '^#' tools/zoo.tsv | while IFS='	' read -r v id _scenario _fixed_in; do
	[ -n "$v" ] || continue
	if [ $# -gt 0 ]; then
		want=0
		for a in "$@"; do [ "$a" = "$v" ] && want=1; done
		[ "$want" -eq 1 ] || continue
	fi
	[ -x "$build/bin/bench-run-$v" ] ||
		{ echo "template-rates.sh: no $build/bin/bench-run-$v" >&2; exit 2; }
	printf '%-12s %8s %8s  %s\n' "$v" "$(fired "$v" "$id")" "$(fired fixed "$id")" "$id"
done
