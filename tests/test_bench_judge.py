#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""tests/test_bench_judge.py - how tools/bench.py judges an engine's outputs.

A time-to-exposure trial ends at the first input that fires the expected id
on the variant and not on fixed (the zoo bug is what the variant adds to
fixed).  An input that also fires on fixed, or replays to another id, is
kept aside and does not end the trial; one still being written is looked at
again later.  The replays are stood in for by a table, so this needs no
build.  Prints PASS/FAIL lines and "N passed, N failed".
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
            os.utime(p, (time.time() - age, time.time() - age))
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

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
