build-clang/sim/os/os.o: sim/os/os.c sim/os/os_priv.h sim/cpu/cpu.h \
  sim/cpu/mem.h sim/trace/trace.h sim/os/os.h sim/os/sysnr.h

sim/os/os_priv.h:

sim/cpu/cpu.h:

sim/cpu/mem.h:

sim/trace/trace.h:

sim/os/os.h:

sim/os/sysnr.h:
