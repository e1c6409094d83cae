#!/bin/sh
# vmmsim run --trace-insns: one line per executed instruction, disassembled
# by capstone; the count of lines equals the run's instruction count and
# qemu's single-step log, the first line is the ELF entry point, and the
# word on each line is the instruction's encoding.
. "$TOP/tests/cli/lib.sh"
for t in mipsel-linux-gnu-gcc mipsel-linux-gnu-readelf qemu-mipsel jq; do
	command -v $t >/dev/null || skip "$t missing"
done
mipsel-linux-gnu-gcc -static -nostdlib -ffreestanding -O2 -mno-abicalls -fno-pic -no-pie \
	-I"$TOP/guests" -o hello "$TOP/guests/hello.c" -lgcc || fail "compile"
rc=0
"$VMMSIM" run -q --json r.json --trace-insns t.txt -- ./hello > out.txt || rc=$?
assert_eq "exit status (hello exits 3)" 3 "$rc"
n=$(wc -l < t.txt)
assert_eq "lines = instructions" "$(jq .instructions r.json)" "$n"
qs=0
qemu-mipsel -singlestep -d exec,nochain -D q.log ./hello > /dev/null || qs=$?
assert_eq "qemu's exit status" 3 "$qs"
assert_eq "lines = qemu's instructions" "$(grep -c '^Trace' q.log)" "$n"
entry=$(mipsel-linux-gnu-readelf -h hello | awk '/Entry point/ { print $4 }')
first=$(head -n 1 t.txt | awk '{ print $2 }' | tr -d :)
assert_eq "first instruction at the entry point" "$(printf '0x%08x' "$entry")" "$first"
# every line: PID 0xPC: 8-hex-digit word, then a mnemonic
bad=$(grep -cvE '^[0-9]+ 0x[0-9a-f]{8}: [0-9a-f]{8}  [a-z]' t.txt || true)
assert_eq "malformed lines" 0 "$bad"
# the syscall instructions are there, disassembled
grep -q ' syscall' t.txt || fail "no syscall line"
expect_fail "$VMMSIM" run -q --trace-insns /nonexistent/dir/t.txt -- ./hello
grep -q "/nonexistent/dir/t.txt" err.txt || fail "error does not name the file"
echo "ok: $n instructions traced"
