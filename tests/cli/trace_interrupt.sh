# trace_interrupt: SIGTERM and SIGINT stop `vmmsim trace convert` cleanly,
# also while it waits for input in a read: exit status 128+signal, one line
# saying where it stopped, and neither the output nor its temporary file
# left (it was left behind as OUT.tmp.XXXXXX).  The input comes through a
# FIFO this script holds open: more than the importer's first 4 MiB block
# (so the output has been opened), then nothing.  A background job of a
# script starts with SIGINT ignored (vmmsim keeps it so), hence
# `env --default-signal=INT` for SIGINT.
. "$TOP/tests/cli/lib.sh"
awk 'BEGIN { for (i = 0; i < 400000; i++) printf "I  %x,4\n L %x,8\n", 4096 + i * 4, 65536 + (i % 5000) * 8 }' > in.lackey
[ "$(wc -c < in.lackey)" -gt 4194304 ] || fail "input smaller than a block"
# stop SIG: convert from the FIFO, signal it once its temporary output exists
stop() {
	rm -f in.fifo
	mkfifo in.fifo
	if [ "$1" = INT ]; then
		env --default-signal=INT "$VMMSIM" trace convert --from lackey -o out.zst in.fifo 2> err.txt &
	else
		"$VMMSIM" trace convert --from lackey -o out.zst in.fifo 2> err.txt &
	fi
	pid=$!
	exec 3> in.fifo
	cat in.lackey >&3
	i=0
	until ls -A | grep -q '^out\.zst\.tmp\.'; do
		sleep 0.1; i=$((i + 1))
		[ $i -lt 300 ] || { kill -KILL $pid; fail "$1: the output was never opened"; }
	done
	sleep 0.3
	kill -"$1" $pid
	i=0
	while kill -0 $pid 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
		[ $i -lt 300 ] || { kill -KILL $pid; exec 3>&-; fail "$1: convert did not stop"; }
	done
	st=0
	wait $pid || st=$?
	exec 3>&-
}
for sig in TERM INT; do
	[ $sig = INT ] && ! env --default-signal=INT true 2>/dev/null && continue
	stop $sig
	assert_eq "exit status after SIG$sig" $([ $sig = TERM ] && echo 143 || echo 130) "$st"
	[ "$(wc -l < err.txt)" = 1 ] || fail "SIG$sig: expected one line: $(cat err.txt)"
	grep -q "^vmmsim: in\.fifo: stopped after [0-9]* bytes of input by SIG$sig: no trace written$" err.txt ||
		fail "SIG$sig: message: $(cat err.txt)"
	left=$(ls -A | grep '^out\.zst' || true)
	[ -z "$left" ] || fail "SIG$sig: left behind: $left"
done
# undisturbed, the same input converts
"$VMMSIM" trace convert --from lackey -o out.zst in.lackey || fail "convert"
assert_eq "records" 800000 "$("$VMMSIM" trace info --json out.zst | jq .records)"
exit 0
