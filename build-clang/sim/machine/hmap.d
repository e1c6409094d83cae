build-clang/sim/machine/hmap.o: sim/machine/hmap.c sim/machine/hmap.h

sim/machine/hmap.h:
