build-clang/sim/os/signal.o: sim/os/signal.c sim/os/os_priv.h \
  sim/cpu/cpu.h sim/cpu/mem.h sim/trace/trace.h sim/os/os.h \
  sim/os/sysnr.h

sim/os/os_priv.h:

sim/cpu/cpu.h:

sim/cpu/mem.h:

sim/trace/trace.h:

sim/os/os.h:

sim/os/sysnr.h:
