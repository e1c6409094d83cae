build-clang/sim/sweep/table.o: sim/sweep/table.c sim/sweep/table.h \
  sim/sweep/csv.h

sim/sweep/table.h:

sim/sweep/csv.h:
