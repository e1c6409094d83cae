build-clang/tests/test_trace_roundtrip: tests/unit/test_trace_roundtrip.c \
  tests/unit/trace_testlib.h sim/trace/trace.h

tests/unit/trace_testlib.h:

sim/trace/trace.h:
