build-clang/sim/util/util.o: sim/util/util.c sim/util/util.h

sim/util/util.h:
