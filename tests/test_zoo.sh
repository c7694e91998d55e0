#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/test_zoo.sh - the bug zoo (docs/bugs.md): for every row of
# tools/zoo.tsv, the scenario fires exactly its oracle id on its variant
# (exit 1, the same digest twice) and runs clean on fixed (exit 0); every
# variant of sim/kernel/variants.txt but fixed has a row.  Prints PASS/FAIL
# lines and "N passed, N failed".  Uses build/san unless SCHEDFUZZ names
# another build of bin/schedfuzz.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. tests/lib.sh
zoo=tools/zoo.tsv

# The rows of zoo.tsv without comments: variant TAB oracle TAB scenario TAB fixed_in.
rows() { grep -v '^#' "$zoo" | grep -v '^[[:space:]]*$'; }

table_well_formed() {
	local n=0 line v oracle scen fixed extra
	head -n1 "$zoo" | grep -q '^#' || { echo "$zoo: no '#' header line"; return 1; }
	head -n1 "$zoo" | grep -qP '^# ?variant\toracle\tscenario\tfixed_in$' ||
		{ echo "$zoo: header is not 'variant<TAB>oracle<TAB>scenario<TAB>fixed_in'"; return 1; }
	while IFS= read -r line; do
		n=$((n + 1))
		IFS=$'\t' read -r v oracle scen fixed extra <<<"$line"
		[ -n "$v" ] && [ -n "$oracle" ] && [ -n "$scen" ] && [ -n "$fixed" ] && [ -z "${extra:-}" ] ||
			{ echo "row $n: not four tab-separated columns: $line"; return 1; }
		tools/variants.sh check "$v" || { echo "row $n: no variant '$v'"; return 1; }
		[ "$v" != fixed ] || { echo "row $n: fixed has no bug"; return 1; }
		[ -f "$scen" ] || { echo "row $n: no scenario $scen"; return 1; }
	done < <(rows)
	[ "$(rows | cut -f1 | sort | uniq -d)" = "" ] || { echo "a variant has two rows"; return 1; }
	echo "$n rows"
}
t zoo_table "tools/zoo.tsv has its header and four tab-separated columns per row, known variants, existing scenarios" table_well_formed

every_variant_has_a_row() {
	local v
	for v in $(tools/variants.sh all); do
		[ "$v" = fixed ] && continue
		rows | cut -f1 | grep -qx -- "$v" || { echo "variant $v has no row in $zoo"; return 1; }
	done
}
t zoo_every_variant "every variant but fixed has a row in tools/zoo.tsv" every_variant_has_a_row

# One variant's row: the exact oracle id and exit 1 twice with one digest;
# clean and exit 0 on fixed.
fires_on_variant() {
	local v=$1 oracle=$2 scen=$3 rc got d1 d2
	"$sf" replay --variant "$v" "$scen" >"$tmp/a" 2>&1
	rc=$?
	[ "$rc" = 1 ] || { echo "$scen on $v: exit $rc, want 1"; cat "$tmp/a"; return 1; }
	got=$(sed -n 's/^finding: //p' "$tmp/a" | head -n1)
	[ "$got" = "$oracle" ] || { echo "$scen on $v: finding '$got', want '$oracle'"; return 1; }
	"$sf" replay --variant "$v" "$scen" >"$tmp/b" 2>&1
	d1=$(sed -n 's/^digest: //p' "$tmp/a")
	d2=$(sed -n 's/^digest: //p' "$tmp/b")
	[ -n "$d1" ] && [ "$d1" = "$d2" ] || { echo "digests differ: '$d1' '$d2'"; return 1; }
	echo "$v: $got (digest $d1)"
}

clean_on_fixed() {
	local scen=$1 rc
	"$sf" replay --variant fixed "$scen" >"$tmp/c" 2>&1
	rc=$?
	[ "$rc" = 0 ] || { echo "$scen on fixed: exit $rc, want 0"; grep '^finding' "$tmp/c"; return 1; }
	grep -q '^clean: ' "$tmp/c" || { echo "no clean line"; return 1; }
}

while IFS=$'\t' read -r v oracle scen fixed; do
	t "zoo_${v}_fires" "$scen fires '$oracle' on $v" fires_on_variant "$v" "$oracle" "$scen"
	t "zoo_${v}_clean_on_fixed" "$scen runs clean on fixed" clean_on_fixed "$scen"
done < <(rows)

tally
