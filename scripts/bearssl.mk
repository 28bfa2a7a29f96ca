# Compile every BearSSL source file into one archive with the caller's
# flags; the linker's section GC keeps only what wazuh-relay uses.
BR_SRC := $(sort $(wildcard $(BEARSSL)/src/*/*.c))
BR_OBJ := $(patsubst $(BEARSSL)/src/%.c,$(OUT)/%.o,$(BR_SRC))

$(LIB): $(BR_OBJ)
	rm -f $@
	ar rcs $@ $(BR_OBJ)

$(OUT)/%.o: $(BEARSSL)/src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<
