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
# Sources are found, not listed: every sim/LAYER/*.c is part of its
# layer's archive and of the binary (sim/cli/main.c holds main), every
# tests/unit/test_*.c is a cmocka test program linked against its layer
# (see "layers" below), every tests/cli/*.sh a command-line test, every
# tests/fuzz/fuzz_*.c a libFuzzer harness.

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
SAN     ?=

PKGS_BUILD = make gcc pkg-config zstd libzstd-dev libelf-dev libinih-dev \
             libjansson-dev libcapstone-dev gnuplot-nox
PKGS_TEST  = $(PKGS_BUILD) clang libclang-rt-14-dev libcmocka-dev valgrind jq \
             qemu-user qemu-system-mips gcc-mipsel-linux-gnu gcc-mips-linux-gnu parallel time \
             gzip coreutils gawk cpio procps

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

# ---- layers ---------------------------------------------------------------
#
# sim/ is a folder per layer; each layer is an archive $(BUILD)/lib/NAME.a
# and may use only the layers it lists in DEPS_NAME (data flows one way:
# trace -> machine -> replay -> sweep -> cli; cpu and os are sources beside
# trace).  Unit tests link against their own layer (whole, so that any
# symbol it takes from a layer above is an error at link time) and the
# layers it depends on, nothing else; `make layers` links every layer that
# way on its own.  A NEW FOLDER sim/NAME: add NAME to LAYERS below its
# users and above what it uses (sim/board and sim/vmm, the full system's
# devices and monitor, go after os and machine), give it a DEPS_NAME, list
# its tests in TESTS_NAME.
LAYERS        = util trace cpu os machine board vmm replay sweep cli
DEPS_util     =
DEPS_trace    = util
DEPS_cpu      = trace util
DEPS_os       = cpu trace util
DEPS_machine  = trace util
DEPS_board    = machine cpu trace util
DEPS_vmm      = board machine cpu trace util
DEPS_replay   = machine trace util
DEPS_sweep    = replay machine trace util
DEPS_cli      = sweep replay vmm board machine os cpu trace util
# unit tests (tests/unit/NAME.c) by the layer they test
TESTS_util    =
TESTS_trace   = test_import test_trace_errors test_trace_model test_trace_roundtrip
TESTS_cpu     = test_cpu test_cpu_guests test_cpu_random test_fpu test_mem test_sys_cpu
TESTS_os      = test_os
TESTS_machine = test_model test_ptwalk test_sysmach test_tlb
TESTS_board   = test_board
TESTS_vmm     = test_vmm test_vmm_guests
TESTS_replay  = test_replay
TESTS_sweep   = test_alloc_fail test_flows test_shadow test_stackdist test_sweep_list \
                test_sweep_table
TESTS_cli     = test_runs
# extra link flags of a unit test: test_alloc_fail makes allocations fail
LDFLAGS_test_alloc_fail = -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc

SRCS      := $(sort $(shell find sim -name '*.c'))
OBJS      := $(SRCS:%.c=$(BUILD)/%.o)
LIBOBJS   := $(filter-out $(BUILD)/sim/cli/main.o,$(OBJS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))

layer_objs = $(filter $(BUILD)/sim/$(1)/%,$(LIBOBJS))
layer_lib  = $(BUILD)/lib/$(1).a
# archives of layer L's dependencies, highest first (link order)
dep_libs   = $(foreach d,$(DEPS_$(1)),$(call layer_lib,$(d)))
reverse    = $(if $(1),$(call reverse,$(wordlist 2,$(words $(1)),$(1))) $(firstword $(1)))
ALL_LIBS  := $(foreach l,$(call reverse,$(LAYERS)),$(call layer_lib,$(l)))
test_layer = $(strip $(foreach l,$(LAYERS),$(if $(filter $(1),$(TESTS_$(l))),$(l))))

UNLISTED  := $(filter-out $(foreach l,$(LAYERS),$(TESTS_$(l))),$(UNIT_SRCS:tests/unit/%.c=%))
ifneq ($(UNLISTED),)
$(error tests/unit: $(UNLISTED) in no layer's TESTS_ list (Makefile))
endif
STRAY     := $(filter-out $(LAYERS),$(notdir $(patsubst %/,%,$(sort $(dir $(SRCS:sim/%=%))))))
ifneq ($(STRAY),)
$(error sim/$(STRAY): a folder that is not a layer: add it to LAYERS (Makefile))
endif

.PHONY: all check test unit cli demo bench fuzz install clean deps deps-test \
        check-asan tools deps-mipsel deps-linux deps-workloads layers

all: $(BUILD)/vmmsim

$(BUILD)/vmmsim: $(BUILD)/sim/cli/main.o $(ALL_LIBS)
	$(CC) $(LDFLAGS) -o $@ $< $(ALL_LIBS) $(LDLIBS)

define layer_rules
$(call layer_lib,$(1)): $(call layer_objs,$(1))
	@mkdir -p $$(dir $$@)
	@rm -f $$@
	$$(AR) rcs $$@ $$^
$(BUILD)/layers/$(1): $(call layer_lib,$(1)) $(call dep_libs,$(1))
	@mkdir -p $$(dir $$@)
	@printf 'int main(void) { return 0; }\n' > $$@.c
	$$(CC) $$(LDFLAGS) -o $$@ $$@.c -Wl,--whole-archive $(call layer_lib,$(1)) \
	  -Wl,--no-whole-archive $(call dep_libs,$(1)) $$(LDLIBS)
endef
$(foreach l,$(LAYERS),$(eval $(call layer_rules,$(l))))

# Every layer but cli (whose main is the binary's) linked alone with only
# what it may use: a call to a layer above fails here.
layers: $(foreach l,$(filter-out cli,$(LAYERS)),$(BUILD)/layers/$(l))

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

# A unit test: its layer whole, then the layers below it that it may use.
.SECONDEXPANSION:
$(BUILD)/tests/%: tests/unit/%.c $$(call layer_lib,$$(call test_layer,$$*)) \
                  $$(call dep_libs,$$(call test_layer,$$*))
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -I$(BUILD)/gen -Itests/unit $(CFLAGS) $(LDFLAGS) $(LDFLAGS_$*) -o $@ $< \
	  -Wl,--whole-archive $(call layer_lib,$(call test_layer,$*)) -Wl,--no-whole-archive \
	  $(call dep_libs,$(call test_layer,$*)) $(LDLIBS) -lcmocka

# Benchmark programs: tests/bench/NAME.c linked against every layer.
$(BUILD)/bench/%: tests/bench/%.c $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -I$(BUILD)/gen $(CFLAGS) $(LDFLAGS) -o $@ $< $(ALL_LIBS) $(LDLIBS)

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

# What the demo's last section needs besides deps: the workloads are built
# by mipsel-linux-gnu-gcc into a cpio initramfs (tests/workloads/).
PKGS_WORKLOADS = gcc-mipsel-linux-gnu cpio gzip
deps-workloads:
	$(call install_missing,$(PKGS_WORKLOADS))

# ---- tests ---------------------------------------------------------------

tools: $(BUILD)/vmmsim $(UNIT_BINS) layers

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

demo: deps deps-linux deps-workloads
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
