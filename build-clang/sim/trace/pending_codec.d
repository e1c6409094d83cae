build-clang/sim/trace/pending_codec.o: sim/trace/pending_codec.c \
  sim/trace/trace.h

sim/trace/trace.h:
