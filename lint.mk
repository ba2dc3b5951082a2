# SPDX-License-Identifier: Apache-2.0
# lint.mk - static checks of the C sources (included by the top Makefile).
#
#   make lint           the library's layering (tools/check-layers),
#                       clang-tidy (.clang-tidy) and cppcheck over lib/,
#                       shell/, pam/ and slurm/; fails on any finding.
#                       Not part of `make check`; keep it green.
#                       clang-tidy takes about 65 s of CPU (one file at a
#                       time: ~70 s);
#                       `make -j2 lint` runs files in parallel (~45 s on
#                       two idle cores).  cppcheck takes ~3 s.
#   make format-check   fails when a C file differs from .clang-format
#                       (part of `make lint`).
#
# clang-tidy sees each file with the flags the build compiles it with
# (CPPFLAGS and ALL_CFLAGS, target-specific additions included, -Werror
# left out: .clang-tidy makes every finding an error anyway).  cppcheck
# gets the same defines and include folders but not the system headers:
# its posix and gnu library files describe libc instead, which is faster
# and what cppcheck recommends.  Silence a false positive on its line with
# NOLINT(check) or `cppcheck-suppress id` and a reason; whole-tree
# cppcheck suppressions live in .cppcheck-suppressions.

CLANG_TIDY   ?= clang-tidy
CPPCHECK     ?= cppcheck
CLANG_FORMAT ?= clang-format

LINT_SRCS := $(wildcard lib/*.c shell/*.c pam/*.c slurm/*.c)
LINT_TIDY := $(LINT_SRCS:%=lint-tidy/%)
LINT_TIDY_FLAGS = $(CPPFLAGS) $(filter-out -Werror,$(ALL_CFLAGS))

# What the build adds for some files (the top Makefile's include paths per
# part, shell/hooks.mk, pam/pam.mk).
lint-tidy/lib/%: CPPFLAGS += $(LIB_INCLUDES)
lint-tidy/pam/%: CPPFLAGS += $(LEAF_INCLUDES)
lint-tidy/slurm/%: CPPFLAGS += $(LEAF_INCLUDES)
lint-tidy/shell/%: CPPFLAGS += $(API_INCLUDES)
lint-tidy/shell/init.c: CPPFLAGS += -I$(BUILD)/gen/shell
$(filter lint-tidy/pam/%,$(LINT_TIDY)): \
    CPPFLAGS += -DHFA_HF_AUTH_PATH='"$(HFA_HF_AUTH_PATH)"'

CPPCHECK_FLAGS = --enable=warning,style,performance,portability \
    --error-exitcode=1 --inline-suppr --std=c11 --quiet \
    --library=posix --library=gnu \
    --suppressions-list=.cppcheck-suppressions \
    -D_GNU_SOURCE -DHFA_HF_AUTH_PATH='"$(HFA_HF_AUTH_PATH)"' \
    -Ilib/include -Ilib/leaf -Ilib -I$(BUILD)/gen/shell

.PHONY: lint lint-clang-tidy lint-cppcheck lint-layers format-check \
    $(LINT_TIDY)

lint: lint-layers lint-clang-tidy lint-cppcheck format-check

# The library's call graph follows LIB_LAYERS (lib/lib.mk): no object calls
# a function of a layer above it.
lint-layers: $(LIB_OBJS)
	@tools/check-layers $(BUILD)/obj/lib $(LIB_LAYERS)

lint-clang-tidy: $(LINT_TIDY)

# shell/init.c includes the generated hooks.h.  A file's findings are
# printed together (readable under -j), without clang's "N warnings
# generated" count, which includes the system headers' it hides anyway.
$(LINT_TIDY): lint-tidy/%: % $(BUILD)/gen/shell/hooks.h
	@echo "clang-tidy $<"
	@out=$$($(CLANG_TIDY) --quiet $< -- $(LINT_TIDY_FLAGS) 2>&1); rc=$$?; \
	    printf '%s\n' "$$out" | \
	    grep -Ev '^[0-9]+ (warning|error)s?( and [0-9]+ errors?)? generated\.$$'; \
	    exit $$rc

lint-cppcheck: $(BUILD)/gen/shell/hooks.h
	$(CPPCHECK) $(CPPCHECK_FLAGS) lib shell pam slurm

# Every C file of the tree follows .clang-format; `make lint` fails on any
# drift (`clang-format -i FILE` fixes one).  Generated tables opt out in
# their first lines (lib/pylower.h).
FORMAT_SRCS := $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format-check:
	@n=0; for f in $(FORMAT_SRCS); do \
	    c=$$($(CLANG_FORMAT) --dry-run $$f 2>&1 | grep -c ': warning:'); \
	    [ "$$c" = 0 ] || { echo "$$f: $$c changes suggested (clang-format -i $$f)"; n=$$((n + 1)); }; \
	done; \
	echo "format-check: $$n of $(words $(FORMAT_SRCS)) files differ from .clang-format"; \
	[ "$$n" = 0 ]
