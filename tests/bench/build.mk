# SPDX-License-Identifier: Apache-2.0
# tests/bench: the programs `make bench` runs (tests/bench/run.sh), built
# here and nowhere else, into $(BUILD)/bench/.  They are in TEST_PROGS too,
# so that check-build compiles them with both compilers and the sanitizers
# (nothing in `make check` runs them).
#
#   spawn        runs commands interleaved, mean time and peak RSS
#                (tests/bench/commands.sh)
#   pam_bench    times PAM transactions of several stacks (tests/bench/pam.sh)
#   pam_floor.so the yardstick module of tests/bench/pam.sh, never installed
#   store-scale  the time per stored entry of hfa_auth_list()
#                (tests/bench/store.sh)
BENCH_PROGS := $(BUILD)/bench/spawn $(BUILD)/bench/pam_bench \
    $(BUILD)/bench/pam_floor.so $(BUILD)/bench/store-scale
TEST_PROGS += $(BENCH_PROGS)

.PHONY: bench bench-build
bench-build: all $(BENCH_PROGS) $(BUILD)/tests/pam_app

# Fails when any benchmark fails (tests/bench/run.sh).
bench: bench-build
	@HFA_BUILD=$(BUILD) tests/bench/run.sh

$(BUILD)/bench/spawn: $(BUILD)/obj/tests/bench/spawn.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^

$(BUILD)/bench/pam_bench: $(BUILD)/obj/tests/bench/pam-bench.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lpam

$(BUILD)/bench/pam_floor.so: $(BUILD)/obj/tests/bench/pam-floor.o
	@mkdir -p $(dir $@)
	$(CC) -shared $(ALL_LDFLAGS) -o $@ $^ -lpam

$(BUILD)/bench/store-scale: $(BUILD)/obj/tests/bench/store-scale.o \
    $(BUILD)/libhfauth.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libhfauth.a $(LIB_LIBS)
