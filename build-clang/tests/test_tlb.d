build-clang/tests/test_tlb: tests/unit/test_tlb.c sim/machine/swtlb.h \
  sim/machine/hmap.h sim/machine/tlb.h sim/machine/model.h \
  sim/machine/ledger.h

sim/machine/swtlb.h:

sim/machine/hmap.h:

sim/machine/tlb.h:

sim/machine/model.h:

sim/machine/ledger.h:
