build-clang/sim/cli/cmd_model.o: sim/cli/cmd_model.c sim/cli/cmd.h \
  sim/machine/replay.h sim/machine/ledger.h sim/machine/model.h \
  sim/trace/trace.h sim/util/util.h

sim/cli/cmd.h:

sim/machine/replay.h:

sim/machine/ledger.h:

sim/machine/model.h:

sim/trace/trace.h:

sim/util/util.h:
