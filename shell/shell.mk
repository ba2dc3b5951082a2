# SPDX-License-Identifier: Apache-2.0
# hf-auth, the command.  It links the library statically: one file to
# install, and nothing resolved at start-up but libc, cJSON and readline.
CLI_SRCS := shell/main.c shell/commands.c shell/login.c shell/prompt.c \
            shell/status.c shell/export.c shell/suggest.c shell/browser.c \
            shell/output.c
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
HF_AUTH_EXTRA_OBJS :=
CLI_LIBS = $(shell pkg-config --libs readline 2>/dev/null) $(LIB_LIBS)

include shell/hooks.mk

all: $(BUILD)/hf-auth

$(BUILD)/hf-auth: $(CLI_OBJS) $(HF_AUTH_EXTRA_OBJS) $(BUILD)/libhfauth.a
	$(CC) -pie $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(HF_AUTH_EXTRA_OBJS) \
	    $(BUILD)/libhfauth.a $(CLI_LIBS)
