build-clang/sim/cli/cmd_merge.o: sim/cli/cmd_merge.c sim/cli/cmd.h \
  sim/sweep/csv.h sim/util/util.h

sim/cli/cmd.h:

sim/sweep/csv.h:

sim/util/util.h:
