# shell/hooks.mk - the shell hooks (included by shell/shell.mk).
#
# shell/hooks/hf-auth.{bash,zsh,fish} are embedded in hf-auth for
# `hf-auth init SHELL` (as byte arrays in $(BUILD)/gen/shell/hooks.h, made
# with od and sed), and installed under $(DATADIR)/hfauth/ with a
# /etc/profile.d/ snippet, for admins who prefer to source a file.  Each
# hook holds @HF_AUTH@ once, inside single quotes: the path of hf-auth.

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
HOOK_DIR = $(DATADIR)/hfauth
hook_bad_chars = $(strip $(foreach c,' | & \,$(findstring $c,$(BINDIR)$(HOOK_DIR))))

install-hooks:
	$(if $(hook_bad_chars),$(error BINDIR or DATADIR holds $(hook_bad_chars)))
	install -d $(DESTDIR)$(HOOK_DIR) $(DESTDIR)$(SYSCONFDIR)/profile.d
	for f in $(HOOK_FILES); do \
	    sed 's|@HF_AUTH@|$(BINDIR)/hf-auth|' $$f >$(DESTDIR)$(HOOK_DIR)/$${f##*/} && \
	    chmod 0644 $(DESTDIR)$(HOOK_DIR)/$${f##*/} || exit 1; \
	done
	sed 's|@HOOK_DIR@|$(HOOK_DIR)|g' shell/hooks/profile.sh \
	    >$(DESTDIR)$(SYSCONFDIR)/profile.d/hf-auth.sh
	chmod 0644 $(DESTDIR)$(SYSCONFDIR)/profile.d/hf-auth.sh

install: install-hooks

lint-shell:
	shellcheck shell/hooks/hf-auth.bash shell/hooks/profile.sh
	zsh -n shell/hooks/hf-auth.zsh
	fish --no-execute shell/hooks/hf-auth.fish
	shellcheck -x -P tests tests/shell/*.sh tests/bench/shell.sh

.PHONY: install-hooks lint-shell
