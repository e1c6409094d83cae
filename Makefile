# vmmsim - plain GNU Makefile.
#
#   make            build build/vmmsim
#   make check      install missing Debian packages, build, run every test,
#                   then the whole suite again under ASan+UBSan
#   make demo       install missing packages, build, run the main job
#   make bench      benchmark figures (see README)
#   make fuzz       libFuzzer harnesses (clang) in build-fuzz/
#   make install    PREFIX=/usr/local DESTDIR=
#
# Sources are found, not listed: every sim/**/*.c is part of the binary
# (sim/cli/main.c holds main), every tests/unit/test_*.c is a cmocka test
# program linked against the same objects, every tests/cli/*.sh a
# command-line test, every tests/fuzz/fuzz_*.c a libFuzzer harness.

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
SAN     ?=

PKGS_BUILD = make gcc pkg-config zstd libzstd-dev libelf-dev libinih-dev \
             libjansson-dev libcapstone-dev gnuplot-nox
PKGS_TEST  = $(PKGS_BUILD) clang libclang-rt-14-dev libcmocka-dev valgrind jq \
             qemu-user qemu-system-mips gcc-mipsel-linux-gnu gcc-mips-linux-gnu parallel time \
             gzip coreutils gawk cpio

WARN = -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wundef -Wvla -Wwrite-strings \
       -Wno-unused-parameter
ifneq ($(CI)$(WERROR),)
WARN += -Werror
endif

OPT      ?= -O2
CPPFLAGS += -Isim -DVMMSIM_DATADIR='"$(PREFIX)/share/vmmsim"' -D_GNU_SOURCE
CFLAGS   += -std=c11 $(OPT) -g $(WARN) -MMD -MP
LDLIBS   += -lzstd -lelf -linih -ljansson -lcapstone -lm

ifneq ($(SAN),)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

SRCS      := $(sort $(shell find sim -name '*.c'))
OBJS      := $(SRCS:%.c=$(BUILD)/%.o)
LIBOBJS   := $(filter-out $(BUILD)/sim/cli/main.o,$(OBJS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all check test unit cli demo bench fuzz install clean deps deps-test \
        check-asan tools deps-mipsel deps-linux

all: $(BUILD)/vmmsim

$(BUILD)/vmmsim: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The built-in default model (models/r4000.ini compiled into the binary).
$(BUILD)/gen/model_default.h: models/r4000.ini
	@mkdir -p $(dir $@)
	@{ echo '/* generated from models/r4000.ini by the Makefile */'; \
	   echo 'static const char model_default_ini[] ='; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	   echo ';'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -I$(BUILD)/gen $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -I$(BUILD)/gen -Itests/unit $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS) -lcmocka

# Benchmark programs: tests/bench/NAME.c linked against the library objects.
$(BUILD)/bench/%: tests/bench/%.c $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -I$(BUILD)/gen $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

# Objects that include the generated model header must wait for it.
$(OBJS): | $(BUILD)/gen/model_default.h
$(BUILD)/gen/model_default.h: | $(BUILD)/gen

$(BUILD)/gen:
	@mkdir -p $@

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)

# ---- setup ---------------------------------------------------------------

# Installs the Debian packages of a list that are missing (root, or sudo).
define install_missing
	@missing=$$(for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
	  echo "installing missing Debian packages:" $$missing; \
	  s=; [ "$$(id -u)" = 0 ] || s=sudo; \
	  $$s apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$s apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi
endef

deps:
	$(call install_missing,$(PKGS_BUILD))

# Debian's busybox-static:mipsel, fetched once into build/cache/ (run tests).
deps-mipsel:
	@sh tests/guests/fetch-busybox.sh || echo "warning: busybox-static:mipsel not fetched; its tests will be skipped"

# Debian's linux-image-*-4kc-malta:mipsel (vmlinuz), fetched once into
# build/cache/ (the Linux boot test, the demo and the benchmark).
deps-linux: deps-mipsel
	@sh tests/guests/fetch-linux.sh || echo "warning: linux-image-4kc-malta:mipsel not fetched; the Linux boot test will be skipped"

deps-test:
	$(call install_missing,$(PKGS_TEST))

# ---- tests ---------------------------------------------------------------

tools: $(BUILD)/vmmsim $(UNIT_BINS)

test: tools
	@BUILD=$(BUILD) sh tests/run.sh

check: deps-test deps-mipsel deps-linux
	$(MAKE) WERROR=1 tools
	@BUILD=build sh tests/run.sh
	$(MAKE) check-asan

check-asan:
	$(MAKE) WERROR=1 BUILD=build-asan SAN=1 OPT=-O1 tools
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  BUILD=build-asan SANITIZED=1 sh tests/run.sh

# ---- the main job, benchmarks, fuzzing -----------------------------------

demo: deps deps-linux
	$(MAKE) all
	@sh tests/demo.sh

bench: deps-test deps-linux
	$(MAKE) all
	@sh tests/bench/bench.sh

FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/%)
FUZZ_LIBSRCS := $(filter-out sim/cli/main.c,$(SRCS))

fuzz: deps-test $(BUILD)/gen/model_default.h
	$(MAKE) $(FUZZ_BINS)
	@echo "built:" $(FUZZ_BINS) "- run e.g. build-fuzz/fuzz_trace_reader -max_total_time=600 tests/fuzz/corpus/trace_reader"

build-fuzz/%: tests/fuzz/%.c $(FUZZ_LIBSRCS) $(shell find sim tests/fuzz -name '*.h')
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) -I$(BUILD)/gen -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined \
	  -o $@ $< $(FUZZ_LIBSRCS) $(LDLIBS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/vmmsim/models \
	  $(DESTDIR)$(PREFIX)/share/vmmsim/plots
	install -m 755 $(BUILD)/vmmsim $(DESTDIR)$(PREFIX)/bin/vmmsim
	install -m 644 models/*.ini $(DESTDIR)$(PREFIX)/share/vmmsim/models/
	if ls plots/*.gp >/dev/null 2>&1; then install -m 644 plots/*.gp $(DESTDIR)$(PREFIX)/share/vmmsim/plots/; fi

clean:
	rm -rf build build-asan build-fuzz out
