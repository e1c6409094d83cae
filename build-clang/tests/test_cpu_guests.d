build-clang/tests/test_cpu_guests: tests/unit/test_cpu_guests.c \
  tests/unit/guest_loader.h sim/cpu/cpu.h sim/cpu/mem.h \
  sim/trace/trace.h

tests/unit/guest_loader.h:

sim/cpu/cpu.h:

sim/cpu/mem.h:

sim/trace/trace.h:
