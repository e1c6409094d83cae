build-clang/sim/cli/cmd_run.o: sim/cli/cmd_run.c sim/cli/cmd.h \
  sim/machine/replay.h sim/machine/ledger.h sim/machine/model.h \
  sim/trace/trace.h sim/os/os.h sim/util/util.h

sim/cli/cmd.h:

sim/machine/replay.h:

sim/machine/ledger.h:

sim/machine/model.h:

sim/trace/trace.h:

sim/os/os.h:

sim/util/util.h:
