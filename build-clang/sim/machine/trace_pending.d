build-clang/sim/machine/trace_pending.o: sim/machine/trace_pending.c \
  sim/trace/trace.h

sim/trace/trace.h:
