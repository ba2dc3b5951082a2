# SPDX-License-Identifier: Apache-2.0
# tests/interactive: ptydrive, the pseudo-terminal driver the interactive
# tests (tests/interactive/test-*.sh) run hf-auth under.  Built with the
# tree's flags, so the sanitizer build checks it too.
TEST_PROGS += $(BUILD)/tests/ptydrive

$(BUILD)/tests/ptydrive: $(BUILD)/obj/tests/interactive/ptydrive.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $<
