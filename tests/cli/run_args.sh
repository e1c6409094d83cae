#!/bin/sh
# Large argument lists, with Linux's limits (fs/exec.c): the strings of
# argv and envp with their pointers may take a quarter of the 8 MiB stack
# (2 MiB: what sysconf(_SC_ARG_MAX) tells glibc programs such as xargs),
# one string at most 131072 bytes with its NUL; beyond, execve fails with
# E2BIG (before the old image is gone: never a crash of the caller).  The
# first program's command line is any the host accepts.
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
P=$TOP/build/guests/special/hostile_execargs
run() { "$VMMSIM" run -q -- "$P" "$@"; }
# the first program: 60000 arguments, 288894 bytes (well above 256 KiB)
out=$(run $(seq 1 60000)) || fail "60000 arguments: $out"
bytes=$(($(seq 1 60000 | wc -c) - 60000 + ${#P}))
assert_eq "60000 arguments" "argc 60001 bytes $bytes envc 2 bytes 39" "$out"
# execve: 11 strings of 95000 bytes (1 MiB), 20 of 100000 (2 MB, under 2 MiB
# with the pointers and environment)
assert_eq "1 MiB" "argc 12 bytes 1045005 envc 0 bytes 0
child status 0" "$(run 11 95000 0 0)"
assert_eq "2 MB" "argc 21 bytes 2000005 envc 1 bytes 1000
child status 0" "$(run 20 100000 1 1000)"
# the limit: 2097152 bytes of strings with their NULs ("/proc/self/exe"
# and "child" included) and of pointers (4 per string of argv and envp)
n=20 len=104851
e=$((2097152 - 15 - 6 - n * (len + 1) - 4 * (n + 2) - 1))
assert_eq "exactly 2 MiB" "argc 21 bytes $((n * len + 5)) envc 1 bytes $e
child status 0" "$(run $n $len 1 $e)"
assert_eq "one byte more" "execve: errno 7 E2BIG
child status 0" "$(run $n $len 1 $((e + 1)))"
# argv and envp each under the limit, together above it
assert_eq "argv + envp" "execve: errno 7 E2BIG
child status 0" "$(run 12 100000 12 100000)"
# one string: 131071 bytes and its NUL pass, one more byte does not
assert_eq "MAX_ARG_STRLEN" "argc 2 bytes 131076 envc 0 bytes 0
child status 0" "$(run 1 131071 0 0)"
assert_eq "MAX_ARG_STRLEN + 1" "execve: errno 7 E2BIG
child status 0" "$(run 1 131072 0 0)"
assert_eq "3 MiB" "execve: errno 7 E2BIG
child status 0" "$(run 33 95325 0 0)"
echo ok
