build-clang/tests/test_stackdist: tests/unit/test_stackdist.c \
  sim/sweep/stackdist.h

sim/sweep/stackdist.h:
