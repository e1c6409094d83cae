build-clang/tests/test_cpu: tests/unit/test_cpu.c tests/unit/cpu_test.h \
  sim/cpu/cpu.h sim/cpu/mem.h sim/trace/trace.h sim/cpu/isa.h \
  sim/cpu/isa.def

tests/unit/cpu_test.h:

sim/cpu/cpu.h:

sim/cpu/mem.h:

sim/trace/trace.h:

sim/cpu/isa.h:

sim/cpu/isa.def:
