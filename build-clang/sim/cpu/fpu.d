build-clang/sim/cpu/fpu.o: sim/cpu/fpu.c sim/cpu/cpu_priv.h sim/cpu/cpu.h \
  sim/cpu/mem.h sim/trace/trace.h sim/cpu/isa.h sim/cpu/isa.def

sim/cpu/cpu_priv.h:

sim/cpu/cpu.h:

sim/cpu/mem.h:

sim/trace/trace.h:

sim/cpu/isa.h:

sim/cpu/isa.def:
