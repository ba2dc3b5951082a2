# SPDX-License-Identifier: Apache-2.0
# tests/load: pam_threads, the many-threads PAM session test program
# (tests/load/test-pam-threads.sh).  Built with the tree's flags, so the
# sanitizer build checks it too.  It links tests/pam/syslog_capture.c for the
# module's log lines, exported with -rdynamic as tests/pam/pam_app is.
TEST_PROGS += $(BUILD)/tests/pam_threads

$(BUILD)/tests/pam_threads: $(BUILD)/obj/tests/load/pam_threads.o \
    $(BUILD)/obj/tests/pam/syslog_capture.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -rdynamic -pthread -o $@ $^ -lpam
