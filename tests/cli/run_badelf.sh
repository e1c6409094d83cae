#!/bin/sh
# Bad programs for `vmmsim run`: not an ELF, truncated, wrong class or
# machine, entry point outside the segments, dynamically linked, a guest
# that never stops (--max-insns).  One line naming the file, a non-zero
# status, no crash, no half-written --record file.
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
G=$TOP/build/guests
good=$G/el/exit_code
one_line() { # name: err.txt is exactly one line naming the file
	[ "$(wc -l < err.txt)" = 1 ] || { cat err.txt; fail "$1: expected one line on stderr"; }
	grep -q "$2" err.txt || { cat err.txt; fail "$1: message does not name $2"; }
}
bad() { # name, file, expected text
	expect_fail "$VMMSIM" run --record rec.zst -- "$2"
	one_line "$1" "$2"
	grep -qi -- "$3" err.txt || { cat err.txt; fail "$1: message lacks '$3'"; }
	[ ! -e rec.zst ] || fail "$1: a trace was left behind"
	ls | grep -q 'rec.zst.' && fail "$1: a temporary trace was left behind"
	return 0
}
echo 'just text' > text.prog
bad notelf text.prog "not an ELF"
: > empty.prog
bad empty empty.prog "not an ELF"
head -c 40 "$good" > short.prog
bad truncated-header short.prog "truncated"
size=$(wc -c < "$good")
head -c $((size / 2)) "$good" > half.prog
bad truncated-segments half.prog "truncated"
# patch: printf bytes at an offset
patch() { cp "$good" "$2"; printf "$3" | dd of="$2" bs=1 seek="$1" conv=notrunc 2>/dev/null; }
patch 4 class.prog '\002'
bad class class.prog "class"
patch 18 machine.prog '\076\000'
bad machine machine.prog "machine"
patch 24 entry.prog '\000\000\000\020'
bad entry entry.prog "entry point"
patch 42 phent.prog '\377\377'
bad phentsize phent.prog "program header entries of 65535 bytes"
bad dynamic "$G/special/dynamic" "-static"
bad missing no-such-file "no such file"
[ -x /bin/true ] && bad host-binary /bin/true "class\|machine"
# a guest that never stops
expect_fail "$VMMSIM" run -q --max-insns 5000000 -- "$G/special/spin"
rc=0
"$VMMSIM" run -q --max-insns 5000000 -- "$G/special/spin" 2>err.txt || rc=$?
assert_eq "max-insns status" 124 "$rc"
one_line max-insns spin
grep -q "5000000 instructions" err.txt || fail "max-insns: message lacks the count"
# the limit also ends a recorded run cleanly, with a valid trace
rc=0
"$VMMSIM" run -q --max-insns 100000 --record spin.zst -- "$G/special/spin" 2>/dev/null || rc=$?
assert_eq "max-insns recorded status" 124 "$rc"
[ -s spin.zst ] || fail "max-insns: no trace written"
# usage errors
expect_fail "$VMMSIM" run
expect_fail "$VMMSIM" run --mode bogus -- "$good"
expect_fail "$VMMSIM" run --max-insns x -- "$good"
echo ok
