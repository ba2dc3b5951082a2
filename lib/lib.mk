# SPDX-License-Identifier: Apache-2.0
# libhfauth: one set of position-independent objects serves the shared
# library, the static archive, the command and the PAM module.
# The layers, bottom first.  A file may call only files before it in this
# list (text.c, pure functions over bytes, is below util.c so that every
# error message goes through its filter of untrusted text); `make lint` checks it (tools/check-layers, from `nm -u`), so the
# call cycle the library once had cannot come back.  lib/leaf/ holds the
# headers of the reading layer that pam/ and slurm/ may use: the token
# leaf (token.c), one stored token read as its owner (stored.c) and their
# shared token_path= option (template.c).
LIB_LAYERS := text util template token fileio ctx ini stored store hub gitcred oauth auth
LIB_SRCS := $(LIB_LAYERS:%=lib/%.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
LIB_LIBS := $(shell pkg-config --libs libcjson 2>/dev/null) -ldl

# A section per function and per object, so that a program that links a
# few of these objects (pam/pam.mk) can leave out what it never calls.
SECTION_CFLAGS := -ffunction-sections -fdata-sections
$(LIB_OBJS): ALL_CFLAGS += $(SECTION_CFLAGS)

all: $(BUILD)/libhfauth.so.1 $(BUILD)/libhfauth.so $(BUILD)/libhfauth.a \
     $(BUILD)/hfauth.pc

$(BUILD)/libhfauth.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# Only the hfa_ API is exported (lib/libhfauth.map).
$(BUILD)/libhfauth.so.1: $(LIB_OBJS) lib/libhfauth.map
	$(CC) -shared -Wl,-soname,libhfauth.so.1 \
	    -Wl,--version-script=lib/libhfauth.map $(ALL_LDFLAGS) \
	    -o $@ $(LIB_OBJS) $(LIB_LIBS)

$(BUILD)/libhfauth.so: $(BUILD)/libhfauth.so.1
	ln -sf libhfauth.so.1 $@

$(BUILD)/hfauth.pc: lib/hfauth.pc.in Makefile
	@mkdir -p $(BUILD)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    $< > $@
