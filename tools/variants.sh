#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/variants.sh - reads sim/kernel/variants.txt, the one list of the
# port's variants.
#
#   tools/variants.sh [all]      every variant name, in file order
#   tools/variants.sh port       the port variants (fixed, stale-prev)
#   tools/variants.sh zoo        the bug-zoo variants
#   tools/variants.sh cflags V   the compiler flags of variant V
#   tools/variants.sh check V    exit 0 if V is a variant, else 1
set -eu
list="$(dirname "$0")/../sim/kernel/variants.txt"
[ -r "$list" ] || { echo "variants.sh: cannot read $list" >&2; exit 2; }
rows() { sed -e 's/#.*//' "$list" | awk 'NF'; }
case "${1:-all}" in
all) rows | awk '{ print $1 }' ;;
port | zoo) rows | awk -v k="$1" '$2 == k { print $1 }' ;;
cflags)
	[ $# -eq 2 ] || { echo "usage: variants.sh cflags VARIANT" >&2; exit 2; }
	rows | awk -v v="$2" '$1 == v { for (i = 3; i <= NF; i++) printf "%s%s", (i > 3 ? " " : ""), $i; print "" }' ;;
check)
	[ $# -eq 2 ] || { echo "usage: variants.sh check VARIANT" >&2; exit 2; }
	rows | awk -v v="$2" '$1 == v { found = 1 } END { exit !found }' ;;
*) echo "usage: variants.sh [all|port|zoo|cflags V|check V]" >&2; exit 2 ;;
esac
