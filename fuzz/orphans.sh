#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fuzz/orphans.sh [--kill] TARGET...
#
# The fuzz targets an AFL++ engine left orphaned: processes running one of
# the TARGET binaries (as named on their command line) whose parent is
# neither an AFL++ tool (afl-fuzz, afl-tmin, afl-showmap, ...) nor one of
# the TARGETs (a persistent target's fork server).  AFL++ runs a target in
# a session of its own, stopped between inputs in persistent mode; an
# afl-fuzz killed before it kills its target leaves it stopped for ever,
# adopted by init or a subreaper.  Other binaries, and targets an engine
# still runs, are left alone, so a campaign beside this one keeps its own.
#
# Prints their pids, one per line.  With --kill, kills them instead, and
# sweeps again (up to three times) while it finds one: a killed fork
# server's own stopped child is an orphan only then.
#
# The one place this rule is written: fuzz/campaign.sh and tools/bench.py
# both call it.
set -u

kill=0
if [ "${1:-}" = --kill ]; then
	kill=1
	shift
fi
[ $# -ge 1 ] || { echo "usage: fuzz/orphans.sh [--kill] TARGET..." >&2; exit 2; }

# The targets come as a file, not an awk -v string: -v would read
# backslashes in a path as escapes.  A process runs a TARGET when its
# command line (untruncated: -ww) is that path, or that path and a blank,
# so a path with spaces matches; an AFL++ tool is known by its
# executable's name (comm), wherever it lies.  The names come from a
# listing of their own, in which a name may hold blanks or be empty; a
# process gone between the two listings has no name, so is no tool.
orphans() {
	awk '
		function runs_target(a,   t) {
			for (t in mine)
				if (a == t || substr(a, 1, length(t) + 1) == t " ")
					return 1
			return 0
		}
		FILENAME == ARGV[1] { if ($0 != "") mine[$0] = 1; next }
		FILENAME == ARGV[2] {
			c = $0
			sub(/^[ \t]*[0-9]+[ \t]?/, "", c)
			comm[$1] = c
			next
		}
		{
			a = $0
			sub(/^[ \t]*[0-9]+[ \t]+[0-9]+[ \t]?/, "", a)
			parent[$1] = $2; target[$1] = runs_target(a)
		}
		END {
			for (p in target) {
				if (!target[p]) continue
				q = parent[p]
				if (!target[q] && comm[q] !~ /^afl-[a-z0-9.+_-]+$/) print p
			}
		}' <(printf '%s\n' "$@") <(ps -eo pid=,comm= 2>/dev/null) \
		<(ps -ww -eo pid=,ppid=,args= 2>/dev/null)
}

if [ "$kill" = 0 ]; then
	orphans "$@"
	exit 0
fi
for _ in 1 2 3; do
	found=0
	for pid in $(orphans "$@"); do
		kill -KILL "$pid" 2>/dev/null
		found=1
	done
	[ "$found" -eq 1 ] || break
	sleep 0.2
done
exit 0
