build-clang/sim/cli/cmd_trace.o: sim/cli/cmd_trace.c sim/cli/cmd.h \
  sim/trace/import.h sim/trace/trace.h sim/util/util.h

sim/cli/cmd.h:

sim/trace/import.h:

sim/trace/trace.h:

sim/util/util.h:
