#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build.sh - the only build entry point of schedfuzz.
#
#   ./build.sh build        build every configuration the tests use, and
#                           build/bin/schedfuzz
#   ./build.sh test         build and run the whole test suite (what CI runs)
#   ./build.sh bench [--quick]  throughput, time to exposure, scaling
#                           (tools/bench.py --help; build/bench/<mode>/)
#   ./build.sh fuzz ...     run a fuzz campaign (--help: options; fuzz/README.md)
#   ./build.sh fuzz-build [--check]  build the fuzz targets: libFuzzer,
#                           AFL++, CmpLog, every variant (FUZZ_VARIANTS="fixed
#                           k1" limits; FUZZ_ENGINES=afl|libfuzzer); --check
#                           builds nothing and exits 1 if any is out of date
#   ./build.sh oss-fuzz     OSS-Fuzz/ClusterFuzzLite build into $OUT, with $CC,
#                           $CFLAGS and $LIB_FUZZING_ENGINE (the default when
#                           $OUT and $LIB_FUZZING_ENGINE are both set)
#   ./build.sh deps         install the Debian packages the build needs
#   ./build.sh clean        remove build/
#
# Dependencies come only from Debian packages.  Run as root, missing ones are
# installed with apt-get; otherwise the exact apt-get command is printed.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$top"

# Debian packages needed by each subcommand.
PKGS_BUILD="gcc clang make libclang-rt-14-dev libxxhash-dev"
PKGS_TEST="$PKGS_BUILD python3 zip"
PKGS_BENCH="$PKGS_BUILD python3 afl++"
PKGS_PLOT="gnuplot-nox"	# optional: without it the bench skips only its plot
PKGS_FUZZ="$PKGS_BUILD afl++"

jobs=$(nproc 2>/dev/null || echo 2)

die() { echo "build.sh: $*" >&2; exit 2; }

pkg_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

ensure_pkgs() {
	local missing=() p
	command -v dpkg-query >/dev/null ||
		die "this is not a Debian system; install by hand: $*"
	for p in "$@"; do
		pkg_installed "$p" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "build.sh: missing Debian packages: ${missing[*]}" >&2
		echo "build.sh: install them with:" >&2
		echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
		exit 2
	fi
	echo "build.sh: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || die "apt-get update failed"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
}

# The configurations the test suite builds: name CC OPT SAN [make target].
#   san   : the default test build, ASan+UBSan, clang -O1
#   san-gcc: the same under gcc
#   clang-O2: the user's tool (build/bin/schedfuzz), every binary
#   gcc-O0 gcc-O2 clang-O0: plain builds for the determinism matrix, only
#     what it runs (the Makefile's "matrix"); the three above compile every
#     source of every variant under -Werror with both compilers.
CONFIGS="san:clang:-O1:asan san-gcc:gcc:-O1:asan gcc-O0:gcc:-O0:none:matrix gcc-O2:gcc:-O2:none:matrix clang-O0:clang:-O0:none:matrix clang-O2:clang:-O2:none"

# make, or with FUZZ_CHECK=1 make -q: nothing is built, stale=1 when
# something would be.
stale=0
run_make() {
	if [ "${FUZZ_CHECK:-0}" = 1 ]; then
		make -q "$@" 2>/dev/null
		case $? in
		0) ;;
		1) stale=1 ;;
		*) die "fuzz-build --check: make -q $* failed" ;;
		esac
	else
		make -s -j"$jobs" "$@"
	fi
}

build_config() {
	local name cc opt san target
	IFS=: read -r name cc opt san target <<<"$1"
	run_make BUILD="build/$name" CC="$cc" OPT="$opt" SAN="$san" "${target:-all}"
}

cmd_build() {
	ensure_pkgs $PKGS_BUILD
	local c
	for c in $CONFIGS; do
		build_config "$c"
	done
	# The user-facing tool: the optimised build without sanitizers.
	mkdir -p build/bin
	ln -sfn ../clang-O2/bin/schedfuzz build/bin/schedfuzz
}

cmd_test() {
	ensure_pkgs $PKGS_TEST
	cmd_build
	# The smoke campaigns: libFuzzer needs only clang's runtime; afl++ is
	# installed when root, else its smoke run is skipped.
	if ! pkg_installed afl++ && [ "$(id -u)" -eq 0 ]; then
		ensure_pkgs afl++ || true
	fi
	if command -v afl-clang-fast >/dev/null; then
		FUZZ_VARIANTS=fixed FUZZ_ENGINES=both cmd_fuzz_build
	else
		FUZZ_VARIANTS=fixed FUZZ_ENGINES=libfuzzer cmd_fuzz_build
	fi
	exec tests/run.sh "$@"
}

# The benchmark (tools/bench.py --help): throughput and its cost split, time
# to exposure per zoo variant and strategy, scaling; tables, CSV and a
# survival plot in build/bench/quick or build/bench/full.  gnuplot is
# installed when root, else only the plot is skipped.
cmd_bench() {
	local a
	for a in "$@"; do
		case "$a" in -h | --help) exec tools/bench.py --help ;; esac
	done
	ensure_pkgs $PKGS_BENCH
	if ! pkg_installed $PKGS_PLOT; then
		if [ "$(id -u)" -eq 0 ]; then
			(ensure_pkgs $PKGS_PLOT) || echo "build.sh: no $PKGS_PLOT: no plot" >&2
		else
			echo "build.sh: $PKGS_PLOT is not installed: no plot (sudo apt-get install -y $PKGS_PLOT)" >&2
		fi
	fi
	exec tools/bench.py "$@"
}

# The fuzz builds of fuzz/target.c, each in its own BUILD folder:
#   build/fuzz-libfuzzer/bin/fuzz-target-<variant>   clang -fsanitize=fuzzer,address,undefined
#   build/fuzz-afl/bin/fuzz-target-<variant>         afl-clang-fast, persistent + shmem
#   build/fuzz-afl-cmplog/bin/fuzz-target-<variant>  the same with AFL_LLVM_CMPLOG=1
# FUZZ_ENGINES (libfuzzer, afl or both) picks which; afl needs afl++.
# FUZZ_VARIANTS (default: every variant of sim/kernel/variants.txt, the bug
# zoo included) limits which variants are built.
fuzz_variants() {
	local v
	[ -z "${FUZZ_VARIANTS:-}" ] && { tools/variants.sh all; return; }
	for v in $FUZZ_VARIANTS; do
		tools/variants.sh check "$v" ||
			die "FUZZ_VARIANTS: no variant '$v' (variants: $(tools/variants.sh all | tr '\n' ' '))"
		echo "$v"
	done
}

fuzz_targets() {
	local b=$1 v vs
	vs=$(fuzz_variants) || exit 2
	for v in $vs; do echo "$b/bin/fuzz-target-$v"; done
}

# fuzz/engine-builds.env (shared with tools/bench.py; FILE for the tests),
# read once in this shell: KEY=VALUE lines, the value as written but for
# @TOP@; blanks around a line (a CR too) do not count, as in bench.py's
# read_env_file() (test engine-builds-read-alike).
declare -A ENGINE_BUILD=()
read_engine_builds() {
	local f=${1:-fuzz/engine-builds.env} line k n=0 top_p
	top_p=$(pwd -P)	# physical, as bench.py's TOP (abspath joins the physical getcwd())
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		line=${line#"${line%%[![:space:]]*}"}
		line=${line%"${line##*[![:space:]]}"}
		case "$line" in '#'* | '') continue ;; esac
		k=${line%%=*}
		[[ "$line" == *=* && "$k" =~ ^[A-Z_][A-Z0-9_]*$ ]] ||
			die "$f:$n:1: expected KEY=VALUE"
		ENGINE_BUILD[$k]=${line#*=}
		ENGINE_BUILD[$k]=${ENGINE_BUILD[$k]//@TOP@/"$top_p"}
	done <"$f"
	for k in LIBFUZZER_CC LIBFUZZER_OPT LIBFUZZER_SAN LIBFUZZER_CFLAGS LIBFUZZER_LDFLAGS \
		AFL_CC AFL_OPT AFL_SAN AFL_CFLAGS AFL_ALLOWLIST; do
		[ -n "${ENGINE_BUILD[$k]+set}" ] || die "$f: no $k"
	done
}

build_fuzz_libfuzzer() {
	run_make BUILD=build/fuzz-libfuzzer CC="${ENGINE_BUILD[LIBFUZZER_CC]}" \
		OPT="${ENGINE_BUILD[LIBFUZZER_OPT]}" SAN="${ENGINE_BUILD[LIBFUZZER_SAN]}" \
		EXTRA_CFLAGS="${ENGINE_BUILD[LIBFUZZER_CFLAGS]}" \
		EXTRA_LDFLAGS="${ENGINE_BUILD[LIBFUZZER_LDFLAGS]}" $(fuzz_targets build/fuzz-libfuzzer)
}

build_fuzz_afl() {
	local afl=(CC="${ENGINE_BUILD[AFL_CC]}" OPT="${ENGINE_BUILD[AFL_OPT]}"
		   SAN="${ENGINE_BUILD[AFL_SAN]}" EXTRA_CFLAGS="${ENGINE_BUILD[AFL_CFLAGS]}")
	AFL_LLVM_ALLOWLIST=${ENGINE_BUILD[AFL_ALLOWLIST]}
	export AFL_LLVM_ALLOWLIST
	AFL_QUIET=1 run_make BUILD=build/fuzz-afl "${afl[@]}" $(fuzz_targets build/fuzz-afl)
	# (afl-clang-fast tests AFL_LLVM_CMPLOG for being set, not its value.)
	AFL_QUIET=1 AFL_LLVM_CMPLOG=1 run_make BUILD=build/fuzz-afl-cmplog "${afl[@]}" \
		$(fuzz_targets build/fuzz-afl-cmplog)
	# The structure-aware mutator AFL++ loads: a plain, uninstrumented .so.
	run_make BUILD=build/fuzz-afl CC=clang MUT_CC=clang build/fuzz-afl/lib/schedfuzz-mutator.so
}

cmd_fuzz_build() {
	local engines=${FUZZ_ENGINES:-both}
	case "${1:-}" in
	--check) FUZZ_CHECK=1 ;;
	"") ;;
	*) die "fuzz-build: --check or nothing, not '$1'" ;;
	esac
	# A check installs nothing (a campaign run by hand asks; afl++ may be
	# built from source there).
	if [ "${FUZZ_CHECK:-0}" = 1 ]; then
		:
	elif [ "$engines" = libfuzzer ]; then
		ensure_pkgs $PKGS_BUILD
	else
		ensure_pkgs $PKGS_FUZZ
	fi
	fuzz_variants >/dev/null # dies on a FUZZ_VARIANTS name not in the list
	read_engine_builds
	# The replay side (schedfuzz, the plain target) comes from the test
	# build; a check looks only at what a campaign runs of it.
	if [ "${FUZZ_CHECK:-0}" = 1 ]; then
		run_make BUILD=build/san CC=clang OPT=-O1 SAN=asan build/san/bin/schedfuzz \
			$(fuzz_variants | sed 's|^|build/san/libexec/schedfuzz-|')
	else
		build_config "san:clang:-O1:asan"
	fi
	case "$engines" in
	libfuzzer) build_fuzz_libfuzzer ;;
	afl) build_fuzz_afl ;;
	*) build_fuzz_libfuzzer; build_fuzz_afl ;;
	esac
	if [ "${FUZZ_CHECK:-0}" = 1 ] && [ "$stale" = 1 ]; then
		echo "build.sh: fuzz-build --check: out of date (run ./build.sh fuzz-build)" >&2
		exit 1
	fi
}

cmd_fuzz() {
	local a b engine="" variant=fixed
	for a in "$@"; do
		case "$a" in -h | --help) exec fuzz/campaign.sh --help ;; esac
	done
	# Which engine: --engine E, else afl (installed when root); which
	# variant: --variant V, else fixed.  Only that variant is built.
	for ((a = 1; a <= $#; a++)); do
		b=$((a + 1))
		case "${!a}" in
		--engine) engine=${!b:-} ;;
		--variant) variant=${!b:-} ;;
		esac
	done
	tools/variants.sh check "$variant" ||
		die "fuzz: --variant: one of $(tools/variants.sh all | tr '\n' ' ')not '$variant'"
	if [ "$engine" = libfuzzer ]; then
		FUZZ_VARIANTS=$variant FUZZ_ENGINES=libfuzzer cmd_fuzz_build
	else
		FUZZ_VARIANTS=$variant FUZZ_ENGINES=afl cmd_fuzz_build
	fi
	SCHEDFUZZ_BUILT=1 exec fuzz/campaign.sh "$@"
}

# The OSS-Fuzz convention: the builder image brings the compiler and the
# flags; install each target into $OUT with <target>_seed_corpus.zip,
# <target>.dict and <target>.options.  No apt-get here: those images have
# their own clang, and the Dockerfile installs libxxhash-dev and zip.
# Every variant (FUZZ_VARIANTS limits them): schedfuzz_<variant, - as _>.
cmd_oss_fuzz() {
	local v t vs
	[ -n "${OUT:-}" ] || die "oss-fuzz: set \$OUT"
	[ -n "${LIB_FUZZING_ENGINE:-}" ] || die "oss-fuzz: set \$LIB_FUZZING_ENGINE"
	[ -f /usr/include/xxhash.h ] || die "oss-fuzz: needs libxxhash-dev"
	command -v zip >/dev/null || die "oss-fuzz: needs zip"
	mkdir -p "$OUT"
	vs=$(fuzz_variants) || exit 2
	for v in $vs; do
		t=schedfuzz_${v//-/_}
		make -s -j"$jobs" BUILD=build/oss-fuzz CC="${CC:-clang}" OPT= SAN=none \
			EXTRA_CFLAGS="${CFLAGS:-} -DSCHEDFUZZ_LIBFUZZER" \
			EXTRA_LDFLAGS="${CFLAGS:-} $LIB_FUZZING_ENGINE" \
			build/oss-fuzz/bin/fuzz-target-$v
		cp build/oss-fuzz/bin/fuzz-target-$v "$OUT/$t"
		rm -f "$OUT/${t}_seed_corpus.zip"
		zip -jq "$OUT/${t}_seed_corpus.zip" corpus/*.bin
		cp fuzz/schedfuzz.dict "$OUT/$t.dict"
		printf '[libfuzzer]\ndict = %s.dict\nmax_len = 16384\n' "$t" >"$OUT/$t.options"
	done
}

usage() {
	sed -n '3,/^set /{/^set /d;p}' "$0" | sed 's/^# \{0,1\}//'
}

if [ $# -eq 0 ] && [ -n "${OUT:-}" ] && [ -n "${LIB_FUZZING_ENGINE:-}" ]; then
	set -- oss-fuzz
fi
sub=${1:-build}
[ $# -gt 0 ] && shift
case "$sub" in
build) cmd_build "$@" ;;
test) cmd_test "$@" ;;
bench) cmd_bench "$@" ;;
fuzz) cmd_fuzz "$@" ;;
fuzz-build) cmd_fuzz_build "$@" ;;
oss-fuzz) cmd_oss_fuzz "$@" ;;
deps) ensure_pkgs $PKGS_BUILD ;;
clean) rm -rf build ;;
-h | --help | help) usage ;;
*) usage >&2; exit 2 ;;
esac
