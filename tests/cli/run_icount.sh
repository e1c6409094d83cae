#!/bin/sh
# Instruction counts against qemu-mipsel's single-step log (one line per
# executed instruction, delay slots included): exactly equal for a
# freestanding program, within 1% for glibc programs (whose start-up
# differs slightly: auxv, environment, cache sizes).
. "$TOP/tests/cli/lib.sh"
command -v qemu-mipsel >/dev/null || skip "qemu-mipsel missing"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
G=$TOP/build/guests
count() { # prog args...: instruction counts of qemu and vmmsim into $qn $vn
	qs=0 vs=0
	# the guest's environment under vmmsim is fixed (README): qemu's the same
	env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/ qemu-mipsel -singlestep -d exec,nochain -D q.log "$@" </dev/null >q.out 2>/dev/null || qs=$?
	qn=$(grep -c '^Trace' q.log)
	env -i "$VMMSIM" run -q --json v.json -- "$@" </dev/null >v.out 2>/dev/null || vs=$?
	assert_eq "$1: exit status" "$qs" "$vs"
	assert_eq "$1: exit_status in JSON" "$vs" "$(jq .exit_status v.json)"
	vn=$(jq .instructions v.json)
	rm -f q.log
}
count "$G/special/freestanding"
assert_eq "freestanding instruction count" "$qn" "$vn"
for p in int64 strings printf_formats args_env setjmp; do
	count "$G/el/$p"
	awk -v q="$qn" -v v="$vn" -v p="$p" 'BEGIN {
		d = (v - q) / q; if (d < 0) d = -d
		printf "%s: qemu %d vmmsim %d (%.3f%%)\n", p, q, v, 100 * d
		exit d > 0.01 }' || fail "$p: instruction counts differ by more than 1%"
done
