#!/bin/sh
# vmmsim boot: options and errors (one line, non-zero exit, nothing written),
# and a freestanding kernel (guests/board/contract.c) that prints what the
# loader and the board give it: the same console as under
# qemu-system-mipsel -M malta, with and without an initrd; each way a run
# ends (SOFTRES, halt, --max-insns, panic) with its exit status; the JSON.
. "$TOP/tests/cli/lib.sh"

# ---- the command line
"$VMMSIM" boot --help > help.txt || fail "--help"
grep -q -- '--initrd FILE' help.txt || fail "--help lacks --initrd"
bad() { # expected-status, args...
	want=$1; shift
	rc=0
	"$VMMSIM" boot "$@" >out.txt 2>err.txt || rc=$?
	[ $rc = "$want" ] || fail "boot $*: exit $rc, expected $want ($(cat err.txt))"
	[ "$(wc -l < err.txt)" = 1 ] || fail "boot $*: not one line of error: $(cat err.txt)"
	grep -q '^vmmsim: ' err.txt || fail "boot $*: error without the vmmsim: prefix"
	[ ! -s out.txt ] || fail "boot $*: wrote to stdout"
}
bad 2
bad 2 --mem 0 k
bad 2 --mem 300 k
bad 2 --mem abc k
bad 2 --mode virtual k
bad 2 --tlb-entries 32 k
bad 2 --max-insns 0 k
bad 2 --frobnicate k
bad 2 k1 k2
bad 1 /nonexistent/vmlinuz
printf 'hello, world\n' > junk
bad 1 junk
grep -q '^vmmsim: junk:0: not an ELF file$' err.txt || fail "junk: $(cat err.txt)"
bad 1 --model /nonexistent.ini junk
bad 1 .
: > empty
bad 1 empty

command -v mipsel-linux-gnu-gcc >/dev/null || skip "mipsel-linux-gnu-gcc missing"
G=$TOP/guests/board
cc_guest() { # out, extra flags...
	out=$1; shift
	mipsel-linux-gnu-gcc -O2 -ffreestanding -nostdlib -static -no-pie -fno-pic -mno-abicalls -G0 \
		-Wl,--build-id=none -T "$G/board.ld" "$@" -o "$out" "$G/contract.c" || fail "building $out"
}
cc_guest k
cc_guest k_halt -DEND_HALT
cc_guest k_loop -DEND_LOOP
cc_guest k_panic -DEND_PANIC
cc_guest k_panic_reboot -DEND_PANIC_REBOOT
cc_guest k_echo -DEND_ECHO
# a kernel linked beyond 16 MB of RAM, and a big-endian one
sed 's/0x80100000/0x81800000/' "$G/board.ld" > high.ld
mipsel-linux-gnu-gcc -O2 -ffreestanding -nostdlib -static -no-pie -fno-pic -mno-abicalls -G0 \
	-Wl,--build-id=none -T high.ld -o k_high "$G/contract.c" || fail "building k_high"
bad 1 --mem 16 k_high
grep -q 'k_high:52: segment at 0x81800000 .* is outside RAM (16 MB)' err.txt || fail "k_high: $(cat err.txt)"
if command -v mips-linux-gnu-gcc >/dev/null; then
	mips-linux-gnu-gcc -O2 -ffreestanding -nostdlib -static -no-pie -fno-pic -mno-abicalls -G0 \
		-Wl,--build-id=none -T "$G/board.ld" -o k_be "$G/contract.c" || fail "building k_be"
	bad 1 k_be
	grep -q 'big-endian kernel' err.txt || fail "k_be: $(cat err.txt)"
fi
# a segment with more file bytes than memory: said so (it was "beyond the
# file", which it is not); program header 0 at 52: p_filesz at 68, p_memsz at 72
cp k k_fs
fs=$(od -An -tu4 -j68 -N4 k | tr -d ' ')
m=$((fs - 4))
printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((m & 255)) $((m >> 8 & 255)) $((m >> 16 & 255)) $((m >> 24)))" |
	dd of=k_fs bs=1 seek=72 conv=notrunc 2>/dev/null
bad 1 k_fs
grep -q '^vmmsim: k_fs:52: segment at 0x80100000: .* bytes of file in .* of memory' err.txt || fail "k_fs: $(cat err.txt)"
# program header entries of another size than Elf32_Phdr's 32 bytes
# (e_phentsize at 42): refused as Linux's loader does (it was ignored)
cp k k_ph
printf '\377\377' | dd of=k_ph bs=1 seek=42 conv=notrunc 2>/dev/null
bad 1 k_ph
grep -q '^vmmsim: k_ph:42: program header entries of 65535 bytes, not 32' err.txt || fail "k_ph: $(cat err.txt)"
head -c 200000 /dev/zero > rd
bad 1 --mem 1 --initrd rd k
bad 1 --append "$(printf 'x%.0s' $(seq 1 300))" k
# a kernel or initrd that is not a regular file: said so (a pipe's ELF was
# "not an ELF file", its initrd "empty"), and a FIFO without a writer is
# never waited for (the boot hung in open)
mkfifo fifo
for w in "fifo" "--initrd fifo k"; do
	rc=0
	timeout -k 5 20 "$VMMSIM" boot $w >out.txt 2>err.txt || rc=$?
	assert_eq "$w: exit status" 1 $rc
	grep -q '^vmmsim: fifo: not a regular file' err.txt || fail "$w: $(cat err.txt)"
done
rc=0
cat k | "$VMMSIM" boot /dev/stdin >out.txt 2>err.txt || rc=$?
assert_eq "a kernel from a pipe: exit status" 1 $rc
grep -q '^vmmsim: /dev/stdin: not a regular file' err.txt || fail "a kernel from a pipe: $(cat err.txt)"
rc=0
cat rd | "$VMMSIM" boot --initrd /dev/stdin k >out.txt 2>err.txt || rc=$?
assert_eq "an initrd from a pipe: exit status" 1 $rc
grep -q '^vmmsim: /dev/stdin: not a regular file' err.txt || fail "an initrd from a pipe: $(cat err.txt)"
bad 1 --initrd /dev/null k
# nothing half-written on errors
bad 1 --json j.json --console con.txt junk
[ ! -e j.json ] || fail "--json written on error"

# ---- a run to SOFTRES, compared with QEMU
"$VMMSIM" boot --mem 64 --append "console=ttyS0 hello world" --initrd rd --json j.json k \
	</dev/null >v.out 2>v.err || fail "boot k: exit $? ($(cat v.err))"
grep -q '^reset$' v.out || fail "k did not finish: $(cat v.out)"
assert_eq end '"softres"' "$(jq .end j.json)"
assert_eq exit_status 0 "$(jq .exit_status j.json)"
assert_eq console_bytes "$(wc -c < v.out)" "$(jq .console_bytes j.json)"
jq -e '.modes.none | (.instructions > 1000) and (.instructions == .user_instructions + .kernel_instructions)
	and .user_instructions == 0 and .tlb_refills == 0 and .tlbwr == 0 and .tlbwi == 0
	and ([.exceptions[]] | add) == 0 and (.exceptions | has("TLBL") and has("Sys") and has("Int"))' j.json >/dev/null ||
	fail "report: $(jq -c .modes j.json)"
if command -v qemu-system-mipsel >/dev/null; then
	timeout 60 qemu-system-mipsel -M malta -cpu 24Kf -m 64 -nographic -no-reboot -kernel k -initrd rd \
		-append "console=ttyS0 hello world" </dev/null >q.out 2>q.err || fail "qemu: $(cat q.err)"
	diff -u q.out v.out || fail "console differs from qemu's"
fi
# the console to a file; the report quiet
"$VMMSIM" boot -q --console con.txt k </dev/null >v2.out 2>v2.err || fail "boot --console"
[ ! -s v2.out ] && [ ! -s v2.err ] || fail "-q/--console: something on stdout/stderr"
grep -q '^arg: console=ttyS0$' con.txt || fail "default command line: $(grep arg: con.txt)"
grep -q '^env: memsize=134217728$' con.txt || fail "default memory"

# ---- the other ends
"$VMMSIM" boot -q k_halt </dev/null >h.out 2>h.err || fail "halt: exit $?"
grep -q '^halting$' h.out || fail "halt output"
rc=0
"$VMMSIM" boot --json l.json --max-insns 5000000 k_loop </dev/null >l.out 2>l.err || rc=$?
assert_eq "limit exit status" 124 $rc
grep -q 'max-insns' l.err || fail "no --max-insns message: $(cat l.err)"
assert_eq "limit instructions" 5000000 "$(jq .modes.none.instructions l.json)"
rc=0
"$VMMSIM" boot -q k_panic </dev/null >p.out 2>p.err || rc=$?
assert_eq "panic exit status" 3 $rc
grep -q 'end Kernel panic' p.out || fail "panic text not on the console"
grep -q 'panicked' p.err || fail "no panic message: $(cat p.err)"
# a kernel that panics and then resets the board (Linux's panic=N) panicked:
# exit 3, end "panic" (it was "softres", exit 0), natively, beneath the
# monitor, and as one of several VMs
for m in none virt; do
	rc=0
	"$VMMSIM" boot -q --mode $m --json pr.json k_panic_reboot </dev/null >p.out 2>p.err || rc=$?
	assert_eq "panic, then reset ($m): exit status" 3 $rc
	assert_eq "panic, then reset ($m): end" '"panic"' "$(jq .end pr.json)"
	grep -q 'panicked' p.err || fail "panic, then reset ($m): no panic message: $(cat p.err)"
done
rc=0
"$VMMSIM" boot -q --mode swtlb --vm k_panic_reboot --vm k --json pr.json </dev/null >p.out 2>p.err || rc=$?
assert_eq "panic, then reset (a VM of two): exit status" 3 $rc
assert_eq "panic, then reset (a VM of two): end" '"panic"' "$(jq .modes.swtlb.vms[0].end pr.json)"

# standard input reaches ttyS0
printf 'hello, board.' | "$VMMSIM" boot -q k_echo >e.out 2>e.err || fail "echo: exit $? $(cat e.err)"
grep -q '^echo: HELLO, BOARD$' e.out || fail "echo: $(tail -n 2 e.out)"
# SIGINT stops the run cleanly, with the report so far
"$VMMSIM" boot --json s.json k_loop </dev/null >s.out 2>s.err &
pid=$!
sleep 1
kill -INT $pid
rc=0
wait $pid || rc=$?
assert_eq "SIGINT exit status" 130 $rc
grep -q 'stopped by signal 2' s.err || fail "no signal message: $(cat s.err)"
grep -q 'ended by signal' s.err || fail "no report after SIGINT: $(cat s.err)"
assert_eq "end after SIGINT" '"signal"' "$(jq .end s.json)"
grep -q '^looping$' s.out || fail "console lost at SIGINT"

# software interrupts (Cause.IP0): the JSON counts them as the text does
# (its "interrupts" had IP2-IP7 only: the three were in the text alone;
# QEMU's console says swints=0x00000003 too)
(cd "$TOP/guests/sys" && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 \
	-no-pie -O2 -march=mips32r2 -Wall -Werror -I. -T sys.ld -o "$T/swint" start.S rt.c swint.c -lgcc) ||
	fail "cannot build guests/sys/swint.c"
"$VMMSIM" boot swint --json sw.json </dev/null >sw.out 2>sw.err || fail "swint: $(cat sw.err)"
grep -q '^swints=0x00000003' sw.out || fail "swint: $(cat sw.out)"
grep -q '^  interrupts  *IP0 3$' sw.err || fail "swint: the text report: $(grep interrupts sw.err)"
assert_eq "swint: JSON interrupts" '{"IP0":3,"IP1":0,"IP2":0,"IP3":0,"IP4":0,"IP5":0,"IP6":0,"IP7":0}' \
	"$(jq -c .modes.none.interrupts sw.json)"
assert_eq "swint: Int = the interrupts" "$(jq .modes.none.exceptions.Int sw.json)" \
	"$(jq '[.modes.none.interrupts[]] | add' sw.json)"

# ---- --mode native: a ledger of the run
"$VMMSIM" boot -q --mode native --json n.json k </dev/null >/dev/null || fail "native"
jq -e '.modes.native | .cycles == .base_cycles + ([.hops[].cycles] | add) and .hops.kernel.cycles > 0
	and (.hops | has("idle") and has("os_refill") and has("syscall"))' n.json >/dev/null ||
	fail "native ledger: $(jq -c .modes.native n.json)"
