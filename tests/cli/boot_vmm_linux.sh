#!/bin/sh
# Debian's 4kc-malta Linux with the busybox initramfs (tests/guests/linux/init)
# booted natively, beneath the executed monitor (virt) and beneath it with
# its software TLB (swtlb).  The guest cannot tell: the script's output is
# identical in the three modes and every run ends cleanly (poweroff).  The
# identities on the real boots:
#   - trap_tlbwrite = the guest's trapped tlbwr + tlbwi;
#   - reflect = guest_refill entries = refill reflections, and rett as many
#     (every reflected refill returns);
#   - syscall_reflect = the guest's system calls, within 3% of the native
#     run's Sys exceptions (the same script; the guest executes somewhat
#     different numbers of instructions - refill handlers - so timer ticks
#     fall elsewhere and pipe readers get their data in other chunks);
#   - vmm misses = refill reflections + reloads from the guest's own TLB
#     (the real TLB lost the page, the guest's did not) + swtlb hits +
#     invalid/modified reflections; swtlb reflects fewer refills than virt;
#   - hops and base sum to the total in every mode; virt >= swtlb >= native.
. "$TOP/tests/cli/lib.sh"
[ -z "${SANITIZED:-}" ] || skip "too slow under the sanitizers (billions of instructions)"
. "$TOP/tests/guests/linux-env.sh"
[ -z "$LINUX_MISSING" ] || skip "$LINUX_MISSING"

for m in native virt swtlb; do
	"$VMMSIM" boot --mode $m "$KERNEL" --initrd "$INITRD" --append "$APPEND" --json $m.json -q \
		--max-insns 20000000000 </dev/null >$m.out 2>$m.err
	rc=$?
	[ $rc = 0 ] || { tail -n 20 $m.out; cat $m.err; fail "vmmsim boot --mode $m exited $rc"; }
	assert_eq "$m: end" '"poweroff"' "$(jq .end $m.json)"
	script_output $m.out > $m.script
	grep -q '=== vmmsim-script-end ===' $m.script || fail "$m: the script did not finish"
	# hops and base sum to the total
	jq -e --arg m $m '.modes[$m] | .cycles == .base_cycles + ([.hops[].cycles] | add)' $m.json >/dev/null ||
		fail "$m: hops + base != cycles"
done
diff -u native.script virt.script || fail "the script's output differs under virt"
diff -u native.script swtlb.script || fail "the script's output differs under swtlb"
[ "$(wc -l < native.script)" -gt 20 ] || fail "too little script output"

for m in virt swtlb; do
	jq -e --arg m $m '.modes[$m] | .monitor as $v | .hops as $h |
		$h.trap_tlbwrite.count == $v.trapped_tlbwr + $v.trapped_tlbwi and
		$h.reflect.count == $v.refill_reflections and
		$h.guest_refill.count == $v.refill_reflections and
		$h.rett.count == $v.refill_reflections and
		$h.syscall_reflect.count == $v.syscall_reflections and
		$v.vmm_misses == $v.refill_reflections + $v.vtlb_reloads + $v.swtlb_hits + $v.tlb_reflections and
		$v.machine_pages > 1000 and $v.kseg_misses > 0' $m.json >/dev/null ||
		fail "$m: an identity does not hold: $(jq -c --arg m $m '.modes[$m].monitor' $m.json)"
	n_sys=$(jq '.modes.native.exceptions.Sys' native.json)
	v_sys=$(jq --arg m $m '.modes[$m].monitor.syscall_reflections' $m.json)
	awk -v q="$n_sys" -v v="$v_sys" 'BEGIN { d = q - v; if (d < 0) d = -d; exit !(q > 1000 && d * 100 <= 3 * q) }' ||
		fail "$m: system calls: native $n_sys, reflected $v_sys"
done
jq -e '.modes.virt.monitor.swtlb_hits == 0' virt.json >/dev/null || fail "virt has software TLB hits"
[ "$(jq .modes.swtlb.monitor.swtlb_hits swtlb.json)" -gt 0 ] || fail "swtlb: no software TLB hit"
[ "$(jq .modes.swtlb.monitor.refill_reflections swtlb.json)" -lt "$(jq .modes.virt.monitor.refill_reflections virt.json)" ] ||
	fail "swtlb reflects no fewer refills than virt"
n=$(jq .modes.native.cycles native.json)
v=$(jq .modes.virt.cycles virt.json)
s=$(jq .modes.swtlb.cycles swtlb.json)
echo "cycles: native $n, virt $v, swtlb $s"
[ "$v" -ge "$s" ] && [ "$s" -ge "$n" ] || fail "expected virt >= swtlb >= native"
exit 0
