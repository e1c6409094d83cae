build-clang/sim/trace/names.o: sim/trace/names.c sim/trace/trace.h

sim/trace/trace.h:
