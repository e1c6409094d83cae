build-clang/sim/os/loader.o: sim/os/loader.c sim/os/os_priv.h \
  sim/cpu/cpu.h sim/cpu/mem.h sim/trace/trace.h sim/os/os.h

sim/os/os_priv.h:

sim/cpu/cpu.h:

sim/cpu/mem.h:

sim/trace/trace.h:

sim/os/os.h:
