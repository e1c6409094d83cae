build-clang/tests/test_replay: tests/unit/test_replay.c \
  sim/machine/replay.h sim/machine/ledger.h sim/machine/model.h \
  sim/trace/trace.h

sim/machine/replay.h:

sim/machine/ledger.h:

sim/machine/model.h:

sim/trace/trace.h:
