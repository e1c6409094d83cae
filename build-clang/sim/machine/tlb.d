build-clang/sim/machine/tlb.o: sim/machine/tlb.c sim/machine/tlb.h \
  sim/machine/model.h sim/machine/ledger.h

sim/machine/tlb.h:

sim/machine/model.h:

sim/machine/ledger.h:
