# trace info / cat / convert on small hand-written inputs of each format,
# compared with golden outputs (tests/golden/trace_*).
. "$TOP/tests/cli/lib.sh"

# every record kind, two address spaces, header comments
cat > all.txt <<'END'
# vmmsim trace 1.0
# byte-order: big
# word-bits: 32
# page-size: 4096
# desc: "hand-written: every record kind"
mode user
asid 1
fetch 0x400000 4
fetch 0x400004 4
load 0x10010000 4
store 0x10010ffc 4
trap syscall 4004 0x400008
mode kernel
priv mfc0 12.0 0x0
priv mtc0 12.0 0x10000001
pte 1 0x10011000 0x1234 vd
unmap 1 0x10012000
zero 0x1234
priv tlbwr
priv eret
mode user
load 0x10011000 8
asid 2
fetch 0x400000 4
trap exception 2 0x400010
trap interrupt 7
mode super
priv wait
vm 1
mark begin "phase one"
fetch 0x7fff0000 4
mark end "phase one"
END
# A version 1.0 file of these records (written by vmmsim before format 1.1,
# tests/golden/trace_all_1_0.zst): cat, info and info --json print exactly
# what they always printed (the goldens predate 1.1).
mkdir v10
cp "$TOP/tests/golden/trace_all_1_0.zst" v10/all.zst
(
	cd v10
	"$VMMSIM" trace cat all.zst > cat.txt || fail "cat of a 1.0 trace failed"
	golden trace_cat_all.txt cat.txt
	"$VMMSIM" trace info all.zst | sed 's/^compressed: .*/compressed: (varies)/' > info.txt || fail "info failed"
	golden trace_info_all.txt info.txt
	"$VMMSIM" trace info --json all.zst | jq 'del(.bytes, .bytes_per_record)' > info.json || fail "info --json failed"
	golden trace_info_all.json info.json
)
# Converted now, they are a version 2.0 trace (and with --format 1.1, a 1.1
# one): the same output but for the version and, in the JSON, the counts of
# the 1.1 kinds (all 0).
"$VMMSIM" trace convert --from text -o all.zst all.txt || fail "convert --from text failed"
"$VMMSIM" trace convert --from text --format 1.1 -o all11.zst all.txt || fail "convert --format 1.1 failed"
"$VMMSIM" trace cat all.zst > cat.txt || fail "cat failed"
assert_eq "version line" "# vmmsim trace 2.0" "$(head -n 1 cat.txt)"
sed '1s/2\.0$/1.0/' cat.txt > cat10.txt
golden trace_cat_all.txt cat10.txt
"$VMMSIM" trace cat all11.zst > cat11.txt || fail "cat of 1.1 failed"
assert_eq "1.1 version line" "# vmmsim trace 1.1" "$(head -n 1 cat11.txt)"
sed '1s/1\.1$/1.0/' cat11.txt > cat10.txt
golden trace_cat_all.txt cat10.txt
"$VMMSIM" trace info all.zst | sed 's/^compressed: .*/compressed: (varies)/' > info.txt || fail "info failed"
grep -qx 'format:          vmmsim trace 2.0' info.txt || fail "trace info does not show version 2.0"
sed 's/^\(format: *vmmsim trace\) 2\.0$/\1 1.0/' info.txt > info10.txt
golden trace_info_all.txt info10.txt
"$VMMSIM" trace info --json all.zst | jq 'del(.bytes, .bytes_per_record)' > info.json || fail "info --json failed"
assert_eq "2.0 counts" '"2.0" 0 0 0 0' "$(jq -c '"\(.version|tojson) \(.exceptions_taken) \(.tlb_writes) \(.idles) \(.idle_cycles)"' -r info.json)"
jq '.version = "1.0" | del(.exceptions_taken, .tlb_writes, .idles, .idle_cycles)' info.json > info10.json
golden trace_info_all.json info10.json
assert_eq "bytes" "$(wc -c < all.zst | tr -d ' ')" "$("$VMMSIM" trace info --json all.zst | jq .bytes)"
# the 1.0 file and its 1.1 conversion hold the same records
"$VMMSIM" trace cat v10/all.zst | "$VMMSIM" trace convert --from text -o v10/all11.zst - || fail "convert of a 1.0 cat failed"
"$VMMSIM" trace cat v10/all11.zst | cmp -s - cat.txt || fail "1.0 -> 1.1 conversion changed the records"

# The kinds of format 1.1 (a full-system recording's), written in the
# canonical text form: cat prints exactly these lines back.
cat > fs.txt <<'END'
# vmmsim trace 2.0
# byte-order: little
# word-bits: 32
# page-size: 4096
# desc: "hand-written: the kinds of format 1.1"
mode kernel
fetch 0x80001000 4
tlbw tlbwr 17 0x400001 0x12345 0x12346 0x0
tlbw tlbwi 5 0xc0000000 0x1f 0x0 0x1fe000
priv eret 0.0 0x400000
mode user
fetch 0x400000 4
exc TLBL 0x0 0x400000 0x10010000
mode kernel
fetch 0x80000000 4
priv eret 0.0 0x400000
mode user
fetch 0x400000 4
exc Int 0x200 0x400004 0x84
exc Sys 0x180 0x400008 0x0
exc 14 0x180 0x400008 0x0
exc CacheErr 0x100 0x80001000 0xffffffff
mode kernel
priv wait
idle 12000
idle 1
exc Mod 0x180 0x400010 0x10010000
tlbw tlbwr 127 0xffffffff 0xffffffff 0xffffffff 0x1fffe000
tlbw tlbwi 0 0x0 0x0 0x0 0x0
idle 4000000000
END
"$VMMSIM" trace convert --from text -o fs.zst fs.txt || fail "convert of the 1.1 kinds failed"
"$VMMSIM" trace cat fs.zst > fscat.txt || fail "cat of the 1.1 kinds failed"
cmp -s fs.txt fscat.txt || fail "cat does not print the 1.1 kinds back: $(diff fs.txt fscat.txt | head -n 5)"
"$VMMSIM" trace convert --from text -o fs2.zst fscat.txt || fail "round trip failed"
"$VMMSIM" trace cat fs2.zst | cmp -s - fs.txt || fail "cat | convert | cat differs"
"$VMMSIM" trace info fs.zst | sed 's/^compressed: .*/compressed: (varies)/' > info.txt || fail "info failed"
golden trace_info_fs.txt info.txt
"$VMMSIM" trace info --json fs.zst | jq 'del(.bytes, .bytes_per_record)' > info.json || fail "info --json failed"
golden trace_info_fs.json info.json
# the counts, against the text
for k in exc tlbw idle; do
	assert_eq "$k records" "$(grep -c "^$k " fs.txt)" "$(jq -r ".$(echo "$k" | sed 's/exc/exceptions_taken/; s/tlbw/tlb_writes/; s/idle/idles/')" info.json)"
done

# the examples of traces/TEXT.md convert, and cat prints their lines back
sed -n '/^## Example/,/^## Errors/p' "$TOP/traces/TEXT.md" | sed -n 's/^    //p' > ex.txt
[ "$(grep -c '^exc \|^tlbw \|^idle ' ex.txt)" -ge 5 ] || fail "TEXT.md's examples lack the 1.1 kinds"
"$VMMSIM" trace convert --from text -o ex.zst ex.txt || fail "TEXT.md's examples do not convert"
"$VMMSIM" trace cat ex.zst | grep -v '^#' > excat.txt
grep -v '^#' ex.txt | cmp -s - excat.txt || fail "TEXT.md's examples are not what cat prints: $(grep -v '^#' ex.txt | diff - excat.txt | head -n 5)"

# lackey: exact layout, M expansion, messages, odd spacing
printf '==7== Lackey, an example Valgrind tool\n==7== Command: ./prog a b\n==7== \nI  0401ab70,3\n S 1fff000628,8\n L 04a19de0,8\n M 0421C2A8,4\nI  ffffffffffffffff,16\n\tL 0x10 , 2\n==7== Exit code:       0\n' > small.lackey
"$VMMSIM" trace convert --from lackey -o lackey.zst small.lackey || fail "convert --from lackey failed"
"$VMMSIM" trace cat lackey.zst > cat.txt
golden trace_cat_lackey.txt cat.txt

# din, traditional and extended
printf '2 0 \n0 1000\n1 70f6088c comment\n3 10\n4 0\n5 0\nr 2000 4\nW 0x3000 0x10\ni 400000 4\nm 10 8\nc 0 0\nv 0 0\n' > small.din
"$VMMSIM" trace convert --from din -o din.zst small.din || fail "convert --from din failed"
"$VMMSIM" trace cat din.zst > cat.txt
golden trace_cat_din.txt cat.txt

# an empty input is an empty (valid) trace
: > empty.lackey
"$VMMSIM" trace convert --from lackey -o empty.zst - < empty.lackey || fail "empty input failed"
assert_eq "empty records" 0 "$("$VMMSIM" trace info --json empty.zst | jq .records)"

# help texts
for c in info cat convert; do
	"$VMMSIM" trace "$c" --help > help.txt || fail "trace $c --help failed"
	golden "trace_help_$c.txt" help.txt
done
exit 0
