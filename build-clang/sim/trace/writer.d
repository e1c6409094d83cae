build-clang/sim/trace/writer.o: sim/trace/writer.c sim/trace/codec.h \
  sim/trace/trace.h

sim/trace/codec.h:

sim/trace/trace.h:
