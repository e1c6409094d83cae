build-clang/tests/test_import: tests/unit/test_import.c \
  sim/trace/import.h sim/trace/trace.h

sim/trace/import.h:

sim/trace/trace.h:
