#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/run.sh - the whole test suite; called by ./build.sh test after it
# has built every configuration.  Each check prints PASS or FAIL lines; the
# last line is the tally "N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

passed=0
failed=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# Count the PASS/FAIL lines of a command's output; a command that exits
# non-zero without printing a FAIL line counts as one failure.
run_counted() {
	local name=$1 out rc p f
	shift
	out="$log/$name.out"
	"$@" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^PASS ' "$out")
	f=$(grep -c '^FAIL ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "FAIL $name (exit $rc)"
		tail -n 30 "$out" | sed 's/^/    /'
	fi
	grep -E '^(PASS|FAIL) ' "$out" | sed "s/^/[$name] /"
	if [ "$f" -gt 0 ]; then
		grep -vE '^(PASS |[0-9]+ passed)' "$out" | head -n 60 | sed 's/^/    /'
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

check() {
	local name=$1
	shift
	if "$@" >"$log/$name.out" 2>&1; then
		echo "PASS $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name"
		tail -n 30 "$log/$name.out" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

# 1. Unit tests under ASan+UBSan, with clang and with gcc.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_counted unit-clang-asan build/san/bin/test_sim
run_counted unit-gcc-asan build/san-gcc/bin/test_sim

# 1b. The program type, its byte encoding and scenario language, under
#     ASan+UBSan with clang and gcc (no kernel needed).
run_counted fuzz-clang-asan build/san/bin/test_fuzz
run_counted fuzz-gcc-asan build/san-gcc/bin/test_fuzz

# The port variants get the kernel unit tests and the digest matrix; the
# bug-zoo variants their scenarios (2h).  sim/kernel/variants.txt.
port_variants=$(tools/variants.sh port)

# 2. The port, each variant, under ASan+UBSan with clang and gcc.
for v in $port_variants; do
	run_counted kernel-$v-clang-asan build/san/bin/test_kernel_$v
	run_counted kernel-$v-gcc-asan build/san-gcc/bin/test_kernel_$v
done

# 2b. Programs on the port, each variant: bytes -> text -> bytes replays to
#     the same digest, the scenarios, the frozen v1 inputs.
for v in $port_variants; do
	run_counted fuzz-kernel-$v-clang-asan build/san/bin/test_fuzz_kernel_$v
	run_counted fuzz-kernel-$v-gcc-asan build/san-gcc/bin/test_fuzz_kernel_$v
done

# 2c. The schedfuzz command (the ASan+UBSan build): verbs, exit codes,
#     errors, conversions, the seed race, golden traces, Perfetto JSON.
run_counted schedfuzz-cli tests/fuzz/test_cli.sh

# 2d. The fuzz target's plain main (fuzz/target.c): every scenario replays
#     to the digest schedfuzz replay gives, and state feedback sees states.
fuzz_target_replay() {
	local v f t want got slots
	t=$(mktemp -d)
	for f in tests/scenarios/*.sched; do
		build/san/bin/schedfuzz convert "$f" -o "$t/$(basename "$f" .sched).bin" || return 1
	done
	for v in $port_variants; do
		for f in "$t"/*.bin; do
			want=$(build/san/bin/schedfuzz replay --variant $v "$f" | sed -n 's/^digest: //p')
			got=$(build/san/bin/fuzz-target-$v "$f" | sed -n 's/.*digest: //p')
			[ -n "$want" ] && [ "$want" = "$got" ] ||
				{ echo "$v $f: target digest '$got', replay '$want'"; return 1; }
		done
		slots=$(build/san/bin/fuzz-target-$v "$t"/*.bin | sed -n 's/^state slots seen: //p')
		echo "$v: $slots state slots"
		[ "${slots:-0}" -ge 20 ] || { echo "$v: too few state slots"; return 1; }
	done
	rm -rf "$t"
}
check fuzz-target-replay fuzz_target_replay

# 2e. The seed corpus: each corpus/NAME.bin is its scenario's bytes, none
#     fails on any variant, and together they use every operation kind and
#     every class.
corpus_clean() {
	local f n t v w
	t=$(mktemp -d)
	for f in corpus/scenarios/*.sched; do
		n=$(basename "$f" .sched)
		build/san/bin/schedfuzz convert "$f" -o "$t/$n.bin" >/dev/null || return 1
		cmp -s "$t/$n.bin" "corpus/$n.bin" || { echo "corpus/$n.bin is not $f's bytes"; return 1; }
	done
	for f in corpus/*; do
		case "$f" in
		corpus/README.md | corpus/scenarios) ;;
		*.bin) [ -f "corpus/scenarios/$(basename "$f" .bin).sched" ] ||
			{ echo "$f has no scenario"; return 1; } ;;
		*) echo "stray file $f (an engine writing into corpus/?)"; return 1 ;;
		esac
	done
	n=$(ls corpus/*.bin | wc -l)
	[ "$n" -ge 30 ] || { echo "only $n seeds"; return 1; }
	for v in $port_variants; do
		build/san/bin/fuzz-target-$v corpus/*.bin >"$t/out" ||
			{ grep -v 'clean digest' "$t/out" | head -20; echo "a seed fails on $v"; return 1; }
	done
	for w in mutex_lock mutex_lock_killable mutex_lock_interruptible mutex_unlock \
		sleep sched_yield exit fork sched_setattr sched_setaffinity tick schedule \
		wake_up_process signal normal batch idle fifo rr dl choices; do
		grep -qw -- "$w" corpus/scenarios/*.sched || { echo "no seed uses $w"; return 1; }
	done
	rm -rf "$t"
}
check corpus-clean corpus_clean

# 2f. crashes/ as a regression suite: every bucket's repro.bin still gives
#     its recorded oracle id and digest on its variant, and is clean on fixed
#     unless its description marks a known open finding.
crash_regressions() {
	local d v key id want o got n=0
	for d in crashes/*/*/; do
		[ -f "$d/repro.bin" ] || continue
		n=$((n + 1))
		v=$(basename "$(dirname "$d")")
		key=$(head -n1 "$d/description")
		id=${key%% | *}
		want=$(sed -n 's/^digest: //p' "$d/report.txt" | tail -n1)
		o=$(build/san/bin/schedfuzz replay --variant "$v" --bytes "$d/repro.bin")
		[ $? -eq 1 ] || { echo "$d: no finding on $v"; return 1; }
		got=$(echo "$o" | sed -n 's/^finding: //p' | head -n1)
		[ "$got" = "$id" ] || { echo "$d: '$got', recorded '$id'"; return 1; }
		got=$(echo "$o" | sed -n 's/^digest: //p' | tail -n1)
		[ "$got" = "$want" ] || { echo "$d: digest $got, recorded $want"; return 1; }
		if ! grep -q 'known open finding' "$d/description"; then
			build/san/bin/schedfuzz replay --variant fixed --bytes "$d/repro.bin" >/dev/null ||
				{ echo "$d: not clean on fixed"; return 1; }
		fi
		echo "$d: $id"
	done
	echo "$n buckets"
}
check crash-regressions crash_regressions

# The id prefixes of fuzz/known-findings.txt, one per line, read as
# fuzz/campaign.sh reads them.
known_prefixes() { grep -v '^#' fuzz/known-findings.txt | grep .; }

# 2f'. The campaign marks the buckets of fixed's open findings as known
#     (and --ignore-known makes them no crash): every oracle id named in an
#     "(open" or "(known" entry of docs/findings.md starts with one of the
#     lines of fuzz/known-findings.txt, or fixed's campaigns would announce them
#     as new.
known_findings_listed() {
	local known ids id k ok bad=0
	known=$(known_prefixes)
	[ "$(echo "$known" | grep -c .)" -ge 4 ] || { echo "known_ids: $known"; return 1; }
	ids=$(awk '/^## /{on = ($0 ~ /\((open|known)/)} on' docs/findings.md |
		grep -oE '`(INV|LIVENESS|KASAN|BUG|WARN):[^`]*`' | tr -d '`' | sort -u)
	[ "$(echo "$ids" | grep -c .)" -ge 4 ] || { echo "found only: $ids"; return 1; }
	while IFS= read -r id; do
		ok=0
		while IFS= read -r k; do [[ "$id" == "$k"* ]] && ok=1; done <<<"$known"
		if [ "$ok" -eq 1 ]; then echo "known: $id"; else echo "NOT in known_ids: $id"; bad=1; fi
	done <<<"$ids"
	return "$bad"
}
check known-findings-listed known_findings_listed

# 2g. Smoke campaigns, a few seconds each on fixed with one job: the
#     campaign runs, prints progress and a summary, and leaves nothing
#     running.  Skipped when the engine's build is missing.
smoke_campaign() {
	local engine=$1 t rc
	t=$(mktemp -d)
	timeout 120 fuzz/campaign.sh --engine "$engine" --variant fixed --time 6s --jobs 1 \
		--out "$t/out" --crashes "$t/crashes" --minimize-time 10 >"$t/log" 2>&1
	rc=$?
	cat "$t/log"
	[ "$rc" -eq 0 ] || { echo "campaign exit $rc"; return 1; }
	grep -q 'execs/s' "$t/log" && grep -q 'summary:' "$t/log" || return 1
	if ps -eo args | grep -F "$t/out" | grep -v grep; then
		echo "processes left running"; return 1
	fi
	rm -rf "$t"
}
# Run directly, the campaign refuses an engine target older than what it
# is built from (make -q's view, ./build.sh fuzz-build --check), and runs
# again once it is not: made old by its mtime alone, nothing is rebuilt.
stale_target_refused() {
	local b=build/fuzz-libfuzzer/bin/fuzz-target-fixed t rc
	t=$(mktemp -d)
	FUZZ_VARIANTS=fixed FUZZ_ENGINES=libfuzzer ./build.sh fuzz-build --check ||
		{ echo "fresh build reported out of date"; return 1; }
	touch -r "$b" "$t/mtime"
	touch -d '2001-01-01' "$b"
	fuzz/campaign.sh --engine libfuzzer --variant fixed --time 1s --jobs 1 \
		--out "$t/out" --crashes "$t/crashes" >"$t/log" 2>&1
	rc=$?
	touch -r "$t/mtime" "$b"
	cat "$t/log"
	[ "$rc" -eq 2 ] && grep -q 'out of date: run ./build.sh fuzz-build' "$t/log" ||
		{ echo "stale target accepted (exit $rc)"; return 1; }
	[ ! -e "$t/out/libfuzzer.log" ] || { echo "an engine ran"; return 1; }
	FUZZ_VARIANTS=fixed FUZZ_ENGINES=libfuzzer ./build.sh fuzz-build --check ||
		{ echo "still out of date after touching it back"; return 1; }
	rm -rf "$t"
}
# One libFuzzer job runs in-process and starts again after each crash
# (fuzz/libfuzzer.sh): fixed's open findings crash it within seconds.  When
# crashes come that fast it goes over to -fork=1, which must then run on.
smoke_libfuzzer_restarts() {
	local t rc n
	t=$(mktemp -d)
	timeout 120 fuzz/campaign.sh --engine libfuzzer --variant fixed --time 15s --jobs 1 \
		--out "$t/out" --crashes "$t/crashes" --minimize-time 5 >"$t/log" 2>&1
	rc=$?
	cat "$t/log"
	[ "$rc" -eq 0 ] || { echo "campaign exit $rc"; return 1; }
	n=$(grep -c '^libfuzzer.sh: start ' "$t/out/libfuzzer.log")
	[ "$n" -ge 1 ] && [ "$(ls "$t/out/artifacts" | wc -l)" -ge "$n" ] ||
		{ echo "no restart after a crash ($n starts)"; return 1; }
	if grep -q 'fork=1 from now on' "$t/out/libfuzzer.log"; then
		grep -q 'INFO: -fork=1: ' "$t/out/libfuzzer.log" || { echo "went over to -fork=1, which did not run"; return 1; }
	else
		grep -q 'fork' "$t/out/libfuzzer.log" && { echo "one job ran -fork unasked"; return 1; }
	fi
	if ps -eo args | grep -F "$t/" | grep -v grep; then
		echo "processes left running"; return 1
	fi
	rm -rf "$t"
}
# --ignore-known: fixed's open findings, which crash libFuzzer within
# seconds otherwise (libfuzzer-restarts), are no crash; refused on a zoo
# variant whose own bug has one of their ids.
ignore_known() {
	local t rc n k
	t=$(mktemp -d)
	fuzz/campaign.sh --engine libfuzzer --variant k6 --time 1s --jobs 1 --ignore-known \
		--out "$t/k6" --crashes "$t/crashes" >"$t/log" 2>&1
	rc=$?
	cat "$t/log"
	[ "$rc" -eq 2 ] && grep -q "would hide k6's own bug" "$t/log" || { echo "k6 accepted (exit $rc)"; return 1; }
	timeout 120 fuzz/campaign.sh --engine libfuzzer --variant fixed --time 12s --jobs 1 \
		--ignore-known --out "$t/out" --crashes "$t/crashes" --minimize-time 5 >"$t/log" 2>&1
	rc=$?
	cat "$t/log"
	[ "$rc" -eq 0 ] || { echo "campaign exit $rc"; return 1; }
	k=$(known_prefixes | wc -l)
	grep -q "ignore-known: fixed's open findings are no crash ($k id prefixes" "$t/log" ||
		{ echo "no --ignore-known line"; return 1; }
	n=$(sed -n 's/.*summary: .*s, \([0-9]*\) new crash file.*/\1/p' "$t/log")
	[ "$n" = 0 ] || { echo "$n crash files on fixed with --ignore-known (a new bug? see above)"; return 1; }
	! grep -q '^libfuzzer.sh: start ' "$t/out/libfuzzer.log" || { echo "libFuzzer restarted"; return 1; }
	grep -qE '^#[0-9]+.*(NEW|REDUCE|pulse)' "$t/out/libfuzzer.log" || { echo "libFuzzer did not fuzz"; return 1; }
	rm -rf "$t"
}
# --no-state-feedback: the libFuzzer target reads SCHEDFUZZ_NO_STATE_FEEDBACK
# once at start-up and leaves the state-feedback counters out (fewer
# features over the seeds, every seed still run); the campaign's option
# sets it for its engines, and a caller's own setting does not leak in.
lf_inited_cov() {
	sed -n 's/.*INITED cov: \([0-9]*\) .*/\1/p' | head -1
}
no_state_feedback() {
	local b=build/fuzz-libfuzzer/bin/fuzz-target-fixed t on off zero camp rc
	t=$(mktemp -d)
	mkdir "$t/seeds" && cp corpus/*.bin "$t/seeds/"
	on=$(env -u SCHEDFUZZ_NO_STATE_FEEDBACK "$b" -runs=0 "$t/seeds" 2>&1 | lf_inited_cov)
	off=$(SCHEDFUZZ_NO_STATE_FEEDBACK=1 "$b" -runs=0 "$t/seeds" 2>&1 | lf_inited_cov)
	zero=$(SCHEDFUZZ_NO_STATE_FEEDBACK=0 "$b" -runs=0 "$t/seeds" 2>&1 | lf_inited_cov)
	echo "INITED cov: feedback on $on, off $off, =0 $zero"
	[ -n "$on" ] && [ -n "$off" ] && [ "$off" -lt "$on" ] && [ "$zero" = "$on" ] ||
		{ echo "the switch does not change the features"; return 1; }
	timeout 120 fuzz/campaign.sh --engine libfuzzer --variant fixed --time 2s --jobs 1 \
		--ignore-known --no-state-feedback --out "$t/out" --crashes "$t/crashes" >"$t/log" 2>&1
	rc=$?
	cat "$t/log"
	[ "$rc" -eq 0 ] && grep -q 'no-state-feedback: the engines see code coverage only' "$t/log" ||
		{ echo "campaign exit $rc, or no --no-state-feedback line"; return 1; }
	camp=$(lf_inited_cov <"$t/out/libfuzzer.log")
	[ "$camp" = "$off" ] || { echo "campaign's INITED cov $camp, not $off"; return 1; }
	SCHEDFUZZ_NO_STATE_FEEDBACK=1 timeout 120 fuzz/campaign.sh --engine libfuzzer --variant fixed \
		--time 1s --jobs 1 --ignore-known --out "$t/out2" --crashes "$t/crashes" >"$t/log" 2>&1
	camp=$(lf_inited_cov <"$t/out2/libfuzzer.log")
	[ "$camp" = "$on" ] || { echo "the caller's SCHEDFUZZ_NO_STATE_FEEDBACK leaked in (cov $camp)"; return 1; }
	rm -rf "$t"
}
if [ -x build/fuzz-libfuzzer/bin/fuzz-target-fixed ]; then
	check smoke-libfuzzer smoke_campaign libfuzzer
	check no-state-feedback no_state_feedback
	check libfuzzer-restarts smoke_libfuzzer_restarts
	check ignore-known ignore_known
	check stale-target-refused stale_target_refused
else
	echo "SKIP smoke-libfuzzer (no libFuzzer build)"
	echo "SKIP libfuzzer-restarts (no libFuzzer build)"
	echo "SKIP ignore-known (no libFuzzer build)"
	echo "SKIP no-state-feedback (no libFuzzer build)"
	echo "SKIP stale-target-refused (no libFuzzer build)"
fi
run_counted libfuzzer-loop tests/test_libfuzzer_loop.sh
# A campaign stopped twice (Ctrl-C, then Ctrl-C during the final triage;
# TERM here, which it handles the same) ends within seconds although each
# minimization takes 100 s (an afl-tmin that only sleeps), and every crash
# file it saw is bucketed, nothing half-written or left running.  fixed
# crashes within seconds (the open findings F1, F2, K21: docs/findings.md).
# (The planted orphan goes whatever the outcome.)
stopped_campaign_clean() {
	local rc
	stopped_campaign
	rc=$?
	# (By its command line: its pid may be another process's by now.)
	pkill -KILL -f '^build/fuzz-afl/bin/fuzz-target-fixed 300$'
	return "$rc"
}
stopped_campaign() {
	local t pid n b i rc orphan=""
	t=$(mktemp -d)
	mkdir "$t/slow"
	# (named after $t, so that a failed run's leftovers can be found)
	printf '#!/bin/bash\nexec -a "$0-sleeping" sleep 100\n' >"$t/slow/afl-tmin"
	chmod +x "$t/slow/afl-tmin"
	# A stopped AFL++ target left by an afl-fuzz that died (parent init or
	# a subreaper): the campaign kills it when it stops its engines.
	(exec -a build/fuzz-afl/bin/fuzz-target-fixed sleep 300 </dev/null >/dev/null 2>&1 &)
	for ((i = 0; i < 30; i++)); do
		orphan=$(pgrep -nf '^build/fuzz-afl/bin/fuzz-target-fixed 300$') && break
		sleep 0.1
	done
	[ -n "$orphan" ] && kill -STOP "$orphan" || { echo "no orphan planted"; return 1; }
	PATH="$t/slow:$PATH" fuzz/campaign.sh --engine afl --variant fixed --time 120s --jobs 1 \
		--out "$t/out" --crashes "$t/crashes" --minimize-time 100 >"$t/log" 2>&1 &
	pid=$!
	sleep 12
	kill -TERM "$pid"
	sleep 3
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
	if kill -0 "$pid" 2>/dev/null; then
		cat "$t/log"; echo "still running 30 s after the second stop"
		kill -KILL "$pid"; pkill -KILL -f "$t/"; return 1
	fi
	wait "$pid"
	rc=$?
	cat "$t/log"
	[ "$rc" -eq 0 ] || { echo "campaign exit $rc"; return 1; }
	n=$(sed -n 's/.*summary: .*s, \([0-9]*\) new crash file.*/\1/p' "$t/log")
	[ -n "$n" ] && [ "$n" -gt 0 ] || { echo "no crash seen in 12 s"; return 1; }
	[ "$n" -eq "$(wc -l <"$t/out/triaged.txt")" ] || { echo "crash files not all triaged"; return 1; }
	for b in "$t"/crashes/fixed/*/; do
		[ -s "$b/repro.bin" ] && [ -s "$b/report.txt" ] && [ -s "$b/description" ] ||
			{ echo "incomplete bucket $b"; return 1; }
		head -n1 "$b/report.txt" | grep -qx '== repro.bin (bytes, variant fixed)' ||
			{ echo "$b/report.txt names $(head -n1 "$b/report.txt")"; return 1; }
	done
	if ls -a "$t/crashes/fixed" | grep -q '^\.tmp-'; then echo "temp bucket left"; return 1; fi
	if ps -eo args | grep -F "$t/" | grep -v grep; then
		echo "processes left running"; return 1
	fi
	for ((i = 0; i < 20; i++)); do kill -0 "$orphan" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$orphan" 2>/dev/null; then
		kill -KILL "$orphan"; echo "the orphaned stopped target was left"; return 1
	fi
	rm -rf "$t"
}
# A flood of crashes in known buckets (AFL++ keeps every crash with a new
# path; fixed's open findings give hundreds a minute) is not minimized one
# by one: at most 3 per bucket, then only those smaller than the bucket's
# repro.  The afl-tmin here only counts its calls (and copies).
triage_bounded() {
	local t rc n nr calls buckets smaller skipped
	t=$(mktemp -d)
	mkdir "$t/count"
	printf '#!/bin/bash
echo call >>"%s"
while [ $# -gt 0 ]; do case "$1" in -i) i=$2; shift 2 ;; -o) o=$2; shift 2 ;; --) break ;; *) shift ;; esac; done
cp "$i" "$o"
' \
		"$t/calls" >"$t/count/afl-tmin"
	chmod +x "$t/count/afl-tmin"
	PATH="$t/count:$PATH" timeout 300 fuzz/campaign.sh --engine afl --variant fixed --time 15s \
		--jobs 1 --out "$t/out" --crashes "$t/crashes" --minimize-time 20 >"$t/log" 2>&1
	rc=$?
	cat "$t/log"
	[ "$rc" -eq 0 ] || { echo "campaign exit $rc"; return 1; }
	n=$(sed -n 's/.*summary: .*s, \([0-9]*\) new crash file.*/\1/p' "$t/log")
	skipped=$(sed -n 's/.*, \([0-9]*\) not minimized .*/\1/p' "$t/log")
	calls=$(cat "$t/calls" 2>/dev/null | wc -l)
	buckets=$(ls "$t/crashes/fixed" | wc -l)
	smaller=$(grep -c ': a crash smaller than its repro, minimizing it' "$t/log")
	echo "crash files $n, afl-tmin calls $calls, buckets $buckets, smaller repros $smaller, skipped $skipped"
	[ -n "$n" ] && [ -n "$skipped" ] || { echo "no summary"; return 1; }
	[ "$n" -gt $((3 * buckets + smaller)) ] || { echo "too few crashes to check the bound"; return 1; }
	[ "$calls" -ge "$buckets" ] && [ "$calls" -le $((3 * buckets + smaller)) ] ||
		{ echo "minimized $calls times for $buckets buckets"; return 1; }
	nr=$(sed -n 's/.*, \([0-9]*\) not reproduced.*/\1/p' "$t/log")
	[ "$skipped" -eq $((n - calls - nr)) ] || { echo "summary counts disagree"; return 1; }
	rm -rf "$t"
}
# The AFL++ target reads the same switch before its fork server starts:
# one seed's map has fewer entries with it.
afl_no_state_feedback() {
	local b=build/fuzz-afl/bin/fuzz-target-fixed f=corpus/proxy-kill.bin t on off
	t=$(mktemp -d)
	env -u SCHEDFUZZ_NO_STATE_FEEDBACK AFL_QUIET=1 afl-showmap -q -o "$t/on" -- "$b" <"$f"
	SCHEDFUZZ_NO_STATE_FEEDBACK=1 AFL_QUIET=1 afl-showmap -q -o "$t/off" -- "$b" <"$f"
	on=$(grep -c . "$t/on") off=$(grep -c . "$t/off")
	echo "map entries: feedback on $on, off $off"
	[ "$off" -gt 0 ] && [ "$off" -lt "$on" ] || return 1
	rm -rf "$t"
}
if command -v afl-fuzz >/dev/null && [ -x build/fuzz-afl/bin/fuzz-target-fixed ]; then
	check smoke-afl smoke_campaign afl
	check afl-no-state-feedback afl_no_state_feedback
	check stopped-campaign stopped_campaign_clean
	check triage-bounded triage_bounded
else
	echo "SKIP smoke-afl (afl++ not installed)"
	echo "SKIP afl-no-state-feedback (afl++ not installed)"
	echo "SKIP stopped-campaign (afl++ not installed)"
	echo "SKIP triage-bounded (afl++ not installed)"
fi

# 2h. The bug zoo (tools/zoo.tsv, docs/bugs.md): each row's scenario fires
#     its exact oracle id on its variant and runs clean on fixed; every
#     variant but fixed has a row.
run_counted bug-zoo tests/test_zoo.sh

# 2i. The bench (tools/bench.py) in a tiny mode: the throughput table over
#     the corpus and a 5-second random-baseline trial on stale-prev come out
#     as well-formed tables and CSV; the bench-only switches
#     (-DSIM_NO_INVARIANTS, -DSIM_NO_DIGEST, -DSCHEDFUZZ_NO_STATE_FEEDBACK)
#     leave every seed's and crash repro's outcome as it was; nothing is
#     left running.
bench_tiny() {
	local t c f want got
	t=$(mktemp -d)
	timeout 300 tools/bench.py --tables throughput,tte --reps 1 --secs 0.2 --engine-secs 2 \
		--trials 1 --budget 5 --variants stale-prev --strategies random --out "$t/out" \
		>"$t/log" 2>&1 || { cat "$t/log"; return 1; }
	cat "$t/log"
	for f in throughput.csv tte.csv tte-trials.csv survival.csv tables.txt; do
		[ -s "$t/out/$f" ] || { echo "no $f"; return 1; }
	done
	grep -q '^Table 1a\. Throughput' "$t/log" && grep -q '^Table 1b\.' "$t/log" &&
		grep -q '^Table 1c\.' "$t/log" && grep -q '^Table 2\. Time to exposure' "$t/log" ||
		{ echo "a table is missing"; return 1; }
	grep -qE '^stale-prev +random +[01]/1 ' "$t/log" || { echo "no tte row"; return 1; }
	head -n1 "$t/out/tte.csv" | grep -qx 'variant,strategy,found,trials,median_s,min_s,max_s,budget_s,jobs,ratio_random_over_this' ||
		{ echo "tte.csv header"; return 1; }
	grep -qE '^stale-prev,random,[01],1,' "$t/out/tte.csv" || { echo "tte.csv row"; return 1; }
	awk -F, 'NR > 1 && $1 ~ /^replay-/ && !($2 > 0) {bad = 1} END {exit bad}' "$t/out/throughput.csv" ||
		{ echo "throughput.csv: a replay row without execs/s"; return 1; }
	[ "$(grep -c '^replay-' "$t/out/throughput.csv")" -eq 5 ] || { echo "throughput.csv rows"; return 1; }
	awk -F, 'NR > 1 && NF != 4 {bad = 1} END {exit bad}' "$t/out/survival.csv" ||
		{ echo "survival.csv"; return 1; }
	# Template draws: counted per id, and those saved replay to their id.
	build/bench/bin/bench-run-stale-prev template --seed 1 --count 500 >"$t/tmpl" ||
		{ echo "bench-run template failed"; return 1; }
	f=$(sed -n 's/^id [0-9][0-9]* //p' "$t/tmpl" | head -n1)
	grep -qE '^template 500 findings [1-9][0-9]*$' "$t/tmpl" && [ -n "$f" ] ||
		{ cat "$t/tmpl"; echo "template: no findings"; return 1; }
	mkdir "$t/saved"
	build/bench/bin/bench-run-stale-prev template --seed 1 --count 500 --expect "$f" \
		--save "$t/saved" >"$t/tmpl2" || { echo "bench-run template --save failed"; return 1; }
	grep -q "^expect $(ls "$t/saved" | wc -l) $f\$" "$t/tmpl2" &&
		grep -q "^id $(ls "$t/saved" | wc -l) $f\$" "$t/tmpl" ||
		{ cat "$t/tmpl" "$t/tmpl2"; echo "template: saved draws do not match the count"; return 1; }
	got=$(build/bench/bin/fuzz-target-stale-prev "$t"/saved/* | grep -c ": finding: $f\( \|\$\)")
	[ "$got" -eq "$(ls "$t/saved" | wc -l)" ] ||
		{ echo "template: saved draws replay to another outcome"; return 1; }
	# The switches change nothing but what they switch off.
	want=$(build/bench/bin/fuzz-target-fixed corpus/*.bin crashes/stale-prev/*/repro.bin |
		grep -E '^[^ ]+: (clean|finding: )' | sed 's/ digest: .*//; s/ (variant .*//')
	for c in no-invariants no-digest no-state-feedback bare; do
		got=$(build/bench-$c/bin/fuzz-target-fixed corpus/*.bin crashes/stale-prev/*/repro.bin |
			grep -E '^[^ ]+: (clean|finding: )' | sed 's/ digest: .*//; s/ (variant .*//')
		[ -n "$want" ] && [ "$got" = "$want" ] ||
			{ echo "bench-$c: outcomes differ"; diff <(echo "$want") <(echo "$got") | head; return 1; }
	done
	if ps -eo args | grep -F "$t/out" | grep -v grep; then
		echo "processes left running"; return 1
	fi
	rm -rf "$t"
}
check bench-tiny bench_tiny
# The bench refuses --ignore-known's strategy on a variant whose own bug
# has one of fixed's open findings' ids (k6, k20): it could never find it.
bench_ignore_known_refused() {
	local o rc t
	t=$(mktemp -d)
	o=$(tools/bench.py --tables tte --variants stale-prev,k20 --strategies libfuzzer-ignore-known \
		--out "$t" 2>&1)
	rc=$?
	rm -rf "$t"
	[ "$rc" -eq 2 ] && echo "$o" | grep -q "would hide the zoo bug of k20" || { echo "$o"; return 1; }
}
check bench-ignore-known-refused bench_ignore_known_refused
# --ab refuses what it cannot compare, before it builds anything: a
# malformed variable, a table other than tte, no engine strategy.
bench_ab_refused() {
	local o rc t args want
	t=$(mktemp -d)
	for args in "--tables tte --ab bad|KEY=VALUE or -KEY" \
		"--tables throughput --ab AFL_X=1|needs --tables tte" \
		"--tables tte --strategies random --ab AFL_X=1|no engine strategy"; do
		want=${args#*|}
		# ${args%%|*} is split into its options on purpose
		o=$(tools/bench.py ${args%%|*} --out "$t" 2>&1)
		rc=$?
		[ "$rc" -eq 2 ] && echo "$o" | grep -q -- "$want" || { echo "$args: $o"; rm -rf "$t"; return 1; }
	done
	[ ! -e "$t/seeds" ] || { echo "--ab's refusal staged seeds"; rm -rf "$t"; return 1; }
	rm -rf "$t"
}
check bench-ab-refused bench_ab_refused
# How the bench judges an engine's outputs (no build: replays stood in).
run_counted bench-judge python3 tests/test_bench_judge.py

# 3. Determinism: the same fixed runs give the same digests under gcc and
#    clang, at -O0 and -O2, with and without sanitizers, and twice in a row.
digest_matrix() {
	local ref="" c out
	for c in san san-gcc gcc-O0 gcc-O2 clang-O0 clang-O2; do
		out=$(build/$c/bin/digests) || { echo "digests failed in $c"; return 1; }
		[ -n "$out" ] || { echo "no digests from $c"; return 1; }
		[ "$out" = "$(build/$c/bin/digests)" ] ||
			{ echo "$c: two runs differ"; return 1; }
		if [ -z "$ref" ]; then
			ref=$out
			echo "reference (san):"
			echo "$ref"
		elif [ "$out" != "$ref" ]; then
			echo "$c differs from san:"
			diff <(echo "$ref") <(echo "$out")
			return 1
		fi
	done
}
check digest-matrix digest_matrix

# 3b. The same for schedfuzz: every scenario and frozen input replays to the
#     same digests from every configuration.
schedfuzz_digest_matrix() {
	local ref="" c v out
	for c in san san-gcc gcc-O0 gcc-O2 clang-O0 clang-O2; do
		out=$(for v in $port_variants; do
			build/$c/bin/schedfuzz replay --variant $v tests/scenarios/*.sched \
				tests/fuzz/frozen/*.bin | grep -E '^(==|digest:)'
		done)
		[ -n "$out" ] || { echo "no digests from $c"; return 1; }
		if [ -z "$ref" ]; then
			ref=$out
		elif [ "$out" != "$ref" ]; then
			echo "$c differs from san:"
			diff <(echo "$ref") <(echo "$out")
			return 1
		fi
	done
}
check schedfuzz-digest-matrix schedfuzz_digest_matrix

# 3b'. tools/template-rates.sh: a row per variant asked for, bench-run's
#     own count on the variant and on fixed, the same on a second run, and
#     a clear refusal without its binaries or for a variant not in zoo.tsv.
template_rates() {
	local t f
	t=$(mktemp -d)
	tools/template-rates.sh --build build/san --count 300 k7 k1 >"$t/rates" ||
		{ echo "template-rates.sh failed"; rm -rf "$t"; return 1; }
	f=$(build/san/bin/bench-run-k7 template --seed 1 --count 300 --expect INV:DONOR_QUEUED_OR_IDLE |
		awk '$1 == "expect" { print $2 }')
	[ "$(grep -c . "$t/rates")" -eq 3 ] && [ "${f:-0}" -gt 0 ] &&
		grep -qE "^k7 +$f +0 +INV:DONOR_QUEUED_OR_IDLE\$" "$t/rates" &&
		grep -qE '^k1 +[0-9]+ +[0-9]+ +INV:BALANCE_CALLBACKS_EMPTY$' "$t/rates" ||
		{ cat "$t/rates"; echo "template-rates.sh: rows"; rm -rf "$t"; return 1; }
	tools/template-rates.sh --build build/san --count 300 k7 k1 | cmp -s - "$t/rates" ||
		{ echo "template-rates.sh: a second run differs"; rm -rf "$t"; return 1; }
	if tools/template-rates.sh --build "$t/none" 2>"$t/err"; then
		echo "template-rates.sh: ran without its binaries"; rm -rf "$t"; return 1
	fi
	grep -q 'make bench-tools' "$t/err" || { cat "$t/err"; rm -rf "$t"; return 1; }
	if tools/template-rates.sh --build build/san --count 10 k99 2>"$t/err"; then
		echo "template-rates.sh: took an unknown variant"; rm -rf "$t"; return 1
	fi
	grep -q 'k99 is not a row of tools/zoo.tsv' "$t/err" || { cat "$t/err"; rm -rf "$t"; return 1; }
	cat "$t/rates"
	rm -rf "$t"
}
check template-rates template_rates

# 3c. The mutator's race-shape template draws the same programs from the
#     same seeds in every configuration (its draws are sequenced: an
#     initializer's order of evaluation is unspecified in C).  k7 fires on
#     most draws, so --save keeps most of them, byte for byte.
template_matrix() {
	local ref="" c t out
	t=$(mktemp -d)
	for c in san san-gcc gcc-O0 gcc-O2 clang-O0 clang-O2; do
		mkdir "$t/$c"
		build/$c/bin/bench-run-k7 template --seed 1 --count 300 \
			--expect INV:DONOR_QUEUED_OR_IDLE --save "$t/$c" >"$t/$c.log" ||
			{ echo "$c: bench-run-k7 template failed"; cat "$t/$c.log"; rm -rf "$t"; return 1; }
		out=$(cd "$t/$c" && ls | sort -n | xargs cat | sha1sum)
		[ "$(ls "$t/$c" | wc -l)" -ge 100 ] || { echo "$c: too few draws saved"; rm -rf "$t"; return 1; }
		if [ -z "$ref" ]; then
			ref=$out
		elif [ "$out" != "$ref" ]; then
			echo "$c: the template's draws differ from san's"
			rm -rf "$t"
			return 1
		fi
	done
	rm -rf "$t"
}
check template-matrix template_matrix

# OSS-Fuzz conventions: ./build.sh builds with $CC/$CFLAGS/$LIB_FUZZING_ENGINE
# into $OUT, and each installed target runs its own seed corpus clean.
oss_fuzz_build() {
	local out t
	out=$(mktemp -d)
	FUZZ_VARIANTS="$port_variants" OUT=$out LIB_FUZZING_ENGINE=-fsanitize=fuzzer CC=clang \
		CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fsanitize=fuzzer-no-link" \
		./build.sh || return 1
	for t in $port_variants; do
		t=schedfuzz_${t//-/_}
		[ -x "$out/$t" ] || { echo "no $t"; return 1; }
		[ -f "$out/$t.dict" ] || { echo "no $t.dict"; return 1; }
		grep -qx "dict = $t.dict" "$out/$t.options" || { echo "bad $t.options"; return 1; }
		mkdir "$out/corpus-$t"
		python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
			"$out/${t}_seed_corpus.zip" "$out/corpus-$t" || return 1
		[ "$(ls "$out/corpus-$t" | wc -l)" -ge 30 ] || { echo "small seed corpus"; return 1; }
		"$out/$t" -runs=0 -dict="$out/$t.dict" "$out/corpus-$t" >"$out/$t.log" 2>&1 ||
			{ tail -n 20 "$out/$t.log"; return 1; }
	done
	rm -rf "$out"
}
check oss-fuzz-build oss_fuzz_build

# 4. Every kernel function the port must have is defined and mapped.
run_counted porting-table python3 tests/check_porting.py

# 4b. The build follows its flags: the same flags rebuild nothing, other
#     EXTRA_CFLAGS rebuild the objects; each variant's flags are stamped.
build_flags() {
	local t m0 m1 m2
	t=$(mktemp -d)
	make -s BUILD="$t/b" CC=clang OPT=-O0 SAN=none "$t/b/bin/bench_sim" || return 1
	m0=$(stat -c %.9Y "$t/b/obj/sim/machine.o")
	make -s BUILD="$t/b" CC=clang OPT=-O0 SAN=none "$t/b/bin/bench_sim" || return 1
	m1=$(stat -c %.9Y "$t/b/obj/sim/machine.o")
	[ "$m0" = "$m1" ] || { echo "rebuilt with the same flags"; return 1; }
	make -s BUILD="$t/b" CC=clang OPT=-O0 SAN=none EXTRA_CFLAGS=-DSCHEDFUZZ_FLAGS_TEST \
		"$t/b/bin/bench_sim" || return 1
	m2=$(stat -c %.9Y "$t/b/obj/sim/machine.o")
	[ "$m1" != "$m2" ] || { echo "not rebuilt after EXTRA_CFLAGS changed"; return 1; }
	grep -q -- '-DSCHEDFUZZ_FLAGS_TEST' "$t/b/.flags" || { echo ".flags: $(cat "$t/b/.flags")"; return 1; }
	grep -q -- "$(tools/variants.sh cflags k1)" "$t/b/.flags-k1" || { echo ".flags-k1"; return 1; }
	rm -rf "$t"
}
check build-flags build_flags

# 4b'. Determinism, by reading: nothing in sim/ or fuzz/ calls the clock,
#     a random source or getenv(), except the engine targets' start-up
#     readers (SCHEDFUZZ_IGNORE, SCHEDFUZZ_NO_STATE_FEEDBACK: fuzz/target.c,
#     once before the first run) and the mutator's seed folder
#     (SCHEDFUZZ_SEEDS), which change what an engine is told or tries, never
#     what a run does.  The digest matrices check the outcome; this the
#     source, for paths no test input reaches.
run_path_reads_nothing() {
	local hits bad
	hits=$(grep -rnE '\b(getenv|secure_getenv|clock_gettime|gettimeofday|clock|time|rand|random|srand|srandom|rand_r|drand48|lrand48|getrandom|arc4random)[[:space:]]*\(' \
		sim fuzz --include='*.c' --include='*.h' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/\*|\*)')
	echo "$hits"
	bad=$(echo "$hits" | grep . | grep -vE \
		-e '^fuzz/target\.c:[0-9]+:.*= getenv\("SCHEDFUZZ_(IGNORE|NO_STATE_FEEDBACK)"\);$' \
		-e '^fuzz/mutator\.c:[0-9]+:.*sched_mutator_seeds\(getenv\("SCHEDFUZZ_SEEDS"\)\);$' \
		-e '^fuzz/trace\.c:[0-9]+:.*name.*sim time \(us\)')
	[ -z "$bad" ] || { echo "not allowed:"; echo "$bad"; return 1; }
	[ "$(echo "$hits" | grep -c 'getenv("SCHEDFUZZ_')" -eq 4 ] || { echo "the allowed readers moved"; return 1; }
}
check run-path-reads-nothing run_path_reads_nothing

# 4c. build.sh and tools/bench.py read fuzz/engine-builds.env alike, also
#     with blanks and CRs around lines: the bench builds what users run.
engine_builds_read_alike() {
	local t sh py
	t=$(mktemp -d)
	{ sed 's/$/  /' fuzz/engine-builds.env; printf '  AFL_OPT=-O3\t\r\n# x\r\n'; } >"$t/env"
	sh=$(bash -c 'die() { echo "$*" >&2; exit 1; }
		'"$(sed -n '/^declare -A ENGINE_BUILD=/p; /^read_engine_builds()/,/^}/p' build.sh)"'
		read_engine_builds "$1" || exit 1
		for k in "${!ENGINE_BUILD[@]}"; do printf "%s=[%s]\n" "$k" "${ENGINE_BUILD[$k]}"; done | LC_ALL=C sort' _ "$t/env") ||
		{ rm -rf "$t"; return 1; }
	py=$(python3 -c 'import importlib.util, sys
spec = importlib.util.spec_from_file_location("bench", "tools/bench.py")
b = importlib.util.module_from_spec(spec); spec.loader.exec_module(b)
for k, v in sorted(b.read_env_file(sys.argv[1]).items()):
    print("%s=[%s]" % (k, v.replace("@TOP@", b.TOP)))' "$t/env" | LC_ALL=C sort) || { rm -rf "$t"; return 1; }
	rm -rf "$t"
	[ "$sh" = "$py" ] || { diff <(echo "$sh") <(echo "$py"); return 1; }
	echo "$sh" | grep -qx 'AFL_OPT=\[-O3\]' || { echo "$sh"; return 1; }
	echo "$(echo "$sh" | wc -l) keys alike"
}
check engine-builds-read-alike engine_builds_read_alike

# 4d. A variant gone from sim/kernel/variants.txt leaves no binary: the
#     next make removes it, so schedfuzz does not list it as built.
stale_variant_binaries() {
	local t o
	t=$(mktemp -d)
	mkdir -p "$t/b/libexec" "$t/b/bin"
	# "stale" is no variant; stale-prev is (a name that "stale" is a prefix of).
	touch "$t/b/libexec/schedfuzz-gone" "$t/b/bin/fuzz-target-gone" "$t/b/bin/bench-run-gone" \
		"$t/b/libexec/schedfuzz-stale" "$t/b/bin/fuzz-target-fixed" "$t/b/libexec/schedfuzz-stale-prev"
	o=$(make -s BUILD="$t/b" CC=clang OPT=-O0 SAN=none -q "$t/b/bin/fuzz-target-fixed" 2>&1)
	echo "$o" | grep -q "removing binaries of variants no longer in sim/kernel/variants.txt" ||
		{ echo "no message: $o"; rm -rf "$t"; return 1; }
	[ ! -e "$t/b/libexec/schedfuzz-gone" ] && [ ! -e "$t/b/bin/fuzz-target-gone" ] &&
		[ ! -e "$t/b/bin/bench-run-gone" ] && [ ! -e "$t/b/libexec/schedfuzz-stale" ] ||
		{ ls -R "$t/b"; rm -rf "$t"; return 1; }
	[ -e "$t/b/bin/fuzz-target-fixed" ] && [ -e "$t/b/libexec/schedfuzz-stale-prev" ] ||
		{ echo "a current variant's binary went"; rm -rf "$t"; return 1; }
	rm -rf "$t"
}
check stale-variant-binaries stale_variant_binaries

# 5. The README's commands and CI's script agree.
check ci-runs-readme-test-command grep -qx 'exec ./build.sh test' .ci/run
check readme-opens-with-commands bash -c \
	'head -n 20 README.md | grep -q "./build.sh fuzz" && head -n 20 README.md | grep -q "./build.sh test"'
check folder-readmes bash -c '
	for d in sim sim/include sim/kernel sim/lib tests tests/kernel tests/fuzz tests/fuzz/frozen tests/fuzz/golden tests/scenarios tests/scenarios/zoo tools docs fuzz corpus corpus/scenarios crashes .clusterfuzzlite; do
		[ -f "$d/README.md" ] || { echo "no $d/README.md"; exit 1; }
		for f in $(git ls-files "$d" | grep -v "^$d/.*/.*" | grep -v "/README.md$"); do
			b=${f#$d/}
			grep -q -- "$b" "$d/README.md" || { echo "$d/README.md does not mention $b"; exit 1; }
		done
	done'

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
