#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/fuzz/test_cli.sh - tests of the schedfuzz command: verbs, help,
# exit codes, error messages, conversions, the seed race, golden --trace
# output, Perfetto JSON and frozen v1 inputs.  Prints PASS/FAIL lines and
# "N passed, N failed".  Run from anywhere; uses build/san (ASan+UBSan)
# unless SCHEDFUZZ names another build of bin/schedfuzz.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. tests/lib.sh

# Exit status of a command, its output in $tmp/o and $tmp/e.
rc() { "$@" >"$tmp/o" 2>"$tmp/e"; echo $?; }

help_everywhere() {
	local v
	[ "$(rc "$sf" --help)" = 0 ] && grep -q '^usage: schedfuzz VERB' "$tmp/o" || return 1
	[ "$(rc "$sf" help)" = 0 ] || return 1
	for v in replay convert trace minimize; do
		[ "$(rc "$sf" "$v" --help)" = 0 ] || { echo "$v --help"; return 1; }
		grep -q "^usage: schedfuzz $v" "$tmp/o" || { echo "$v usage"; return 1; }
		grep -q "exit status" "$tmp/o" || { echo "$v exit codes"; return 1; }
		[ "$(rc "$sf" help "$v")" = 0 ] && grep -q "^usage: schedfuzz $v" "$tmp/o" ||
			{ echo "help $v"; return 1; }
		[ "$(rc "$sf" "$v" --variant stale-prev --help)" = 0 ] || return 1
	done
}
t cli_help "every verb answers --help with its usage and exit codes, exit 0" help_everywhere

usage_errors() {
	[ "$(rc "$sf")" = 2 ] || { echo "no verb"; return 1; }
	[ "$(rc "$sf" frob)" = 2 ] && grep -q "unknown verb 'frob'" "$tmp/e" || return 1
	[ "$(rc "$sf" replay)" = 2 ] && grep -q "replay needs a FILE" "$tmp/e" || return 1
	[ "$(rc "$sf" replay --bogus x)" = 2 ] && grep -q "unknown option '--bogus'" "$tmp/e" || return 1
	[ "$(rc "$sf" convert tests/scenarios/classes.sched)" = 2 ] || return 1
	[ "$(rc "$sf" trace tests/scenarios/classes.sched)" = 2 ] || return 1
	[ "$(rc "$sf" replay --variant nosuch tests/scenarios/classes.sched)" = 2 ] &&
		grep -q "unknown variant 'nosuch'" "$tmp/e" &&
		grep -qx "schedfuzz: built variants: $(tools/variants.sh all | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')" "$tmp/e" ||
		{ cat "$tmp/e"; return 1; }
	[ "$(rc "$sf" replay "$tmp/missing.sched")" = 2 ] &&
		grep -q "missing.sched: No such file" "$tmp/e" || return 1
}
t cli_usage_errors "usage mistakes, unknown variants and missing files exit 2 with a message" usage_errors

parse_error() {
	printf 'cpus 2\ntask A normal\nat 1ms cpu5: A sched_yield\n' >"$tmp/bad.sched"
	[ "$(rc "$sf" replay "$tmp/bad.sched")" = 2 ] || return 1
	grep -q "bad.sched:3:8: error: cpu5 does not exist" "$tmp/e" || { cat "$tmp/e"; return 1; }
	# A later good file still runs; the worst status wins.
	[ "$(rc "$sf" replay tests/scenarios/classes.sched "$tmp/bad.sched")" = 2 ] &&
		grep -q '^digest: ' "$tmp/o"
}
t cli_parse_error_exit_2 "a scenario mistake prints file:line:col and exits 2" parse_error

seed_race() {
	local a b
	[ "$(rc "$sf" replay --variant stale-prev tests/scenarios/seed-race.sched)" = 1 ] || return 1
	grep -q '^finding: WARN:kernel/sched/sched.h:put_prev_set_next_task:rq->donor != prev$' "$tmp/o" || return 1
	grep -q '^WARNING: CPU: 1 PID: ' "$tmp/o" || return 1
	a=$(grep '^digest: ' "$tmp/o")
	[ "$(rc "$sf" replay --variant stale-prev tests/scenarios/seed-race.sched)" = 1 ] || return 1
	[ "$(grep '^digest: ' "$tmp/o")" = "$a" ] || { echo "stale-prev digest differs"; return 1; }
	[ "$(rc "$sf" replay --variant fixed tests/scenarios/seed-race.sched)" = 0 ] || return 1
	grep -q '^clean: ' "$tmp/o" || return 1
	b=$(grep '^digest: ' "$tmp/o")
	[ "$(rc "$sf" replay tests/scenarios/seed-race.sched)" = 0 ] || return 1
	[ "$(grep '^digest: ' "$tmp/o")" = "$b" ] || { echo "fixed digest differs"; return 1; }
	[ "$a" != "$b" ]
}
t cli_seed_race "seed-race.sched: the WARN and exit 1 on stale-prev, clean and exit 0 on fixed, the same digest twice on each" seed_race

scenarios_clean() {
	local f v
	for f in tests/scenarios/*.sched; do
		[ "$f" = tests/scenarios/seed-race.sched ] && continue
		for v in fixed stale-prev; do
			[ "$(rc "$sf" replay --variant "$v" "$f")" = 0 ] || { echo "$f on $v"; cat "$tmp/o"; return 1; }
			! grep -q '^note:' "$tmp/o" || { echo "$f on $v has notes"; cat "$tmp/o"; return 1; }
		done
	done
}
t cli_scenarios_clean "every other scenario runs clean on both variants, each named actor being current" scenarios_clean

convert_round_trip() {
	local f base
	for f in tests/scenarios/*.sched; do
		base=$tmp/$(basename "$f" .sched)
		"$sf" convert "$f" -o "$base.bin" || return 1
		"$sf" convert "$base.bin" -o "$base.txt" || return 1
		"$sf" convert --text "$base.txt" -o "$base.2.bin" || return 1
		cmp -s "$base.bin" "$base.2.bin" || { echo "$f: bytes differ"; return 1; }
		"$sf" convert --to text "$base.txt" -o "$base.2.txt" || return 1
		cmp -s "$base.txt" "$base.2.txt" || { echo "$f: text not canonical"; return 1; }
		# Same digest from text and from bytes.
		[ "$("$sf" replay "$f" | grep '^digest')" = "$("$sf" replay "$base.bin" | grep '^digest')" ] ||
			{ echo "$f: digests differ"; return 1; }
	done
}
t cli_convert_round_trip "convert: text -> bytes -> text -> bytes is stable, canonical text reprints itself, and bytes replay to the text's digest" convert_round_trip

detect_form() {
	"$sf" convert tests/scenarios/proxy-migrate.sched -o "$tmp/noext" || return 1
	[ "$(rc "$sf" replay "$tmp/noext")" = 0 ] && grep -q '(bytes, variant fixed)' "$tmp/o" || return 1
	cp tests/scenarios/proxy-migrate.sched "$tmp/noext2"
	[ "$(rc "$sf" replay "$tmp/noext2")" = 0 ] && grep -q '(text, variant fixed)' "$tmp/o" || return 1
	# Printable bytes are text unless --bytes says otherwise.
	printf 'hello' >"$tmp/h"
	[ "$(rc "$sf" replay "$tmp/h")" = 2 ] || return 1
	[ "$(rc "$sf" replay --bytes "$tmp/h")" = 0 ] && grep -q '(bytes, ' "$tmp/o"
}
t cli_detect_bytes_or_text "replay tells bytes from text by name and content, and --bytes overrides" detect_form

# Port line numbers in reports move with every edit of the port: compare
# without them.
noline() {
	sed 's/(port line [0-9]*)/(port line N)/' "$1"
}

golden() {	# scenario variant
	local want=tests/fuzz/golden/$1.$2.trace
	"$sf" replay --variant "$2" --trace "tests/scenarios/$1.sched" >"$tmp/trace"
	diff -u <(noline "$want") <(noline "$tmp/trace") | head -n 40
	cmp -s <(noline "$want") <(noline "$tmp/trace")
}
t cli_golden_trace_proxy_migrate "replay --trace of proxy-migrate.sched on fixed matches tests/fuzz/golden" golden proxy-migrate fixed
t cli_golden_trace_seed_race "replay --trace of seed-race.sched on stale-prev matches tests/fuzz/golden" golden seed-race stale-prev

minimize_padded() {
	# The seed race with noise after it (an extra task, mutex, operations)
	# and spare choices: none of it changes the interleaving up to the race.
	{
		sed -e '/^choices/d' tests/scenarios/seed-race.sched
		echo 'task X normal cpus=0 cpu=0 at=7ms'
		echo 'mutex Y'
		echo 'at 8ms cpu0: X mutex_lock Y'
		echo 'at 9ms cpu0: X mutex_unlock Y'
		echo 'at 9ms cpu1: tick'
		echo 'choices 0*20 1 1 0 1 1'
	} >"$tmp/padded.sched"
	[ "$(rc "$sf" replay --variant stale-prev "$tmp/padded.sched")" = 1 ] || return 1
	grep -q 'rq->donor != prev' "$tmp/o" || return 1
	"$sf" minimize --variant stale-prev "$tmp/padded.sched" -o "$tmp/min1.sched" >"$tmp/m1" || return 1
	"$sf" minimize --variant stale-prev "$tmp/padded.sched" -o "$tmp/min2.sched" >"$tmp/m2" || return 1
	cmp -s "$tmp/min1.sched" "$tmp/min2.sched" || { echo "not deterministic"; return 1; }
	! grep -q '^task X\|^mutex Y' "$tmp/min1.sched" || { echo "noise kept"; cat "$tmp/min1.sched"; return 1; }
	[ "$(rc "$sf" replay --variant stale-prev "$tmp/min1.sched")" = 1 ] || return 1
	grep -q 'rq->donor != prev' "$tmp/o" || return 1
	[ "$(rc "$sf" minimize --variant fixed "$tmp/padded.sched" -o "$tmp/x.sched")" = 1 ]
}
t cli_minimize "minimize strips the noise from a padded seed race, keeps its WARN, gives the same result twice, and refuses a program that runs clean" minimize_padded

minimize_values() {
	# The seed race with odd deadline parameters and fork times, and an
	# actor label naming a task that is not current there (a note).
	cat >"$tmp/odd.sched" <<'EOS'
cpus 3
task O normal cpus=1 cpu=1
task D dl runtime=3000017ns deadline=10000231ns period=10000999ns cpus=0,2 cpu=2
task E1 dl runtime=5000003ns deadline=30000007ns period=30000011ns cpus=0 cpu=0 at=3000041ns
task E2 dl runtime=5000013ns deadline=40000017ns period=40000019ns cpus=0-1 cpu=0 at=3000041ns
mutex M
at 1ms cpu1: O mutex_lock M
at 2ms cpu2: E1 mutex_lock_killable M
at 5ms cpu1: tick
at 5ms cpu2: signal D SIGKILL
choices 0*20 1
EOS
	[ "$(rc "$sf" replay --variant stale-prev "$tmp/odd.sched")" = 1 ] || return 1
	grep -q "^note: 'at 2ms cpu2: E1 mutex_lock_killable M' ran with D" "$tmp/o" || return 1
	"$sf" minimize --variant stale-prev "$tmp/odd.sched" -o "$tmp/round.sched" >"$tmp/m" || return 1
	cat "$tmp/round.sched"
	# Every time and parameter a round number, none in ns; the label right.
	! grep -E '[0-9]ns' "$tmp/round.sched" || { echo "odd values kept"; return 1; }
	grep -q '^at 2ms cpu2: D mutex_lock_killable M$' "$tmp/round.sched" || { echo "actor"; return 1; }
	[ "$(rc "$sf" replay --variant stale-prev "$tmp/round.sched")" = 1 ] || return 1
	grep -q 'rq->donor != prev' "$tmp/o" && ! grep -q '^note:' "$tmp/o"
}
t cli_minimize_values "minimize rounds odd times and deadline parameters, and makes each actor label the task that ran it, keeping the WARN" minimize_values

perfetto() {
	local n
	[ "$(rc "$sf" trace --variant stale-prev --perfetto "$tmp/t.json" tests/scenarios/seed-race.sched)" = 1 ] || return 1
	python3 -m json.tool "$tmp/t.json" >/dev/null || { echo "not JSON"; return 1; }
	python3 - "$tmp/t.json" <<'EOF' || return 1
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
cpus = sorted(e["args"]["name"] for e in ev
              if e.get("name") == "thread_name" and e["args"]["name"].startswith("CPU "))
assert cpus == ["CPU 0", "CPU 1", "CPU 2"], cpus
fin = [e for e in ev if e.get("cat") == "finding"]
assert len(fin) == 1 and fin[0]["ph"] == "i" and "rq->donor != prev" in fin[0]["name"], fin
assert "WARNING: CPU: 1" in fin[0]["args"]["detail"]
names = {e.get("name", "") for e in ev}
assert "donor D:2" in names, "no donor slice"
assert any(n.startswith("sched_wakeup ") for n in names), "no wakeup instant"
assert any(n.startswith("sched_pe_migrate ") for n in names), "no proxy migration"
assert any("held by cpu" in n for n in names), "no rq lock spans"
assert any(n.startswith("rq1 lock dropped by cpu1; taken meanwhile by cpu2") for n in names), "no drop window"
EOF
	[ "$(rc "$sf" trace --perfetto "$tmp/f.json" tests/scenarios/classes.sched)" = 0 ] || return 1
	n=$(python3 -c 'import json,sys; ev=json.load(open(sys.argv[1]))["traceEvents"]; print(sum(1 for e in ev if e.get("name")=="thread_name" and e["args"]["name"].startswith("CPU ")))' "$tmp/f.json")
	[ "$n" = 4 ]
}
t cli_perfetto_json "trace --perfetto writes JSON with one track per CPU, donor slices, wakeups, migrations, rq lock spans and the finding marker" perfetto

frozen() {
	local f v d got
	while read -r f v d; do
		case $f in '#'*|'') continue ;; esac
		got=$("$sf" replay --variant "$v" "tests/fuzz/frozen/$f" | sed -n 's/^digest: //p')
		[ "$got" = "$d" ] || { echo "$f on $v: $got, recorded $d"; return 1; }
	done <tests/fuzz/frozen/digests
	for f in tests/fuzz/frozen/*.bin; do
		"$sf" convert --to text "$f" -o "$tmp/f.sched" || return 1
		cmp -s "$tmp/f.sched" "${f%.bin}.sched" || { echo "$f decodes differently"; return 1; }
	done
}
t cli_frozen_v1_inputs "the frozen v1 inputs decode to their recorded text and replay to their recorded digests on both variants" frozen

notes() {
	printf 'cpus 2\ntask A normal cpu=0\ntask B normal cpu=1\nat 1ms cpu0: B sched_yield\n' >"$tmp/n.sched"
	[ "$(rc "$sf" replay "$tmp/n.sched")" = 0 ] || return 1
	grep -q "^note: 'at 1ms cpu0: B sched_yield' ran with A:1 current, not B$" "$tmp/o"
}
t cli_actor_notes "replay notes an operation whose named task was not current" notes

tally
