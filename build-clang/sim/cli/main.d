build-clang/sim/cli/main.o: sim/cli/main.c sim/cli/cmd.h

sim/cli/cmd.h:
