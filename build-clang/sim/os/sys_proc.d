build-clang/sim/os/sys_proc.o: sim/os/sys_proc.c sim/os/os_priv.h \
  sim/cpu/cpu.h sim/cpu/mem.h sim/trace/trace.h sim/os/os.h \
  sim/os/sysnames.h sim/os/sysnr.h sim/util/util.h

sim/os/os_priv.h:

sim/cpu/cpu.h:

sim/cpu/mem.h:

sim/trace/trace.h:

sim/os/os.h:

sim/os/sysnames.h:

sim/os/sysnr.h:

sim/util/util.h:
