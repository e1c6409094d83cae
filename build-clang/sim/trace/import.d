build-clang/sim/trace/import.o: sim/trace/import.c \
  sim/trace/import_impl.h sim/trace/import.h sim/trace/trace.h

sim/trace/import_impl.h:

sim/trace/import.h:

sim/trace/trace.h:
