build-clang/sim/cpu/cpu.o: sim/cpu/cpu.c sim/cpu/cpu.h sim/cpu/mem.h \
  sim/trace/trace.h sim/cpu/cpu_priv.h sim/cpu/isa.h sim/cpu/isa.def \
  sim/cpu/exec.h

sim/cpu/cpu.h:

sim/cpu/mem.h:

sim/trace/trace.h:

sim/cpu/cpu_priv.h:

sim/cpu/isa.h:

sim/cpu/isa.def:

sim/cpu/exec.h:
