build-clang/sim/sweep/csv.o: sim/sweep/csv.c sim/sweep/csv.h

sim/sweep/csv.h:
