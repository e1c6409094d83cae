#!/bin/sh
# The CPU's freestanding guests (guests/*.c: own _start, raw write/exit)
# through `vmmsim run`, little and big endian, against qemu-mipsel /
# qemu-mips: standard output and exit status identical, and the
# instruction count (--json .instructions) equal to the number of "Trace"
# lines of qemu's -singlestep -d exec,nochain log.  (test_cpu_guests checks
# the same programs through the CPU alone.)
. "$TOP/tests/cli/lib.sh"
"$VMMSIM" run --help 2>&1 | grep -q "not implemented" && skip "vmmsim run not built yet"
for t in mipsel-linux-gnu-gcc mips-linux-gnu-gcc qemu-mipsel qemu-mips jq; do
	command -v $t >/dev/null || skip "$t missing"
done
n=0
for src in "$TOP"/guests/*.c; do
	name=$(basename "$src" .c)
	for arch in el eb; do
		if [ $arch = el ]; then cc=mipsel-linux-gnu-gcc q=qemu-mipsel; else cc="mips-linux-gnu-gcc -EB" q=qemu-mips; fi
		$cc -static -nostdlib -ffreestanding -O2 -mno-abicalls -fno-pic -no-pie -I"$TOP/guests" \
			-o "$name.$arch" "$src" -lgcc 2>/dev/null || fail "$name.$arch: compile failed"
		qs=0
		$q "./$name.$arch" >q.out 2>&1 || qs=$?
		qn=$($q -singlestep -d exec,nochain -D /dev/fd/3 "./$name.$arch" 3>&1 >/dev/null 2>&1 | grep -c '^Trace')
		vs=0
		"$VMMSIM" run -q --json v.json -- "./$name.$arch" >v.out 2>v.err || vs=$?
		cmp -s q.out v.out || { diff q.out v.out | head -5; fail "$name.$arch: output differs from qemu"; }
		assert_eq "$name.$arch exit status" "$qs" "$vs"
		assert_eq "$name.$arch instructions" "$qn" "$(jq .instructions v.json)"
		n=$((n + 1))
	done
done
[ $n -ge 10 ] || fail "only $n guest runs"
echo "$n guest runs identical to qemu, instruction counts equal"
