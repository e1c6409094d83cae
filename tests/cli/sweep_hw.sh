# sweep --mode every: on a lackey trace of a real program recorded now, the
# hardware-walked rows (hw, shadow, nested) and pv's, one per hardware TLB
# size, each equal to a direct replay with --tlb-entries T --hw-tlb-entries T
# in cycles, counts, walks, walk references and every hop (JSON and CSV);
# the native, virt and swtlb rows are those of the default sweep; without
# --mode (or with --mode all) the output is the default one, byte for byte.
. "$TOP/tests/cli/lib.sh"
. "$TOP/tests/cli/lackey.inc"
command -v jq >/dev/null || skip "jq not installed"
record_lackey ls ls /usr/lib
TR=ls.zst

$VMMSIM sweep --trace $TR --swtlb-entries 8,64 --tlb-entries 16,48 --mode every \
	--csv e.csv --json e.json > e.txt || fail "sweep --mode every"
$VMMSIM sweep --trace $TR --swtlb-entries 8,64 --tlb-entries 16,48 \
	--csv d.csv --json d.json > d.txt || fail "default sweep"
$VMMSIM sweep --trace $TR --swtlb-entries 8,64 --tlb-entries 16,48 --mode all \
	--csv a.csv --json a.json > a.txt || fail "sweep --mode all"
cmp d.csv a.csv && cmp d.json a.json && cmp d.txt a.txt || fail "--mode all differs from the default"
grep -q walks d.csv && fail "default CSV has walk columns"
for m in hw shadow nested pv; do
	assert_eq "$m rows" 2 "$(grep -c "^$TR,$m," e.csv)"
	grep -q "^  $m " e.txt || fail "no $m rows in the table"
done

FIELDS='{instructions,references,base_cycles,cycles,tlb_misses,page_faults,walks,walk_refs,
	hops: ((.hops // {}) | with_entries(select(.value.count > 0 or .value.cycles > 0)))}'
row() { # FILE MODE TLB [ENTRIES]: a sweep's row as canonical JSON
	jq -cS --arg m "$2" --argjson t "$3" --arg k "${4:-}" \
		".rows[] | select(.mode == \$m and .tlb_entries == \$t and
		  (\$m != \"swtlb\" or ((.swtlb_entries | tostring) == \$k and .swtlb_assoc == \"full\")))
		 | $FIELDS" "$1"
}
checked=0
for t in 16 48; do
	$VMMSIM --trace $TR --mode every --tlb-entries $t --hw-tlb-entries $t --json r.json -q ||
		fail "direct replay, TLB $t"
	for m in hw shadow nested pv; do
		want=$(jq -cS ".modes.$m | $FIELDS" r.json)
		assert_eq "$m, TLB $t" "$want" "$(row e.json $m $t)"
		# the same in the CSV: cycles, misses, walks and walk references
		assert_eq "$m CSV, TLB $t" \
			"$(jq -r ".modes.$m | \"\(.cycles) \(.tlb_misses) \(.walks // \"\") \(.walk_refs // \"\")\"" r.json)" \
			"$(gawk -F, -v m=$m -v t=$t 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
				$2 == m && $3 == t { print $c["cycles"], $c["tlb_misses"], $c["walks"], $c["walk_refs"] }' e.csv)"
		checked=$((checked + 1))
	done
	# the walked modes do walk; pv has no walks
	[ "$(row e.json hw $t | jq '.walks > 0 and .walk_refs >= .walks')" = true ] || fail "hw walks, TLB $t"
	assert_eq "pv has no walks" null "$(row e.json pv $t | jq .walks)"
	# the other rows are the default sweep's
	for m in native virt; do
		assert_eq "$m under every, TLB $t" "$(row d.json $m $t)" "$(row e.json $m $t)"
	done
	for k in 8 64 inf; do
		assert_eq "swtlb $k under every, TLB $t" "$(row d.json swtlb $t $k)" "$(row e.json swtlb $t $k)"
	done
done
# the TLB sizes differ enough to tell rows apart
[ "$(row e.json hw 16 | jq .tlb_misses)" -gt "$(row e.json hw 48 | jq .tlb_misses)" ] ||
	fail "hw misses do not fall with a larger TLB"
# no --tlb-entries: the model's size for both TLBs
$VMMSIM sweep --trace $TR --swtlb-entries 8 --mode every --json n.json -q || fail "every, model TLB"
tm=$(jq '.rows[0].tlb_entries' n.json)
$VMMSIM --trace $TR --mode nested --hw-tlb-entries "$tm" --json r.json -q || fail "direct nested"
assert_eq "nested, the model's TLB size" "$(jq -cS ".modes.nested | $FIELDS" r.json)" "$(row n.json nested "$tm")"
# reruns are byte-identical
$VMMSIM sweep --trace $TR --swtlb-entries 8,64 --tlb-entries 16,48 --mode every \
	--csv e2.csv --json e2.json > e2.txt || fail "rerun"
cmp e.csv e2.csv && cmp e.json e2.json && cmp e.txt e2.txt || fail "reruns differ"
# bad --mode
out=$($VMMSIM sweep --trace $TR --swtlb-entries 8 --mode hw 2>&1) && fail "--mode hw accepted"
assert_eq "--mode hw message" "vmmsim: sweep: --mode needs all (native, virt, swtlb; the default) or every (and hw, shadow, nested, pv)" "$out"
echo "ok: $checked rows against direct replays"
