build-clang/sim/machine/ledger.o: sim/machine/ledger.c \
  sim/machine/ledger.h

sim/machine/ledger.h:
