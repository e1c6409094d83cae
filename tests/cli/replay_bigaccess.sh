#!/bin/sh
# The largest access a trace may hold (65536 bytes) at the smallest page a
# model may have (1 KB) spans 65 pages: every mode replays it, with runs
# and record by record alike, and a TLB that holds them all misses exactly
# once per page (pair) - counted here by hand: 0x10000200 + 65535 ends in
# the 65th KB page from 0x10000000, 33 pairs; the code adds one.  One byte
# more is refused by the importer, naming the line.
. "$TOP/tests/cli/lib.sh"
command -v jq >/dev/null || skip "jq missing"
printf 'mode user\nasid 1\nfetch 0x400000 4\nload 0x10000200 65536\nfetch 0x400004 4\nstore 0x10000200 65536\n' >big.txt
"$VMMSIM" trace convert --from text -o big.zst big.txt
misses() { jq -c '[.modes | to_entries[] | .value.tlb_misses] | unique' "$1"; }
"$VMMSIM" replay --trace big.zst --mode all --page-size 1024 --tlb-policy lru --tlb-entries 128 --json p.json -q
assert_eq "pairs: one miss per pair" "[34]" "$(misses p.json)"
"$VMMSIM" replay --trace big.zst --mode all --page-size 1024 --tlb-policy lru --tlb-entries 128 --no-pairs \
	--json n.json -q
assert_eq "no pairs: one miss per page" "[66]" "$(misses n.json)"
for opt in "" "--no-pairs"; do
	"$VMMSIM" replay --trace big.zst --mode every --page-size 1024 $opt --json r.json -q
	"$VMMSIM" replay --trace big.zst --mode every --page-size 1024 $opt --record-by-record --json b.json -q
	cmp -s r.json b.json || fail "runs and record by record differ ($opt)"
	jq -e '[.modes[] | .references == 4] | all' r.json >/dev/null || fail "references ($opt)"
done
printf 'load 0x10000200 65537\n' >over.txt
expect_fail "$VMMSIM" trace convert --from text -o over.zst over.txt
grep -q 'over.txt:1' err.txt || fail "the error does not name the line: $(cat err.txt)"
[ ! -e over.zst ] || fail "a refused import left a file"
exit 0
