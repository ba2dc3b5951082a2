# SPDX-License-Identifier: Apache-2.0
# tests/bench: store-scale, the time per stored entry of hfa_auth_list()
# (tests/bench/store.sh).  Built with the tests too, so that every build
# (the sanitizer one included) keeps it compiling.
BENCH_PROGS += $(BUILD)/bench/store-scale
TEST_PROGS += $(BUILD)/bench/store-scale

$(BUILD)/bench/store-scale: $(BUILD)/obj/tests/bench/store-scale.o \
    $(BUILD)/libhfauth.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libhfauth.a $(LIB_LIBS)
