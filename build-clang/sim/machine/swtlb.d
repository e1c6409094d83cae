build-clang/sim/machine/swtlb.o: sim/machine/swtlb.c sim/machine/swtlb.h \
  sim/machine/hmap.h

sim/machine/swtlb.h:

sim/machine/hmap.h:
