#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/test_libfuzzer_loop.sh - fuzz/libfuzzer.sh, the way campaigns and
# the bench run libFuzzer, against a stub target that logs its arguments and
# writes artifacts as a script tells it: one job restarts after each new
# artifact with the next seed and the time left, drops a corpus input that
# now crashes, goes over to -fork=1 after three quick crashes in a row,
# stops on a run without a new artifact and on a signal; more jobs are
# libFuzzer's -fork.  One PASS/FAIL line per case.
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
loop=$top/fuzz/libfuzzer.sh
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

pass() { echo "PASS libfuzzer-loop: $1"; }
fail() { echo "FAIL libfuzzer-loop: $1"; shift; for f in "$@"; do sed 's/^/    /' "$f"; done; }
# verdict STATUS WHAT-PASSED WHAT-FAILED: the case's line, with the stub's
# calls and the loop's output when it failed.
verdict() {
	if [ "$1" -eq 0 ]; then pass "$2"; else fail "$3" "$t/calls" "$t/out"; fi
}

# The stub: run N (from 1) does what line N of $t/plan says:
#   crash NAME   write artifact crash-NAME and exit 77
#   ok           exit 0
#   fail         exit 3, no artifact
#   sleep        sleep until SIGTERM, then write artifact crash-term and
#                exit 72: only the loop's own stop keeps it from a restart
# and logs "run N ARGS" to $t/calls.
cat >"$t/stub" <<EOF
#!/usr/bin/env bash
n=\$(( \$(cat "$t/calls" 2>/dev/null | wc -l) + 1 ))
echo "run \$n \$*" >>"$t/calls"
prefix=\$(printf '%s\n' "\$@" | sed -n 's/^-artifact_prefix=//p')
step=\$(sed -n "\${n}p" "$t/plan")
case "\$step" in
crash\ *) echo x >"\${prefix}crash-\${step#crash }"; exit 77 ;;
ok) exit 0 ;;
sleep) trap 'echo x >"\${prefix}crash-term"; exit 72' TERM; while :; do sleep 0.1; done ;;
*) exit 3 ;;
esac
EOF
chmod +x "$t/stub"

setup() {
	rm -rf "$t/art" "$t/corp" "$t/calls"
	mkdir -p "$t/art" "$t/corp"
	printf '%s\n' "$@" >"$t/plan"
}

# Restarts: two new crashes, then a clean end.
setup "crash aaaa" "crash bbbb" ok
echo keep >"$t/corp/cccc"
echo stale >"$t/corp/aaaa"
"$loop" 1 "$t/stub" -seed=5 -max_total_time=60 -dict=d -artifact_prefix="$t/art/" "$t/corp" seeds \
	>"$t/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && [ "$(wc -l <"$t/calls")" -eq 3 ] &&
	grep -qx 'run 1 -dict=d -artifact_prefix=.*/art/ -seed=5 -max_total_time=60 .*/corp seeds' "$t/calls" &&
	grep -q '^run 2 .* -seed=6 -max_total_time=\(59\|60\) ' "$t/calls" &&
	grep -q '^run 3 .* -seed=7 ' "$t/calls" &&
	[ "$(grep -c '^libfuzzer.sh: start ' "$t/out")" -eq 2 ]
verdict $? "one job restarts after each new artifact, with the next seed and the time left" "restarts (exit $rc)"
[ ! -e "$t/corp/aaaa" ] && [ -e "$t/corp/cccc" ] && [ -e "$t/art/crash-aaaa" ]
verdict $? "a corpus input named like a new artifact is dropped, the artifact kept" "corpus input not dropped"

# Three starts in a row crash at once: the rest is -fork=1, with the next
# seed.  Counted as quick only within SCHEDFUZZ_LF_QUICK_SECS of a start:
# with 0, four crashes are four in-process starts.
setup "crash a1" "crash a2" "crash a3" ok
"$loop" 1 "$t/stub" -seed=5 -artifact_prefix="$t/art/" "$t/corp" >"$t/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && [ "$(wc -l <"$t/calls")" -eq 4 ] &&
	grep -qx 'run 4 -fork=1 -ignore_crashes=1 -artifact_prefix=.*/art/ -seed=8 .*/corp' "$t/calls" &&
	! grep -q '^run [123] .*-fork' "$t/calls" && grep -q 'fork=1 from now on' "$t/out"
verdict $? "three quick crashes in a row: -fork=1 for the rest" "quick crashes (exit $rc)"
setup "crash b1" "crash b2" "crash b3" "crash b4" ok
SCHEDFUZZ_LF_QUICK_SECS=0 "$loop" 1 "$t/stub" -artifact_prefix="$t/art/" "$t/corp" >"$t/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && [ "$(wc -l <"$t/calls")" -eq 5 ] && ! grep -q 'fork' "$t/calls"
verdict $? "crashes that are not quick keep one job in-process" "slow crashes (exit $rc)"

# The same artifact again (a shallow bug found again, a seed that crashes
# each start) is a crash too: restarts, then -fork=1 instead of spinning.
setup "crash aaaa" "crash aaaa" "crash aaaa" ok
"$loop" 1 "$t/stub" -artifact_prefix="$t/art/" "$t/corp" >"$t/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && [ "$(wc -l <"$t/calls")" -eq 4 ] && grep -q '^run 4 -fork=1 ' "$t/calls"
verdict $? "the same artifact rewritten counts as a crash" "repeated artifact (exit $rc)"

# A run that ends without an artifact ends the loop with its status.
setup "crash c1" fail ok
"$loop" 1 "$t/stub" -artifact_prefix="$t/art/" "$t/corp" >"$t/out" 2>&1
rc=$?
[ "$rc" -eq 3 ] && [ "$(wc -l <"$t/calls")" -eq 2 ]
verdict $? "a run without a new artifact ends the loop with its status" "no artifact (exit $rc)"

# An artifact prefix that is not a folder: a corpus input is still found
# by its SHA-1; -max_total_time=0 is no limit, not none left.
setup "crash dddd" ok
echo stale >"$t/corp/dddd"
"$loop" 1 "$t/stub" -max_total_time=0 -artifact_prefix="$t/art/lf-" "$t/corp" >"$t/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && [ "$(wc -l <"$t/calls")" -eq 2 ] && [ -e "$t/art/lf-crash-dddd" ] &&
	[ ! -e "$t/corp/dddd" ] && ! grep -q 'max_total_time' "$t/calls"
verdict $? "a file-name artifact prefix and -max_total_time=0" "prefix lf- (exit $rc)"

# No artifact prefix: refused, nothing run.
setup ok
! "$loop" 1 "$t/stub" "$t/corp" >"$t/out" 2>&1 && [ ! -e "$t/calls" ]
verdict $? "one job without -artifact_prefix is refused" "no -artifact_prefix accepted"

# A stop signal to the process group ends the loop, no restart.  TERM: a
# background job of this script starts with SIGINT ignored, which a stub
# script cannot undo (libFuzzer's own handler does).
setup sleep ok
setsid "$loop" 1 "$t/stub" -artifact_prefix="$t/art/" "$t/corp" >"$t/out" 2>&1 &
pid=$!
for _ in $(seq 50); do [ -s "$t/calls" ] && break; sleep 0.1; done
sleep 0.2
kill -TERM -- "-$pid"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
rc=124
if kill -0 "$pid" 2>/dev/null; then
	kill -KILL -- "-$pid"	# still running 5 s after SIGTERM
else
	wait "$pid"
	rc=$?
fi
[ "$rc" -eq 72 ] && [ "$(wc -l <"$t/calls")" -eq 1 ]
verdict $? "SIGTERM to the group ends the loop" "SIGTERM (exit $rc; 124: still running after 5 s)"

# More jobs: libFuzzer's own -fork, nothing else changed.
setup ok
"$loop" 2 "$t/stub" -seed=5 -artifact_prefix="$t/art/" "$t/corp" >"$t/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -qx 'run 1 -fork=2 -ignore_crashes=1 -seed=5 -artifact_prefix=.*/art/ .*/corp' "$t/calls"
verdict $? "two jobs run -fork=2 -ignore_crashes=1" "two jobs (exit $rc)"
