# SPDX-License-Identifier: Apache-2.0
# pam/pam.mk - the PAM session module pam_hfauth.so (pam_hfauth(8)), its
# test programs and its install lines.  Included by the top Makefile.
#
# The module links the bottom layers of the library by name (PAM_LIB_OBJS),
# not libhfauth.a: the token leaf and the path resolution a login needs,
# nothing that writes, locks, parses JSON or goes to the network.  A pam/
# file that called anything else of the library would leave an undefined
# symbol, which -z defs makes a link error: the build keeps the layers.
# libcurl never comes in (tests/pam check that it is never mapped).  Only
# pam_sm_open_session and pam_sm_close_session are exported
# (pam/pam_hfauth.map).

PAM_SRCS := $(wildcard pam/*.c)
PAM_OBJS := $(PAM_SRCS:%.c=$(BUILD)/obj/%.o)
PAM_LIB_OBJS := $(patsubst %,$(BUILD)/obj/lib/%.o,util text template token ctx)
# The hf-auth binary that `validate` and `refresh` run; option hf_auth=.
HFA_HF_AUTH_PATH ?= $(BINDIR)/hf-auth

# -z defs: every symbol resolved at link time, so a missing one fails the
# build instead of a login.  Not with sanitizers: clang leaves the runtime
# to the executable.  --gc-sections: what no path of the module reaches
# (most of ctx.c, some of util.c) stays out of every login process; the
# objects are compiled with a section per function for it.
PAM_LDFLAGS := -shared -Wl,--version-script=pam/pam_hfauth.map \
    -Wl,--gc-sections $(if $(SAN),,-Wl,-z,defs)

all: $(BUILD)/pam_hfauth.so

$(PAM_OBJS): CPPFLAGS += -DHFA_HF_AUTH_PATH='"$(HFA_HF_AUTH_PATH)"'
$(PAM_OBJS): ALL_CFLAGS += $(SECTION_CFLAGS)

$(BUILD)/pam_hfauth.so: $(PAM_OBJS) $(PAM_LIB_OBJS) pam/pam_hfauth.map
	$(CC) $(PAM_LDFLAGS) $(ALL_LDFLAGS) -o $@ $(PAM_OBJS) \
	    $(PAM_LIB_OBJS) -lpam

# --- tests (built by tests/tests.mk through TEST_PROGS) ---------------------
# pam_app exports its syslog() replacements (-rdynamic) so that libpam's
# pam_syslog lines land in a file the tests read: no LD_PRELOAD, which
# would not mix with the sanitizer build.
PAM_TEST_PROGS := $(BUILD)/tests/pam_app $(BUILD)/tests/pam_dlopen
TEST_PROGS += $(PAM_TEST_PROGS)

$(BUILD)/tests/pam_app: $(BUILD)/obj/tests/pam/pam_app.o \
    $(BUILD)/obj/tests/pam/syslog_capture.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -rdynamic -o $@ $^ -lpam -ldl

$(BUILD)/tests/pam_dlopen: $(BUILD)/obj/tests/pam/pam_dlopen.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -ldl

.PHONY: install-pam uninstall-pam pam-test-progs
pam-test-progs: $(PAM_TEST_PROGS)

# Not part of `make install`: a module in PAMDIR is one line away from
# every login of the machine, so installing it is a step of its own (as
# root; PAMDIR is the system's whatever PREFIX is).
install-pam: $(BUILD)/pam_hfauth.so
	install -d $(DESTDIR)$(PAMDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 0644 $(BUILD)/pam_hfauth.so $(DESTDIR)$(PAMDIR)/pam_hfauth.so
	install -m 0644 pam/pam_hfauth.8 $(DESTDIR)$(MANDIR)/man8/pam_hfauth.8

uninstall-pam:
	rm -f $(DESTDIR)$(PAMDIR)/pam_hfauth.so $(DESTDIR)$(MANDIR)/man8/pam_hfauth.8
