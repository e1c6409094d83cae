#!/bin/sh
# Issue 12, item 3: SIGINT and SIGTERM stop `vmmsim run` cleanly.  An
# endless guest (guests/special/spin.c) with --mode all --record --json:
# after the signal, exit status 128+signal (130, 143), the report so far on
# stderr (ledger and summary line), one line saying what stopped it, and
# neither the outputs nor their temporary files left.  Also a guest blocked
# in a host read (stdin a FIFO nobody writes): the signal ends the read.
# `vmmsim replay` and `vmmsim sweep` likewise stop between batches.
# A background job of a script starts with SIGINT ignored (and vmmsim
# keeps it so), hence `env --default-signal=INT`.
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
env --default-signal=INT true 2>/dev/null || skip "env --default-signal missing (coreutils < 8.31)"
G=$TOP/build/guests
# started_wait: until the run has opened its temporary trace (at most 30 s)
started_wait() {
	i=0
	until ls | grep -q '^r\.zst\.tmp'; do
		sleep 0.1; i=$((i + 1)); [ $i -lt 300 ] || fail "$1: the run never started"
	done
	sleep 0.5
}
# caught_wait PID [MASK]: until process PID catches the signal (its
# handler is installed: MASK in SigCgt of /proc; default 2, SIGINT; SIGTERM
# is 0x4000), at most 30 s
caught_wait() {
	i=0 b=$((${2:-2}))
	while :; do
		m=$(awk '/^SigCgt:/ {print $2}' "/proc/$1/status" 2>/dev/null) || m=
		[ -n "$m" ] && [ $((0x$m & b)) = $b ] && return 0
		sleep 0.1; i=$((i + 1)); [ $i -lt 300 ] || { kill -KILL "$1"; fail "the command never caught SIGINT"; }
	done
}
# stop_wait PID SIG: sends SIG, waits at most 60 s for the end (else
# SIGKILL and fail); the exit status in $st
stop_wait() {
	kill -"$2" "$1"
	i=0
	while kill -0 "$1" 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
		[ $i -lt 600 ] || { kill -KILL "$1"; fail "not stopped by SIG$2 within 60 s"; }
	done
	st=0
	wait "$1" || st=$?
}
E=$PWD/err.txt
check_stopped() { # name, signal, status (in sub/; stderr in $E)
	[ "$3" = "$4" ] || { cat "$E"; fail "$1: exit status $4, expected $3"; }
	grep -q "^vmmsim: .*spin: stopped after [0-9]* instructions by $2: no --json or --record written\$" "$E" ||
		{ cat "$E"; fail "$1: no line saying what stopped the run"; }
	grep -q '^== swtlb ==' "$E" || { cat "$E"; fail "$1: no ledger on stderr"; }
	grep -q "^vmmsim run: [0-9]* instructions, 1 processes, .* exit status $3\$" "$E" ||
		{ cat "$E"; fail "$1: no summary line"; }
	n=$(sed -n 's/^vmmsim run: \([0-9]*\) instructions.*/\1/p' "$E")
	[ "$n" -gt 1000000 ] || fail "$1: only $n instructions before the signal"
	[ -z "$(ls)" ] || { ls -a; fail "$1: files left behind"; }
}
mkdir sub && cd sub || exit 1
env --default-signal=INT "$VMMSIM" run --mode all --record r.zst --json j.json -- "$G/special/spin" 2>../err.txt &
pid=$!
caught_wait $pid
started_wait SIGINT
stop_wait $pid INT
check_stopped SIGINT SIGINT 130 "$st"
"$VMMSIM" run --mode all --record r.zst --json j.json -- "$G/special/spin" 2>../err.txt &
pid=$!
caught_wait $pid 0x4000
started_wait SIGTERM
stop_wait $pid TERM
check_stopped SIGTERM SIGTERM 143 "$st"
cd ..
# a guest waiting in a host read: stdin is a FIFO whose writer says nothing
mkfifo fifo
sleep 60 > fifo &
writer=$!
env --default-signal=INT "$VMMSIM" run -q --record r.zst -- "$G/el/stdin_stats" < fifo 2>err.txt &
pid=$!
caught_wait $pid
started_wait "blocked read"
stop_wait $pid INT
kill $writer 2>/dev/null || true
assert_eq "blocked read: exit status" 130 "$st"
grep -q 'by SIGINT' err.txt || { cat err.txt; fail "blocked read: no line saying what stopped it"; }
ls | grep -q 'r\.zst' && fail "blocked read: trace left behind"
# replay: 16 VMs of a recorded spin run (tens of seconds); stopped after
# a moment: status 130, the ledger so far on stderr, no outputs written
st=0; "$VMMSIM" run -q --max-insns 50000000 --record spin.zst -- "$G/special/spin" 2>/dev/null || st=$?
assert_eq "replay: the recorded run's status" 124 "$st"
[ -s spin.zst ] || fail "replay: no trace recorded"
set --
for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do set -- "$@" --trace spin.zst; done
env --default-signal=INT "$VMMSIM" replay "$@" --mode all --json r.json --csv r.csv >out.txt 2>err.txt &
pid=$!
caught_wait $pid
sleep 1
stop_wait $pid INT
assert_eq "replay: exit status" 130 "$st"
grep -q '^vmmsim: spin.zst: stopped after record [0-9]* by SIGINT: no --json, --csv or --interval-csv written$' err.txt ||
	{ head -3 err.txt; fail "replay: no line saying what stopped it"; }
grep -q '^-- all VMs --$' err.txt || fail "replay: no ledger so far on stderr"
ls | grep -q '^r\.\(json\|csv\)' && { ls; fail "replay: outputs or temporary files left"; }
# sweep: twelve copies of the trace, one after the other (seconds each)
set --
for k in 1 2 3 4 5 6 7 8 9 10 11 12; do cp spin.zst s$k.zst; set -- "$@" --trace s$k.zst; done
env --default-signal=INT "$VMMSIM" sweep "$@" --swtlb-entries 16..4096x2 --csv sw.csv --json sw.json >out.txt 2>err.txt &
pid=$!
caught_wait $pid
sleep 1
stop_wait $pid INT
assert_eq "sweep: exit status" 130 "$st"
grep -q '^vmmsim: sweep: s[0-9]*\.zst: stopped after record [0-9]* by SIGINT: no --csv or --json written$' err.txt ||
	{ head -3 err.txt; fail "sweep: no line saying what stopped it"; }
ls | grep -q '^sw\.' && { ls; fail "sweep: outputs or temporary files left"; }
echo ok
