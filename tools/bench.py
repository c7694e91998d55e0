#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""tools/bench.py - ./build.sh bench: how fast schedfuzz runs and how fast it
finds bugs.  Run it through ./build.sh bench, which installs what it needs.

Three tables, each also a CSV in the output folder:

  1. throughput   execs/s of the plain replay build (tools/bench_run.c) over
                  corpus/*.bin, the same with the invariant checks, the trace
                  digest, the state feedback, or all three switched off at
                  compile time (-DSIM_NO_INVARIANTS, -DSIM_NO_DIGEST,
                  -DSCHEDFUZZ_NO_STATE_FEEDBACK); the libFuzzer and AFL++
                  persistent targets fuzzing from corpus/; ns per run, per
                  scheduling step, per program operation; and the
                  simulator's primitives (tools/bench_sim.c: switch cost...)
  2. tte          time to exposure: per zoo variant (tools/zoo.tsv) and
                  strategy (afl, afl-nofb, libfuzzer, libfuzzer-nofb,
                  random), K trials from corpus/, each up to a budget, until
                  the first input firing the variant's oracle id
  3. scaling      total AFL++ execs/s with 1..N jobs (-M/-S), as a ratio to 1

and survival-<variant>.svg (gnuplot), the fraction of trials not yet
exposed over time per strategy.

Options:
  --quick                small budgets: a few minutes in all
  --trials K             trials per variant and strategy (default 5; quick 1)
  --budget SECS          time budget per trial (default 3600; quick 20)
  --jobs N               fuzzer processes per trial (default 1)
  --variants A,B         zoo rows to run (default all; quick: stale-prev)
  --strategies S,...     afl,afl-nofb,libfuzzer,libfuzzer-nofb,random (default);
                         also libfuzzer-campaign: the campaign's target, on
                         which every finding crashes (not only the zoo's),
                         and libfuzzer-ignore-known: the same but for
                         fuzz/known-findings.txt (--ignore-known), and
                         random-v2: random programs of encoding v2 (the
                         first byte 2), for bugs that need its operations
  --tables T,...         throughput,tte,scaling (default all three)
  --reps R               repetitions per throughput figure (default 5; quick 3)
  --secs S               seconds per replay repetition (default 2; quick 0.5)
  --engine-secs S        seconds per engine repetition (default 10; quick 4)
  --scaling-secs S       seconds per job count (default 30; quick 10)
  --max-jobs N           largest job count for scaling (default nproc)
  --out DIR              results folder (default build/bench/full or quick)
  --zoo FILE             the variant table (default tools/zoo.tsv)
  --corpus DIR           the seeds (default corpus/)
  --no-build             use the builds that are there
  --ab KEY=VALUE,...     an A/B of engine settings, side by side: each
                         engine strategy S gets a twin S+ab whose engine
                         runs with these variables set (after
                         fuzz/afl.env's, so AFL_CUSTOM_MUTATOR_LIBRARY=PATH
                         swaps the mutator) and those given as -KEY unset
                         (AFL++ takes any value as on); each trial runs S
                         and S+ab back to back with the same seed, in
                         alternating order, so that the machine's drift
                         over minutes falls on both; Table 2b pairs them

The bench reads the clock and draws seeds; the simulator it measures never
does.  Everything it starts runs in its own process group and is killed at
the end, on Ctrl-C, or on error.
"""
import argparse
import hashlib
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
STRATEGIES = ["afl", "afl-nofb", "libfuzzer", "libfuzzer-nofb", "random"]
# Not in the default set: random programs of encoding v2 (first byte 2, the
# rest uniform; bench-run-V random --format 2), the fair baseline for a bug
# that needs v2's operations (migrate_disable, zoo k12), which uniform bytes
# say only one time in 256 (docs/encoding.md).
RANDOM_V2 = "random-v2"
# The strategies that run no engine (and so have no --ab twin, no build).
RANDOM_STRATEGIES = ("random", RANDOM_V2)
# An environment variable's name, in fuzz/*.env and --ab.
ENV_KEY = re.compile(r"^[A-Z_][A-Z0-9_]*$")
# Not run unless named: the campaign's own libFuzzer target, on which every
# finding is a crash (fixed's open ones too), restarted as the campaign
# restarts it: what a user's libFuzzer campaign gets; and the same with
# fixed's open findings no crash, as ./build.sh fuzz --ignore-known runs it.
# Both run the campaign's target (no expectation).
CAMPAIGN_TARGET = ["libfuzzer-campaign", "libfuzzer-ignore-known"]
# --ab's twin of an engine strategy: the same engine with AB_ENV's variables
# set or (a None value) unset.
AB_SUFFIX = "+ab"
AB_ENV = {}


def ab_base(strategy):
    """The strategy an --ab twin is the twin of (itself for the others)."""
    return strategy[:-len(AB_SUFFIX)] if strategy.endswith(AB_SUFFIX) else strategy


KNOWN_FINDINGS = os.path.join(TOP, "fuzz", "known-findings.txt")
TABLES = ["throughput", "tte", "scaling"]
NO_EXPECT = "(no finding is a crash)"   # matches no oracle id
LIVE = []                                # Popen objects still running
ENGINE_BINS = {}                         # (variant, kind, expect) -> target path

SAN_ENV = {
    "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=1:symbolize=0",
    "UBSAN_OPTIONS": "halt_on_error=1:abort_on_error=1",
}


def die(msg):
    print("bench: " + msg, file=sys.stderr)
    sys.exit(2)


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def read_lines(path):
    """The lines of a list file (fuzz/known-findings.txt) but blank ones
    and # comments."""
    with open(path) as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]


def read_env_file(path):
    """KEY=VALUE lines (fuzz/afl.env, fuzz/engine-builds.env): no quoting,
    # comments."""
    env = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            k, eq, v = line.partition("=")
            if not eq or not ENV_KEY.match(k):
                die("%s:%d:1: expected KEY=VALUE" % (path, n))
            env[k] = v
    return env


# The campaign's AFL++ settings (fuzz/afl.env, shared with
# fuzz/campaign.sh); the bench adds only its own: a trial's corpus/ is
# known to hold no crash.
AFL_ENV = dict(read_env_file(os.path.join(TOP, "fuzz", "afl.env")), AFL_SKIP_CRASHES="1")

# How the campaign's engine targets are built (fuzz/engine-builds.env,
# shared with build.sh); the bench adds its -include and -D flags.
ENGINE_BUILDS = {k: v.replace("@TOP@", TOP)
                 for k, v in read_env_file(os.path.join(TOP, "fuzz", "engine-builds.env")).items()}


# ---------------------------------------------------------------------------
# Processes: every child in its own session; all are killed on the way out.

def spawn(argv, env=None, stdout=None, cwd=TOP):
    e = dict(os.environ)
    e.pop("SCHEDFUZZ_IGNORE", None)     # would hide findings (fuzz/target.c)
    for k, v in (env or {}).items():
        if v is None:                   # --ab's -KEY: not set at all
            e.pop(k, None)
        else:
            e[k] = v
    p = subprocess.Popen(argv, env=e, cwd=cwd, stdout=stdout or subprocess.DEVNULL,
                         stderr=subprocess.STDOUT, start_new_session=True)
    LIVE.append(p)
    return p


def stop(p, grace=5.0):
    """SIGINT the process group, then SIGKILL it; reap."""
    for sig, wait in ((signal.SIGINT, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            break
        try:
            p.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # the leader is gone; its group may not be
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        break
    try:
        p.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    if p in LIVE:
        LIVE.remove(p)
    reap_strays()


def reap_strays():
    """Kill the fuzz targets an engine left orphaned (AFL++ keeps a
    persistent target stopped between inputs; if afl-fuzz dies before it
    kills it, it stays stopped forever).  fuzz/orphans.sh holds the rule,
    the same as fuzz/campaign.sh's: only the bench's own engine builds, and
    only those no AFL++ tool or fork server owns, so a campaign running
    beside the bench keeps its targets."""
    mine = set()
    for b in ENGINE_BINS.values():
        mine |= {b, os.path.join(TOP, b), cmplog_binary(b), os.path.join(TOP, cmplog_binary(b))}
    if not mine:
        return
    try:
        subprocess.run([os.path.join(TOP, "fuzz", "orphans.sh"), "--kill"] + sorted(mine), cwd=TOP,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        pass


def stop_all(*_):
    for p in list(LIVE):
        stop(p, grace=1.0)


def on_signal(signum, _frame):
    stop_all()
    log("interrupted; everything it started is stopped")
    sys.exit(130 if signum == signal.SIGINT else 143)


# ---------------------------------------------------------------------------
# Builds

def make(build, cc, opt, san, cflags, targets, ldflags="", env=None):
    argv = ["make", "-s", "-j%d" % JOBS_MAKE, "BUILD=" + build, "CC=" + cc,
            "OPT=" + opt, "SAN=" + san, "EXTRA_CFLAGS=" + cflags,
            "EXTRA_LDFLAGS=" + ldflags] + targets
    e = dict(os.environ)
    e.update(env or {})
    r = subprocess.run(argv, cwd=TOP, env=e)
    if r.returncode:
        die("build failed: " + " ".join(argv))


def makefile_variants():
    """The variants the build knows (sim/kernel/variants.txt)."""
    r = subprocess.run([os.path.join(TOP, "tools", "variants.sh"), "all"], cwd=TOP,
                       stdout=subprocess.PIPE, universal_newlines=True)
    return r.stdout.split() if r.returncode == 0 else []


# The replay builds for the cost split: name, extra flags.
SPLIT = [
    ("full", ""),
    ("no-invariants", "-DSIM_NO_INVARIANTS"),
    ("no-digest", "-DSIM_NO_DIGEST"),
    ("no-state-feedback", "-DSCHEDFUZZ_NO_STATE_FEEDBACK"),
    ("bare", "-DSIM_NO_INVARIANTS -DSIM_NO_DIGEST -DSCHEDFUZZ_NO_STATE_FEEDBACK"),
]


def split_build(name):
    return "build/bench" if name == "full" else "build/bench-" + name


def engine_build(variant, kind, expect):
    """A fuzz target of one variant for one engine kind (afl, afl-nofb,
    libfuzzer, libfuzzer-nofb) on which only 'expect' is a crash; for
    CAMPAIGN_TARGET's, the campaign's target, on which every finding is."""
    if kind in CAMPAIGN_TARGET:
        build = "build/bench-eng/%s-libfuzzer-campaign" % variant
        return build, os.path.join(build, "bin", "fuzz-target-" + variant)
    h = hashlib.sha1(expect.encode()).hexdigest()[:8]
    build = "build/bench-eng/%s-%s-%s" % (variant, kind, h)
    return build, os.path.join(build, "bin", "fuzz-target-" + variant)


def cmplog_binary(binary):
    """The CmpLog twin of an AFL++ target: the same build with
    AFL_LLVM_CMPLOG, in <build>-cmplog/ (the campaign's s1 runs it)."""
    b = binary.split(os.sep)
    return os.sep.join(b[:-3] + [b[-3] + "-cmplog"] + b[-2:])


def build_engine(variant, kind, expect, no_build, cmplog=False):
    build, binary = engine_build(variant, kind, expect)
    if no_build:
        return binary
    os.makedirs(os.path.join(TOP, build), exist_ok=True)
    flags = ""
    if kind not in CAMPAIGN_TARGET:
        hdr = os.path.join(TOP, build, "expect.h")
        text = ("/* SPDX-License-Identifier: GPL-2.0-only */\n/* written by tools/bench.py */\n"
                "#define SCHEDFUZZ_EXPECT \"%s\"\n" % expect.replace("\\", "\\\\").replace('"', '\\"'))
        if not os.path.exists(hdr) or open(hdr).read() != text:
            with open(hdr, "w") as f:
                f.write(text)
        flags = "-include " + hdr
    if kind.endswith("-nofb"):
        flags += " -DSCHEDFUZZ_NO_STATE_FEEDBACK"
    target = [build + "/bin/fuzz-target-" + variant]
    if kind.startswith("afl"):
        # As build.sh builds the campaign's AFL++ targets: only the port and
        # the state feedback instrumented; the mutator .so beside them.
        afl_env = {"AFL_QUIET": "1", "AFL_LLVM_ALLOWLIST": ENGINE_BUILDS["AFL_ALLOWLIST"]}
        afl = (ENGINE_BUILDS["AFL_CC"], ENGINE_BUILDS["AFL_OPT"], ENGINE_BUILDS["AFL_SAN"],
               ENGINE_BUILDS["AFL_CFLAGS"] + " " + flags)
        make(build, *afl, target, env=afl_env)
        if cmplog:
            make(build + "-cmplog", *afl, [cmplog_binary(target[0])],
                 env=dict(afl_env, AFL_LLVM_CMPLOG="1"))
        make(MUTATOR_BUILD, "clang", "-O2", "none", "", [MUTATOR_SO])
    else:
        # As build.sh builds the campaign's libFuzzer targets.
        make(build, ENGINE_BUILDS["LIBFUZZER_CC"], ENGINE_BUILDS["LIBFUZZER_OPT"],
             ENGINE_BUILDS["LIBFUZZER_SAN"], ENGINE_BUILDS["LIBFUZZER_CFLAGS"] + " " + flags,
             target, ldflags=ENGINE_BUILDS["LIBFUZZER_LDFLAGS"])
    return binary


# ---------------------------------------------------------------------------
# Statistics and formatting

def med(v):
    return statistics.median(v) if v else float("nan")


def fmt(x, digits=0):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if digits == 0:
        return "{:,.0f}".format(x)
    return "{:,.{}f}".format(x, digits)


def table(title, head, rows):
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    out = ["", title, ""]
    line = lambda r: "  ".join(str(c).ljust(widths[i]) if i == 0 else str(c).rjust(widths[i])
                               for i, c in enumerate(r)).rstrip()
    out.append(line(head))
    out.append("  ".join("-" * w for w in widths))
    out += [line(r) for r in rows]
    text = "\n".join(out)
    print(text, flush=True)
    TABLES_TXT.append(text)


def write_csv(name, head, rows):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        for r in [head] + rows:
            f.write(",".join(csv_cell(c) for c in r) + "\n")
    return path


def csv_cell(c):
    s = "" if c is None else (("%.6g" % c) if isinstance(c, float) else str(c))
    if any(ch in s for ch in ',"\n'):
        s = '"' + s.replace('"', '""') + '"'
    return s


# ---------------------------------------------------------------------------
# 1. Throughput

def corpus_label():
    """How the tables name the seed folder: corpus/ for the repository's
    own, else the --corpus path, made absolute (not the staged copy that
    CORPUS names once main() has run)."""
    if CORPUS_SRC == os.path.join(TOP, "corpus"):
        return "corpus/"
    return CORPUS_SRC.rstrip("/") + "/"


def corpus_files():
    files = sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if f.endswith(".bin"))
    if not files:
        die(CORPUS + " has no .bin seeds")
    return files


def replay_once(name, secs):
    binary = os.path.join(split_build(name), "bin", "bench-run-fixed")
    r = subprocess.run([binary, "replay", "--reps", "1", "--min-secs", str(secs)] + corpus_files(),
                       cwd=TOP, capture_output=True, text=True)
    m = re.search(r"execs (\d+) secs ([\d.]+) steps (\d+) ops (\d+) findings (\d+)", r.stdout)
    if r.returncode or not m:
        die("%s failed: %s" % (binary, r.stdout + r.stderr))
    execs, t, steps, ops, _ = (float(x) for x in m.groups())
    return {"eps": execs / t, "ns_exec": t * 1e9 / execs, "ns_step": t * 1e9 / steps,
            "ns_op": t * 1e9 / ops}


def afl_stats(outdir):
    """Sum of execs_done over the AFL++ instances under outdir."""
    total = 0
    for inst in sorted(os.listdir(outdir)) if os.path.isdir(outdir) else []:
        p = os.path.join(outdir, inst, "fuzzer_stats")
        if os.path.isfile(p):
            with open(p) as f:
                m = re.search(r"^execs_done\s*:\s*(\d+)", f.read(), re.M)
            total += int(m.group(1)) if m else 0
    return total


# The structure-aware mutator (fuzz/mutator.c) as AFL++ loads it.
MUTATOR_BUILD = "build/bench-eng/mutator"
MUTATOR_SO = MUTATOR_BUILD + "/lib/schedfuzz-mutator.so"


def afl_run(binary, outdir, jobs, secs, seed, extra_env=None):
    """Start jobs AFL++ instances on outdir as fuzz/campaign.sh does: -M
    main, -S s1 on the CmpLog build (-c 0), -S s2.. with other power
    schedules; the mutator loaded, fuzz/afl.env's settings.  Returns the
    Popen list."""
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    env = dict(AFL_ENV)
    env["AFL_CUSTOM_MUTATOR_LIBRARY"] = os.path.join(TOP, MUTATOR_SO)
    env["SCHEDFUZZ_SEEDS"] = CORPUS
    env.update(extra_env or {})
    scheds = ["fast", "explore", "coe", "rare", "exploit", "lin", "quad"]
    procs = []
    for i in range(jobs):
        bin_i = binary
        role = ["-M", "main"] if i == 0 else ["-S", "s%d" % i, "-p", scheds[i % 7]]
        if i == 1:
            bin_i = cmplog_binary(binary)
            role += ["-c", "0"]
        argv = ["afl-fuzz", "-i", CORPUS, "-o", outdir, "-s", str(seed * 100 + i),
                "-V", str(int(math.ceil(secs))), "-x", "fuzz/schedfuzz.dict"] + role + ["--", bin_i]
        logf = open(os.path.join(outdir, "afl-%d.log" % i), "w")
        procs.append(spawn(argv, env=env, stdout=logf))
    return procs


def engine_eps(kind, binary, secs, rep):
    d = os.path.join(TOP, OUT, "runs", "throughput-%s-%d" % (kind, rep))
    t0 = time.monotonic()
    if kind == "afl":
        procs = afl_run(binary, d, 1, secs, rep + 1)
        wait_all(procs, secs + 30)
        t = time.monotonic() - t0
        execs = afl_stats(d)
    else:
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(os.path.join(d, "corpus"))
        logp = os.path.join(d, "libfuzzer.log")
        with open(logp, "w") as logf:
            p = spawn([binary, "-seed=%d" % (rep + 1), "-max_total_time=%d" % int(math.ceil(secs)),
                       "-dict=fuzz/schedfuzz.dict", "-print_final_stats=1",
                       "-artifact_prefix=" + d + "/", os.path.join(d, "corpus"), CORPUS],
                      env=dict(SAN_ENV, SCHEDFUZZ_SEEDS=CORPUS), stdout=logf)
            wait_all([p], secs + 30)
        t = time.monotonic() - t0
        m = re.search(r"stat::number_of_executed_units:\s*(\d+)", open(logp).read())
        execs = int(m.group(1)) if m else 0
    shutil.rmtree(d, ignore_errors=True)
    return execs / t if t > 0 and execs else float("nan")


def wait_all(procs, limit):
    end = time.monotonic() + limit
    for p in procs:
        try:
            p.wait(timeout=max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        stop(p)


def primitives():
    r = subprocess.run(["build/bench/bin/bench_sim"], cwd=TOP, capture_output=True, text=True)
    rows = []
    for line in r.stdout.splitlines():
        m = re.match(r"^(\S.*?)\s+([\d.]+) (ns|us)$", line)
        if m:
            rows.append((m.group(1), float(m.group(2)), m.group(3)))
    return rows


def run_throughput(a):
    reps = a.reps
    res = {n: [] for n, _ in SPLIT}
    log("throughput: replay builds, %d repetition(s) of %.1f s each, interleaved" % (reps, a.secs))
    for _ in range(reps):
        for n, _f in SPLIT:
            res[n].append(replay_once(n, a.secs))
    eng = {}
    for kind in ("libfuzzer", "afl"):
        if kind == "afl" and not shutil.which("afl-fuzz"):
            log("throughput: afl-fuzz not installed, no AFL++ row")
            continue
        binary = ENGINE_BINS.get(("fixed", kind, NO_EXPECT))
        log("throughput: %s, %d repetition(s) of %.0f s" % (kind, reps, a.engine_secs))
        eng[kind] = [engine_eps(kind, binary, a.engine_secs, r) for r in range(reps)]

    rows, csv = [], []
    base = med([x["ns_exec"] for x in res["full"]])
    labels = {
        "full": "replay, full (the fuzz target's work)",
        "no-invariants": "replay, -DSIM_NO_INVARIANTS",
        "no-digest": "replay, -DSIM_NO_DIGEST",
        "no-state-feedback": "replay, -DSCHEDFUZZ_NO_STATE_FEEDBACK",
        "bare": "replay, bare port (all three off)",
    }
    for n, _f in SPLIT:
        eps = [x["eps"] for x in res[n]]
        ns = med([x["ns_exec"] for x in res[n]])
        rows.append([labels[n], fmt(med(eps)), fmt(min(eps)), fmt(max(eps)), fmt(ns / 1000, 1),
                     fmt(med([x["ns_step"] for x in res[n]]), 1),
                     fmt(med([x["ns_op"] for x in res[n]]), 1)])
        csv.append(["replay-" + n, med(eps), min(eps), max(eps), ns, med([x["ns_step"] for x in res[n]]),
                    med([x["ns_op"] for x in res[n]]), len(eps)])
    for kind, v in eng.items():
        ok = [x for x in v if not math.isnan(x)]
        rows.append(["%s target, fuzzing from %s" % ("AFL++ persistent" if kind == "afl" else
                                                        "libFuzzer (ASan+UBSan)", corpus_label()),
                     fmt(med(ok)), fmt(min(ok) if ok else None), fmt(max(ok) if ok else None),
                     fmt(1e6 / med(ok), 1) if ok else "n/a", "", ""])
        csv.append([kind, med(ok), min(ok) if ok else None, max(ok) if ok else None,
                    1e9 / med(ok) if ok else None, None, None, len(ok)])
    table("Table 1a. Throughput per core (variant fixed, %d seeds of %s; median of %d, min, max)"
          % (len(corpus_files()), corpus_label(), reps),
          ["build", "execs/s", "min", "max", "us/exec", "ns/step", "ns/op"], rows)

    split = []
    for n, what in (("no-invariants", "invariant checks"), ("no-digest", "trace digest"),
                    ("no-state-feedback", "state feedback")):
        c = base - med([x["ns_exec"] for x in res[n]])
        split.append([what, fmt(c / 1000, 2), fmt(100 * c / base, 1) + " %"])
        csv.append(["cost-" + n, None, None, None, c, None, None, reps])
    bare = med([x["ns_exec"] for x in res["bare"]])
    rest = base - bare - sum(base - med([x["ns_exec"] for x in res[n]])
                             for n in ("no-invariants", "no-digest", "no-state-feedback"))
    split.insert(0, ["bare port (decode + simulator + kernel port)", fmt(bare / 1000, 2),
                     fmt(100 * bare / base, 1) + " %"])
    split.append(["interaction (full - bare - the three)", fmt(rest / 1000, 2),
                  fmt(100 * rest / base, 1) + " %"])
    csv.append(["cost-bare", None, None, None, bare, None, None, reps])
    table("Table 1b. Where a replay's time goes (medians; each part switched off in turn)",
          ["part", "us/exec", "share"], split)

    prims = primitives()
    table("Table 1c. Simulator primitives (tools/bench_sim.c, median of 15)",
          ["measure", "value"], [[n, "%.1f %s" % (v, u)] for n, v, u in prims])
    for n, v, u in prims:
        csv.append(["primitive: " + n + " (" + u + ")", None, None, None, v * (1000 if u == "us" else 1),
                    None, None, 15])
    p = write_csv("throughput.csv", ["what", "execs_per_s_median", "execs_per_s_min", "execs_per_s_max",
                                     "ns_per_exec", "ns_per_step", "ns_per_op", "reps"], csv)
    log("wrote " + p)


# ---------------------------------------------------------------------------
# 2. Time to exposure

def zoo_rows():
    path = ZOO
    cols = ["variant", "oracle", "scenario", "fixed_in"]
    rows = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                h = line.lstrip("#").strip().split("\t")
                if "variant" in h and "oracle" in h:
                    cols = [c.strip() for c in h]
                continue
            if not line.strip():
                continue
            cells = line.split("\t")
            row = dict(zip(cols, cells))
            if not row.get("variant") or not row.get("oracle"):
                die("%s: bad row: %r" % (path, line))
            rows.append(row)
    return rows


def replay_id(variant, path):
    """The oracle id the plain build of variant gives for input path."""
    r = subprocess.run(["build/bench/bin/fuzz-target-" + variant, path], cwd=TOP,
                       capture_output=True, text=True)
    m = re.search(r": finding: (.*) \(variant ", r.stdout)
    return m.group(1) if m else None


def scenario_id(variant, scenario):
    r = subprocess.run(["build/bench/bin/schedfuzz", "replay", "--variant", variant, scenario],
                       cwd=TOP, capture_output=True, text=True)
    m = re.search(r"^finding: (.*)$", r.stdout, re.M)
    return m.group(1) if m else None


def by_write_time(paths):
    """paths in the order they were written: by mtime, then by name (one
    that vanished meanwhile last)."""
    def key(p):
        try:
            return (os.path.getmtime(p), p)
        except OSError:
            return (math.inf, p)
    return sorted(paths, key=key)


def engine_outputs(strategy, d):
    """The inputs an engine has written as crashes so far, in the order they
    were written (several AFL++ instances or random jobs write side by
    side; a trial's time is its first exposing input's)."""
    out = []
    if strategy.startswith("afl"):
        for inst in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            c = os.path.join(d, inst, "crashes")
            out += [os.path.join(c, f) for f in sorted(os.listdir(c)) if f.startswith("id:")] \
                if os.path.isdir(c) else []
    elif strategy.startswith("libfuzzer"):
        out = [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.startswith("crash-")] \
            if os.path.isdir(d) else []
    else:
        out = [os.path.join(d, f) for f in sorted(os.listdir(d))
               if f.startswith("found-") and not f.endswith(".part")] if os.path.isdir(d) else []
    return by_write_time(out)


def keep_aside(kind, v, strategy, trial, f):
    """Keep a rejected input for a look (the trial's folder is removed)."""
    keep = os.path.join(OUT, kind, "%s-%s-t%d-%s" % (v, strategy, trial + 1, os.path.basename(f)))
    os.makedirs(os.path.dirname(keep), exist_ok=True)
    shutil.copyfile(f, keep)
    return keep


def exposing_input(strategy, d, v, oracle, trial, seen):
    """The first input written so far that exposes the zoo bug: it fires the
    expected id on the variant and not on fixed (the bug is what the variant
    adds to fixed; the same id on fixed is one of fixed's own open findings,
    docs/findings.md).  Others are counted in seen and not looked at again;
    the engines go on."""
    for f in engine_outputs(strategy, d):
        if f in seen["done"]:
            continue
        try:
            fresh = time.time() - os.path.getmtime(f) < 1.0
        except OSError:
            continue
        got = replay_id(v, f)
        if got != oracle:
            if fresh:
                continue        # maybe still being written: look again later
            seen["done"].add(f)
            seen["mismatch"] += 1
            keep = keep_aside("mismatch", v, strategy, trial, f)
            # On the campaign's target every finding crashes: say so once.
            if seen["mismatch"] == 1 or ab_base(strategy) not in CAMPAIGN_TARGET:
                log("%s/%s trial %d: the input %s replays to %r, not the expected id; not counted "
                    "(kept as %s)%s" % (v, strategy, trial + 1, f, got, keep,
                                        "; the trial goes on, the others are counted in "
                                        "tte-trials.csv" if ab_base(strategy) in CAMPAIGN_TARGET
                                        else ""))
            continue
        if v != "fixed" and replay_id("fixed", f) == oracle:
            seen["done"].add(f)
            seen["on_fixed"] += 1
            keep = keep_aside("on-fixed", v, strategy, trial, f)
            if seen["on_fixed"] == 1:
                log("%s/%s trial %d: an input fires %s on fixed too (an open finding of fixed, "
                    "not the zoo bug): not counted, the trial goes on (kept as %s)"
                    % (v, strategy, trial + 1, oracle, keep))
            continue
        return f
    return None


def written_at(f, w0, el):
    """When input f was written, in seconds since w0 (time.time() at the
    trial's start), from its mtime: the poll's 50 ms and its replays of
    other inputs do not count, only the engine's time.  At least 1 ms (about a
    file time's granularity), at most el (when the poll saw it)."""
    try:
        return min(el, max(0.001, os.path.getmtime(f) - w0))
    except OSError:
        return el


def one_trial(row, strategy, trial, a):
    """Run one trial; returns (found, secs, note)."""
    v, oracle = row["variant"], row["oracle"]
    d = os.path.join(TOP, OUT, "runs", v, strategy, "t%d" % trial)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    seed = trial + 1
    budget = a.budget
    base = ab_base(strategy)
    extra = AB_ENV if base != strategy else {}
    w0 = time.time()        # the engines' files carry wall-clock mtimes
    t0 = time.monotonic()
    if base.startswith("afl"):
        # No AFL_BENCH_UNTIL_CRASH: a crash that is not the zoo bug (see
        # exposing_input()) must not end the trial.
        procs = afl_run(ENGINE_BINS[(v, base, oracle)], d, a.jobs, budget, seed, extra)
    elif base.startswith("libfuzzer"):
        os.makedirs(os.path.join(d, "corpus"))
        # As fuzz/campaign.sh runs it, through fuzz/libfuzzer.sh (-fork=N
        # -ignore_crashes=1, or in-process and restarted for one job), so
        # that a crash that is not the zoo bug does not end the trial.
        argv = ["fuzz/libfuzzer.sh", str(a.jobs), ENGINE_BINS[(v, base, oracle)],
                "-seed=%d" % seed, "-max_total_time=%d" % int(math.ceil(budget)),
                "-dict=fuzz/schedfuzz.dict", "-artifact_prefix=" + d + "/",
                os.path.join(d, "corpus"), CORPUS]
        env = dict(SAN_ENV, SCHEDFUZZ_SEEDS=CORPUS)
        if base == "libfuzzer-ignore-known":
            env["SCHEDFUZZ_IGNORE"] = KNOWN_FINDINGS
        env.update(extra)
        procs = [spawn(argv, env=env, stdout=open(os.path.join(d, "libfuzzer.log"), "w"))]
    else:
        procs = [spawn(["build/bench/bin/bench-run-" + v, "random", "--seed", str(seed * 100 + j),
                        "--budget", str(budget), "--expect", oracle, "--keep-going",
                        "--out", os.path.join(d, "found-%d.bin" % j)] +
                       (["--format", "2"] if strategy == RANDOM_V2 else []),
                       stdout=open(os.path.join(d, "random-%d.log" % j), "w"))
                 for j in range(a.jobs)]
    seen = {"done": set(), "mismatch": 0, "on_fixed": 0}
    found, t = None, budget
    while True:
        time.sleep(0.05)
        el = time.monotonic() - t0
        f = exposing_input(strategy, d, v, oracle, trial, seen)
        if f:
            found, t = f, written_at(f, w0, el)
            break
        if el >= budget or all(p.poll() is not None for p in procs):
            if all(p.poll() is not None for p in procs):
                time.sleep(1.0)     # an artifact being written as the engine exits
                f = exposing_input(strategy, d, v, oracle, trial, seen)
                if f:
                    found, t = f, min(written_at(f, w0, el), budget)
            break
    for p in procs:
        stop(p)
    if found:
        keep = os.path.join(OUT, "found", "%s-%s-t%d.bin" % (v, strategy, trial + 1))
        os.makedirs(os.path.dirname(keep), exist_ok=True)
        shutil.copyfile(found, keep)
    note = " ".join(n for n in ["%d-on-fixed" % seen["on_fixed"] if seen["on_fixed"] else "",
                                "%d-mismatch" % seen["mismatch"] if seen["mismatch"] else ""] if n)
    shutil.rmtree(d, ignore_errors=True)
    return bool(found), (t if found else budget), note


def summarize(times_found, k, budget):
    """Median, min, max of k trials with the unfound ones censored at the
    budget (inf).  Returns (median or inf, min or None, max or inf)."""
    v = sorted(times_found) + [math.inf] * (k - len(times_found))
    if not v:
        return math.inf, None, math.inf
    if k % 2:
        m = v[k // 2]
    else:
        lo, hi = v[k // 2 - 1], v[k // 2]
        m = math.inf if math.isinf(hi) else (lo + hi) / 2
    return m, (min(times_found) if times_found else None), v[-1]


def secs_cell(x, budget):
    if x is None:
        return "-"
    if math.isinf(x):
        return "> %s" % fmt(budget, 0)
    return fmt(x, 1 if x >= 1 else 3)


def ratio_cell(rnd, mine, budget, strategy):
    if strategy == "random":
        return "1"
    if math.isinf(mine) and math.isinf(rnd):
        return "n/a"
    if math.isinf(mine):
        return "< %s" % fmt(rnd / budget, 2)
    if math.isinf(rnd):
        return "> %s" % fmt(budget / mine, 1)
    r = rnd / mine
    return fmt(r, 1 if r >= 1 else 2)


def strategy_groups(strategies):
    """The strategies in run order: each with its --ab twin, if it has
    one, as a group whose trials interleave."""
    groups = []
    for s in strategies:
        if s.endswith(AB_SUFFIX) and groups and groups[-1] == [ab_base(s)]:
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


def run_tte(a, rows):
    paired = {}         # (variant, strategy): each trial's time, inf if not found
    trial_csv = []
    for row in rows:
        v = row["variant"]
        for group in strategy_groups(a.strategies):
            for s in group:
                paired[(v, s)] = [math.inf] * a.trials
            for k in range(a.trials):
                # A twin and its strategy alternate who goes first.
                for s in (group if k % 2 == 0 else group[::-1]):
                    log("tte: %s %s trial %d/%d (budget %g s)" % (v, s, k + 1, a.trials, a.budget))
                    ok, t, note = one_trial(row, s, k, a)
                    trial_csv.append([v, row["oracle"], s, k + 1, k + 1, a.jobs, int(ok),
                                      round(t, 3) if ok else None, a.budget, note])
                    if ok:
                        paired[(v, s)][k] = t
                        log("tte:   exposed after %s s" % secs_cell(t, a.budget))
    # The times of the trials that found it, per (variant, strategy).
    results = {key: [t for t in ts if not math.isinf(t)] for key, ts in paired.items()}
    write_csv("tte-trials.csv", ["variant", "oracle", "strategy", "trial", "seed", "jobs", "found",
                                 "secs", "budget", "note"], trial_csv)
    out, csv = [], []
    for row in rows:
        v = row["variant"]
        rnd = summarize(results.get((v, "random"), []), a.trials, a.budget)[0] \
            if "random" in a.strategies else None
        for s in a.strategies:
            ts = results[(v, s)]
            m, lo, hi = summarize(ts, a.trials, a.budget)
            ratio = ratio_cell(rnd, m, a.budget, s) if rnd is not None else "n/a"
            out.append([v, s, "%d/%d" % (len(ts), a.trials), secs_cell(m, a.budget),
                        secs_cell(lo, a.budget), secs_cell(hi, a.budget), ratio])
            csv.append([v, s, len(ts), a.trials, None if math.isinf(m) else m, lo,
                        None if math.isinf(hi) else hi, a.budget, a.jobs, ratio])
    table("Table 2. Time to exposure from %s (s; %d trial(s), budget %g s, %d job(s) each)"
          % (corpus_label(), a.trials, a.budget, a.jobs),
          ["variant", "strategy", "found", "median", "min", "max", "random/this"], out)
    p = write_csv("tte.csv", ["variant", "strategy", "found", "trials", "median_s", "min_s", "max_s",
                              "budget_s", "jobs", "ratio_random_over_this"], csv)
    log("wrote " + p)
    if AB_ENV:
        ab_table(a, rows, paired, results)
    on_fixed = {}
    for r in trial_csv:
        m = re.match(r"(\d+)-on-fixed", r[9] or "")
        if m:
            c = on_fixed.setdefault((r[0], r[2]), [0, 0])
            c[0] += 1
            c[1] += int(m.group(1))
    for (v, s), (n, k) in sorted(on_fixed.items()):
        line = ("note: %s/%s: in %d of %d trial(s), %d input(s) fired the id on fixed too (an "
                "open finding of fixed, not the zoo bug): not counted, those trials went on"
                % (v, s, n, a.trials, k))
        print(line, flush=True)
        TABLES_TXT.append(line)
    plot_survival(a, rows, results)


def sign_test(wins, losses):
    """Two-sided exact sign test: the chance of a split at least this
    uneven between two arms that do not differ (ties left out)."""
    n = wins + losses
    if n == 0:
        return 1.0
    k = min(wins, losses)
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n)


def ab_table(a, rows, paired, results):
    """Table 2b: each strategy beside its --ab twin, trial by trial (the
    same seed, run back to back)."""
    out, csv = [], []
    for row in rows:
        v = row["variant"]
        for group in strategy_groups(a.strategies):
            if len(group) != 2:
                continue
            ta, tb = paired[(v, group[0])], paired[(v, group[1])]
            ma = summarize(results[(v, group[0])], a.trials, a.budget)[0]
            mb = summarize(results[(v, group[1])], a.trials, a.budget)[0]
            sooner = sum(1 for x, y in zip(ta, tb) if y < x)
            later = sum(1 for x, y in zip(ta, tb) if y > x)
            if math.isinf(ma) or math.isinf(mb):
                ratio = "n/a"
            else:
                ratio = fmt(ma / mb, 2)
            p = sign_test(sooner, later)
            out.append([v, group[0], secs_cell(ma, a.budget), secs_cell(mb, a.budget), ratio,
                        "%d/%d" % (sooner, a.trials), "%d/%d" % (later, a.trials), fmt(p, 3)])
            csv.append([v, group[0], None if math.isinf(ma) else ma,
                        None if math.isinf(mb) else mb, sooner, later, a.trials, p])
    env = ",".join("%s=%s" % (k, v) if v is not None else "-" + k
                   for k, v in sorted(AB_ENV.items()))
    table("Table 2b. A/B, trial by trial: each strategy as is (A) and with %s (B); the same "
          "seed, back to back, in alternating order" % env,
          ["variant", "strategy", "median A", "median B", "A/B", "B sooner", "B later",
           "sign test p"], out)
    log("wrote " + write_csv("ab.csv", ["variant", "strategy", "median_a_s", "median_b_s",
                                        "b_sooner", "b_later", "trials", "sign_test_p"], csv))


def plot_survival(a, rows, results):
    lines = []
    for row in rows:
        v = row["variant"]
        for s in a.strategies:
            ts = sorted(results[(v, s)])
            pts = [(0.0, 1.0)]
            left = a.trials
            for t in ts:
                left -= 1
                pts.append((t, left / a.trials))
            pts.append((a.budget, left / a.trials))
            lines += [[v, s, round(t, 3), round(f, 4)] for t, f in pts]
    p = write_csv("survival.csv", ["variant", "strategy", "secs", "fraction_not_exposed"], lines)
    log("wrote " + p)
    if not shutil.which("gnuplot"):
        log("gnuplot is not installed (Debian: gnuplot-nox): no survival plot")
        return
    for row in rows:
        v = row["variant"]
        dat = os.path.join(OUT, "survival-%s.dat" % v)
        with open(dat, "w") as f:
            for s in a.strategies:
                f.write("# %s\n" % s)
                for vv, ss, t, fr in lines:
                    if vv == v and ss == s:
                        f.write("%g %g\n" % (max(t, 0.001), fr))
                f.write("\n\n")
        svg = os.path.join(OUT, "survival-%s.svg" % v)
        plots = ", ".join("'%s' index %d using 1:2 with steps lw 2 title '%s'" % (dat, i, s)
                          for i, s in enumerate(a.strategies))
        script = "\n".join([
            "set terminal svg size 800,480 dynamic font 'sans,12'",
            "set output '%s'" % svg,
            "set title 'time to exposure: %s (%d trial(s), budget %g s, %s)'"
            % (v, a.trials, a.budget, corpus_label().replace("'", "''")),
            "set xlabel 'seconds'", "set ylabel 'fraction of trials not yet exposed'",
            "set logscale x", "set xrange [0.001:%g]" % a.budget, "set yrange [0:1.05]",
            "set key outside right", "set grid",
            "plot " + plots, ""])
        r = subprocess.run(["gnuplot"], input=script, text=True, cwd=TOP, capture_output=True)
        if r.returncode:
            log("gnuplot failed: " + r.stderr.strip())
        else:
            log("wrote " + svg)


# ---------------------------------------------------------------------------
# 3. Scaling

def run_scaling(a):
    if not shutil.which("afl-fuzz"):
        log("scaling: afl-fuzz not installed, no table")
        return
    binary = ENGINE_BINS[("fixed", "afl", NO_EXPECT)]
    rows, csv, one = [], [], None
    for n in range(1, a.max_jobs + 1):
        log("scaling: %d AFL++ job(s) for %g s" % (n, a.scaling_secs))
        d = os.path.join(TOP, OUT, "runs", "scaling-%d" % n)
        t0 = time.monotonic()
        procs = afl_run(binary, d, n, a.scaling_secs, 1)
        wait_all(procs, a.scaling_secs + 30)
        t = time.monotonic() - t0
        eps = afl_stats(d) / t
        shutil.rmtree(d, ignore_errors=True)
        one = one or eps
        rows.append([n, fmt(eps), fmt(eps / n), fmt(eps / one, 2)])
        csv.append([n, eps, eps / n, eps / one])
    table("Table 3. Scaling: AFL++ -M/-S on variant fixed, %g s per job count" % a.scaling_secs,
          ["jobs", "total execs/s", "per job", "ratio to 1 job"], rows)
    p = write_csv("scaling.csv", ["jobs", "execs_per_s", "execs_per_s_per_job", "ratio"], csv)
    log("wrote " + p)


# ---------------------------------------------------------------------------

def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
            model = m.group(1) if m else model
    except OSError:
        pass
    return "%d CPU(s), %s, load average %s" % (os.cpu_count() or 0, model,
                                               " ".join("%.2f" % x for x in os.getloadavg()))


def main():
    global OUT, TABLES_TXT, ENGINE_BINS, JOBS_MAKE, ZOO, CORPUS, CORPUS_SRC
    ap = argparse.ArgumentParser(prog="./build.sh bench", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--trials", type=int)
    ap.add_argument("--budget", type=float)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--variants")
    ap.add_argument("--strategies")
    ap.add_argument("--tables")
    ap.add_argument("--reps", type=int)
    ap.add_argument("--secs", type=float)
    ap.add_argument("--engine-secs", type=float)
    ap.add_argument("--scaling-secs", type=float)
    ap.add_argument("--max-jobs", type=int)
    ap.add_argument("--out")
    ap.add_argument("--zoo")
    ap.add_argument("--corpus")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--ab")
    a = ap.parse_args()
    q = a.quick
    a.trials = a.trials or (1 if q else 5)
    a.budget = a.budget or (20 if q else 3600)
    a.reps = a.reps or (3 if q else 5)
    a.secs = a.secs or (0.5 if q else 2)
    a.engine_secs = a.engine_secs or (4 if q else 10)
    a.scaling_secs = a.scaling_secs or (10 if q else 30)
    a.max_jobs = a.max_jobs or os.cpu_count() or 1
    a.strategies = (a.strategies or ",".join(STRATEGIES)).split(",")
    a.tables = (a.tables or ",".join(TABLES)).split(",")
    for s in a.strategies:
        if s not in STRATEGIES + CAMPAIGN_TARGET + [RANDOM_V2]:
            die("--strategies: one of %s, not '%s'"
                % (",".join(STRATEGIES + CAMPAIGN_TARGET + [RANDOM_V2]), s))
    for t in a.tables:
        if t not in TABLES:
            die("--tables: one of %s, not '%s'" % (",".join(TABLES), t))
    AB_ENV.clear()
    for kv in (a.ab or "").split(",") if a.ab is not None else []:
        k, eq, v = kv.partition("=")
        if kv.startswith("-") and not eq:
            k, v = kv[1:], None
        if not (eq or v is None) or not ENV_KEY.match(k):
            die("--ab: KEY=VALUE or -KEY, comma-separated (environment variables), not '%s'"
                % kv)
        AB_ENV[k] = v
    if a.ab is not None and "tte" not in a.tables:
        die("--ab compares time to exposure: it needs --tables tte")
    if AB_ENV and all(s in RANDOM_STRATEGIES for s in a.strategies):
        die("--ab: no engine strategy to compare (random runs no engine)")
    if a.trials < 1 or a.budget <= 0 or a.jobs < 1 or a.reps < 1 or a.max_jobs < 1:
        die("--trials, --budget, --jobs, --reps and --max-jobs must be positive")
    JOBS_MAKE = os.cpu_count() or 1
    OUT = os.path.abspath(a.out or os.path.join(TOP, "build", "bench", "quick" if q else "full"))
    ZOO = os.path.abspath(a.zoo or os.path.join(TOP, "tools", "zoo.tsv"))
    CORPUS = CORPUS_SRC = os.path.abspath(a.corpus or os.path.join(TOP, "corpus"))
    # The engines read seed folders recursively: stage the *.bin inputs
    # alone (corpus/ also holds its README and the scenario texts).
    seeds = os.path.join(OUT, "seeds")
    shutil.rmtree(seeds, ignore_errors=True)
    os.makedirs(seeds)
    for f in sorted(os.listdir(CORPUS)):
        if f.endswith(".bin") and os.path.isfile(os.path.join(CORPUS, f)):
            shutil.copy(os.path.join(CORPUS, f), seeds)
    CORPUS = seeds
    TABLES_TXT = []
    ENGINE_BINS = {}

    zoo = zoo_rows()
    names = [r["variant"] for r in zoo]
    if a.variants:
        want = a.variants.split(",")
        for w in want:
            if w not in names:
                die("--variants: '%s' is not a row of %s (%s)" % (w, ZOO, ", ".join(names)))
        zoo = [r for r in zoo if r["variant"] in want]
    elif q:
        zoo = [r for r in zoo if r["variant"] == "stale-prev"] or zoo[:1]
    if "libfuzzer-ignore-known" in a.strategies:
        prefixes = read_lines(KNOWN_FINDINGS)
        hidden = [r["variant"] for r in zoo if any(r["oracle"].startswith(k) for k in prefixes)]
        if hidden:
            die("libfuzzer-ignore-known would hide the zoo bug of %s (its oracle id is one of "
                "fuzz/known-findings.txt's); leave it out of --variants" % ", ".join(hidden))
    known = makefile_variants()
    for r in zoo:
        if r["variant"] not in known:
            die("variant '%s' of the zoo is not built by the Makefile (VARIANTS: %s)"
                % (r["variant"], " ".join(known)))
    needs_afl = "scaling" in a.tables or "throughput" in a.tables or \
        ("tte" in a.tables and any(s.startswith("afl") for s in a.strategies))
    if needs_afl and not shutil.which("afl-fuzz"):
        log("afl-fuzz is not installed (Debian: afl++): AFL++ rows are skipped")
        a.strategies = [s for s in a.strategies if not s.startswith("afl")]

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    os.chdir(TOP)
    t_start = time.monotonic()
    log("machine: " + machine())

    # Builds: the replay build with its tools, the cost-split builds, and
    # the engine builds each table needs.
    if not a.no_build:
        variants = sorted({"fixed"} | {r["variant"] for r in zoo})
        tg = ["build/bench/bin/bench_sim", "build/bench/bin/schedfuzz"]
        for v in variants:
            tg += ["build/bench/bin/bench-run-" + v, "build/bench/bin/fuzz-target-" + v,
                   "build/bench/libexec/schedfuzz-" + v]
        log("building build/bench (clang -O2)")
        make("build/bench", "clang", "-O2", "none", "", tg)
        if "throughput" in a.tables:
            for n, flags in SPLIT[1:]:
                log("building %s (%s)" % (split_build(n), flags))
                make(split_build(n), "clang", "-O2", "none", flags,
                     [split_build(n) + "/bin/bench-run-fixed",
                      split_build(n) + "/bin/fuzz-target-fixed"])
    kinds = []
    if "throughput" in a.tables:
        kinds.append(("fixed", "libfuzzer", NO_EXPECT))
    if "throughput" in a.tables or "scaling" in a.tables:
        if shutil.which("afl-fuzz"):
            kinds.append(("fixed", "afl", NO_EXPECT))
    if "tte" in a.tables:
        for r in zoo:
            kinds += [(r["variant"], s, r["oracle"]) for s in a.strategies
                      if s not in RANDOM_STRATEGIES]
    for v, kind, expect in kinds:
        # Two jobs or more: s1 is the CmpLog twin, as in the campaign.
        cmplog = kind.startswith("afl") and (
            ("tte" in a.tables and a.jobs > 1 and expect != NO_EXPECT) or
            ("scaling" in a.tables and a.max_jobs > 1 and expect == NO_EXPECT))
        if not a.no_build:
            log("building %s target of %s (crash: %s)%s"
                % (kind, v, expect, " and its CmpLog twin" if cmplog else ""))
        ENGINE_BINS[(v, kind, expect)] = build_engine(v, kind, expect, a.no_build, cmplog)
    if AB_ENV:
        a.strategies = [x for s in a.strategies
                        for x in ([s] if s in RANDOM_STRATEGIES else [s, s + AB_SUFFIX])]

    os.makedirs(OUT, exist_ok=True)
    print("schedfuzz bench (%s): %s" % ("quick" if q else "full", machine()), flush=True)
    TABLES_TXT.append("schedfuzz bench (%s): %s" % ("quick" if q else "full", machine()))
    try:
        if "throughput" in a.tables:
            run_throughput(a)
        if "tte" in a.tables:
            for r in zoo:
                sc = r.get("scenario")
                if sc and os.path.exists(sc):
                    got = scenario_id(r["variant"], sc)
                    if got != r["oracle"]:
                        die("%s: %s on %s fires %r, not the row's oracle %r"
                            % (ZOO, sc, r["variant"], got, r["oracle"]))
            run_tte(a, zoo)
        if "scaling" in a.tables:
            run_scaling(a)
    finally:
        stop_all()
    end = "done in %.0f s; machine after: %s" % (time.monotonic() - t_start, machine())
    print("\n" + end)
    TABLES_TXT.append("\n" + end)
    with open(os.path.join(OUT, "tables.txt"), "w") as f:
        f.write("\n".join(TABLES_TXT) + "\n")
    shutil.rmtree(os.path.join(OUT, "runs"), ignore_errors=True)
    log("results in %s/" % OUT)


if __name__ == "__main__":
    main()
