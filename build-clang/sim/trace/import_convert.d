build-clang/sim/trace/import_convert.o: sim/trace/import_convert.c \
  sim/trace/import_impl.h sim/trace/import.h sim/trace/trace.h

sim/trace/import_impl.h:

sim/trace/import.h:

sim/trace/trace.h:
