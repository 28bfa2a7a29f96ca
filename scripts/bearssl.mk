# Compile every BearSSL source file into one archive with the caller's
# flags; the linker's section GC keeps only what wazuh-relay uses.
# The arithmetic and ciphers (ec, int, rsa, hash, mac, symcipher, aead)
# are where a handshake spends its time: OPT_HOT (-O2).  The rest
# (handshake and X.509 state machines, codecs) runs a few thousand
# instructions per alert: OPT_COLD (-Os) keeps the binary under 256 KiB.
BR_SRC := $(sort $(wildcard $(BEARSSL)/src/*/*.c))
BR_OBJ := $(patsubst $(BEARSSL)/src/%.c,$(OUT)/%.o,$(BR_SRC))
HOT_DIRS := ec int rsa hash mac symcipher aead
OPT_HOT ?= -O2
OPT_COLD ?= -Os

$(LIB): $(BR_OBJ)
	rm -f $@
	ar rcs $@ $(BR_OBJ)

$(OUT)/%.o: $(BEARSSL)/src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(if $(filter $(HOT_DIRS),$(firstword $(subst /, ,$*))),$(OPT_HOT),$(OPT_COLD)) -c -o $@ $<
