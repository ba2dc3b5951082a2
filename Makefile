# SPDX-License-Identifier: Apache-2.0
# hfauth - top-level Makefile.
#
#   make            build everything into build/
#   make deps       install the Debian build and test packages (as root),
#                   or print the apt-get line to run
#   make check      deps, build, then every test; again under ASan+UBSan
#   make demo       the whole thing end to end against the bundled fake Hub
#   make install    the command, the library, the hooks and man pages;
#                   honours DESTDIR and PREFIX (PREFIX=$$HOME/.local works
#                   as a normal user).  System-wide steps are separate:
#   make install-pam      the PAM module (PAMDIR) and pam_hfauth(8)
#   make install-profile  /etc/profile.d/hf-auth.sh, the hooks for every user
#   make install-slurm    the Slurm plugin (SLURM_PLUGIN_DIR), spank_hfauth(8)
#   make uninstall, uninstall-pam, uninstall-profile, uninstall-slurm
#                   remove what each wrote
#   make deb        Debian packages into build/deb/ (debian/, dpkg-buildpackage)
#
# CFLAGS, CPPFLAGS and LDFLAGS from the environment are honoured (as
# dpkg-buildflags exports them); the project's own hardening flags are added
# only where the caller gave none of the kind.  Warnings are errors
# (WERROR=-Werror) in developer builds and `make check`; package builds set
# WERROR= so that a newer compiler's new warning does not fail them.
#
# Each part of the tree owns a fragment: lib/lib.mk, shell/shell.mk,
# pam/pam.mk, slurm/slurm.mk, tests/tests.mk.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
SYSCONFDIR ?= /etc
MULTIARCH  := $(shell $(CC) -print-multiarch 2>/dev/null)
# Debian's PAM modules live in the multiarch security/ folder, whatever
# PREFIX is: that is where libpam looks for a bare module name.
PAMDIR     ?= /lib/$(MULTIARCH)/security

VERSION := 0.1.0

BUILD ?= build
SAN   ?=
CC    ?= cc

PKGS := libcurl libcjson readline pam
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

OPT ?= -O2 -g
WERROR ?= -Werror
WARN := -std=c11 -Wall -Wextra $(WERROR) -Wshadow -Wpointer-arith \
        -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
        -Wvla -Wno-unused-parameter
# Each hardening flag only when the caller's flags hold none of its kind:
# dpkg-buildflags gives -D_FORTIFY_SOURCE=2, and defining it twice is an
# error under -Werror.
caller_flags = $(CPPFLAGS) $(CFLAGS)
comma := ,
relro_ld := -Wl,-z,relro
now_ld := -Wl,-z,now
ifeq ($(SAN),)
HARDEN := $(if $(findstring _FORTIFY_SOURCE,$(caller_flags)),,-D_FORTIFY_SOURCE=3) \
          $(if $(findstring stack-protector,$(caller_flags)),,-fstack-protector-strong)
HARDEN_LD := $(if $(findstring relro,$(LDFLAGS)),,$(relro_ld)) \
             $(if $(findstring z$(comma)now,$(LDFLAGS))$(findstring z$(comma)lazy,$(LDFLAGS)),,$(now_ld))
else
HARDEN := -fsanitize=address,undefined -fno-sanitize-recover=all \
          -fno-omit-frame-pointer -DHFA_SANITIZE
HARDEN_LD := -fsanitize=address,undefined
endif
# Each part sees only the headers it may use, so that a layering mistake
# is a compile error: lib/ its own headers; pam/ and slurm/ the public
# header and lib/leaf/; shell/ the public header only.
CPPFLAGS += -D_GNU_SOURCE
LIB_INCLUDES  := -Ilib/include -Ilib/leaf -Ilib
LEAF_INCLUDES := -Ilib/include -Ilib/leaf
API_INCLUDES  := -Ilib/include
$(BUILD)/obj/lib/%.o: CPPFLAGS += $(LIB_INCLUDES)
$(BUILD)/obj/pam/%.o: CPPFLAGS += $(LEAF_INCLUDES)
$(BUILD)/obj/slurm/%.o: CPPFLAGS += $(LEAF_INCLUDES)
$(BUILD)/obj/shell/%.o: CPPFLAGS += $(API_INCLUDES)
$(BUILD)/obj/tests/%.o: CPPFLAGS += $(LIB_INCLUDES) -Ipam
# -fPIC last: every object may end up in a shared object (the library, the
# PAM module), whatever -fPIE the caller's CFLAGS hold.
ALL_CFLAGS = $(WARN) $(OPT) $(HARDEN) $(PKG_CFLAGS) $(CFLAGS) -fPIC
ALL_LDFLAGS = $(HARDEN_LD) $(LDFLAGS)

all:

include lib/lib.mk
include shell/shell.mk
include pam/pam.mk
include slurm/slurm.mk
include tests/tests.mk
include lint.mk

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# --- dependencies ---------------------------------------------------------
DEB_PACKAGES := build-essential pkg-config clang \
    libcurl4-openssl-dev libcjson-dev libreadline-dev libpam0g-dev \
    libcmocka-dev libclang-rt-14-dev \
    git python3 bash bash-builtins bash-completion zsh fish dash shellcheck \
    valgrind strace \
    openssh-server openssh-client libpam-modules libpam-runtime \
    procps util-linux mount bsdutils passwd openssl man-db groff-base \
    debhelper dpkg-dev fakeroot lintian \
    libslurm-dev slurm-wlm munge

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done); \
	if [ -z "$$missing" ]; then echo "deps: all build and test packages are installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "deps: installing $$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
	  echo "deps: missing packages; run as root:"; \
	  echo "  apt-get install -y $$missing"; exit 1; \
	fi

.PHONY: all deps clean install uninstall deb
clean:
	rm -rf build

# --- Debian packages --------------------------------------------------------
# dpkg-buildpackage -b on a copy of the tree in $(DEB_DIR)/hfauth/: the
# .deb files it writes beside that folder are left in $(DEB_DIR), nothing
# is written outside build/, and this tree's build/ and debian/ are left as
# they are.  One compile, no tests (debian/rules), no -Werror, Debian's
# build flags.  Without slurm/ the SPANK plugin's package is left out (build
# profile pkg.hfauth.noslurm).  No -dbgsym packages unless DEB_BUILD_OPTIONS
# says otherwise, so that `apt install ./build/deb/*.deb` installs the five.
DEB_DIR ?= $(BUILD)/deb
DEB_PROFILES ?= $(if $(wildcard slurm/slurm.mk),,pkg.hfauth.noslurm)
DEB_BUILD_OPTIONS ?= noautodbgsym
deb:
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_DIR)/hfauth
	tar -c --exclude=./build --exclude=./.git --exclude=__pycache__ \
	    --exclude='*.pyc' . | tar -x -C $(DEB_DIR)/hfauth
	cd $(DEB_DIR)/hfauth && DEB_BUILD_OPTIONS='$(DEB_BUILD_OPTIONS)' \
	    DEB_BUILD_PROFILES='$(DEB_PROFILES)' dpkg-buildpackage -us -uc -b -jauto
	rm -rf $(DEB_DIR)/hfauth
	@ls -1 $(DEB_DIR)/*.deb

# --- install ----------------------------------------------------------------
# `install` writes only under PREFIX (and DESTDIR): nothing that changes
# other users' logins.  Each fragment adds its own install-X and
# uninstall-X; `uninstall` removes exactly the files `install` wrote.
# ldconfig refreshes the loader's cache when a shared library lands in the
# live system: not into a staging DESTDIR, and not for a user who cannot
# write the cache.
live_ldconfig = if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then ldconfig; fi

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	    $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BUILD)/hf-auth $(DESTDIR)$(BINDIR)/hf-auth
	install -m 0644 $(BUILD)/libhfauth.a $(DESTDIR)$(LIBDIR)/libhfauth.a
	install -m 0644 $(BUILD)/libhfauth.so.1 $(DESTDIR)$(LIBDIR)/libhfauth.so.1
	ln -sf libhfauth.so.1 $(DESTDIR)$(LIBDIR)/libhfauth.so
	install -m 0644 lib/include/hfauth.h $(DESTDIR)$(INCLUDEDIR)/hfauth.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    lib/hfauth.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/hfauth.pc
	chmod 0644 $(DESTDIR)$(LIBDIR)/pkgconfig/hfauth.pc
	install -m 0644 shell/hf-auth.1 $(DESTDIR)$(MANDIR)/man1/hf-auth.1
	$(live_ldconfig)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/hf-auth $(DESTDIR)$(LIBDIR)/libhfauth.a \
	    $(DESTDIR)$(LIBDIR)/libhfauth.so.1 $(DESTDIR)$(LIBDIR)/libhfauth.so \
	    $(DESTDIR)$(INCLUDEDIR)/hfauth.h $(DESTDIR)$(LIBDIR)/pkgconfig/hfauth.pc \
	    $(DESTDIR)$(MANDIR)/man1/hf-auth.1
	$(live_ldconfig)
