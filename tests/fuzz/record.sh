#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/fuzz/record.sh - re-record the expected outputs of the tool tests
# after an intended change of the port (run ./build.sh build first):
#
#   tests/fuzz/frozen/digests       digest of each frozen input per variant
#   tests/fuzz/golden/*.trace       replay --trace of two scenarios
#
# It never rewrites tests/fuzz/frozen/*.sched, the canonical text each
# frozen v1 input decodes to: a change there means the v1 decoder changed,
# which must not happen (docs/encoding.md, "Versions").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
sf=${SCHEDFUZZ:-build/clang-O2/bin/schedfuzz}

{
	echo "# file variant digest - recorded by tests/fuzz/record.sh"
	for f in tests/fuzz/frozen/*.bin; do
		for v in fixed stale-prev; do
			d=$({ "$sf" replay --variant "$v" "$f" || true; } | sed -n 's/^digest: //p')
			echo "$(basename "$f") $v $d"
		done
	done
} >tests/fuzz/frozen/digests

golden() {	# scenario variant
	"$sf" replay --variant "$2" --trace "tests/scenarios/$1.sched" \
		>"tests/fuzz/golden/$1.$2.trace" || true
}
golden proxy-migrate fixed
golden seed-race stale-prev
