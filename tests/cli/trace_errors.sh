# Bad input to trace convert/info/cat: one-line errors naming the file and the
# position, non-zero exit, no output file left behind.
. "$TOP/tests/cli/lib.sh"

no_files() { # no output and no temporary file may remain
	left=$(ls | grep -v -e '^in' -e '^err.txt$' -e '^out.txt$' -e '^good' -e '^notdir$' || true)
	[ -z "$left" ] || fail "files left behind: $left"
}
one_line() { # err.txt: exactly one line, containing $1
	[ "$(wc -l < err.txt)" = 1 ] || fail "expected one line of error, got: $(cat err.txt)"
	grep -qF -- "$1" err.txt || fail "error message lacks '$1': $(cat err.txt)"
}

# a malformed lackey line: the file, the line number and the line
printf '==1== Command: x\nI  0401ab70,3\n L 04a19de0;8\n S 10,4\n' > in1.lackey
expect_fail "$VMMSIM" trace convert --from lackey -o out.zst in1.lackey
assert_eq "message" "vmmsim: in1.lackey:3: ',' expected after the address: ' L 04a19de0;8'" "$(cat err.txt)"
no_files
# ... also when the error comes after many batches of good records
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "I  %x,4\n", 4096 + i * 4; print "I  zz,4" }' > in2.lackey
expect_fail "$VMMSIM" trace convert --from lackey -o out.zst in2.lackey
assert_eq "message" "vmmsim: in2.lackey:200001: bad address (hex, at most 64 bits): 'I  zz,4'" "$(cat err.txt)"
no_files
# ... and from standard input
expect_fail sh -c "\"$VMMSIM\" trace convert --from lackey -o out.zst - < in1.lackey"
one_line "-:3: ',' expected"
no_files

# a --desc longer than the format's 4095 bytes is refused, not cut
printf 'I  1000,4\n' > in.desc.lackey
expect_fail "$VMMSIM" trace convert --from lackey --desc "$(printf '%05000d' 0)" -o out.zst in.desc.lackey
assert_eq "message" "vmmsim: trace convert: --desc is 5000 bytes, the format holds at most 4095" "$(cat err.txt)"
no_files
"$VMMSIM" trace convert --from lackey --desc "$(printf '%04095d' 0)" -o good.desc.zst in.desc.lackey || fail "4095-byte --desc"
assert_eq "4095-byte description" 4095 "$("$VMMSIM" trace info --json good.desc.zst | jq '.desc | length')"

# din and text
printf '0 1000\n7 2000\n' > in3.din
expect_fail "$VMMSIM" trace convert --from din -o out.zst in3.din
assert_eq "message" "vmmsim: in3.din:2: unknown din label (0-5 expected): '7 2000'" "$(cat err.txt)"
no_files
printf 'fetch 0x10 4\nload 0x20\n' > in4.txt
expect_fail "$VMMSIM" trace convert --from text -o out.zst in4.txt
assert_eq "message" "vmmsim: in4.txt:2: bad or missing fields for a 'load' record (see TEXT.md): 'load 0x20'" "$(cat err.txt)"
no_files

# the kinds of format 1.1: a value out of range names the line and the field
printf 'exc TLBL 0x0 0x400000 0x1000\nidle 7\nexc 32 0x180 0x0 0x0\n' > in7.txt
expect_fail "$VMMSIM" trace convert --from text -o out.zst in7.txt
assert_eq "message" "vmmsim: in7.txt:3: exception code neither a Cause.ExcCode name nor a number 0..31: 'exc 32 0x180 0x0 0x0'" "$(cat err.txt)"
no_files
printf 'tlbw tlbwi 3 0x0 0x0 0x0 0x3000\n' > in8.txt
expect_fail "$VMMSIM" trace convert --from text -o out.zst in8.txt
assert_eq "message" "vmmsim: in8.txt:1: PageMask not a multiple of 0x2000 below 0x20000000: 'tlbw tlbwi 3 0x0 0x0 0x0 0x3000'" "$(cat err.txt)"
no_files
printf 'fetch 0x10 4\n\nidle 0\n' > in9.txt
expect_fail "$VMMSIM" trace convert --from text -o out.zst in9.txt
assert_eq "message" "vmmsim: in9.txt:3: idle of 0 cycles (at least 1): 'idle 0'" "$(cat err.txt)"
no_files

# a truncated zstd input
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "I  %x,4\n", i * 4 }' | zstd -q -c > in5.zst
head -c 2000 in5.zst > in6.zst
expect_fail "$VMMSIM" trace convert --from lackey -o out.zst in6.zst
one_line "in6.zst: truncated zstd input"
no_files

# unreadable input, unwritable output (the parent is a file, not a directory)
expect_fail "$VMMSIM" trace convert --from lackey -o out.zst in-missing.lackey
one_line "in-missing.lackey: cannot open"
no_files
printf 'I  10,4\n' > good.lackey
: > notdir
expect_fail "$VMMSIM" trace convert --from lackey -o notdir/out.zst good.lackey
one_line "notdir/out.zst"
[ ! -e notdir/out.zst ] || fail "output written"
no_files
# the writer fails in the middle (its thread): standard output is full
if [ -c /dev/full ]; then
	expect_fail sh -c "\"$VMMSIM\" trace convert --from lackey in5.zst > /dev/full"
	one_line "No space left on device"
fi
# usage errors
expect_fail "$VMMSIM" trace convert --from nosuch good.lackey
one_line "unknown format 'nosuch'"
expect_fail "$VMMSIM" trace convert good.lackey
one_line "--from lackey|din|text is required"

# broken traces: truncated, bit-flipped, wrong magic, empty
"$VMMSIM" trace convert --from lackey -o good.zst in5.zst || fail "convert of a good input failed"
size=$(wc -c < good.zst)
head -c $((size / 2)) good.zst > in-trunc.zst
head -c $((size - 3)) good.zst > in-trunc2.zst
# flip one bit in the middle of the file
half=$((size / 2))
head -c "$half" good.zst > in-flip.zst
byte=$(dd if=good.zst bs=1 skip="$half" count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
printf "$(printf '\\%03o' $((byte ^ 16)))" >> in-flip.zst
tail -c +$((half + 2)) good.zst >> in-flip.zst
[ "$(wc -c < in-flip.zst)" = "$size" ] || fail "bit flip test file has the wrong size"
cmp -s good.zst in-flip.zst && fail "bit flip did not change the file"
printf 'this is not a trace\n' > in-text.zst
: > in-empty.zst
for f in in-trunc.zst in-trunc2.zst in-flip.zst in-text.zst in-empty.zst; do
	for c in info cat; do
		expect_fail "$VMMSIM" trace "$c" "$f"
		[ "$(wc -l < err.txt)" = 1 ] || fail "trace $c $f: expected one line of error, got: $(cat err.txt)"
		grep -qF "$f" err.txt || fail "trace $c $f: the message does not name the file: $(cat err.txt)"
	done
	expect_fail sh -c "\"$VMMSIM\" trace cat - < $f"
	[ "$(wc -l < err.txt)" = 1 ] || fail "trace cat - < $f: expected one line of error, got: $(cat err.txt)"
	no_files
done
exit 0
