build-clang/tests/test_trace_errors: tests/unit/test_trace_errors.c \
  tests/unit/trace_testlib.h sim/trace/trace.h sim/trace/codec.h

tests/unit/trace_testlib.h:

sim/trace/trace.h:

sim/trace/codec.h:
