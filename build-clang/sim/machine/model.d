build-clang/sim/machine/model.o: sim/machine/model.c sim/machine/model.h \
  sim/machine/ledger.h build-clang/gen/model_default.h

sim/machine/model.h:

sim/machine/ledger.h:

build-clang/gen/model_default.h:
