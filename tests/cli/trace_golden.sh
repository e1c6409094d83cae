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
"$VMMSIM" trace convert --from text -o all.zst all.txt || fail "convert --from text failed"
"$VMMSIM" trace cat all.zst > cat.txt || fail "cat failed"
golden trace_cat_all.txt cat.txt
"$VMMSIM" trace info all.zst | sed 's/^compressed: .*/compressed: (varies)/' > info.txt || fail "info failed"
golden trace_info_all.txt info.txt
"$VMMSIM" trace info --json all.zst | jq 'del(.bytes, .bytes_per_record)' > info.json || fail "info --json failed"
golden trace_info_all.json info.json
assert_eq "bytes" "$(wc -c < all.zst | tr -d ' ')" "$("$VMMSIM" trace info --json all.zst | jq .bytes)"

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
