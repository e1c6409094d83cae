build-clang/sim/trace/reader.o: sim/trace/reader.c sim/trace/codec.h \
  sim/trace/trace.h

sim/trace/codec.h:

sim/trace/trace.h:
