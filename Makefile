# SPDX-License-Identifier: GPL-2.0-only
#
# Makefile - driven by build.sh, one configuration per BUILD directory:
#   make BUILD=build/san CC=clang OPT=-O1 SAN=asan
# Use ./build.sh rather than make directly.

BUILD ?= build/default
CC ?= cc
OPT ?= -O2
SAN ?= none

CFLAGS_BASE := -std=gnu11 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -fno-strict-aliasing -Isim -Isim/include -Itests -Ifuzz
ifeq ($(SAN),asan)
CFLAGS_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
else
CFLAGS_SAN :=
endif
CFLAGS_ALL := $(CFLAGS_BASE) $(OPT) $(CFLAGS_SAN) $(EXTRA_CFLAGS)
LDFLAGS_ALL := $(CFLAGS_SAN) $(EXTRA_LDFLAGS)
LIBS := -lm

# Objects depend on the flags they were built with: BUILD/.flags holds the
# compiler and flags of the last build there (BUILD/.flags-<variant> a
# variant's own), rewritten only when they change, so a changed OPT, SAN,
# EXTRA_CFLAGS or variant flag rebuilds what it touches.  A make that only
# builds the mutator .so (its own compiler and flags) leaves them alone.
# stamp_flags(file, variable): rewrite file unless it holds the variable's value.
define stamp_flags
ifneq ($$(strip $$(file < $(1))),$$(strip $$($(2))))
$$(shell mkdir -p $$(dir $(1)))
$$(file > $(1),$$(strip $$($(2))))
endif
endef
FLAGS_FILE := $(BUILD)/.flags
FLAGS_TEXT := $(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL)
STAMP_FLAGS := $(if $(MAKECMDGOALS),$(filter-out %.so,$(MAKECMDGOALS)),all)
ifneq ($(STAMP_FLAGS),)
$(eval $(call stamp_flags,$(FLAGS_FILE),FLAGS_TEXT))
endif

SIM_SRCS := sim/machine.c sim/lock.c sim/oracle.c sim/digest.c sim/ctx.c sim/lib/rbtree.c sim/lib/plist.c sim/lib/cpumask.c
SIM_ASM := sim/ctx_x86_64.S
TEST_SRCS := $(wildcard tests/unit/*.c)

SIM_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(SIM_SRCS)) \
	$(patsubst %.S,$(BUILD)/obj/%.o,$(SIM_ASM))
TEST_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(TEST_SRCS))

# The port, built once per variant.  sim/kernel/variants.txt is the one
# list (read through tools/variants.sh): the port variants fixed (v27 with
# 01/10) and stale-prev (01/10 reverted) get every binary, the kernel unit
# tests included; the zoo variants (one known bug put back each,
# docs/bugs.md) only schedfuzz's libexec build and the fuzz target.
VARIANTS := $(shell tools/variants.sh all)
PORT_VARIANTS := $(shell tools/variants.sh port)
$(foreach v,$(VARIANTS),$(eval CFLAGS_$(v) := $(shell tools/variants.sh cflags $(v)) -DSIM_VARIANT='"$(v)"'))
ifneq ($(STAMP_FLAGS),)
$(foreach v,$(VARIANTS),$(eval $(call stamp_flags,$(BUILD)/.flags-$(v),CFLAGS_$(v))))
endif
# A variant taken out of variants.txt leaves no binary behind in BUILD:
# schedfuzz lists libexec/ as the variants built, and the tests read that.
# Done as make reads this file (also under -q and -n), not by a target, so
# make -q's answer is unchanged.  An empty list (variants.txt unreadable)
# removes nothing.
ifneq ($(strip $(VARIANTS)),)
STALE_BINS := $(filter-out $(foreach v,$(VARIANTS),%/schedfuzz-$(v) %/fuzz-target-$(v) %/bench-run-$(v)), \
	$(wildcard $(BUILD)/libexec/schedfuzz-* $(BUILD)/bin/fuzz-target-* $(BUILD)/bin/bench-run-*))
ifneq ($(strip $(STALE_BINS)),)
$(info make: removing binaries of variants no longer in sim/kernel/variants.txt: $(notdir $(STALE_BINS)))
$(shell rm -f $(STALE_BINS))
endif
endif
KERNEL_SRCS := $(wildcard sim/kernel/*.c)
KTEST_SRCS := $(wildcard tests/kernel/*.c)
kobjs = $(patsubst %.c,$(BUILD)/obj-$(1)/%.o,$(KERNEL_SRCS) $(KTEST_SRCS))
kernobjs = $(patsubst %.c,$(BUILD)/obj-$(1)/%.o,$(KERNEL_SRCS))

# fuzz/: the program type and its two encodings need no kernel; running,
# tracing and the tool's verbs are built per variant: bin/schedfuzz runs
# libexec/schedfuzz-<variant>.
FUZZ_SRCS := fuzz/program.c fuzz/encoding.c fuzz/scenario.c fuzz/mutator.c fuzz/aimguard.c
FUZZ_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(FUZZ_SRCS))
FUZZ_KSRCS := fuzz/run.c fuzz/trace.c fuzz/state.c fuzz/minimize.c fuzz/aim.c
FTEST_SRCS := tests/fuzz/test_encoding.c tests/fuzz/test_scenario.c tests/fuzz/test_mutator.c \
	tests/fuzz/test_aimguard.c
FKTEST_SRCS := tests/fuzz/test_replay.c tests/fuzz/test_aim.c
fkobjs = $(patsubst %.c,$(BUILD)/obj-$(1)/%.o,$(FUZZ_KSRCS))

all: $(BUILD)/bin/test_sim $(BUILD)/bin/digests $(BUILD)/bin/bench_sim \
	$(foreach v,$(PORT_VARIANTS),$(BUILD)/bin/test_kernel_$(v) $(BUILD)/bin/test_fuzz_kernel_$(v)) \
	$(BUILD)/bin/test_fuzz $(BUILD)/bin/schedfuzz \
	$(foreach v,$(VARIANTS),$(BUILD)/libexec/schedfuzz-$(v)) \
	fuzz-targets $(BUILD)/lib/schedfuzz-mutator.so bench-tools

# What the determinism matrix of tests/run.sh (digest-matrix,
# schedfuzz-digest-matrix, template-matrix) runs in the plain gcc-O0,
# gcc-O2 and clang-O0 configurations: a quarter of "all"'s compile time.
matrix: $(BUILD)/bin/digests $(BUILD)/bin/schedfuzz \
	$(foreach v,$(PORT_VARIANTS),$(BUILD)/libexec/schedfuzz-$(v)) $(BUILD)/bin/bench-run-k7

# The benchmark's runner of programs per variant (tools/bench_run.c), for
# ./build.sh bench (tools/bench.py).
bench-tools: $(foreach v,$(VARIANTS),$(BUILD)/bin/bench-run-$(v))

# The fuzz target (fuzz/target.c) per variant.  In the test configurations
# it is the plain replay main(); build.sh fuzz-build makes the libFuzzer and
# AFL++ builds in their own BUILD folders with EXTRA_CFLAGS/EXTRA_LDFLAGS.
fuzz-targets: $(foreach v,$(VARIANTS),$(BUILD)/bin/fuzz-target-$(v))

define variant_rules
$(BUILD)/obj-$(1)/%.o: %.c $(FLAGS_FILE) $(BUILD)/.flags-$(1)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS_ALL) -Isim/kernel $$(CFLAGS_$(1)) -MMD -MP -c -o $$@ $$<

$(BUILD)/bin/test_kernel_$(1): $(call kobjs,$(1)) $(BUILD)/obj/tests/harness.o $(BUILD)/lib/libsim.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS_ALL) -o $$@ $$^ $$(LIBS)

$(BUILD)/libexec/schedfuzz-$(1): $(BUILD)/obj-$(1)/fuzz/tool.o $(call fkobjs,$(1)) \
		$(FUZZ_OBJS) $(call kernobjs,$(1)) $(BUILD)/lib/libsim.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS_ALL) -o $$@ $$^ $$(LIBS)

$(BUILD)/bin/fuzz-target-$(1): $(BUILD)/obj-$(1)/fuzz/target.o $(call fkobjs,$(1)) \
		$(FUZZ_OBJS) $(call kernobjs,$(1)) $(BUILD)/lib/libsim.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS_ALL) -o $$@ $$^ $$(LIBS)

$(BUILD)/bin/bench-run-$(1): $(BUILD)/obj-$(1)/tools/bench_run.o $(call fkobjs,$(1)) \
		$(FUZZ_OBJS) $(call kernobjs,$(1)) $(BUILD)/lib/libsim.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS_ALL) -o $$@ $$^ $$(LIBS)

$(BUILD)/bin/test_fuzz_kernel_$(1): $(patsubst %.c,$(BUILD)/obj-$(1)/%.o,$(FKTEST_SRCS)) \
		$(call fkobjs,$(1)) $(FUZZ_OBJS) $(call kernobjs,$(1)) \
		$(BUILD)/obj/tests/harness.o $(BUILD)/lib/libsim.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS_ALL) -o $$@ $$^ $$(LIBS)
endef
$(foreach v,$(VARIANTS),$(eval $(call variant_rules,$(v))))

# The structure-aware mutator as AFL++ loads it (AFL_CUSTOM_MUTATOR_LIBRARY):
# a plain shared object, never instrumented, so MUT_CC is a plain compiler.
# It carries the simulator and the fixed port, to aim choice streams
# (fuzz/aim.c), without digests (an aim only needs the run's decisions).
# The invariant checks stay: a run stops at its first finding, as the
# target's does, rather than going on from a broken state inside afl-fuzz.
# Only the afl_custom_* entry points are exported.
MUT_CC ?= $(CC)
MUT_SRCS := fuzz/mutator.c fuzz/program.c fuzz/encoding.c fuzz/aim.c fuzz/aimguard.c fuzz/run.c \
	$(SIM_SRCS) $(SIM_ASM) $(KERNEL_SRCS)
$(BUILD)/lib/schedfuzz-mutator.so: $(MUT_SRCS) $(wildcard fuzz/*.h sim/*.h sim/kernel/*.h) \
		sim/kernel/variants.txt Makefile
	@mkdir -p $(dir $@)
	$(MUT_CC) $(CFLAGS_BASE) -O2 -fPIC -shared -fvisibility=hidden -Isim/kernel \
		$(CFLAGS_fixed) -DSIM_NO_DIGEST -DSCHEDFUZZ_AFL_MUTATOR \
		-o $@ $(MUT_SRCS) $(LIBS)

$(BUILD)/lib/libsim.a: $(SIM_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/bin/test_sim: $(TEST_OBJS) $(BUILD)/obj/tests/harness.o $(BUILD)/obj/tests/toys.o $(BUILD)/lib/libsim.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/bin/test_fuzz: $(patsubst %.c,$(BUILD)/obj/%.o,$(FTEST_SRCS)) $(FUZZ_OBJS) \
		$(BUILD)/obj/tests/harness.o $(BUILD)/lib/libsim.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/bin/schedfuzz: $(BUILD)/obj/fuzz/schedfuzz.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/bin/digests: $(BUILD)/obj/tests/digests.o $(BUILD)/obj/tests/toys.o $(BUILD)/lib/libsim.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/bin/bench_sim: $(BUILD)/obj/tools/bench_sim.o $(BUILD)/obj/tests/toys.o $(BUILD)/lib/libsim.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/obj/%.o: %.c $(FLAGS_FILE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%.o: %.S $(FLAGS_FILE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

.PHONY: all matrix fuzz-targets bench-tools
