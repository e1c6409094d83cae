build-clang/sim/sweep/stackdist.o: sim/sweep/stackdist.c \
  sim/sweep/stackdist.h

sim/sweep/stackdist.h:
