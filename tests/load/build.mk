# tests/load: pam_threads, the many-threads PAM session test program
# (tests/load/test-pam-threads.sh).  Built with the tree's flags, so the
# sanitizer build checks it too.  It defines syslog() for the module's log
# lines, exported with -rdynamic as tests/pam/pam_app is.
TEST_PROGS += $(BUILD)/tests/pam_threads

$(BUILD)/tests/pam_threads: $(BUILD)/obj/tests/load/pam_threads.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -rdynamic -pthread -o $@ $< -lpam
