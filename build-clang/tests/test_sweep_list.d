build-clang/tests/test_sweep_list: tests/unit/test_sweep_list.c \
  sim/sweep/list.h

sim/sweep/list.h:
