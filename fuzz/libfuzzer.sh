#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fuzz/libfuzzer.sh - run a libFuzzer target the way every campaign and the
# bench run it, going on past crashes:
#
#   fuzz/libfuzzer.sh JOBS TARGET [-flag=value ...] CORPUS_DIR [SEED_DIR ...]
#
# JOBS >= 2: TARGET -fork=JOBS -ignore_crashes=1 ... (libFuzzer's own way).
# JOBS = 1:  TARGET in-process, started again after each run that wrote a
#            new artifact (crash-, timeout-, oom-, leak- under
#            -artifact_prefix, which must be given; new by time, so the
#            same crash again counts).  A -fork=1 parent merges each
#            child's few seconds of work into the corpus and reloads it;
#            on the seed race that made one job several times slower than
#            in-process (docs/performance.md).  Each start reloads
#            CORPUS_DIR, so nothing found is lost; a given -seed=S becomes
#            S, S+1, ... per start.  But a reload takes about a millisecond
#            per corpus input: when crashes come quickly (three starts in a
#            row each crashing within 30 s: a tree with shallow known bugs,
#            such as fixed's open findings) the rest of the run is -fork=1
#            -ignore_crashes=1, which does not reload it all each time.  An
#            input of CORPUS_DIR that now crashes (a rebuilt target) is
#            named like its artifact (both are the input's SHA-1): it is
#            removed from CORPUS_DIR, the artifact keeps it.  A run that
#            ends without a new artifact (done, interrupted) ends the loop
#            with its exit status.  -max_total_time=T is the loop's total
#            (0: none).
# Stop it with SIGINT or SIGTERM to its process group (campaign.sh and
# bench.py start it with its own): the target stops, and so does the loop.
set -uo pipefail
export LC_ALL=C

[ $# -ge 3 ] || { echo "usage: $0 JOBS TARGET [-flag=value ...] CORPUS_DIR [SEED_DIR ...]" >&2; exit 2; }
jobs=$1 target=$2
shift 2
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "libfuzzer.sh: JOBS: a positive number, not '$jobs'" >&2; exit 2; }
if [ "$jobs" -gt 1 ]; then
	exec "$target" -fork="$jobs" -ignore_crashes=1 "$@"
fi

flags=() dirs=() prefix="" seed="" total=""
for a in "$@"; do
	case "$a" in
	-artifact_prefix=*) prefix=${a#-artifact_prefix=}; flags+=("$a") ;;
	-seed=*) seed=${a#-seed=} ;;
	-max_total_time=*) total=${a#-max_total_time=} ;;
	-*) flags+=("$a") ;;
	*) dirs+=("$a") ;;
	esac
done
[ -n "$prefix" ] || { echo "libfuzzer.sh: one job needs -artifact_prefix=" >&2; exit 2; }
[ ${#dirs[@]} -gt 0 ] || { echo "libfuzzer.sh: no corpus folder" >&2; exit 2; }

# The artifacts written since the marker was touched.  By time, not by
# name: libFuzzer names an artifact by the input's SHA-1 and rewrites it
# when the same input crashes again (a shallow bug found again, a crashing
# seed), and that is a crash all the same.
pdir=. pbase=$prefix
case "$prefix" in */*) pdir=${prefix%/*} pbase=${prefix##*/} ;; esac
mark=$(mktemp "${TMPDIR:-/tmp}/libfuzzer-sh.XXXXXX") || exit 2
new_artifacts() {
	find "${pdir:-/}" -maxdepth 1 -newer "$mark" \( -name "${pbase}crash-*" -o \
		-name "${pbase}timeout-*" -o -name "${pbase}oom-*" -o -name "${pbase}leak-*" \) \
		2>/dev/null | sort
}

# When to go over to -fork=1 (above); the tests set the time.
quick_crashes=3 quick_secs=${SCHEDFUZZ_LF_QUICK_SECS:-30}

stop=0
trap 'stop=1' INT TERM
trap 'rm -f "$mark"' EXIT
[ "$total" = 0 ] && total=""	# libFuzzer's 0: no limit
start=$SECONDS run=0 rc=0 quick=0
while [ "$stop" -eq 0 ]; do
	extra=()
	[ -n "$seed" ] && extra+=(-seed=$((seed + run)))
	if [ -n "$total" ]; then
		left=$((total - (SECONDS - start)))
		[ "$left" -gt 0 ] || { rc=0; break; }
		extra+=(-max_total_time="$left")
	fi
	if [ "$quick" -ge "$quick_crashes" ]; then
		echo "libfuzzer.sh: $quick starts in a row crashed within ${quick_secs} s: -fork=1 from now on"
		rm -f "$mark"
		exec "$target" -fork=1 -ignore_crashes=1 "${flags[@]}" "${extra[@]}" "${dirs[@]}"
	fi
	began=$SECONDS
	touch "$mark"
	sleep 0.01	# a later mtime than the marker's, even on a coarse clock
	# In the foreground: a background job of a script starts with SIGINT
	# ignored.  A signal to the group stops the target, then the loop.
	"$target" "${flags[@]}" "${extra[@]}" "${dirs[@]}"
	rc=$?
	[ "$stop" -eq 1 ] && break
	new=$(new_artifacts)
	[ -n "$new" ] || break
	run=$((run + 1))
	if [ $((SECONDS - began)) -lt "$quick_secs" ]; then quick=$((quick + 1)); else quick=0; fi
	while read -r f; do
		rm -f "${dirs[0]}/${f##*-}"	# the input's SHA-1
	done <<<"$new"
	echo "libfuzzer.sh: start $((run + 1)) after $(echo "$new" | wc -l) new artifact(s): $(echo "$new" | tr '\n' ' ')"
done
exit "$rc"
