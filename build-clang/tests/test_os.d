build-clang/tests/test_os: tests/unit/test_os.c sim/os/os_priv.h \
  sim/cpu/cpu.h sim/cpu/mem.h sim/trace/trace.h sim/os/os.h \
  sim/os/sysnr.h

sim/os/os_priv.h:

sim/cpu/cpu.h:

sim/cpu/mem.h:

sim/trace/trace.h:

sim/os/os.h:

sim/os/sysnr.h:
