# The hardware-walked machine on a lackey trace of a real program recorded
# here (valgrind lackey of `sort` of 300 words):
# 1. TLB misses, page walks and walk references of `--mode hw` equal an
#    independent awk model (tests/cli/ptwalk_oracle.awk) for several level
#    counts, index widths, page-walk cache sizes and TLB geometries;
# 2. the identities of the modes: hw, shadow and nested miss equally; the
#    uncached nested walk makes exactly (L+1)^2-1 references per miss (on
#    the same trace with every page mapped by PTE records first); shadow's
#    PTE traps equal the PTE updates of the stream (modeled or traced);
#    hops + base = total in all six modes; byte-identical reruns.
. "$TOP/tests/cli/lib.sh"
. "$TOP/tests/cli/lackey.inc"
set -e
command -v gawk >/dev/null || skip "gawk not installed"
command -v jq >/dev/null || skip "jq not installed"

awk 'BEGIN { srand(7); for (i = 0; i < 300; i++) print int(rand() * 1e6) }' > words.txt
record_lackey t sort words.txt
"$VMMSIM" trace cat t.zst > t.txt
refs=$(grep -c -E '^(fetch|load|store) ' t.txt)
[ "$refs" -gt 100000 ] || fail "only $refs references in the lackey trace"

# 1. the walk model against the awk model, fed the trace's 4 KB pages in
# order (consecutive repeats dropped: a page translated right after itself
# changes nothing), which is what makes six runs of the oracle cheap
gawk '/^(fetch|load|store) / { a = strtonum($2); n = $3 + 0
	for (p = int(a / 4096); p <= int((a + (n ? n - 1 : 0)) / 4096); p++)
		if (p != last) { print "page", p; last = p } }' t.txt > pages.txt
# the oracle reads either form alike
assert_eq "oracle on pages = oracle on the trace" \
	"$(gawk -v E=64 -v A=4 -v PS=4096 -v L=4 -v B=9 -v P=24 -f "$TOP/tests/cli/ptwalk_oracle.awk" t.txt)" \
	"$(gawk -v E=64 -v A=4 -v PS=4096 -v L=4 -v B=9 -v P=24 -f "$TOP/tests/cli/ptwalk_oracle.awk" pages.txt)"
n=0
prev=
for cfg in "4 9 0 64 4" "4 9 24 64 4" "2 10 1 16 0" "3 9 8 32 2" "5 9 24 64 4" "4 9 1 8 0"; do
	set -- $cfg
	want=$(gawk -v E="$4" -v A="$5" -v PS=4096 -v L="$1" -v B="$2" -v P="$3" \
		-f "$TOP/tests/cli/ptwalk_oracle.awk" pages.txt)
	"$VMMSIM" --trace t.zst --mode hw --pt-levels "$1" --pwc-entries "$3" --hw-tlb-entries "$4" \
		--hw-tlb-assoc "$5" --page-size 4096 --json r.json -q
	if [ "$2" != 9 ]; then # index bits come from the model only
		sed "s/^pt_index_bits = .*/pt_index_bits = $2/" "$TOP/models/r4000.ini" > m.ini
		"$VMMSIM" --trace t.zst --mode hw --model m.ini --pt-levels "$1" --pwc-entries "$3" \
			--hw-tlb-entries "$4" --hw-tlb-assoc "$5" --json r.json -q
	fi
	got=$(jq -r '.modes.hw | "\(.tlb_misses) \(.walks) \(.walk_refs)"' r.json)
	assert_eq "hw misses/walks/refs, L=$1 bits=$2 pwc=$3 tlb=$4x$5" "$want" "$got"
	set -- $want
	[ "$1" -gt 100 ] && [ "$3" -gt "$1" ] || fail "oracle saw too little: $want"
	# each configuration tells the models apart from the one before
	[ "$want" != "$prev" ] || fail "configuration $cfg adds nothing: $want"
	prev=$want
	n=$((n + 1))
done
# the page-walk cache saves references, and more entries save more
r0=$("$VMMSIM" --trace t.zst --mode hw --pwc-entries 0 --json - -q | jq .modes.hw.walk_refs)
r4=$("$VMMSIM" --trace t.zst --mode hw --pwc-entries 4 --json - -q | jq .modes.hw.walk_refs)
r24=$("$VMMSIM" --trace t.zst --mode hw --pwc-entries 24 --json - -q | jq .modes.hw.walk_refs)
[ "$r0" -gt "$r4" ] && [ "$r4" -ge "$r24" ] || fail "PWC refs not decreasing: $r0 $r4 $r24"

# 2. identities
j() { jq -r "$1" r.json; }
sums() { # every mode's hops + base = total (one jq for the seven modes)
	assert_eq "modes in the JSON ($*)" "hw native nested pv shadow swtlb virt" \
		"$(j '.modes | keys | join(" ")')"
	assert_eq "cycles = base + hops in every mode ($*)" "" \
		"$(j '.modes | to_entries[] | select(.value.cycles != ([.value.base_cycles, (.value.hops[] | .cycles)] | add)) | .key')"
}
for L in 2 3 4; do
	"$VMMSIM" --trace t.zst --mode every --pt-levels $L --json r.json -q
	sums L=$L
	miss=$(j .modes.hw.tlb_misses)
	assert_eq "shadow misses = hw (L=$L)" "$miss" "$(j .modes.shadow.tlb_misses)"
	assert_eq "nested misses = hw (L=$L)" "$miss" "$(j .modes.nested.tlb_misses)"
	# demand paging: each fault's PTE write traps once; its retry takes
	# the hidden fault; faults retry the walk
	pf=$(j .modes.hw.page_faults)
	assert_eq "shadow PTE traps = modeled PTE writes (L=$L)" "$pf" "$(j .modes.shadow.hops.shadow_pte_trap.count)"
	assert_eq "shadow hidden faults (L=$L)" "$pf" "$(j .modes.shadow.hops.shadow_hidden_fault.count)"
	assert_eq "hw walks = misses + faults (L=$L)" "$((miss + pf))" "$(j .modes.hw.walks)"
	assert_eq "nested walks = hw walks (L=$L)" "$(j .modes.hw.walks)" "$(j .modes.nested.walks)"
	assert_eq "shadow walks (L=$L)" "$((miss + 2 * pf))" "$(j .modes.shadow.walks)"
	assert_eq "walk_ref hop = walk_refs (L=$L)" "$(j .modes.nested.walk_refs)" "$(j .modes.nested.hops.walk_ref.count)"
	assert_eq "no TLB misses in hw mode's exceptions" "$((pf + $(j .modes.hw.hops.timer.count)))" "$(j .modes.hw.hops.exc_entry.count)"
	# pv: the software-TLB machine's misses; no trapped privileged
	# operation; every fresh frame zeroed once (by the monitor), where virt
	# zeroes it twice; a hypercall per refill, fault, TLB-modified
	# exception and timer interrupt (the return), none for PTE batches here
	assert_eq "pv misses = virt" "$(j .modes.virt.tlb_misses)" "$(j .modes.pv.tlb_misses)"
	assert_eq "pv lists no trap_priv" false "$(j '.modes.pv.hops | has("trap_priv")')"
	assert_eq "pv: one zeroing per fresh frame" "$(j .modes.virt.hops.page_zero.count)" \
		"$(j '.modes.pv.hops.page_zero.count + .modes.pv.hops.vmm_page_zero.count')"
	assert_eq "pv: no guest zeroing of fresh frames" 0 "$(j .modes.pv.hops.page_zero.count)"
	assert_eq "virt: double zeroing" "$(j .modes.virt.hops.page_zero.count)" "$(j .modes.virt.hops.vmm_page_zero.count)"
	assert_eq "pv hypercalls" "$(j '.modes.pv.tlb_misses + .modes.pv.page_faults + .modes.pv.hops.tlb_mod.count + .modes.pv.hops.timer.count')" \
		"$(j .modes.pv.hops.hypercall.count)"
	[ "$(j '.modes.pv.cycles < .modes.virt.cycles')" = true ] || fail "pv not cheaper than virt"
done

# every page mapped by a PTE record first: no demand faults; uncached
# nested walks make exactly (L+1)^2-1 references each; shadow traps each
# PTE record
gawk '/^(fetch|load|store) / { a = strtonum($2); n = $3 + 0
	for (p = int(a / 4096); p <= int((a + (n ? n - 1 : 0)) / 4096); p++)
		if (!(p in seen)) { seen[p] = 1; order[k++] = p } }
	END { for (i = 0; i < k; i++) printf "pte 0 0x%x 0x%x vd\n", order[i] * 4096, i }' t.txt > ptes.txt
npte=$(wc -l < ptes.txt)
{ grep '^#' t.txt; cat ptes.txt; grep -v '^#' t.txt; } > pm.txt
"$VMMSIM" trace convert --from text -o pm.zst pm.txt
for L in 1 2 3 4 5; do
	"$VMMSIM" --trace pm.zst --mode every --pt-levels $L --pwc-entries 0 --nested-tlb-entries 0 \
		--json r.json -q
	sums "premapped L=$L"
	w=$(j .modes.nested.walks)
	assert_eq "no faults (L=$L)" 0 "$(j .modes.nested.page_faults)"
	assert_eq "nested walks = misses (L=$L)" "$(j .modes.nested.tlb_misses)" "$w"
	assert_eq "uncached nested refs = ((L+1)^2-1) x walks (L=$L)" "$(( ((L + 1) * (L + 1) - 1) * w ))" \
		"$(j .modes.nested.walk_refs)"
	assert_eq "uncached hw refs = L x walks (L=$L)" "$(( L * w ))" "$(j .modes.hw.walk_refs)"
	assert_eq "shadow PTE traps = PTE records (L=$L)" "$npte" "$(j .modes.shadow.hops.shadow_pte_trap.count)"
	# pv: the PTE records batched, a hypercall per 8 (the model's pv_batch)
	assert_eq "pv hypercalls with PTE batches (L=$L)" \
		"$(j '.modes.pv.tlb_misses + .modes.pv.page_faults + .modes.pv.hops.tlb_mod.count + .modes.pv.hops.timer.count')" \
		"$(( $(j .modes.pv.hops.hypercall.count) - npte / 8 ))"
	assert_eq "pv lists no trap_priv (L=$L)" false "$(j '.modes.pv.hops | has("trap_priv")')"
done
"$VMMSIM" --trace pm.zst --mode pv --pv-batch 1 --json r.json -q
assert_eq "pv: --pv-batch 1, a hypercall per PTE record" \
	"$(j '.modes.pv.tlb_misses + .modes.pv.page_faults + .modes.pv.hops.tlb_mod.count + .modes.pv.hops.timer.count')" \
	"$(( $(j .modes.pv.hops.hypercall.count) - npte ))"
# 4 + 4 levels: 24 references per miss (Bhargava et al., ASPLOS '08)
"$VMMSIM" --trace pm.zst --mode nested --pt-levels 4 --pwc-entries 0 --nested-tlb-entries 0 --json r.json -q
assert_eq "24 references per 4+4-level walk" 24 "$(j '.modes.nested.walk_refs / .modes.nested.walks')"
# caches only ever save references
"$VMMSIM" --trace pm.zst --mode nested --json r.json -q
[ "$(j '.modes.nested.walk_refs < 24 * .modes.nested.walks')" = true ] || fail "nested caches save nothing"

# byte-identical reruns (table, JSON, CSV)
for k in 1 2; do
	"$VMMSIM" --trace t.zst --mode every --json "r$k.json" --csv "r$k.csv" > "r$k.txt"
done
cmp r1.json r2.json && cmp r1.csv r2.csv && cmp r1.txt r2.txt || fail "reruns differ"
# the CSV: walks and walk_refs on the hardware-walked modes' rows only
gawk -F, 'NR > 1 && ($3 == "hw" || $3 == "shadow" || $3 == "nested") && $12 == "" { bad = 1 }
	NR > 1 && ($3 == "native" || $3 == "virt" || $3 == "swtlb") && $12 != "" { bad = 1 }
	END { exit bad }' r1.csv || fail "walks column"
echo "ok: $n walk configurations against the awk model"
