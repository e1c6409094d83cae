build-clang/sim/cli/cmd_plot.o: sim/cli/cmd_plot.c sim/cli/cmd.h \
  sim/cli/plotdata.h sim/sweep/csv.h sim/util/util.h

sim/cli/cmd.h:

sim/cli/plotdata.h:

sim/sweep/csv.h:

sim/util/util.h:
