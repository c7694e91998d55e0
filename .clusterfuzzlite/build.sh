#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only
# ClusterFuzzLite / OSS-Fuzz build step: $CC, $CFLAGS, $LIB_FUZZING_ENGINE
# and $OUT come from the builder; ./build.sh oss-fuzz installs the targets
# schedfuzz_<variant> (every variant of sim/kernel/variants.txt) with their seed corpora,
# dictionaries and options into $OUT.
cd "$SRC/schedfuzz"
./build.sh oss-fuzz
