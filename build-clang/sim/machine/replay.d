build-clang/sim/machine/replay.o: sim/machine/replay.c \
  sim/machine/replay.h sim/machine/ledger.h sim/machine/model.h \
  sim/trace/trace.h sim/machine/mach.h sim/machine/hmap.h \
  sim/machine/swtlb.h sim/machine/tlb.h sim/machine/replay_int.h \
  sim/util/util.h

sim/machine/replay.h:

sim/machine/ledger.h:

sim/machine/model.h:

sim/trace/trace.h:

sim/machine/mach.h:

sim/machine/hmap.h:

sim/machine/swtlb.h:

sim/machine/tlb.h:

sim/machine/replay_int.h:

sim/util/util.h:
