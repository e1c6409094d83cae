# The bundled traces (traces/*.zst) decode, and their counts are those
# traces/README.md states (records, fetches, loads, stores, pages, bytes).
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
