build-clang/tests/test_model: tests/unit/test_model.c sim/machine/model.h \
  sim/machine/ledger.h

sim/machine/model.h:

sim/machine/ledger.h:
