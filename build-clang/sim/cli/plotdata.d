build-clang/sim/cli/plotdata.o: sim/cli/plotdata.c sim/cli/plotdata.h \
  sim/sweep/csv.h

sim/cli/plotdata.h:

sim/sweep/csv.h:
