#!/bin/sh
# vmmsim boot --mode virt|swtlb|all on a freestanding kernel (guests/sys/hashk.c,
# built here): the console is the same in every mode, --mode all runs the
# three and reports them side by side (JSON: every mode's report, its
# slowdown against native), swtlb with 0 entries is virt to the cycle, and
# bad modes and options are one-line errors.
. "$TOP/tests/cli/lib.sh"
command -v mipsel-linux-gnu-gcc >/dev/null || skip "mipsel-linux-gnu-gcc missing"
command -v jq >/dev/null || skip "jq missing"
(cd "$TOP/guests/sys" && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 \
	-no-pie -O2 -march=mips32r2 -Wall -Werror -T sys.ld -o "$T/hashk" start.S rt.c hashk.c -lgcc) ||
	fail "cannot build guests/sys/hashk.c"

for m in native virt swtlb; do
	"$VMMSIM" boot --mode $m hashk --json $m.json -q >$m.out 2>$m.err || fail "--mode $m: $(cat $m.err)"
	assert_eq "$m end" '"softres"' "$(jq .end $m.json)"
	cmp -s native.out $m.out || fail "--mode $m: the console differs from native"
done
grep -q '^done' native.out || fail "the kernel did not finish: $(cat native.out)"
jq -e '.modes.virt.monitor.traps > 0 and .modes.virt.monitor.kseg_misses > 0' virt.json >/dev/null ||
	fail "virt: the monitor took no traps"
jq -e '.modes.virt | .cycles == .base_cycles + ([.hops[].cycles] | add)' virt.json >/dev/null ||
	fail "virt: hops + base != cycles"

# the same instructions of the same hop cost the same in every mode: the
# monitor's ledger rounded instructions x CPI down, the native one to
# nearest (1 instruction at CPI 1.5: 1 cycle beneath the monitor, 2 natively)
for n in 1 3 5; do
	for m in native virt swtlb; do
		"$VMMSIM" boot --mode $m hashk --max-insns $n --json n$m.json -q >/dev/null 2>&1 || true
	done
	want=$(jq --arg c "$(jq .modes.native.kernel_instructions nnative.json)" -n '($c | tonumber) * 1.5 + 0.5 | floor')
	for m in native virt swtlb; do
		assert_eq "--max-insns $n, $m: kernel cycles" "$want" "$(jq .modes.$m.hops.kernel.cycles n$m.json)"
	done
done

# swtlb with 0 entries = virt
"$VMMSIM" boot --mode swtlb --swtlb-entries 0 hashk --json s0.json -q >s0.out 2>&1 || fail "swtlb 0: $(cat s0.out)"
assert_eq "swtlb 0 entries = virt (cycles)" "$(jq .modes.virt.cycles virt.json)" "$(jq .modes.swtlb.cycles s0.json)"
assert_eq "swtlb 0 entries = virt (hops)" "$(jq -c .modes.virt.hops virt.json)" "$(jq -c '.modes.swtlb.hops | del(.swtlb_lookup, .swtlb_hit, .swtlb_insert)' s0.json)"

# --mode all: the three, side by side
"$VMMSIM" boot --mode all hashk --json all.json >all.out 2>all.err || fail "--mode all: $(cat all.err)"
cmp -s native.out all.out || fail "--mode all: the console is not native's"
assert_eq "modes" '["native","swtlb","virt"]' "$(jq -c '.modes | keys' all.json)"
for m in native virt swtlb; do
	assert_eq "all: $m cycles" "$(jq .modes.$m.cycles $m.json)" "$(jq .modes.$m.cycles all.json)"
done
assert_eq "native slowdown" 1 "$(jq .modes.native.slowdown all.json)"
jq -e '.modes.virt.slowdown >= 1 and .modes.swtlb.slowdown >= 1' all.json >/dev/null || fail "slowdown below 1"
grep -q '^  slowdown ' all.err || fail "no side-by-side report: $(cat all.err)"
grep -q '^  trap_tlbwrite ' all.err || fail "no monitor hops in the report"

# errors: one line, non-zero
expect_fail "$VMMSIM" boot --mode bogus hashk
assert_eq "bad mode status" 1 "$(wc -l < err.txt)"
# a list: every mode once (two would share their files: their consoles were
# mixed), at least one (',' read a mode never set); exit 2, one line (an
# error after the first mode leaked it: LeakSanitizer's exit status)
for m in native,bogus , native,native virt,native,virt all,virt; do
	rc=0
	"$VMMSIM" boot --mode $m hashk >out.txt 2>err.txt || rc=$?
	assert_eq "--mode $m: exit status" 2 $rc
	assert_eq "--mode $m: one line" 1 "$(wc -l < err.txt)"
	[ ! -s out.txt ] || fail "--mode $m: the guest ran"
done
expect_fail "$VMMSIM" boot --mode virt nonexistent.elf
# SIGINT or SIGTERM to --mode all: passed on to the modes running, which
# stop with their report so far; 128 + the signal, no mode left running
# (the parent ignored the signal, or died leaving its modes running)
mipsel-linux-gnu-gcc -O2 -ffreestanding -nostdlib -static -no-pie -fno-pic -mno-abicalls -G0 \
	-Wl,--build-id=none -T "$TOP/guests/board/board.ld" -DEND_LOOP -o loop "$TOP/guests/board/contract.c" ||
	fail "cannot build guests/board/contract.c"
mkdir -p tmp
for sig in INT TERM; do
	TMPDIR=$T/tmp "$VMMSIM" boot --mode all loop --json sig.json </dev/null >sig.out 2>sig.err &
	pid=$!
	sleep 1
	kids=$(pgrep -P $pid | tr '\n' ' ') || true
	[ -n "$kids" ] || fail "SIG$sig: no modes running"
	kill -$sig $pid
	# (a watchdog: a parent that does not stop is killed with its modes)
	( sleep 30; kill -9 $pid $kids 2>/dev/null ) >/dev/null 2>&1 &
	dog=$!
	rc=0
	wait $pid || rc=$?
	kill $dog 2>/dev/null || true
	case $sig in INT) want=130 ;; *) want=143 ;; esac
	assert_eq "--mode all, SIG$sig: exit status" $want $rc
	for k in $kids; do
		if kill -0 $k 2>/dev/null; then fail "SIG$sig: mode $k still running"; fi
	done
	grep -q "^vmmsim: boot: stopped by signal" sig.err || fail "SIG$sig: no message: $(cat sig.err)"
	assert_eq "SIG$sig: temporary files left" "" "$(ls tmp)"
done

# a bad input of --mode all: one line, once (not once per mode and again
# for each mode's missing report), before any mode runs
printf 'not an ELF\n' > junk
for a in "nonexistent.elf" "junk" "hashk --initrd nonexistent.rd" "hashk --model nonexistent.ini" \
	"hashk --console-dir nonexistent.d" "hashk --console nonexistent.d/c.txt" "hashk --append $(printf 'x%.0s' $(seq 1 300))"; do
	rc=0
	"$VMMSIM" boot --mode all $a >out.txt 2>err.txt || rc=$?
	assert_eq "--mode all $a: exit status" 1 $rc
	assert_eq "--mode all $a: one line ($(cat err.txt))" 1 "$(wc -l < err.txt)"
	[ ! -s out.txt ] || fail "--mode all $a: the guest ran"
done
expect_fail "$VMMSIM" boot --mode all nonexistent.elf
grep -q 'nonexistent.elf' err.txt || fail "--mode all: the kernel is not named: $(cat err.txt)"
if grep -q 'console' err.txt; then fail "--mode all: a console error for a kernel that never ran: $(cat err.txt)"; fi
expect_fail "$VMMSIM" boot --mode swtlb --swtlb-entries 10 --swtlb-assoc 4 hashk
exit 0
