#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fuzz/campaign.sh - a fuzz campaign; run it through ./build.sh fuzz, which
# builds the targets first.
#
#   --engine afl|libfuzzer   default afl when afl-fuzz is installed
#   --variant V              fixed (default), stale-prev or a bug-zoo variant
#                            (sim/kernel/variants.txt, docs/bugs.md)
#   --time DURATION          30s, 10m, 2h or seconds; default until Ctrl-C
#   --jobs N                 fuzzer processes, default nproc
#   --out DIR                engine state (resumable), default build/fuzz-<variant>
#   --crashes DIR            bucketed repros, default crashes/
#   --minimize-time SECS     byte-level minimization limit per crash, default 120
#   --ignore-known           fixed's open findings (fuzz/known-findings.txt)
#                            are no crash: the engines look for other bugs
#                            (refused on a zoo variant whose bug has one of
#                            their ids)
#   --no-state-feedback      the engines see code coverage only, not the
#                            abstract scheduler states (fuzz/state.c): as
#                            fast or faster from a corpus already near a bug;
#                            keep them from an empty corpus
#                            (docs/performance.md)
#
# AFL++: one -M and N-1 -S instances sharing DIR (one -S is the CmpLog build,
# run with -c 0), seeded from corpus/; an earlier DIR is resumed; each loads
# the structure-aware mutator (fuzz/mutator.c) beside its havoc, which also
# goes back to corpus/'s seeds one time in eight (SCHEDFUZZ_SEEDS), and
# does not trim (a trim drops choice bytes whose effect coverage cannot
# see).  libFuzzer: -fork=N -ignore_crashes=1 over DIR/corpus and corpus/,
# in-process and restarted after each crash for one job (fuzz/libfuzzer.sh),
# with the same mutator built in.  Every few seconds a
# progress line.  Every new crash is replayed with the ASan build of
# schedfuzz, bucketed by oracle id plus the top three ported frames of its
# Call Trace, minimized (afl-tmin or -minimize_crash, then `schedfuzz
# minimize` at program level, each kept only while the bucket is the same;
# then re-encoded canonically; after 3 per bucket, only crashes smaller
# than the bucket's repro) and written atomically
# to CRASHES/<variant>/<bucket>/: repro.bin, repro.sched, report.txt
# (report, digest, --trace output), description (the dedup key).  A bucket
# keeps its smallest repro.  Ctrl-C or --time stops everything it started;
# the crashes not yet bucketed are then triaged, and a further Ctrl-C ends
# their minimization at once (each is still bucketed, with the repro
# found so far).
set -uo pipefail
# The whole script is one brace group, read before it runs: bash otherwise
# reads a script as it goes, and a checkout updated under an overnight
# campaign (git pull) would break it mid-run, leaving the engines running.
{

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

usage() { sed -n '3,/^set /{/^set /d;p}' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "campaign: $*" >&2; exit 2; }

engine="" variant=fixed dur="" jobs=$(nproc 2>/dev/null || echo 1) out="" crashes=crashes mintime=120
ignore_known=0 no_fb=0
while [ $# -gt 0 ]; do
	case "$1" in
	--engine) engine=${2:-}; shift 2 ;;
	--variant) variant=${2:-}; shift 2 ;;
	--time) dur=${2:-}; shift 2 ;;
	--jobs) jobs=${2:-}; shift 2 ;;
	--out) out=${2:-}; shift 2 ;;
	--crashes) crashes=${2:-}; shift 2 ;;
	--minimize-time) mintime=${2:-}; shift 2 ;;
	--ignore-known) ignore_known=1; shift ;;
	--no-state-feedback) no_fb=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown option '$1'" ;;
	esac
done
if [ -z "$engine" ]; then
	if command -v afl-fuzz >/dev/null; then engine=afl; else engine=libfuzzer; fi
fi
case "$engine" in afl | libfuzzer) ;; *) die "--engine: afl or libfuzzer, not '$engine'" ;; esac
tools/variants.sh check "$variant" ||
	die "--variant: one of $(tools/variants.sh all | tr '\n' ' ')(sim/kernel/variants.txt), not '$variant'"
# Open findings on fixed (fuzz/known-findings.txt, which the bench reads
# too), as oracle-id prefixes: their buckets are marked known;
# --ignore-known makes them no crash at all.
mapfile -t known_ids < <(grep -v '^#' fuzz/known-findings.txt | grep .)
[ "${#known_ids[@]}" -gt 0 ] || die "fuzz/known-findings.txt lists no id"
is_known() {
	local k
	for k in "${known_ids[@]}"; do [[ "$1" == "$k"* ]] && return 0; done
	return 1
}
if [ "$ignore_known" -eq 1 ]; then
	zoo_oracle=$(awk -F'\t' -v v="$variant" '$1 == v {print $2}' tools/zoo.tsv)
	if [ -n "$zoo_oracle" ] && is_known "$zoo_oracle"; then
		die "--ignore-known would hide $variant's own bug ($zoo_oracle, tools/zoo.tsv)"
	fi
fi
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs: a positive number, not '$jobs'"
secs=0
if [ -n "$dur" ]; then
	case "$dur" in
	*[0-9]s) secs=${dur%s} ;;
	*[0-9]m) secs=$((${dur%m} * 60)) ;;
	*[0-9]h) secs=$((${dur%h} * 3600)) ;;
	*) secs=$dur ;;
	esac
	[[ "$secs" =~ ^[0-9]+$ ]] || die "--time: 30s, 10m, 2h or seconds, not '$dur'"
fi
out=${out:-build/fuzz-$variant}
mkdir -p "$out" "$crashes/$variant" || die "cannot create $out or $crashes/$variant"
out=$(cd "$out" && pwd)
crashes=$(cd "$crashes" && pwd)

replay=build/san/bin/schedfuzz
afl_bin=build/fuzz-afl/bin/fuzz-target-$variant
afl_cmplog=build/fuzz-afl-cmplog/bin/fuzz-target-$variant
lf_bin=build/fuzz-libfuzzer/bin/fuzz-target-$variant
mutator=$top/build/fuzz-afl/lib/schedfuzz-mutator.so
dict=fuzz/schedfuzz.dict
[ -x "$replay" ] || die "$replay missing: run ./build.sh fuzz-build"
# Run directly (not by ./build.sh fuzz, which has just built them): refuse
# binaries older than their sources, as make sees it.  A stale engine
# target and a fresh replay build disagree on what crashes.
if [ -z "${SCHEDFUZZ_BUILT:-}" ] &&
	! FUZZ_VARIANTS=$variant FUZZ_ENGINES=$engine ./build.sh fuzz-build --check >/dev/null; then
	die "the $engine targets of $variant or build/san are out of date: run ./build.sh fuzz-build (./build.sh fuzz builds them itself)"
fi
if [ "$engine" = afl ]; then
	[ -x "$afl_bin" ] && [ -x "$afl_cmplog" ] && [ -f "$mutator" ] ||
		die "$afl_bin or $mutator missing: run ./build.sh fuzz-build"
else
	[ -x "$lf_bin" ] || die "$lf_bin missing: run ./build.sh fuzz-build"
fi

# The AFL++ settings the bench shares (fuzz/afl.env); resuming is the
# campaign's own.
set -a
. "$top/fuzz/afl.env"
set +a
export AFL_AUTORESUME=1
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:symbolize=0
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1

unset SCHEDFUZZ_IGNORE	# only --ignore-known sets it, never the caller
# Read once by the engine targets at start-up (fuzz/target.c); likewise
# only the option sets it.
unset SCHEDFUZZ_NO_STATE_FEEDBACK
[ "$no_fb" -eq 1 ] && export SCHEDFUZZ_NO_STATE_FEEDBACK=1
# A copy, not fuzz/known-findings.txt itself: fuzz/libfuzzer.sh restarts the
# target, which reads the list at each start; an edit of the tree during
# the campaign must not change what it ignores, and DIR records it.
if [ "$ignore_known" -eq 1 ]; then
	printf '%s\n' "# fuzz/campaign.sh --ignore-known: no crash (fuzz/target.c)" "${known_ids[@]}" \
		>"$out/ignore-known.txt" || die "cannot write $out/ignore-known.txt"
	export SCHEDFUZZ_IGNORE=$out/ignore-known.txt
fi

pids=()
stop=0
trap 'stop=1' INT TERM

start_engines() {
	local i name bin extra seeds=$out/seeds
	# The engines read their seed folders recursively: give them the
	# corpus's inputs only, not its README and scenario texts.
	rm -rf "$seeds" && mkdir -p "$seeds" && cp corpus/*.bin "$seeds/" ||
		die "cannot copy corpus/*.bin to $seeds"
	if [ "$engine" = afl ]; then
		local scheds=(fast explore coe rare exploit lin quad)
		for ((i = 0; i < jobs; i++)); do
			bin=$afl_bin extra=()
			if [ "$i" -eq 0 ]; then
				name=main extra=(-M main)
			else
				name=s$i extra=(-S "s$i" -p "${scheds[$((i % 7))]}")
				if [ "$i" -eq 1 ]; then bin=$afl_cmplog extra+=(-c 0); fi
			fi
			AFL_CUSTOM_MUTATOR_LIBRARY=$mutator SCHEDFUZZ_SEEDS=$top/corpus \
				setsid afl-fuzz -i "$seeds" -o "$out" -x "$dict" "${extra[@]}" -- "$bin" \
				>"$out/afl-$name.log" 2>&1 &
			pids+=($!)
		done
	else
		mkdir -p "$out/corpus" "$out/artifacts"
		SCHEDFUZZ_SEEDS=$top/corpus setsid fuzz/libfuzzer.sh "$jobs" "$lf_bin" -dict="$dict" \
			-artifact_prefix="$out/artifacts/" -print_final_stats=1 \
			"$out/corpus" "$seeds" >"$out/libfuzzer.log" 2>&1 &
		pids+=($!)
	fi
}

stop_engines() {
	local p
	# TERM, not INT: afl-fuzz and libFuzzer stop on either, but the engines
	# run as background jobs of this script, which start with SIGINT
	# ignored, so fuzz/libfuzzer.sh could not see an INT between two runs.
	for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		local alive=0
		for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ "$alive" -eq 0 ] && break
		sleep 0.5
	done
	for p in "${pids[@]}"; do kill -KILL -- "-$p" 2>/dev/null; done
	wait 2>/dev/null
	pids=()
	reap_orphans
}

# AFL++ runs the target in a session of its own, stopped between inputs in
# persistent mode; an afl-fuzz killed before it kills its target (the
# SIGKILL above) leaves it stopped for ever.  fuzz/orphans.sh kills this
# campaign's targets that no AFL++ tool or fork server owns any more;
# another campaign's tools keep theirs.
reap_orphans() {
	[ "$engine" = afl ] || return 0
	fuzz/orphans.sh --kill "$afl_bin" "$afl_cmplog"
}

engines_alive() {
	local p
	for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done
	return 1
}

crash_files() {
	if [ "$engine" = afl ]; then
		ls -1 "$out"/*/crashes/id:* 2>/dev/null
	else
		ls -1 "$out"/artifacts/crash-* 2>/dev/null
	fi
}

# The dedup key of an input: "ID | frame1 < frame2 < frame3", or nothing
# when it replays clean.
crash_key() {
	local f=$1 o
	o=$("$replay" replay --variant "$variant" --bytes "$f" 2>&1)
	case $? in
	0) return 1 ;;
	1) ;;
	*) # The harness itself crashed (a sanitizer): the error kind and the
		# top three functions of its stack; no addresses or build ids, so
		# one bug stays one bucket across rebuilds.
		local kind fr
		kind=$(echo "$o" | grep -m1 -oE 'runtime error: [^0-9(]*' | cut -c1-60)
		[ -n "$kind" ] ||
			kind=$(echo "$o" | grep -m1 -oE '(Address|Undefined|Leak|Memory)[A-Za-z]*Sanitizer: [A-Za-z-]+')
		fr=$(echo "$o" | grep -E '^ *#[0-9]+ 0x[0-9a-f]+ in ' | awk '{print $4}' | head -n3 |
			paste -sd'<' - | sed 's/</ < /g')
		if [ -n "$kind$fr" ]; then
			printf 'HOST:%s | %s\n' "${kind:-crash}" "$fr"
		else
			printf 'HOST:%s\n' "$(echo "$o" | grep -m1 -E '^SUMMARY:' | cut -c1-120)"
		fi
		return 0 ;;
	esac
	local id frames
	id=$(echo "$o" | sed -n 's/^finding: //p' | head -n1)
	frames=$(echo "$o" | sed -n '/^Call Trace:/,/<\/TASK>/p' |
		grep -vE 'Call Trace|<TASK>|</TASK>|<event' | awk '{print $1}' | head -n3 |
		paste -sd'<' - | sed 's/</ < /g')
	printf '%s | %s\n' "$id" "$frames"
}

# One minimization step, at most mintime seconds.  It runs in the
# background so that a stop request (Ctrl-C, TERM) ends it at once: bash
# runs a trap only between commands, and wait is where it can.  The repro
# found so far is kept; later steps are skipped.
bounded() {
	local pid rc
	[ "$stop" -eq 0 ] || return 1
	timeout "$mintime" "$@" &
	pid=$!
	wait "$pid"
	rc=$?
	if [ "$stop" -ne 0 ]; then
		kill -TERM "$pid" 2>/dev/null	# timeout passes it on to the step
		wait "$pid" 2>/dev/null
		return 1
	fi
	return "$rc"
}

minimize() {
	local f=$1 key=$2 dst=$3 tmp=$3.min
	cp "$f" "$dst"
	if [ "$engine" = afl ]; then
		# -f: afl-tmin's own input file in the work folder, not
		# .afl-tmin-temp-PID in the checkout (left there when timed out).
		bounded afl-tmin -i "$f" -o "$tmp" -f "$out/.tmin-input" -- "$afl_bin" \
			>/dev/null 2>&1
		rm -f "$out/.tmin-input"
	else
		bounded "$lf_bin" -minimize_crash=1 -runs=3000 -exact_artifact_path="$tmp" \
			"$f" >/dev/null 2>&1
	fi
	if [ -s "$tmp" ] && [ "$(crash_key "$tmp")" = "$key" ]; then mv -f "$tmp" "$dst"; fi
	rm -f "$tmp"
	# Program level: fewer operations, tasks, mutexes, CPUs, choices, kept
	# only if the bucket (id and top frames) stays the same.
	if bounded "$replay" minimize --variant "$variant" --bytes "$dst" -o "$tmp" \
		>/dev/null 2>&1 && [ -s "$tmp" ] && [ "$(crash_key "$tmp")" = "$key" ]; then
		mv -f "$tmp" "$dst"
	fi
	rm -f "$tmp"
	# Canonical bytes: the encoder's output of the same program.
	if "$replay" convert --bytes --to text "$dst" -o "$dst.sched" >/dev/null 2>&1 &&
		"$replay" convert --text --to bytes "$dst.sched" -o "$tmp" >/dev/null 2>&1 &&
		[ "$(crash_key "$tmp")" = "$key" ]; then
		mv -f "$tmp" "$dst"
	fi
	rm -f "$tmp" "$dst.sched"
}

buckets_new=0 buckets_hit=0 crashes_seen=0 not_repro=0 skipped=0
declare -A touched=() tries=()
# Minimizations per bucket per campaign.  AFL++ keeps every crash with a
# new path: on fixed, 1,157 crash files in 3 minutes on 2 jobs, nearly all
# in its 5 open-finding buckets, and minimizing each kept the triage
# minutes behind the engines.  After a few tries, a crash of a bucket that
# has a repro is minimized only when it is already smaller than that repro.
max_tries=3

# Count a bucket once per campaign, however many of its crashes come.
bucket_hit() {
	[ -n "${touched[$1]:-}" ] || { touched[$1]=1; buckets_hit=$((buckets_hit + 1)); }
}

triage() {
	local f=$1 key name b t size old
	key=$(crash_key "$f") || { not_repro=$((not_repro + 1)); return; }
	name=$(printf '%s' "${key%% |*}" | tr -c 'A-Za-z0-9._-' '_' | cut -c1-60)
	name=$name-$(printf '%s' "$key" | sha1sum | cut -c1-8)
	b=$crashes/$variant/$name
	if [ -f "$b/repro.bin" ] && [ "${tries[$name]:-0}" -ge "$max_tries" ] &&
		[ "$(stat -c %s "$f")" -ge "$(stat -c %s "$b/repro.bin")" ]; then
		skipped=$((skipped + 1))
		bucket_hit "$name"
		return
	fi
	tries[$name]=$((${tries[$name]:-0} + 1))
	[ "${tries[$name]}" -gt "$max_tries" ] &&
		echo "campaign: bucket $name: a crash smaller than its repro, minimizing it"
	t=$crashes/$variant/.tmp-$$-$name
	rm -rf "$t" && mkdir -p "$t"
	minimize "$f" "$key" "$t/repro.bin"
	size=$(stat -c %s "$t/repro.bin")
	if [ -d "$b" ] && [ -f "$b/repro.bin" ]; then
		old=$(stat -c %s "$b/repro.bin")
		if [ "$size" -ge "$old" ]; then
			rm -rf "$t"
			bucket_hit "$name"
			return
		fi
	fi
	"$replay" convert --bytes --to text "$t/repro.bin" -o "$t/repro.sched" >/dev/null 2>&1
	# From inside the bucket: the report names repro.bin, not the temp path.
	(cd "$t" && "$top/$replay" replay --variant "$variant" --trace --bytes repro.bin) \
		>"$t/report.txt" 2>&1
	if is_known "$key"; then
		printf '%s  # known open finding on fixed (docs/findings.md)\n' "$key" >"$t/description"
	else
		printf '%s\n' "$key" >"$t/description"
	fi
	if [ -d "$b" ]; then
		# A smaller repro of a known bucket: replace file by file (rename).
		for x in repro.bin repro.sched report.txt description; do mv -f "$t/$x" "$b/$x"; done
		rm -rf "$t"
		echo "campaign: bucket $name: smaller repro ($size bytes)"
	else
		mv "$t" "$b"
		buckets_new=$((buckets_new + 1))
		echo "campaign: NEW bucket $variant/$name: $key"
	fi
	bucket_hit "$name"
}

declare -A done_files=()
[ -f "$out/triaged.txt" ] && while IFS= read -r l; do done_files[$l]=1; done <"$out/triaged.txt"

# Triage the crash files not seen yet.  While fuzzing, a stop request
# returns after the current one; the final pass ("final") buckets them
# all, without minimization once stopped (a few ms each).
triage_new() {
	local f
	while IFS= read -r f; do
		[ -n "$f" ] && [ -z "${done_files[$f]:-}" ] || continue
		done_files[$f]=1
		crashes_seen=$((crashes_seen + 1))
		triage "$f"
		echo "$f" >>"$out/triaged.txt"
		[ "$stop" -eq 1 ] && [ "${1:-}" != final ] && return
	done < <(crash_files)
}

progress() {
	local el=$1 eps=0 corp=0
	if [ "$engine" = afl ]; then
		# fuzzer_stats holds real numbers once run_time > 0 (after ~60 s).
		eps=$(awk '/^run_time/ {ok = $3 > 0} /^execs_per_sec/ && ok {s += $3; n++}
			END {if (n) printf "%d", s; else printf "n/a"}' "$out"/*/fuzzer_stats 2>/dev/null)
		corp=$(ls "$out"/main/queue 2>/dev/null | wc -l)
	else
		eps=$(grep -oE 'exec/s:? [0-9]+' "$out/libfuzzer.log" 2>/dev/null | tail -n1 | awk '{print $NF}')
		corp=$(ls "$out/corpus" 2>/dev/null | wc -l)
	fi
	printf 'campaign: %ds %s/%s execs/s %s corpus %s crashes %d buckets %d (new %d)\n' \
		"$el" "$engine" "$variant" "${eps:-0}" "$corp" "$(crash_files | wc -l)" \
		"$buckets_hit" "$buckets_new"
}

echo "campaign: $engine on $variant, $jobs job(s), ${dur:-until Ctrl-C}, state in $out, crashes in $crashes/$variant"
[ "$no_fb" -eq 1 ] && echo "campaign: --no-state-feedback: the engines see code coverage only"
[ "$ignore_known" -eq 1 ] && echo "campaign: --ignore-known: fixed's open findings are no crash (${#known_ids[@]} id prefixes, $out/ignore-known.txt)"
start_engines
t0=$SECONDS
last=0
while [ "$stop" -eq 0 ]; do
	sleep 1
	el=$((SECONDS - t0))
	[ "$secs" -gt 0 ] && [ "$el" -ge "$secs" ] && break
	engines_alive || { echo "campaign: the engine exited; see $out/*.log"; break; }
	if [ $((el - last)) -ge 5 ]; then
		last=$el
		triage_new
		progress "$el"
	fi
done
stop_engines
stop=0
triage_new final
progress $((SECONDS - t0))
echo "campaign: summary: $((SECONDS - t0))s, $crashes_seen new crash file(s), $buckets_hit bucket(s) hit, $buckets_new new, $not_repro not reproduced, $skipped not minimized (no smaller than their bucket's repro)"
for b in "${!touched[@]}"; do
	echo "  $crashes/$variant/$b: $(cat "$crashes/$variant/$b/description")"
done
exit 0
}
