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
