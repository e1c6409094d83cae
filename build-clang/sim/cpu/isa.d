build-clang/sim/cpu/isa.o: sim/cpu/isa.c sim/cpu/isa.h sim/cpu/isa.def

sim/cpu/isa.h:

sim/cpu/isa.def:
