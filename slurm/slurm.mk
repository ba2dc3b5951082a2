# SPDX-License-Identifier: Apache-2.0
# slurm/slurm.mk - the Slurm SPANK plugin spank_hfauth.so, and its install
# lines (make install-slurm, as root).  Included by the top Makefile.
#
# Built against Debian's <slurm/spank.h> (libslurm-dev).  Like the PAM
# module it links libhfauth.a statically, so only the objects it needs
# come in, and never libcurl (the library would dlopen it for a network
# call, which the plugin never makes).  Only what Slurm's loader looks up
# is exported (slurm/spank_hfauth.map).
#
# No -z defs here: the SPANK API (spank_*, slurm_info...) is defined by
# the process that loads the plugin (srun, sbatch, salloc, slurmstepd,
# all linked with Slurm's private libslurmfull), and linking the plugin to
# a Slurm library would load a second copy of it.  tests/slurm checks
# instead that every undefined symbol is either the SPANK API or resolved
# by the plugin's own DT_NEEDED libraries.

SLURM_SRCS := $(wildcard slurm/*.c)
SLURM_OBJS := $(SLURM_SRCS:%.c=$(BUILD)/obj/%.o)
# Debian's Slurm plugin folder (slurm-wlm-basic-plugins; slurm.conf's
# PluginDir default), where plugstack.conf finds a bare spank_hfauth.so;
# a full path in plugstack.conf works from anywhere.
SLURM_PLUGIN_DIR ?= /usr/lib/$(MULTIARCH)/slurm-wlm

SLURM_LDFLAGS := -shared -Wl,--version-script=slurm/spank_hfauth.map

all: $(BUILD)/spank_hfauth.so

$(BUILD)/spank_hfauth.so: $(SLURM_OBJS) $(BUILD)/libhfauth.a \
    slurm/spank_hfauth.map
	$(CC) $(SLURM_LDFLAGS) $(ALL_LDFLAGS) -o $@ $(SLURM_OBJS) \
	    $(BUILD)/libhfauth.a -Wl,--as-needed $(LIB_LIBS)

# Not part of `make install`, like install-pam: the plugin goes into
# Slurm's system folder whatever PREFIX is, and every node of the cluster
# needs it (and a plugstack.conf line) before it does anything.
.PHONY: install-slurm uninstall-slurm
install-slurm: $(BUILD)/spank_hfauth.so
	install -d $(DESTDIR)$(SLURM_PLUGIN_DIR) $(DESTDIR)$(MANDIR)/man8
	install -m 0644 $(BUILD)/spank_hfauth.so \
	    $(DESTDIR)$(SLURM_PLUGIN_DIR)/spank_hfauth.so
	install -m 0644 slurm/spank_hfauth.8 \
	    $(DESTDIR)$(MANDIR)/man8/spank_hfauth.8

uninstall-slurm:
	rm -f $(DESTDIR)$(SLURM_PLUGIN_DIR)/spank_hfauth.so \
	    $(DESTDIR)$(MANDIR)/man8/spank_hfauth.8
