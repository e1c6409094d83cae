build-clang/sim/machine/mach.o: sim/machine/mach.c sim/machine/mach.h \
  sim/machine/hmap.h sim/machine/ledger.h sim/machine/model.h \
  sim/machine/swtlb.h sim/machine/tlb.h sim/trace/trace.h

sim/machine/mach.h:

sim/machine/hmap.h:

sim/machine/ledger.h:

sim/machine/model.h:

sim/machine/swtlb.h:

sim/machine/tlb.h:

sim/trace/trace.h:
