#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""tests/test_bench_judge.py - how tools/bench.py judges an engine's outputs.

A time-to-exposure trial ends at the first input that fires the expected id
on the variant and not on fixed (the zoo bug is what the variant adds to
fixed).  An input that also fires on fixed, or replays to another id, is
kept aside and does not end the trial; one still being written is looked at
again later.  A trial's time is the exposing input's mtime.  The replays
are stood in for by a table, so this needs no build.  Last, the bench kills the fuzz targets of its own engine builds
that an engine left stopped and orphaned (its parent neither afl-fuzz nor a target), and no other; its tables name
the seed folder they ran from; and --ab runs a strategy and its twin side by side, trial by trial, and pairs them.  Prints PASS/FAIL
lines and "N passed, N failed".
"""
import importlib.util
import os
import sys
import tempfile
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
spec = importlib.util.spec_from_file_location("bench", os.path.join(TOP, "tools", "bench.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

ID = "INV:RUNNING_ON_ALLOWED_CPU"
passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        print("PASS %s" % name)
        passed += 1
    else:
        print("FAIL %s %s" % (name, detail))
        failed += 1


def judge(outputs, ids, age=10.0):
    """Write outputs (names) in a trial folder with the given age, replay
    through the ids table {(variant, name): id}; returns (chosen name,
    seen)."""
    with tempfile.TemporaryDirectory() as t:
        bench.OUT = os.path.join(t, "out")
        d = os.path.join(t, "trial")
        os.makedirs(d)
        for n in outputs:
            p = os.path.join(d, n)
            with open(p, "wb") as f:
                f.write(b"x")
            a = age[n] if isinstance(age, dict) else age
            os.utime(p, (time.time() - a, time.time() - a))
        bench.replay_id = lambda v, path: ids.get((v, os.path.basename(path)))
        seen = {"done": set(), "mismatch": 0, "on_fixed": 0}
        f = bench.exposing_input("random", d, "k20", ID, 0, seen)
        kept = sorted(os.listdir(os.path.join(bench.OUT, "on-fixed"))) \
            if os.path.isdir(os.path.join(bench.OUT, "on-fixed")) else []
        return (os.path.basename(f) if f else None), seen, kept


f, seen, kept = judge(["found-0.bin.000001", "found-0.bin.000002"],
                      {("k20", "found-0.bin.000001"): ID, ("fixed", "found-0.bin.000001"): ID,
                       ("k20", "found-0.bin.000002"): ID})
check("bench_skips_finding_of_fixed", f == "found-0.bin.000002" and seen["on_fixed"] == 1
      and kept == ["k20-random-t1-found-0.bin.000001"], (f, seen, kept))

f, seen, _ = judge(["found-0.bin.000001"],
                   {("k20", "found-0.bin.000001"): ID, ("fixed", "found-0.bin.000001"): ID})
check("bench_none_when_all_fire_on_fixed", f is None and seen["on_fixed"] == 1, (f, seen))

f, seen, _ = judge(["found-0.bin.000001", "found-0.bin.000002"],
                   {("k20", "found-0.bin.000001"): "INV:OTHER",
                    ("k20", "found-0.bin.000002"): ID})
check("bench_skips_mismatch", f == "found-0.bin.000002" and seen["mismatch"] == 1, (f, seen))

f, seen, _ = judge(["found-0.bin.000001"], {("k20", "found-0.bin.000001"): None}, age=0.0)
check("bench_rereads_fresh_file", f is None and seen["mismatch"] == 0 and not seen["done"],
      (f, seen))

f, seen, _ = judge(["found-0.bin.000001.part"], {("k20", "found-0.bin.000001.part"): ID})
check("bench_ignores_part_files", f is None, (f, seen))

# Two exposing inputs: the one written first counts, whatever the names
# (random jobs, AFL++ instances write side by side).
f, seen, _ = judge(["found-0.bin.000001", "found-1.bin.000001"],
                   {("k20", "found-0.bin.000001"): ID, ("k20", "found-1.bin.000001"): ID},
                   age={"found-0.bin.000001": 5.0, "found-1.bin.000001": 8.0})
check("bench_first_written_wins", f == "found-1.bin.000001", (f, seen))

# A trial's time is when the input was written (its mtime), not when the
# poll saw it; at least 1 ms, at most the poll's.
with tempfile.TemporaryDirectory() as t:
    w0 = 1_000_000.0
    p = os.path.join(t, "crash")
    open(p, "w").close()
    got = []
    for mtime, el in ((w0 + 0.25, 1.0), (w0 - 5.0, 1.0), (w0 + 3.0, 1.0)):
        os.utime(p, (mtime, mtime))
        got.append(round(bench.written_at(p, w0, el), 6))
    got.append(bench.written_at(os.path.join(t, "gone"), w0, 0.7))
    check("bench_times_by_mtime", got == [0.25, 0.001, 1.0, 0.7], got)
    check("bench_cells_below_a_second",
          bench.secs_cell(0.0042, 120) == "0.004" and bench.secs_cell(12.34, 120) == "12.3" and
          bench.ratio_cell(0.1, 0.4, 120, "afl") == "0.25" and
          bench.ratio_cell(14.4, 0.5, 120, "afl") == "28.8",
          (bench.secs_cell(0.0042, 120), bench.ratio_cell(0.1, 0.4, 120, "afl")))



def orphan_stopped(path):
    """Start path (a copy of sleep) as a stopped orphan, as AFL++ leaves a
    persistent target; its pid."""
    import subprocess
    out = subprocess.run(["sh", "-c", "'%s' 60 >/dev/null 2>&1 & echo $!" % path],
                         capture_output=True, text=True).stdout
    pid = int(out.strip())
    os.kill(pid, 19)        # SIGSTOP
    return pid


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ")[1].split()[0] != "Z"
    except OSError:
        return False


# A folder with blanks in its name: fuzz/orphans.sh matches a target by its
# whole path, and an AFL++ tool by its executable's name.
with tempfile.TemporaryDirectory(prefix="schedfuzz orphans ") as t:
    import shutil
    import signal
    import subprocess
    mine, other = os.path.join(t, "fuzz-target-x"), os.path.join(t, "fuzz-target-y")
    for b in (mine, other):
        shutil.copy(shutil.which("sleep"), b)
    # A live engine: a shell named afl-fuzz whose child is one of ours.
    engine = os.path.join(t, "afl-fuzz")
    shutil.copy(shutil.which("sh"), engine)
    bench.ENGINE_BINS = {("x", "afl", "e"): mine}
    p1, p2 = orphan_stopped(mine), orphan_stopped(other)
    eng = subprocess.Popen([engine, "-c", "'%s' 60 & wait" % mine])
    p3 = -1
    for _ in range(30):
        time.sleep(0.1)
        kids = subprocess.run(["pgrep", "-P", str(eng.pid)], capture_output=True,
                              text=True).stdout.split()
        if kids:
            p3 = int(kids[0])
            break
    bench.reap_strays()
    time.sleep(0.2)
    check("bench_reaps_stopped_orphans", not alive(p1) and alive(p2) and alive(p3),
          (alive(p1), alive(p2), alive(p3)))
    eng.kill()
    eng.wait()
    for pid in (p1, p2, p3):
        if pid <= 0:        # (-1 would be every process)
            continue
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

# The tables name the seed folder they ran from: corpus/, or the
# --corpus folder itself (an empty-corpus run must not read "from corpus/").
bench.CORPUS_SRC = os.path.join(bench.TOP, "corpus")
own = bench.corpus_label()
bench.CORPUS_SRC = "/tmp/empty seeds"
other = bench.corpus_label()
check("bench_names_its_corpus", own == "corpus/" and other == "/tmp/empty seeds/", (own, other))

# --ab: a strategy and its twin run each trial back to back with the same
# seed, the twin first every other trial; Table 2b pairs them trial by
# trial.  one_trial is stood in for: the twin is sooner on trials 0-3,
# later on 4, and both miss trial 5.
import types
with tempfile.TemporaryDirectory() as t:
    bench.OUT = t
    bench.TABLES_TXT = []
    bench.AB_ENV.clear()
    bench.AB_ENV.update({"AFL_FAST_CAL": None, "AFL_X": "1"})
    calls = []
    times = {("afl", k): 0.4 for k in range(5)}
    times.update({("afl+ab", k): 0.2 for k in range(4)})
    times[("afl+ab", 4)] = 0.9

    def fake_trial(row, s, k, a):
        calls.append((s, k))
        got = times.get((s, k))
        return (got is not None), (got if got is not None else a.budget), ""
    saved = bench.one_trial, bench.plot_survival
    bench.one_trial, bench.plot_survival = fake_trial, lambda a, rows, results: None
    a = types.SimpleNamespace(strategies=["afl", "afl+ab", "random"], trials=6, budget=10.0,
                              jobs=1)
    times.update({("random", k): 4.0 for k in range(6)})
    bench.run_tte(a, [{"variant": "k8", "oracle": ID}])
    bench.one_trial, bench.plot_survival = saved
    check("bench_ab_groups", bench.strategy_groups(a.strategies) == [["afl", "afl+ab"], ["random"]]
          and bench.ab_base("afl+ab") == "afl" and bench.ab_base("random") == "random")
    order = [c for c in calls if c[0] != "random"]
    check("bench_ab_interleaves", order == [("afl", 0), ("afl+ab", 0), ("afl+ab", 1), ("afl", 1),
                                            ("afl", 2), ("afl+ab", 2), ("afl+ab", 3), ("afl", 3),
                                            ("afl", 4), ("afl+ab", 4), ("afl+ab", 5), ("afl", 5)],
          order)
    with open(os.path.join(t, "ab.csv")) as f:
        rows = f.read().splitlines()
    # Trials 0-3 sooner, 4 later, 5 a tie (neither found): p = 2 * 6/32.
    check("bench_ab_table", rows[0].startswith("variant,strategy,median_a_s,median_b_s,b_sooner")
          and rows[1].split(",")[:2] == ["k8", "afl"] and rows[1].split(",")[4:7] == ["4", "1", "6"]
          and abs(float(rows[1].split(",")[7]) - 0.375) < 1e-9, rows)
    check("bench_ab_names_the_change", any("-AFL_FAST_CAL,AFL_X=1 (B)" in x
                                           for x in bench.TABLES_TXT), bench.TABLES_TXT[-1:])
    check("bench_sign_test", bench.sign_test(10, 0) == 2 / 1024 and bench.sign_test(5, 5) == 1.0
          and bench.sign_test(0, 0) == 1.0)
    # -KEY leaves a variable out of the engine's environment.
    os.environ["SCHEDFUZZ_AB_PROBE"] = "set"
    with open(os.path.join(t, "env"), "w") as out:
        p = bench.spawn(["sh", "-c", "echo ${SCHEDFUZZ_AB_PROBE-unset} ${AFL_X-unset}"],
                        env={"SCHEDFUZZ_AB_PROBE": None, "AFL_X": "1"}, stdout=out, cwd=t)
        p.wait()
    bench.LIVE.remove(p)
    del os.environ["SCHEDFUZZ_AB_PROBE"]
    with open(os.path.join(t, "env")) as f:
        got = f.read().strip()
    check("bench_ab_unsets", got == "unset 1", got)
    bench.AB_ENV.clear()

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
