build-clang/sim/os/sys_file.o: sim/os/sys_file.c sim/os/os_priv.h \
  sim/cpu/cpu.h sim/cpu/mem.h sim/trace/trace.h sim/os/os.h \
  sim/os/sysnr.h

sim/os/os_priv.h:

sim/cpu/cpu.h:

sim/cpu/mem.h:

sim/trace/trace.h:

sim/os/os.h:

sim/os/sysnr.h:
