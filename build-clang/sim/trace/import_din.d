build-clang/sim/trace/import_din.o: sim/trace/import_din.c \
  sim/trace/import_impl.h sim/trace/import.h sim/trace/trace.h

sim/trace/import_impl.h:

sim/trace/import.h:

sim/trace/trace.h:
