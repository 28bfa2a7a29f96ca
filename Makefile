# wazuh-relay: one static musl binary.  GNU make.
#   make            fetch pinned deps, build build/wazuh-relay
#   make check      build what the tests need and run them all
#   make fuzz       build the libFuzzer targets and fuzz each for FUZZTIME s
#   make bench      deliveries over TLS timed against curl (not a test)
#   make clean      remove build output (keeps fetched tarballs)
#   make distclean  also remove deps/ (tarballs included)
-include config.mk

VERSION   = 0.1.0
CC        = musl-gcc
CLANG    ?= clang
FUZZTIME ?= 60
JOBS     ?= 2

BEARSSL   = deps/src/bearssl-0.6
JSMN      = deps/src/jsmn-1.1.0
DEPSTAMP  = deps/src/.stamp

WARN      = -Wall -Wextra -Wshadow -Wno-unused-parameter
CPPFLAGS  = -D_GNU_SOURCE -DWR_VERSION=\"$(VERSION)\" -I$(BEARSSL)/inc -I$(JSMN) $(SRCDIRS:%=-Isrc/%) $(EMBED_CA_FLAG)
# Our code is size-bound, not speed-bound (the handshake dominates): -Os.
CFLAGS    = -std=c99 -Os $(WARN) -ffunction-sections -fdata-sections $(NOUNWIND)
LDFLAGS   = -static -Wl,--gc-sections -Wl,--build-id=none -s
# No unwind tables: C, no exceptions; they are ~20 KiB of a static binary.
NOUNWIND  = -fno-asynchronous-unwind-tables -fno-unwind-tables
BRCFLAGS  = -std=c99 -w -ffunction-sections -fdata-sections $(NOUNWIND) -I$(BEARSSL)/inc -I$(BEARSSL)/src

# Sanitizer build: clang, glibc, ASan + UBSan, same sources.
ASAN_CFLAGS = -std=c99 -O1 -g $(WARN) -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c99 -O1 -g $(WARN) -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined

# make EMBED_CA=/path/bundle.pem: compile a CA bundle into the binary
# (for FROM-scratch images); it is used when no ca_file or system bundle exists.
ifneq ($(EMBED_CA),)
EMBED_CA_FLAG = -DWR_EMBED_CA
EMBED_SRC = build/embed_ca.c
endif

# The layers: core (buffers, JSON, alert, templates, log, files), net (URL,
# TCP, HTTP), tls (BearSSL glue, trust, X.509, P-256), dest (one file per
# destination), deliver (the engine), cli (commands and main).
SRCDIRS = core net tls dest deliver cli
SRC = src/core/buf.c src/core/b64.c src/core/date.c src/core/file.c src/core/json.c src/core/jsmn.c \
      src/core/alert.c src/core/opts.c src/core/log.c src/core/tmpl.c \
      src/net/url.c src/net/net.c src/net/http.c \
      src/tls/tls.c src/tls/x509san.c src/tls/trust.c src/tls/ec_p256_m64.c src/tls/ecdsa_p256.c \
      src/dest/dest.c src/dest/iris.c src/dest/md.c src/dest/jira.c src/dest/shuffle.c src/dest/webhook.c \
      src/deliver/conf.c src/deliver/job.c src/deliver/verdict.c src/deliver/conn.c \
      src/deliver/attempt.c src/deliver/drain.c src/deliver/report.c \
      src/cli/args.c src/cli/run.c src/cli/spoolcmd.c
# (spool)
SRC += src/deliver/spool.c

MAIN = src/cli/main.c
HDR = $(wildcard src/*/*.h)

TESTS = test_json test_http test_net test_engine test_url test_args test_iris test_x509san test_tls test_jira test_tmpl test_p256 test_ecdsa_p256
# (tls)
TESTS += test_wycheproof

# (md)

# (tmpl)

FUZZERS = fuzz_alert fuzz_json fuzz_http_resp fuzz_x509san fuzz_tmpl fuzz_p256
# (http)

# (spool-tests)
TESTS += test_spool
FUZZERS += fuzz_spool

# (fuzz)
FUZZERS += fuzz_url fuzz_dest fuzz_jira

BR_SRC = $(sort $(wildcard $(BEARSSL)/src/*/*.c))

OBJ       = $(SRC:src/%.c=build/obj/%.o) $(EMBED_SRC:build/%.c=build/obj/%.o)
ASAN_OBJ  = $(SRC:src/%.c=build/asan/%.o)
FUZZ_OBJ  = $(SRC:src/%.c=build/fuzz/%.o)

.PHONY: all deps check fuzz fuzz-run bench clean distclean tools FORCE

all: build/wazuh-relay
	@sz=$$(stat -c %s build/wazuh-relay); \
	 echo "build/wazuh-relay: $$sz bytes ($$((sz / 1024)) KiB), static, stripped"

tools:
	@sh scripts/need-tools musl-tools:musl-gcc xz-utils:xz

$(DEPSTAMP): third_party/SHA256SUMS scripts/fetch-deps
	@$(MAKE) -s tools
	sh scripts/fetch-deps

deps: $(DEPSTAMP)

# BearSSL, compiled with our flags into our own archive.  Its file list
# comes from the unpacked tree, so the rule re-reads it after fetching.
build/libbearssl.a: $(DEPSTAMP)
	@mkdir -p build/br
	@$(MAKE) -s -f scripts/bearssl.mk OUT=build/br LIB=$@ CC="$(CC)" CFLAGS="$(BRCFLAGS)" BEARSSL=$(BEARSSL) -j$(JOBS)

build/asan/libbearssl.a: $(DEPSTAMP)
	@mkdir -p build/asan/br
	@$(MAKE) -s -f scripts/bearssl.mk OUT=build/asan/br LIB=$@ CC="$(CLANG)" CFLAGS="$(BRCFLAGS) -g -fsanitize=address,undefined" BEARSSL=$(BEARSSL) -j$(JOBS)

# Objects depend on the build configuration, so switching EMBED_CA on or
# off rebuilds what it changes.
build/.config: FORCE
	@mkdir -p build
	@echo "EMBED_CA=$(EMBED_CA)" > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

FORCE:

build/embed_ca.c: $(EMBED_CA) scripts/embed-ca
	@mkdir -p build
	sh scripts/embed-ca $(EMBED_CA) $@

build/obj/embed_ca.o: build/embed_ca.c
	@mkdir -p build/obj
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/obj/%.o: src/%.c $(HDR) $(DEPSTAMP) build/.config
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/asan/%.o: src/%.c $(HDR) $(DEPSTAMP)
	@mkdir -p $(dir $@)
	$(CLANG) $(CPPFLAGS) $(ASAN_CFLAGS) -c -o $@ $<

build/fuzz/%.o: src/%.c $(HDR) $(DEPSTAMP)
	@mkdir -p $(dir $@)
	$(CLANG) $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

build/wazuh-relay: build/obj/cli/main.o $(OBJ) build/libbearssl.a
	$(CC) $(LDFLAGS) -o $@ build/obj/cli/main.o $(OBJ) build/libbearssl.a
	@if readelf -lW $@ | grep -q INTERP; then echo "error: $@ is not static" >&2; rm -f $@; exit 1; fi
	@if readelf -dW $@ 2>/dev/null | grep -q 'Dynamic section'; then echo "error: $@ has a dynamic section" >&2; rm -f $@; exit 1; fi

# Unit tests: musl-static like the product, and again under ASan+UBSan.
build/test/%: tests/unit/%.c tests/unit/t.h $(OBJ) build/libbearssl.a
	@mkdir -p build/test
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -static -o $@ $< $(OBJ) build/libbearssl.a

build/asan/test/%: tests/unit/%.c tests/unit/t.h $(ASAN_OBJ) build/asan/libbearssl.a
	@mkdir -p build/asan/test
	$(CLANG) $(CPPFLAGS) -Itests/unit $(ASAN_CFLAGS) -o $@ $< $(ASAN_OBJ) build/asan/libbearssl.a

build/asan/wazuh-relay: build/asan/cli/main.o $(ASAN_OBJ) build/asan/libbearssl.a
	$(CLANG) $(ASAN_CFLAGS) -o $@ build/asan/cli/main.o $(ASAN_OBJ) build/asan/libbearssl.a

# Fuzz targets (libFuzzer) and their seed replayers (plain ASan builds).
build/fuzz/%: fuzz/%.c $(FUZZ_OBJ) build/asan/libbearssl.a
	$(CLANG) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) build/asan/libbearssl.a

build/asan/replay/%: fuzz/%.c fuzz/replay.c $(ASAN_OBJ) build/asan/libbearssl.a
	@mkdir -p build/asan/replay
	$(CLANG) $(CPPFLAGS) $(ASAN_CFLAGS) -o $@ $< fuzz/replay.c $(ASAN_OBJ) build/asan/libbearssl.a

# The TLS probe drives tls.c against openssl s_server (tests/tls/run-tls-tests.sh).
build/tls_probe: tests/tls/tls_probe.c $(OBJ) build/libbearssl.a
	$(CC) $(CPPFLAGS) $(CFLAGS) -static -o $@ $< $(OBJ) build/libbearssl.a

build/asan/tls_probe: tests/tls/tls_probe.c $(ASAN_OBJ) build/asan/libbearssl.a
	$(CLANG) $(CPPFLAGS) $(ASAN_CFLAGS) -o $@ $< $(ASAN_OBJ) build/asan/libbearssl.a

CHECK_DEPS = build/wazuh-relay $(TESTS:%=build/test/%) build/tls_probe build/asan/tls_probe \
	build/asan/wazuh-relay $(TESTS:%=build/asan/test/%) $(FUZZERS:%=build/asan/replay/%)

# What the tests need beyond the build tools (installed first, as root on Debian).
CHECK_TOOLS = clang:clang \
	libclang-rt-14-dev:'/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.a' \
	python3:python3 openssl:openssl nginx:nginx gnutls-bin:gnutls-serv curl:curl \
	cmark-gfm:cmark-gfm gdb:gdb

check:
	@sh scripts/need-tools $(CHECK_TOOLS)
	@$(MAKE) $(CHECK_DEPS)
	sh tests/run.sh

fuzz:
	@sh scripts/need-tools $(CHECK_TOOLS)
	@$(MAKE) $(FUZZERS:%=build/fuzz/%)
	@$(MAKE) fuzz-run

fuzz-run:
	@for f in $(FUZZERS); do \
		mkdir -p build/fuzz/corpus/$$f; \
		echo "== $$f ($(FUZZTIME) s)"; \
		extra=; [ $$f = fuzz_alert ] && extra=tests/fixtures/alerts; \
		build/fuzz/$$f -max_total_time=$(FUZZTIME) -max_len=65536 build/fuzz/corpus/$$f fuzz/corpus/$$f $$extra || exit 1; \
	done

bench: build/wazuh-relay
	sh scripts/bench

clean:
	rm -rf build

distclean: clean
	rm -rf deps
