#!/bin/sh
# Issue 12, item 9: vmmsim started with standard descriptors closed.  main
# puts /dev/null on them before anything else is opened, so a --record or
# --json temporary file never becomes descriptor 1 and the guest's output
# never lands in it; the guest itself sees the descriptors closed, as a
# program the shell started that way would (hostile_std_closed exits with
# the mask of its open descriptors 0-2).
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
g=$TOP/build/guests/special/hostile_std_closed
# the host's own view of the same redirections (the oracle for the mask)
host_mask() { sh -c 'm=0; for fd in 0 1 2; do [ -e /proc/self/fd/$fd ] && m=$((m | (1 << fd))); done; exit $m' "$@"; }
want_out=0; host_mask >&- || want_out=$?
want_in_err=0; host_mask <&- 2>&- || want_in_err=$?
assert_eq "host: stdout closed" 5 "$want_out"
assert_eq "host: stdin and stderr closed" 2 "$want_in_err"
st=0; "$VMMSIM" run -q --record r.zst --json j.json -- "$g" >&- || st=$?
assert_eq "stdout closed: guest's mask" "$want_out" "$st"
"$VMMSIM" trace info r.zst >info.txt 2>err.txt || { cat err.txt; fail "stdout closed: the recorded trace is not valid"; }
jq -e '.exit_status == 5' j.json >/dev/null || fail "stdout closed: json"
"$VMMSIM" replay --trace r.zst --mode native >/dev/null 2>&1 || fail "stdout closed: the trace does not replay"
st=0; "$VMMSIM" run -q --record r2.zst -- "$g" <&- 2>&- >out.txt || st=$?
assert_eq "stdin and stderr closed: guest's mask" "$want_in_err" "$st"
assert_eq "stdin and stderr closed: guest output" "guest output on stdout" "$(cat out.txt)"
"$VMMSIM" trace info r2.zst >/dev/null 2>&1 || fail "stdin and stderr closed: trace not valid"
# all three closed: the run and its outputs still work
st=0; "$VMMSIM" run -q --record r3.zst -- "$g" <&- >&- 2>&- || st=$?
assert_eq "all closed: guest's mask" 0 "$st"
"$VMMSIM" trace info r3.zst >/dev/null 2>&1 || fail "all closed: trace not valid"
# other commands: an output file opened first must not become stdout
st=0; "$VMMSIM" trace info --json r.zst >&- 2>err.txt || st=$?
assert_eq "trace info with stdout closed" 0 "$st"
ls | grep -q '\.tmp' && { ls; fail "a temporary file was left"; }
echo ok
