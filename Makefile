# hfauth - top-level Makefile.
#
#   make            build everything into build/
#   make deps       install the Debian build and test packages (as root),
#                   or print the apt-get line to run
#   make check      deps, build, then every test; again under ASan+UBSan
#   make demo       the whole thing end to end against the bundled fake Hub
#   make install    honours DESTDIR and PREFIX
#
# Each part of the tree owns a fragment: lib/lib.mk, shell/shell.mk,
# pam/pam.mk, tests/tests.mk.

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
WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wpointer-arith \
        -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
        -Wvla -Wno-unused-parameter
ifeq ($(SAN),)
HARDEN := -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fPIC
HARDEN_LD := -Wl,-z,relro,-z,now
else
HARDEN := -fsanitize=address,undefined -fno-sanitize-recover=all \
          -fno-omit-frame-pointer -fPIC -DHFA_SANITIZE
HARDEN_LD := -fsanitize=address,undefined
endif
CPPFLAGS += -D_GNU_SOURCE -Ilib/include -Ilib
ALL_CFLAGS = $(WARN) $(OPT) $(HARDEN) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(HARDEN_LD) $(LDFLAGS)

all:

include lib/lib.mk
include shell/shell.mk
-include pam/pam.mk
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
    git python3 bash bash-completion zsh fish dash shellcheck valgrind strace \
    openssh-server openssh-client libpam-modules libpam-runtime \
    procps util-linux mount bsdutils passwd openssl man-db groff-base

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

.PHONY: all deps clean install
clean:
	rm -rf build

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	    $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BUILD)/hf-auth $(DESTDIR)$(BINDIR)/hf-auth
	install -m 0644 $(BUILD)/libhfauth.a $(DESTDIR)$(LIBDIR)/libhfauth.a
	install -m 0755 $(BUILD)/libhfauth.so.1 $(DESTDIR)$(LIBDIR)/libhfauth.so.1
	ln -sf libhfauth.so.1 $(DESTDIR)$(LIBDIR)/libhfauth.so
	install -m 0644 lib/include/hfauth.h $(DESTDIR)$(INCLUDEDIR)/hfauth.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    lib/hfauth.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/hfauth.pc
	chmod 0644 $(DESTDIR)$(LIBDIR)/pkgconfig/hfauth.pc
	install -m 0644 shell/hf-auth.1 $(DESTDIR)$(MANDIR)/man1/hf-auth.1
