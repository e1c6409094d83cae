#!/bin/sh
# The outputs of `vmmsim run` (--record, --json, --trace-insns): a program
# that does not load leaves none of them (an existing file of that name is
# left as it was); a run stopped by SIGTERM leaves no --trace-insns file
# nor its temporary; two options naming the same file are refused (status
# 2, one line, nothing written); a run that ends writes --trace-insns with
# one line per instruction.
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
G=$TOP/build/guests
one_line() { [ "$(wc -l < err.txt)" = 1 ] || { cat err.txt; fail "$1: expected one line on stderr"; }; }
# a program that does not load
mkdir bad && cd bad
echo 'just text' > text.prog
expect_fail "$VMMSIM" run --record r.zst --json j.json --trace-insns t.txt -- ./text.prog
one_line "not an ELF"
left=$(ls | grep -v -e '^text\.prog$' -e '^err\.txt$' -e '^out\.txt$' || true)
[ -z "$left" ] || fail "not an ELF: outputs left: $left"
echo 'keep me' > t.txt
expect_fail "$VMMSIM" run --trace-insns t.txt -- ./text.prog
assert_eq "an existing --trace-insns file after a failed load" "keep me" "$(cat t.txt)"
cd ..
# the same file for two outputs
mkdir same && cd same
for pair in "--json x --record x" "--json x --trace-insns x" "--record x --trace-insns ./x"; do
	st=0
	# shellcheck disable=SC2086
	"$VMMSIM" run -q $pair -- "$G/el/exit_code" >out.txt 2>err.txt || st=$?
	assert_eq "$pair: exit status" 2 "$st"
	one_line "$pair"
	grep -q 'given to both' err.txt || { cat err.txt; fail "$pair: message"; }
	[ ! -e x ] || fail "$pair: x written"
done
echo old > y
ln -s y z
st=0
"$VMMSIM" run -q --json y --record z -- "$G/el/exit_code" >out.txt 2>err.txt || st=$?
assert_eq "a link to the other output: exit status" 2 "$st"
assert_eq "a link to the other output: y untouched" old "$(cat y)"
cd ..
# a run that ends: the file is complete
"$VMMSIM" run --json j.json --trace-insns t.txt -- "$G/el/exit_code" >out.txt 2>err.txt || true
n=$(sed -n 's/.*"instructions": \([0-9]*\).*/\1/p' j.json)
[ -n "$n" ] || fail "no instruction count in j.json"
assert_eq "--trace-insns lines" "$n" "$(wc -l < t.txt)"
ls | grep -q 'tmp' && { ls; fail "temporary files left"; }
# SIGTERM during a traced run: no file, no temporary
mkdir term && cd term
"$VMMSIM" run -q --max-insns 200000000 --trace-insns t.txt -- "$G/special/spin" 2>../err.txt &
pid=$!
i=0
until ls | grep -q '^t\.txt'; do
	sleep 0.1; i=$((i + 1)); [ $i -lt 300 ] || { kill -KILL $pid; fail "the traced run never started"; }
done
i=0
until [ -n "$(awk '/^SigCgt:/ && and(strtonum("0x" $2), 0x4000) {print}' /proc/$pid/status 2>/dev/null)" ]; do
	sleep 0.1; i=$((i + 1)); [ $i -lt 300 ] || { kill -KILL $pid; fail "SIGTERM never caught"; }
done
sleep 0.3
kill -TERM $pid
i=0
while kill -0 $pid 2>/dev/null; do
	sleep 0.1; i=$((i + 1)); [ $i -lt 600 ] || { kill -KILL $pid; fail "not stopped by SIGTERM"; }
done
st=0; wait $pid || st=$?
assert_eq "SIGTERM: exit status" 143 "$st"
grep -q 'by SIGTERM' ../err.txt || { cat ../err.txt; fail "no line saying what stopped the run"; }
[ -z "$(ls)" ] || { ls -la; fail "SIGTERM: files left: $(ls)"; }
cd ..
echo ok
