# SPDX-License-Identifier: Apache-2.0
# shell/hooks.mk - the shell hooks and completions (included by
# shell/shell.mk).
#
# shell/hooks/hf-auth.{bash,zsh,fish} are the hooks, and
# shell/completion/{hf-auth.bash,_hf-auth,hf-auth.fish} the completion for
# each shell, which every hook also holds: a hook as printed or installed
# is the hook file followed by its shell's completion file.  All six are
# embedded in hf-auth for `hf-auth init SHELL` and `hf-auth completion
# SHELL` (as byte arrays in $(BUILD)/gen/shell/hooks.h, made with od and
# sed); `make all` writes the completion files to $(BUILD)/completion/ as
# they are installed; `make install` puts the hooks under
# $(DATADIR)/hf-auth/ with profile.sh, the snippet that loads them, and
# each completion file where its shell looks for one.  Each file holds
# @HF_AUTH@ once, inside single quotes: the path of hf-auth.
# `make install-profile` links the snippet into /etc/profile.d/, which
# turns the hooks on for every user: an admin's step, not part of
# `make install`.

HOOK_FILES := shell/hooks/hf-auth.bash shell/hooks/hf-auth.zsh \
              shell/hooks/hf-auth.fish
COMPLETION_FILES := shell/completion/hf-auth.bash shell/completion/_hf-auth \
                    shell/completion/hf-auth.fish
HOOK_OBJS := $(BUILD)/obj/shell/init.o
HF_AUTH_EXTRA_OBJS += $(HOOK_OBJS)

$(BUILD)/obj/shell/init.o: $(BUILD)/gen/shell/hooks.h
$(BUILD)/obj/shell/init.o: CPPFLAGS += -I$(BUILD)/gen/shell

# hook_bash, hook_zsh, hook_fish, then completion_bash, completion_zsh,
# completion_fish (in the order of the lists).
$(BUILD)/gen/shell/hooks.h: $(HOOK_FILES) $(COMPLETION_FILES) shell/hooks.mk
	@mkdir -p $(@D)
	@for f in $(HOOK_FILES) $(COMPLETION_FILES); do \
	    [ "$$(grep -c '@HF_AUTH@' $$f)" = 1 ] || \
	        { echo "$$f: needs @HF_AUTH@ on one line" >&2; exit 1; }; \
	done
	{ echo '/* Generated from shell/hooks/ and shell/completion/ by shell/hooks.mk. */'; \
	  for f in $(HOOK_FILES); do \
	      echo "static const unsigned char hook_$${f##*.}[] = {"; \
	      od -An -v -tx1 $$f | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	      echo '0x00};'; \
	  done; \
	  for sh in bash zsh fish; do \
	      case $$sh in zsh) f=shell/completion/_hf-auth ;; \
	                   *) f=shell/completion/hf-auth.$$sh ;; esac; \
	      echo "static const unsigned char completion_$$sh[] = {"; \
	      od -An -v -tx1 $$f | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	      echo '0x00};'; \
	  done; } >$@.tmp
	mv $@.tmp $@

# The installed files run $(BINDIR)/hf-auth; the paths go into single
# quotes and sed replacements, so they cannot hold ' | & or \.
HOOK_DIR = $(DATADIR)/hf-auth
PROFILE_LINK = $(SYSCONFDIR)/profile.d/hf-auth.sh
BASH_COMPLETION_DIR = $(DATADIR)/bash-completion/completions
ZSH_COMPLETION_DIR = $(DATADIR)/zsh/vendor-completions
FISH_COMPLETION_DIR = $(DATADIR)/fish/vendor_completions.d
hook_bad_chars = $(strip $(foreach c,' | & \,$(findstring $c,$(BINDIR)$(HOOK_DIR))))
hook_sed = sed 's|@HF_AUTH@|$(BINDIR)/hf-auth|'

COMPLETION_BUILT := $(BUILD)/completion/hf-auth.bash $(BUILD)/completion/_hf-auth \
                    $(BUILD)/completion/hf-auth.fish
all: $(COMPLETION_BUILT)

$(BUILD)/completion/%: shell/completion/% shell/hooks.mk
	$(if $(hook_bad_chars),$(error BINDIR or DATADIR holds $(hook_bad_chars)))
	@mkdir -p $(@D)
	$(hook_sed) $< >$@.tmp
	mv $@.tmp $@

# The hooks and completions are written again from the sources here (not
# copied from $(BUILD)/): PREFIX or BINDIR may differ from `make all`'s.
install-hooks:
	$(if $(hook_bad_chars),$(error BINDIR or DATADIR holds $(hook_bad_chars)))
	install -d $(DESTDIR)$(HOOK_DIR) \
	    $(DESTDIR)$(BASH_COMPLETION_DIR) $(DESTDIR)$(ZSH_COMPLETION_DIR) \
	    $(DESTDIR)$(FISH_COMPLETION_DIR)
	for sh in bash zsh fish; do \
	    case $$sh in zsh) c=shell/completion/_hf-auth ;; \
	                 *) c=shell/completion/hf-auth.$$sh ;; esac; \
	    cat shell/hooks/hf-auth.$$sh $$c | $(hook_sed) \
	        >$(DESTDIR)$(HOOK_DIR)/hf-auth.$$sh && \
	    chmod 0644 $(DESTDIR)$(HOOK_DIR)/hf-auth.$$sh || exit 1; \
	done
	$(hook_sed) shell/completion/hf-auth.bash >$(DESTDIR)$(BASH_COMPLETION_DIR)/hf-auth
	$(hook_sed) shell/completion/_hf-auth >$(DESTDIR)$(ZSH_COMPLETION_DIR)/_hf-auth
	$(hook_sed) shell/completion/hf-auth.fish >$(DESTDIR)$(FISH_COMPLETION_DIR)/hf-auth.fish
	chmod 0644 $(DESTDIR)$(BASH_COMPLETION_DIR)/hf-auth \
	    $(DESTDIR)$(ZSH_COMPLETION_DIR)/_hf-auth \
	    $(DESTDIR)$(FISH_COMPLETION_DIR)/hf-auth.fish
	sed 's|@HOOK_DIR@|$(HOOK_DIR)|g' shell/hooks/profile.sh \
	    >$(DESTDIR)$(HOOK_DIR)/profile.sh
	chmod 0644 $(DESTDIR)$(HOOK_DIR)/profile.sh

uninstall-hooks:
	rm -f $(foreach f,$(HOOK_FILES) profile.sh,$(DESTDIR)$(HOOK_DIR)/$(notdir $f)) \
	    $(DESTDIR)$(BASH_COMPLETION_DIR)/hf-auth \
	    $(DESTDIR)$(ZSH_COMPLETION_DIR)/_hf-auth \
	    $(DESTDIR)$(FISH_COMPLETION_DIR)/hf-auth.fish
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
	shellcheck shell/hooks/hf-auth.bash shell/completion/hf-auth.bash \
	    shell/hooks/profile.sh
	zsh -n shell/hooks/hf-auth.zsh
	zsh -n shell/completion/_hf-auth
	fish --no-execute shell/hooks/hf-auth.fish
	fish --no-execute shell/completion/hf-auth.fish
	shellcheck -x -P tests tests/shell/*.sh tests/bench/shell.sh

.PHONY: install-hooks uninstall-hooks install-profile uninstall-profile lint-shell
