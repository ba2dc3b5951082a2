# SPDX-License-Identifier: Apache-2.0
# Tests.  `make check` installs what the tests need (make deps), then in a
# fresh make (so pkg-config sees what deps installed) builds everything
# twice, plainly and with ASan+UBSan, and runs the whole suite against both
# builds with one closing summary line.  A third build with clang, not run,
# keeps the tree free of warnings from both compilers.
SAN_BUILD := build/asan
CLANG_BUILD := build/clang

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/test_%.c=$(BUILD)/tests/unit_%)
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null) $(LIB_LIBS)
TEST_PROGS += $(UNIT_BINS)

# Test folders with programs to build bring their own rules.
include $(wildcard tests/*/build.mk)

$(BUILD)/tests/unit_%: $(BUILD)/obj/tests/unit/test_%.o $(BUILD)/libhfauth.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libhfauth.a $(TEST_LIBS)

.PHONY: check check-build check-run demo
check-build: all $(TEST_PROGS)

check:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory check-run

# The three builds use every core (CHECK_JOBS): they are most of the time
# make check takes beside the tests, which run one at a time.
CHECK_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
check-run:
	$(MAKE) --no-print-directory -j$(CHECK_JOBS) check-build
	$(MAKE) --no-print-directory -j$(CHECK_JOBS) SAN=1 BUILD=$(SAN_BUILD) check-build
	$(MAKE) --no-print-directory -j$(CHECK_JOBS) CC=clang BUILD=$(CLANG_BUILD) check-build
	HFA_BUILDS="$(BUILD) $(SAN_BUILD)" tests/run.sh

demo:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	@tests/demo.sh

