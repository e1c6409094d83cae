build-clang/sim/cli/pending.o: sim/cli/pending.c sim/cli/cmd.h

sim/cli/cmd.h:
