#!/bin/sh
# Issue 12, item 1: a guest whose main process exits while a child still
# holds a pipe open (guests/special/hostile_pipe_exit.c, the issue's
# program).  vmmsim freed the processes one by one while the process list
# still pointed at them and closing the pipe walked that list: exit 139,
# or a hang with --mode all --json --record.  Exit status as qemu-mipsel's
# (0), every output written, the trace replays to the live ledger; each
# run bounded by timeout.
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
G=$TOP/build/guests
pe=$G/special/hostile_pipe_exit
want=0
if command -v qemu-mipsel >/dev/null; then
	timeout 30 qemu-mipsel "$pe" || want=$?
	# its child blocks on the pipe for ever (a host process under qemu):
	# do not leave it behind
	if command -v pkill >/dev/null; then pkill -KILL -f "^qemu-mipsel $pe\$" || true; fi
fi
assert_eq "qemu's status" 0 "$want"
st=0; timeout 30 "$VMMSIM" run -q -- "$pe" 2>err.txt || st=$?
assert_eq "plain run: exit status" "$want" "$st"
[ ! -s err.txt ] || { cat err.txt; fail "plain run: messages on stderr"; }
st=0; timeout 30 "$VMMSIM" run -q --mode all --json j.json --record r.zst -- "$pe" 2>err.txt || st=$?
assert_eq "--mode all --json --record: exit status" "$want" "$st"
[ ! -s err.txt ] || { cat err.txt; fail "--mode all: messages on stderr"; }
assert_eq "json exit_status" 0 "$(jq .exit_status j.json)"
assert_eq "json processes" 2 "$(jq .processes j.json)"
timeout 30 "$VMMSIM" replay --trace r.zst --mode all --json rj.json >/dev/null 2>err.txt ||
	{ cat err.txt; fail "the recorded trace does not replay"; }
jq -S 'del(.instructions, .exit_status, .processes, .syscalls)' j.json > a.json
jq -S . rj.json > b.json
cmp -s a.json b.json || { diff -u a.json b.json | head; fail "replayed ledger differs from the live one"; }
# other quanta: the child is scheduled before and after the exit
for q in 1 100000; do
	st=0; timeout 30 "$VMMSIM" run -q --os-quantum $q --mode native -- "$pe" 2>err.txt || st=$?
	assert_eq "quantum $q: exit status" "$want" "$st"
done
ls | grep -q '\.tmp\|r\.zst\.' && { ls; fail "a temporary file was left"; }
echo ok
