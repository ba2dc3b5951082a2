# SPDX-License-Identifier: Apache-2.0
# tests/fuzz/build.mk - libFuzzer targets (tests/fuzz/fuzz_*.c), included
# by tests/tests.mk.  See tests/fuzz/README.md.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="ini export"]
#                       builds the targets, then fuzzes each for FUZZ_SECONDS
#                       from its corpus; new inputs go to $(BUILD)/fuzz/new/,
#                       crashes to $(BUILD)/fuzz/artifacts/, never the tree
#   make fuzz-build     builds them only
#   make fuzz-regress   runs every corpus file once through its target
#
# Always clang (libFuzzer), whatever CC is, with ASan+UBSan.  The sources
# under test (lib/, pam/read_token.c, shell/export.c) are compiled again
# with -fsanitize=fuzzer-no-link into $(BUILD)/fuzz/obj: nothing mixes with
# $(BUILD)/obj or build/asan.  `make check` builds the targets in its plain
# pass when clang has libFuzzer, and tests/fuzz/test-fuzz-corpus.sh runs
# the corpora through them.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_OBJ := $(FUZZ_DIR)/obj

# The targets built: the whoami and OAuth parsers are reached through the
# hfai_parse_* functions lib/hub.h exposes for them.
FUZZ_TARGETS ?= ini token_clean export whoami oauth safe_text

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
FUZZ_CFLAGS := $(WARN) -g -O1 $(FUZZ_SAN) $(PKG_CFLAGS)
FUZZ_CPPFLAGS := -D_GNU_SOURCE -Ilib/include -Ilib/leaf -Ilib -DHFA_SANITIZE \
    -DHFA_HF_AUTH_PATH='"$(HFA_HF_AUTH_PATH)"'

FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(FUZZ_OBJ)/%.o)
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_EMIT := $(FUZZ_DIR)/export_emit

# What each target links besides its own object and the library.
FUZZ_EXTRA_ini :=
FUZZ_EXTRA_token_clean :=
FUZZ_EXTRA_export := $(FUZZ_OBJ)/shell/export.o
FUZZ_EXTRA_whoami :=
FUZZ_EXTRA_oauth :=
FUZZ_EXTRA_safe_text :=

# -max_len per target: a stored_tokens file, a token file (the PAM module
# reads 4096 bytes; the library's limit is 4096 too), a value, a JSON body.
FUZZ_MAXLEN_ini := 4096
FUZZ_MAXLEN_token_clean := 4200
FUZZ_MAXLEN_export := 1024
FUZZ_MAXLEN_whoami := 16384
FUZZ_MAXLEN_oauth := 8192
FUZZ_MAXLEN_safe_text := 4096
# libFuzzer dictionaries (tests/fuzz/*.dict), when a target has one.
FUZZ_DICT_ini := tests/fuzz/ini.dict
FUZZ_DICT_whoami := tests/fuzz/json.dict
FUZZ_DICT_oauth := tests/fuzz/json.dict

# clang with libFuzzer's runtime (Debian: libclang-rt-14-dev).
FUZZ_AVAILABLE := $(wildcard $(shell $(FUZZ_CC) -print-resource-dir \
    2>/dev/null)/lib/linux/libclang_rt.fuzzer-$(shell uname -m).a)

# `make check`: built in the plain pass only (the targets carry ASan
# already; the sanitizer and clang passes would only build them again).
ifneq ($(FUZZ_AVAILABLE),)
ifeq ($(SAN),)
ifneq ($(BUILD),$(CLANG_BUILD))
TEST_PROGS += $(FUZZ_BINS) $(FUZZ_EMIT)
endif
endif
endif

$(FUZZ_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    -MMD -MP -c -o $@ $<

# The targets include pam/ and shell/ headers as well.
$(FUZZ_OBJ)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) -Ipam -Ishell $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/libhfauth-fuzz.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

define FUZZ_LINK
$$(FUZZ_DIR)/fuzz_$(1): $$(FUZZ_OBJ)/tests/fuzz/fuzz_$(1).o \
    $$(FUZZ_EXTRA_$(1)) $$(FUZZ_DIR)/libhfauth-fuzz.a
	$$(FUZZ_CC) -fsanitize=fuzzer $$(FUZZ_SAN) -o $$@ $$< \
	    $$(FUZZ_EXTRA_$(1)) $$(FUZZ_DIR)/libhfauth-fuzz.a $$(LIB_LIBS) \
	    $$(FUZZ_LIBS_$(1))
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_LINK,$(t))))

# A plain program (its own main) over the same shell/export.o, for the
# real-shell check of tests/fuzz/test-fuzz-corpus.sh.
$(FUZZ_EMIT): $(FUZZ_OBJ)/tests/fuzz/export_emit.o $(FUZZ_OBJ)/shell/export.o
	$(FUZZ_CC) $(FUZZ_SAN) -o $@ $^

-include $(shell find $(FUZZ_OBJ) -name '*.d' 2>/dev/null)

.PHONY: fuzz fuzz-build fuzz-regress
fuzz-build: $(FUZZ_BINS) $(FUZZ_EMIT)

fuzz: fuzz-build
	@mkdir -p $(FUZZ_DIR)/artifacts
	@failed=; for spec in $(foreach t,$(FUZZ_TARGETS),$(t):$(FUZZ_MAXLEN_$(t)):$(FUZZ_DICT_$(t))); do \
	    t=$${spec%%:*}; rest=$${spec#*:}; max_len=$${rest%%:*}; \
	    dict=$${rest#*:}; [ -z "$$dict" ] || dict=-dict=$$dict; \
	    mkdir -p $(FUZZ_DIR)/new/$$t; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s (log: $(FUZZ_DIR)/$$t.log)"; \
	    $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	        -max_len=$$max_len -timeout=10 -rss_limit_mb=2048 \
	        -print_final_stats=1 $$dict \
	        -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t- \
	        $(FUZZ_DIR)/new/$$t tests/fuzz/corpus/$$t \
	        >$(FUZZ_DIR)/$$t.log 2>&1 \
	    || { grep -a -E '^fuzz_|ERROR: |SUMMARY: |runtime error|Test unit written' \
	             $(FUZZ_DIR)/$$t.log | head -n 8; \
	         echo "fuzz: $$t FAILED; see $(FUZZ_DIR)/$$t.log"; \
	         failed="$$failed $$t"; continue; }; \
	    grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' \
	        $(FUZZ_DIR)/$$t.log | tr -s ' \n' ' '; echo; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed"; exit 1; fi

fuzz-regress: fuzz-build
	HFA_BUILD=$(abspath $(BUILD)) tests/run.sh tests/fuzz/test-fuzz-corpus.sh
