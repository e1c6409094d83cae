build-clang/sim/machine/report.o: sim/machine/report.c \
  sim/machine/replay_int.h sim/machine/mach.h sim/machine/hmap.h \
  sim/machine/ledger.h sim/machine/model.h sim/machine/swtlb.h \
  sim/machine/tlb.h sim/trace/trace.h sim/machine/replay.h

sim/machine/replay_int.h:

sim/machine/mach.h:

sim/machine/hmap.h:

sim/machine/ledger.h:

sim/machine/model.h:

sim/machine/swtlb.h:

sim/machine/tlb.h:

sim/trace/trace.h:

sim/machine/replay.h:
