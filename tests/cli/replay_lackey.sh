# Replay of a lackey trace of a real program recorded here (valgrind
# lackey of `seq 50`): native TLB misses against an independent model
# (tests/cli/tlb_oracle.awk) for LRU and FIFO, several sizes and page
# sizes; the invariants between the modes; hop counts from the flows.
. "$TOP/tests/cli/lib.sh"
command -v valgrind >/dev/null || skip "valgrind not installed"
command -v gawk >/dev/null || skip "gawk not installed"
command -v jq >/dev/null || skip "jq not installed"

valgrind --tool=lackey --trace-mem=yes --log-fd=3 seq 50 3>lackey.txt >/dev/null 2>&1 ||
	fail "valgrind lackey failed"
"$VMMSIM" trace convert --from lackey -o t.zst lackey.txt || fail "convert"
"$VMMSIM" trace cat t.zst > t.txt || fail "trace cat"
refs=$(grep -c -E '^(fetch|load|store) ' t.txt)
[ "$refs" -gt 100000 ] || fail "only $refs references in the lackey trace"

# 1. native TLB misses = the independent model
for pol in lru fifo; do
	for cfg in "4 4096" "16 4096" "64 8192" "32 1024" "48 16384"; do
		set -- $cfg
		want=$(gawk -v N="$1" -v PS="$2" -v POL="$pol" -f "$TOP/tests/cli/tlb_oracle.awk" t.txt)
		got=$("$VMMSIM" --trace t.zst --mode native --no-pairs --tlb-policy "$pol" \
			--tlb-entries "$1" --page-size "$2" --json - -q | jq .modes.native.tlb_misses)
		assert_eq "native misses, $pol, $1 entries, page $2" "$want" "$got"
		[ "$want" -gt 0 ] || fail "oracle saw no misses"
	done
done

# even/odd pairs: one entry per pair = one page of twice the size; wired
# entries are never replaced: N entries, W wired = N - W for the oracle
for pol in lru fifo; do
	want=$(gawk -v N=12 -v PS=8192 -v POL="$pol" -f "$TOP/tests/cli/tlb_oracle.awk" t.txt)
	got=$("$VMMSIM" --trace t.zst --mode native --pairs --tlb-policy "$pol" --tlb-entries 16 \
		--tlb-wired 4 --page-size 4096 --json - -q | jq .modes.native.tlb_misses)
	assert_eq "native misses, $pol, pairs, 16 entries 4 wired" "$want" "$got"
done

# 2. invariants between the modes, for several configurations and seeds
check() { # options...
	"$VMMSIM" --trace t.zst --mode all --json r.json -q "$@" || fail "replay $*"
	"$VMMSIM" --trace t.zst --mode all --json r0.json -q "$@" --swtlb-entries 0 || fail "replay $*"
	j() { jq -r "$1" r.json; }
	n=$(j .modes.native.tlb_misses)
	assert_eq "virt misses ($*)" "$n" "$(j .modes.virt.tlb_misses)"
	assert_eq "swtlb misses ($*)" "$n" "$(j .modes.swtlb.tlb_misses)"
	assert_eq "references" "$refs" "$(j .modes.native.references)"
	[ "$(j '.modes.virt.cycles >= .modes.native.cycles')" = true ] || fail "virt < native ($*)"
	[ "$(j '.modes.swtlb.cycles <= .modes.virt.cycles')" = true ] || fail "swtlb > virt ($*)"
	assert_eq "swtlb hits+misses ($*)" "$n" "$(j '.modes.swtlb.swtlb_hits + .modes.swtlb.swtlb_misses')"
	# the flows: one reflection, guest refill, trapped write and rett per
	# user miss; trapped writes beyond those = page faults + TLB-modified
	for h in vmm_miss reflect guest_refill rett; do
		assert_eq "virt $h ($*)" "$n" "$(j ".modes.virt.hops.$h.count")"
	done
	assert_eq "virt trapped writes ($*)" \
		"$(j '.modes.virt.tlb_misses + .modes.virt.page_faults + .modes.virt.hops.tlb_mod.count')" \
		"$(j .modes.virt.hops.trap_tlbwrite.count)"
	assert_eq "native refills ($*)" "$n" "$(j .modes.native.hops.os_refill.count)"
	assert_eq "native exceptions ($*)" \
		"$(j '.modes.native.tlb_misses + .modes.native.page_faults + .modes.native.hops.tlb_mod.count + .modes.native.hops.timer.count')" \
		"$(j .modes.native.hops.exc_entry.count)"
	assert_eq "swtlb reflections ($*)" "$(j .modes.swtlb.swtlb_misses)" "$(j .modes.swtlb.hops.reflect.count)"
	assert_eq "machine pages = faults ($*)" "$(j .modes.virt.page_faults)" "$(j .modes.virt.hops.vmm_page_alloc.count)"
	# swtlb with no entries is virt exactly
	assert_eq "swtlb 0 = virt ($*)" "$(jq -c '.modes.virt | del(.slowdown)' r0.json)" \
		"$(jq -c '.modes.swtlb | .hops |= with_entries(select(.key | startswith("swtlb_") | not)) | del(.swtlb_hits, .swtlb_misses, .slowdown)' r0.json)"
	# cycles = base + hops
	for m in native virt swtlb; do
		assert_eq "$m cycles sum" "$(j ".modes.$m.cycles")" "$(j "[.modes.$m.base_cycles, (.modes.$m.hops[] | .cycles)] | add")"
	done
}
check
check --seed 7 --tlb-entries 16
check --tlb-policy fifo --no-pairs --tlb-entries 8 --swtlb-entries 64 --swtlb-assoc 64
check --tlb-policy lru --page-size 1024 --swtlb-entries 256 --swtlb-assoc 2 --no-tlb-mod
check --model "$TOP/models/origin200.ini" --tlb-entries 4

# 3. one shared simulation of the hardware TLB = separate simulation
"$VMMSIM" --trace t.zst --mode all --json a.json -q --tlb-entries 12 --seed 3 || fail "replay"
"$VMMSIM" --trace t.zst --mode all --json b.json -q --tlb-entries 12 --seed 3 --separate-tlbs || fail "replay"
cmp a.json b.json || fail "shared and separate TLB simulation differ"
for m in native virt swtlb; do
	"$VMMSIM" --trace t.zst --mode $m --json c.json -q --tlb-entries 12 --seed 3 || fail "replay $m"
	assert_eq "$m alone" "$(jq -c ".modes.$m | del(.slowdown)" a.json)" "$(jq -c ".modes.$m | del(.slowdown)" c.json)"
done
# the seed matters to random replacement, and only to it
s1=$("$VMMSIM" --trace t.zst --mode native --tlb-entries 12 --seed 1 --json - -q | jq .modes.native.tlb_misses)
s2=$("$VMMSIM" --trace t.zst --mode native --tlb-entries 12 --seed 2 --json - -q | jq .modes.native.tlb_misses)
[ "$s1" != "$s2" ] || fail "seeds 1 and 2 give the same misses ($s1)"
exit 0
