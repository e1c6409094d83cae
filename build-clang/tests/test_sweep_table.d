build-clang/tests/test_sweep_table: tests/unit/test_sweep_table.c \
  sim/sweep/table.h

sim/sweep/table.h:
