# trace convert --from lackey on a real lackey trace recorded now (valgrind of
# sort on a small file): the counts trace info --json reports must equal
# counts computed independently by awk from the lackey text; the cat |
# convert --from text round trip; zstd-compressed and standard input.
. "$TOP/tests/cli/lib.sh"
command -v valgrind >/dev/null || skip "valgrind not installed (make check installs it)"
command -v jq >/dev/null || skip "jq not installed (make check installs it)"

seq 40 -1 1 > in.txt
valgrind --tool=lackey --trace-mem=yes --log-fd=3 sort -n in.txt 3>t.lackey >sorted.txt 2>/dev/null ||
	fail "valgrind lackey failed"
seq 1 40 | cmp -s - sorted.txt || fail "sort under valgrind gave a wrong result"

"$VMMSIM" trace convert --from lackey -o t.zst t.lackey || fail "convert failed"
[ -s t.zst ] || fail "no output"
ls | grep -q tmp && fail "temporary file left behind: $(ls)"
zstd -tq t.zst || fail "the trace is not a valid zstd stream"

# independent counts from the text: I = fetch, L = load, S = store, M = both
awk '
/^I  / { f++; pg[page($2)] = 1; next }
/^ L / { l++; pg[page($2)] = 1; next }
/^ S / { s++; pg[page($2)] = 1; next }
/^ M / { l++; s++; pg[page($2)] = 1; next }
/^==/  { next }
{ print "unexpected line: " $0 > "/dev/stderr"; bad = 1 }
# the page of a hex address: drop its last 3 hex digits (4096-byte pages)
function page(a) { sub(/,.*/, "", a); a = substr(a, 1, length(a) - 3); sub(/^0+/, "", a); return a }
END { n = 0; for (p in pg) n++; printf "%d %d %d %d %d\n", f, l, s, f + l + s, n; exit bad }
' t.lackey > awk.txt || fail "awk found lines it does not know"
"$VMMSIM" trace info --json t.zst > info.json || fail "trace info failed"
jq -r '"\(.fetches) \(.loads) \(.stores) \(.records) \(.pages)"' info.json > vmm.txt
cmp -s awk.txt vmm.txt || fail "counts differ: awk (fetch load store records pages) $(cat awk.txt), vmmsim $(cat vmm.txt)"
[ "$(awk '{print $4}' awk.txt)" -gt 100000 ] || fail "suspiciously short trace: $(cat awk.txt)"
assert_eq "instructions" "$(jq .fetches info.json)" "$(jq .instructions info.json)"
assert_eq "syscalls" 0 "$(jq .syscalls info.json)"
assert_eq "address spaces" 1 "$(jq .address_spaces info.json)"
assert_eq "bytes" "$(wc -c < t.zst | tr -d ' ')" "$(jq .bytes info.json)"
assert_eq "page size" 4096 "$(jq .page_size info.json)"
cmd=$(jq -r .desc info.json)
assert_eq "description" "valgrind --tool=lackey --trace-mem=yes sort -n in.txt" "$cmd"

# the first records, checked by hand against the first lackey lines
"$VMMSIM" trace cat t.zst > a.txt || fail "trace cat failed"
grep -v '^==' t.lackey | head -n 5 | awk '
/^I  / { split(substr($0, 4), x, ","); printf "fetch 0x%s %s\n", x[1], x[2]; next }
/^ L / { split(substr($0, 4), x, ","); printf "load 0x%s %s\n", x[1], x[2]; next }
/^ S / { split(substr($0, 4), x, ","); printf "store 0x%s %s\n", x[1], x[2]; next }
/^ M / { split(substr($0, 4), x, ","); printf "load 0x%s %s\nstore 0x%s %s\n", x[1], x[2], x[1], x[2] }
' | sed 's/0x0*\([0-9a-f]\)/0x\1/' | head -n 5 > want5.txt
grep -v '^#' a.txt | head -n 5 > got5.txt
cmp -s want5.txt got5.txt || fail "first records differ: $(cat want5.txt) / $(cat got5.txt)"

# cat | convert --from text reproduces the records exactly (and the header)
cat a.txt | "$VMMSIM" trace convert --from text -o b.zst - || fail "convert --from text failed"
"$VMMSIM" trace cat b.zst > b.txt || fail "trace cat of the round trip failed"
cmp -s a.txt b.txt || fail "cat | convert --from text | cat differs: $(diff a.txt b.txt | head -n 5)"

# zstd-compressed input, detected by its magic bytes (not by the name)
zstd -q -c t.lackey > t.lackey.compressed
"$VMMSIM" trace convert --from lackey -o z.zst t.lackey.compressed || fail "zstd input failed"
"$VMMSIM" trace cat z.zst > z.txt
cmp -s a.txt z.txt || fail "zstd input gives other records"

# standard input, standard output (the default when it is not a terminal)
"$VMMSIM" trace convert --from lackey < t.lackey > s.zst || fail "stdin -> stdout failed"
"$VMMSIM" trace cat s.zst > s.txt
cmp -s a.txt s.txt || fail "stdin input gives other records"
zstd -q -c t.lackey | "$VMMSIM" trace convert --from lackey -o sz.zst - || fail "zstd stdin failed"
"$VMMSIM" trace cat sz.zst | cmp -s a.txt - || fail "zstd stdin gives other records"
exit 0
