# SPDX-License-Identifier: Apache-2.0
# libhfauth: one set of position-independent objects serves the shared
# library, the static archive, the command and the PAM module.
LIB_SRCS := $(wildcard lib/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
LIB_LIBS := $(shell pkg-config --libs libcjson 2>/dev/null) -ldl

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
