build-clang/sim/trace/import_lackey.o: sim/trace/import_lackey.c \
  sim/trace/import_impl.h sim/trace/import.h sim/trace/trace.h

sim/trace/import_impl.h:

sim/trace/import.h:

sim/trace/trace.h:
