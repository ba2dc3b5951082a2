# SPDX-License-Identifier: Apache-2.0
# shell/hooks.mk - the shell hooks (included by shell/shell.mk).
#
# shell/hooks/hf-auth.{bash,zsh,fish} are embedded in hf-auth for
# `hf-auth init SHELL` (as byte arrays in $(BUILD)/gen/shell/hooks.h, made
# with od and sed), and installed under $(DATADIR)/hf-auth/ with profile.sh,
# the snippet that loads them, for those who prefer to source a file.  Each
# hook holds @HF_AUTH@ once, inside single quotes: the path of hf-auth.
# `make install-profile` links the snippet into /etc/profile.d/, which turns
# the hooks on for every user: an admin's step, not part of `make install`.

HOOK_FILES := shell/hooks/hf-auth.bash shell/hooks/hf-auth.zsh \
              shell/hooks/hf-auth.fish
HOOK_OBJS := $(BUILD)/obj/shell/init.o
HF_AUTH_EXTRA_OBJS += $(HOOK_OBJS)

$(BUILD)/obj/shell/init.o: $(BUILD)/gen/shell/hooks.h
$(BUILD)/obj/shell/init.o: CPPFLAGS += -I$(BUILD)/gen/shell

$(BUILD)/gen/shell/hooks.h: $(HOOK_FILES) shell/hooks.mk
	@mkdir -p $(@D)
	@for f in $(HOOK_FILES); do \
	    [ "$$(grep -c '@HF_AUTH@' $$f)" = 1 ] || \
	        { echo "$$f: needs @HF_AUTH@ on one line" >&2; exit 1; }; \
	done
	{ echo '/* Generated from shell/hooks/ by shell/hooks.mk. */'; \
	  for f in $(HOOK_FILES); do \
	      echo "static const unsigned char hook_$${f##*.}[] = {"; \
	      od -An -v -tx1 $$f | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	      echo '0x00};'; \
	  done; } >$@.tmp
	mv $@.tmp $@

# The installed hooks run $(BINDIR)/hf-auth; the paths go into single
# quotes and sed replacements, so they cannot hold ' | & or \.
HOOK_DIR = $(DATADIR)/hf-auth
PROFILE_LINK = $(SYSCONFDIR)/profile.d/hf-auth.sh
hook_bad_chars = $(strip $(foreach c,' | & \,$(findstring $c,$(BINDIR)$(HOOK_DIR))))

install-hooks:
	$(if $(hook_bad_chars),$(error BINDIR or DATADIR holds $(hook_bad_chars)))
	install -d $(DESTDIR)$(HOOK_DIR)
	for f in $(HOOK_FILES); do \
	    sed 's|@HF_AUTH@|$(BINDIR)/hf-auth|' $$f >$(DESTDIR)$(HOOK_DIR)/$${f##*/} && \
	    chmod 0644 $(DESTDIR)$(HOOK_DIR)/$${f##*/} || exit 1; \
	done
	sed 's|@HOOK_DIR@|$(HOOK_DIR)|g' shell/hooks/profile.sh \
	    >$(DESTDIR)$(HOOK_DIR)/profile.sh
	chmod 0644 $(DESTDIR)$(HOOK_DIR)/profile.sh

uninstall-hooks:
	rm -f $(foreach f,$(HOOK_FILES) profile.sh,$(DESTDIR)$(HOOK_DIR)/$(notdir $f))
	[ ! -d $(DESTDIR)$(HOOK_DIR) ] || rmdir --ignore-fail-on-non-empty $(DESTDIR)$(HOOK_DIR)

# The link, not a copy: the snippet stays the one the hooks came with.
install-profile: install-hooks
	install -d $(DESTDIR)$(SYSCONFDIR)/profile.d
	ln -sfn $(HOOK_DIR)/profile.sh $(DESTDIR)$(PROFILE_LINK)

uninstall-profile:
	rm -f $(DESTDIR)$(PROFILE_LINK)

install: install-hooks
uninstall: uninstall-hooks

lint-shell:
	shellcheck shell/hooks/hf-auth.bash shell/hooks/profile.sh
	zsh -n shell/hooks/hf-auth.zsh
	fish --no-execute shell/hooks/hf-auth.fish
	shellcheck -x -P tests tests/shell/*.sh tests/bench/shell.sh

.PHONY: install-hooks uninstall-hooks install-profile uninstall-profile lint-shell
