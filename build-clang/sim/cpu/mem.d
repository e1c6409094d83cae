build-clang/sim/cpu/mem.o: sim/cpu/mem.c sim/cpu/mem.h

sim/cpu/mem.h:
