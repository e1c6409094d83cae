build-clang/sim/trace/import_text.o: sim/trace/import_text.c \
  sim/trace/import_impl.h sim/trace/import.h sim/trace/trace.h

sim/trace/import_impl.h:

sim/trace/import.h:

sim/trace/trace.h:
