#!/bin/sh
# Several VMs beneath one monitor (vmmsim boot --vm ... --vm ...):
#   - two copies of the same freestanding kernel (guests/sys/hashk.c) give
#     each the same console output as one alone;
#   - the machine switches charged to the VMs are the schedule's switches;
#   - the information gap (guests/vmm/idle.c beside hashk): with idle
#     detection the idle VM gives the CPU away while it waits (no idle
#     cycles of its own, the busy VM done sooner); without, it spins
#     through its turns and those cycles are its idle hop.
. "$TOP/tests/cli/lib.sh"
command -v mipsel-linux-gnu-gcc >/dev/null || skip "mipsel-linux-gnu-gcc missing"
command -v jq >/dev/null || skip "jq missing"
build() { # NAME SOURCE
	(cd "$TOP/guests/sys" && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 \
		-no-pie -O2 -march=mips32r2 -Wall -Werror -I. -T sys.ld -o "$T/$1" start.S rt.c "$2" -lgcc) ||
		fail "cannot build $2"
}
build hashk hashk.c
build idle ../vmm/idle.c

"$VMMSIM" boot --mode virt hashk -q >one.out 2>one.err || fail "one VM: $(cat one.err)"
mkdir two
"$VMMSIM" boot --mode virt --vm hashk --vm hashk --quantum 50000 --console-dir two --json two.json -q \
	>two.out 2>two.err || fail "two VMs: $(cat two.err)"
cmp -s one.out two/console-1.txt || fail "VM 1's console differs from one VM alone"
cmp -s one.out two/console-2.txt || fail "VM 2's console differs from one VM alone"
jq -e '.modes.virt | .vms | length == 2 and all(.[]; .end == "softres")' two.json >/dev/null ||
	fail "two VMs did not both end: $(jq -c '.modes.virt.vms' two.json)"
sw=$(jq '.modes.virt.machine_switches' two.json)
[ "$sw" -ge 2 ] || fail "only $sw machine switches with a quantum of 50000"
assert_eq "machine switches charged = the schedule's" "$sw" "$(jq '[.modes.virt.vms[].hops.machine_switch.count] | add' two.json)"
assert_eq "total machine_switch hop" "$sw" "$(jq '.modes.virt.hops.machine_switch.count' two.json)"
jq -e '.modes.virt | .cycles == .base_cycles + ([.hops[].cycles] | add) and
	.cycles == ([.vms[].cycles] | add)' two.json >/dev/null || fail "the total is not the VMs' sum"

# swtlb as well
"$VMMSIM" boot --mode swtlb --vm hashk --vm hashk --quantum 50000 --console-dir two --json twos.json -q \
	>/dev/null 2>twos.err || fail "two VMs, swtlb: $(cat twos.err)"
cmp -s one.out two/console-2.txt || fail "swtlb: VM 2's console differs"

# the information gap
mkdir gap
for d in on off; do
	"$VMMSIM" boot --mode virt --vm idle --vm hashk --quantum 100000 --idle-detect $d \
		--console-dir gap --json gap-$d.json -q >/dev/null 2>gap.err || fail "idle-detect $d: $(cat gap.err)"
	grep -q '^done' gap/console-1.txt || fail "idle-detect $d: the idle VM did not finish"
	cmp -s one.out gap/console-2.txt || fail "idle-detect $d: the busy VM's console differs"
done
assert_eq "idle VM's idle cycles, detection on" 0 "$(jq '.modes.virt.vms[0].idle_cycles' gap-on.json)"
[ "$(jq '.modes.virt.vms[0].idle_cycles' gap-off.json)" -gt 1000000 ] || fail "detection off: the idle VM did not spin"
[ "$(jq '.modes.virt.machine_idle_cycles' gap-on.json)" -gt 0 ] || fail "detection on: the machine never idled"
on=$(jq '.modes.virt.vms[1].finished_at' gap-on.json)
off=$(jq '.modes.virt.vms[1].finished_at' gap-off.json)
echo "busy VM done at machine cycle $on with idle detection, $off without"
[ "$on" -lt "$off" ] || fail "idle detection did not help the busy VM ($on vs $off)"

# SIGINT: 128 + the signal with the report so far (as one VM alone; it was
# 124, --max-insns's status, without a word); --max-insns: 124, one line
mipsel-linux-gnu-gcc -O2 -ffreestanding -nostdlib -static -no-pie -fno-pic -mno-abicalls -G0 \
	-Wl,--build-id=none -T "$TOP/guests/board/board.ld" -DEND_LOOP -o loop "$TOP/guests/board/contract.c" ||
	fail "cannot build guests/board/contract.c"
"$VMMSIM" boot --mode virt --vm loop --vm loop --json sig.json </dev/null >sig.out 2>sig.err &
pid=$!
sleep 1
kill -INT $pid
rc=0
wait $pid || rc=$?
assert_eq "two VMs, SIGINT: exit status" 130 $rc
grep -q '^vmmsim: boot: stopped by signal 2' sig.err || fail "two VMs, SIGINT: no message: $(cat sig.err)"
grep -q 'machine: ' sig.err || fail "two VMs, SIGINT: no report: $(cat sig.err)"
jq -e '.modes.virt.vms | length == 2' sig.json >/dev/null || fail "two VMs, SIGINT: no JSON"
rc=0
"$VMMSIM" boot --mode virt --vm loop --vm loop --max-insns 3000000 -q </dev/null >lim.out 2>lim.err || rc=$?
assert_eq "two VMs, --max-insns: exit status" 124 $rc
assert_eq "two VMs, --max-insns: one line" 1 "$(wc -l < lim.err)"
grep -q '^vmmsim: boot: stopped at --max-insns 3000000' lim.err || fail "two VMs, --max-insns: $(cat lim.err)"

# the quantum: under 1000 cycles refused (each turn starts with the real TLB
# flushed; turns of 1-3 cycles retried the same instructions for ever);
# the largest ends (now + quantum wrapped: no VM ever ran again)
for q in 1 3 999; do
	rc=0
	timeout -k 5 60 "$VMMSIM" boot --mode virt --vm hashk --vm hashk --quantum $q -q >out.txt 2>err.txt || rc=$?
	assert_eq "--quantum $q: exit status" 2 $rc
	assert_eq "--quantum $q: one line" 1 "$(wc -l < err.txt)"
done
sed 's/^quantum = .*/quantum = 3/' "$TOP/models/r4000.ini" > q3.ini
rc=0
timeout -k 5 60 "$VMMSIM" boot --mode virt --vm hashk --vm hashk --model q3.ini -q >out.txt 2>err.txt || rc=$?
assert_eq "a model's quantum of 3: exit status" 2 $rc
for q in 1000 18446744073709551615; do
	rc=0
	timeout -k 5 60 "$VMMSIM" boot --mode virt --vm hashk --vm hashk --quantum $q --json q.json -q >out.txt 2>err.txt || rc=$?
	assert_eq "--quantum $q: exit status" 0 $rc
	jq -e '.modes.virt.vms | all(.[]; .end == "softres")' q.json >/dev/null || fail "--quantum $q: $(jq -c .modes.virt.vms q.json)"
done

# errors
expect_fail "$VMMSIM" boot --mode native --vm hashk
expect_fail "$VMMSIM" boot --mode virt hashk --vm hashk
expect_fail "$VMMSIM" boot --mode virt --vm hashk --idle-detect maybe
expect_fail "$VMMSIM" boot --mode virt --vm nonexistent
exit 0
