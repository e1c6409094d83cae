#!/bin/sh
# The trace format against the real zstd tool (traces/FORMAT.md, section 1):
# `zstd -t` verifies a trace, `zstd -dc` shows the raw stream starting with
# the header, the totals frame is a skippable frame zstd passes over, and a
# corrupted byte is caught by both zstd and vmmsim.
. "$TOP/tests/cli/lib.sh"
command -v zstd >/dev/null || skip "zstd missing"
cp "$TOP/traces/ls.zst" t.zst
zstd -q -t t.zst || fail "zstd -t refuses a bundled trace"
assert_eq "raw magic" "VMMTRACE" "$(zstd -dcq t.zst | head -c 8)"
assert_eq "version 1.0" "001 000" "$(zstd -dcq t.zst | od -An -tu1 -j8 -N2 | awk '{printf "%03d %03d", $1, $2}')"
# the last 136 bytes: skippable frame magic 0x184D2A5E, payload 128, tag VMMTOTAL
size=$(wc -c < t.zst)
tail -c 136 t.zst > totals.bin
assert_eq "totals frame header" "5e 2a 4d 18 80 00 00 00" "$(od -An -tx1 -N8 totals.bin | awk '{$1=$1; print}')"
assert_eq "totals tag" "VMMTOTAL" "$(tail -c 128 t.zst | head -c 8)"
# zstd -dc ignores it: the raw stream ends with the trailer, whose record
# count (8 bytes before the checksum) equals the totals frame's
rawcount=$(zstd -dcq t.zst | tail -c 16 | od -An -tu8 -N8 | awk '{print $1}')
totcount=$(od -An -tu8 -j16 -N8 totals.bin | awk '{print $1}')
assert_eq "record count in trailer and totals frame" "$rawcount" "$totcount"
"$VMMSIM" trace info t.zst > info.txt || fail "trace info"
grep -q "$rawcount" info.txt || fail "trace info does not show $rawcount records"
# the bundled traces are version 1.0: their trailer counts 12 kinds (the byte
# before 12 counts, the total and the checksum)
assert_eq "1.0 trailer kinds" 12 "$(zstd -dcq t.zst | tail -c $((1 + 8 * 12 + 16)) | od -An -tu1 -N1 | tr -d ' ')"
# a trace written now is version 2.0: trailer of 15 kinds, totals frame of
# 160 bytes (payload 152 = 0x98), which zstd passes over too
printf 'mode kernel\nexc Sys 0x180 0x400008 0x0\ntlbw tlbwi 5 0x400001 0x12345 0x12346 0x6000\nidle 100\n' > fs.txt
"$VMMSIM" trace convert --from text -o fs.zst fs.txt || fail "convert failed"
zstd -q -t fs.zst || fail "zstd -t refuses a 2.0 trace"
assert_eq "version 2.0" "002 000" "$(zstd -dcq fs.zst | od -An -tu1 -j8 -N2 | awk '{printf "%03d %03d", $1, $2}')"
assert_eq "2.0 trailer kinds" 15 "$(zstd -dcq fs.zst | tail -c $((1 + 8 * 15 + 16)) | od -An -tu1 -N1 | tr -d ' ')"
tail -c 160 fs.zst > totals11.bin
assert_eq "2.0 totals frame header" "5e 2a 4d 18 98 00 00 00" "$(od -An -tx1 -N8 totals11.bin | awk '{$1=$1; print}')"
assert_eq "2.0 totals tag" "VMMTOTAL" "$(tail -c 152 fs.zst | head -c 8)"
# its counts: 4 records; exc, tlbw, idle (kinds 12, 13, 14) one each
assert_eq "2.0 totals counts" "4 0 0 0 1 0 0 0 0 0 0 0 0 1 1 1" "$(od -v -An -tu8 -j16 -N128 totals11.bin | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')"
# the opcodes 0xec 0xed 0xee follow the header (18 bytes + description),
# coded as in 1.1
zstd -dcq fs.zst > fs.raw
dlen=$(od -An -tu2 -j16 -N2 fs.raw | tr -d ' ')
tokens="e3 02 ec 08 80 03 00 88 80 80 02 ed 85 03 81 80 80 02 c5 c6 84 80 e0 e8 48 ee 64 ff"
assert_eq "1.1 kinds' tokens" "$tokens" \
	"$(od -v -An -tx1 -j$((18 + dlen)) -N28 fs.raw | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')"
# --format 1.1 writes version 1.1 (for older vmmsim), the same tokens here
"$VMMSIM" trace convert --from text --format 1.1 -o fs11.zst fs.txt || fail "convert --format 1.1 failed"
assert_eq "version 1.1" "001 001" "$(zstd -dcq fs11.zst | od -An -tu1 -j8 -N2 | awk '{printf "%03d %03d", $1, $2}')"
zstd -dcq fs11.zst > fs11.raw
assert_eq "1.1 tokens" "$tokens" \
	"$(od -v -An -tx1 -j$((18 + dlen)) -N28 fs11.raw | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')"
expect_fail "$VMMSIM" trace convert --from text --format 1.0 -o no.zst fs.txt
grep -q -- '--format must be 2.0 or 1.1' err.txt || fail "bad --format: $(cat err.txt)"
[ ! -e no.zst ] || fail "a refused --format left an output"
# memory records: a bundled (1.0) trace rewritten as 2.0 and as 1.1 holds
# the same records; its first record, a fetch, starts a block
# definition (0x82, then the zigzag delta) in 2.0, a fetch token with a
# delta (0x93: size code 3) in 1.1: the same delta follows both
"$VMMSIM" trace cat t.zst > t.txt || fail "cat failed"
"$VMMSIM" trace convert --from text -o t20.zst t.txt || fail "convert to 2.0 failed"
"$VMMSIM" trace convert --from text --format 1.1 -o t11.zst t.txt || fail "convert to 1.1 failed"
for v in t20 t11; do
	"$VMMSIM" trace cat $v.zst | tail -n +2 > $v.txt || fail "cat of $v failed"
	tail -n +2 t.txt | cmp -s - $v.txt || fail "$v holds other records than the bundled trace"
done
first_bytes() {
	zstd -dcq "$1" > op.raw
	n=$(od -An -tu2 -j16 -N2 op.raw | tr -d ' ')
	od -v -An -tx1 -j$((18 + n)) -N4 op.raw | tr -s ' ' ' ' | sed 's/^ //; s/ $//'
}
assert_eq "2.0 first token" "82 e0 ad 8d" "$(first_bytes t20.zst)"
assert_eq "1.1 first token" "93 e0 ad 8d" "$(first_bytes t11.zst)"
# a flipped byte in the middle: both refuse, vmmsim with one line naming the file
cp t.zst bad.zst
printf '\125' | dd of=bad.zst bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
if cmp -s t.zst bad.zst; then
	printf '\252' | dd of=bad.zst bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
fi
zstd -q -t bad.zst 2>/dev/null && fail "zstd -t accepts a corrupted trace"
expect_fail "$VMMSIM" trace info bad.zst
assert_eq "one-line error" 1 "$(wc -l < err.txt)"
grep -q 'bad.zst' err.txt || fail "error does not name the file: $(cat err.txt)"
# cut short: refused too
head -c $((size - 200)) t.zst > cut.zst
expect_fail "$VMMSIM" trace info cut.zst
grep -q 'cut.zst' err.txt || fail "error does not name the file: $(cat err.txt)"
exit 0
