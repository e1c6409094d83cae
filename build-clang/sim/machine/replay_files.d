build-clang/sim/machine/replay_files.o: sim/machine/replay_files.c \
  sim/machine/replay_int.h sim/machine/mach.h sim/machine/hmap.h \
  sim/machine/ledger.h sim/machine/model.h sim/machine/swtlb.h \
  sim/machine/tlb.h sim/trace/trace.h sim/machine/replay.h \
  sim/util/util.h

sim/machine/replay_int.h:

sim/machine/mach.h:

sim/machine/hmap.h:

sim/machine/ledger.h:

sim/machine/model.h:

sim/machine/swtlb.h:

sim/machine/tlb.h:

sim/trace/trace.h:

sim/machine/replay.h:

sim/util/util.h:
