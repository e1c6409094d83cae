# The bundled traces (traces/*.zst) decode, and their counts are those
# traces/README.md states (records, fetches, loads, stores, pages, bytes);
# their replays give the figures of README.md's table "On the bundled
# traces with the built-in model".
. "$TOP/tests/cli/lib.sh"
command -v jq >/dev/null || skip "jq not installed (make check installs it)"
n=0
for t in sort gzip ls; do
	f=$TOP/traces/$t.zst
	[ -f "$f" ] || fail "missing $f"
	"$VMMSIM" trace info --json "$f" > info.json || fail "trace info $t.zst failed"
	got=$(jq -r '"\(.records) \(.fetches) \(.loads) \(.stores) \(.pages) \(.bytes)"' info.json)
	want=$(awk -F'|' -v f="$t.zst" '$2 ~ "^ " f " $" { print $5 $6 $7 $8 $9 $10 }' "$TOP/traces/README.md" |
		tr -s ' ' | sed 's/^ //; s/ $//')
	[ -n "$want" ] || fail "traces/README.md has no row for $t.zst"
	assert_eq "$t.zst (records fetches loads stores pages bytes)" "$want" "$got"
	n=$((n + 1))
done
assert_eq "traces checked" 3 "$n"
# README.md: | traces/T.zst | instructions | TLB misses | virt slowdown | swtlb slowdown |
n=0
for t in sort gzip ls; do
	want=$(awk -F'|' -v f="traces/$t.zst" '$2 == " " f " " && NF == 7 { gsub(/ /, "", $3); gsub(/ /, "", $4);
		print $3, $4, $5, $6 }' "$TOP/README.md" | tr -s ' ' | sed 's/ $//')
	[ -n "$want" ] || fail "README.md has no replay row for traces/$t.zst"
	"$VMMSIM" --trace "$TOP/traces/$t.zst" --json - -q > r.json || fail "replay $t.zst"
	got=$(jq -r '.modes | "\(.native.instructions) \(.native.tlb_misses) \(.virt.slowdown) \(.swtlb.slowdown)"' r.json |
		awk '{ printf "%s %s %.3f %.3f\n", $1, $2, $3, $4 }')
	assert_eq "README.md's replay row for $t.zst (instructions, TLB misses, virt and swtlb slowdown)" "$want" "$got"
	n=$((n + 1))
done
assert_eq "README rows checked" 3 "$n"
