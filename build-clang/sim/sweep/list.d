build-clang/sim/sweep/list.o: sim/sweep/list.c sim/sweep/list.h \
  sim/util/util.h

sim/sweep/list.h:

sim/util/util.h:
