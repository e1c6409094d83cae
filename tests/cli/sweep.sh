# sweep: on lackey traces of real programs recorded now, every row of a
# sweep equals a direct replay of that configuration - every fully
# associative capacity (stack distances) and the unbounded one, the
# set-associative points, native and virt, for two hardware TLB sizes - in
# cycles, counts and every hop; the recommendation follows from the table
# by the documented rule; bad lists and options are rejected.
. "$TOP/tests/cli/lib.sh"
. "$TOP/tests/cli/lackey.inc"
record_lackey ls ls /usr/lib
CAPS=4..256x2

$VMMSIM sweep --trace ls.zst --swtlb-entries $CAPS --swtlb-assoc 2,inf --tlb-entries 16,48 \
	--csv s.csv --json s.json > table.txt || fail "sweep"
[ "$(grep -c '^ls.zst,swtlb,' s.csv)" = 30 ] || fail "expected 2 x (7 + inf + 7) swtlb rows, got $(grep -c '^ls.zst,swtlb,' s.csv)"

FIELDS='{instructions,references,base_cycles,cycles,tlb_misses,page_faults,swtlb_hits,swtlb_misses,
	hops: ((.hops // {}) | with_entries(select(.value.count > 0 or .value.cycles > 0)))}'
# sweep_row MODE TLB [ENTRIES ASSOC]: the sweep's row as canonical JSON
sweep_row() {
	jq -cS --arg m "$1" --argjson t "$2" --arg k "${3:-}" --arg a "${4:-}" \
		".rows[] | select(.mode == \$m and .tlb_entries == \$t and
		  (\$m != \"swtlb\" or ((.swtlb_entries | tostring) == \$k and (.swtlb_assoc | tostring) == \$a)))
		 | $FIELDS" s.json
}
# direct MODE TLB [ENTRIES ASSOC]: a direct replay's figures (of $TR)
TR=ls.zst
direct() {
	m=$1 t=$2
	if [ "$m" = swtlb ]; then
		e=$3; [ "$e" = inf ] && e=1048576 # more entries than the trace has pages
		a=$4; [ "$a" = full ] && a=0
		$VMMSIM --trace $TR --mode swtlb --tlb-entries "$t" --swtlb-entries "$e" --swtlb-assoc "$a" \
			--json d.json -q || fail "direct replay $*"
	else
		$VMMSIM --trace $TR --mode "$m" --tlb-entries "$t" --json d.json -q || fail "direct replay $*"
	fi
	jq -cS ".modes.$m | $FIELDS" d.json
}
checked=0
for t in 16 48; do
	for m in native virt; do
		assert_eq "$m, TLB $t" "$(direct $m $t)" "$(sweep_row $m $t)"
	done
	for k in 4 8 16 32 64 128 256 inf; do
		assert_eq "swtlb $k full, TLB $t" "$(direct swtlb $t $k full)" "$(sweep_row swtlb $t $k full)"
		checked=$((checked + 1))
	done
	for k in 4 8 16 32 64 128 256; do
		assert_eq "swtlb $k 2-way, TLB $t" "$(direct swtlb $t $k 2)" "$(sweep_row swtlb $t $k 2)"
		checked=$((checked + 1))
	done
done
assert_eq "configurations checked" 30 "$checked"
# the figures are not degenerate: capacity matters, and so does the TLB size
h4=$(sweep_row swtlb 16 4 full | jq .swtlb_hits)
hinf=$(sweep_row swtlb 16 inf full | jq .swtlb_hits)
[ "$h4" -lt "$hinf" ] || fail "hits at 4 ($h4) not below unbounded ($hinf)"
# a second program, under TLB pressure (an 8-entry TLB without pairs:
# thousands of lookups), fully associative capacities
head -c 3000 /usr/share/common-licenses/GPL-3 > in.txt
record_lackey sort sort in.txt
cp s.json ls.json
$VMMSIM sweep --trace sort.zst --swtlb-entries 2..128x2 --tlb-entries 8 --no-pairs --json s.json -q || fail "sweep sort"
TR="sort.zst --no-pairs"
for k in 2 4 8 16 32 64 128 inf; do
	assert_eq "sort: swtlb $k full, TLB 8" "$(direct swtlb 8 $k full)" "$(sweep_row swtlb 8 $k full)"
done
[ "$(sweep_row swtlb 8 inf full | jq .swtlb_hits)" -gt 1000 ] || fail "sort: too few lookups to tell"
mv ls.json s.json

# slowdown = cycles / native cycles of the same TLB size
jq -e '[.rows[] | select(.tlb_entries == 48)] as $r | ($r[] | select(.mode == "native") | .cycles) as $n
	| all($r[]; (.slowdown - .cycles / $n) | fabs < 1e-12)' s.json >/dev/null || fail "slowdowns"

# The recommendation, recomputed from the CSV by the documented rule
# (within 1%: cycles(c) < cycles(virt) and cycles(c) * 10000 <=
# cycles(inf) * 10100; capture P%: (virt - cycles(c)) * 100 >= P * (virt -
# cycles(inf))), equals the recommend column and the text under the table.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ t = $c["tlb_entries"] }
	$c["mode"] == "virt" { virt[t] = $c["cycles"] }
	$c["mode"] == "swtlb" && $c["swtlb_assoc"] == "full" {
		if ($c["swtlb_entries"] == "inf") unb[t] = $c["cycles"]
		else { n[t]++; cap[t, n[t]] = $c["swtlb_entries"]; cyc[t, n[t]] = $c["cycles"]; rec[t, n[t]] = $c["recommend"] } }
	END { for (t in n) {
		w = c90 = c99 = "none"; s = virt[t] - unb[t]
		for (i = 1; i <= n[t]; i++) {
			f = ""
			if (w == "none" && cyc[t, i] < virt[t] && cyc[t, i] * 10000 <= unb[t] * 10100) { w = cap[t, i]; f = "within" }
			if (s > 0 && c90 == "none" && (virt[t] - cyc[t, i]) * 100 >= 90 * s) { c90 = cap[t, i]; f = f (f ? "+" : "") "capture90" }
			if (s > 0 && c99 == "none" && (virt[t] - cyc[t, i]) * 100 >= 99 * s) { c99 = cap[t, i]; f = f (f ? "+" : "") "capture99" }
			if (f != rec[t, i]) { print "row " t "/" cap[t, i] ": recommend \"" rec[t, i] "\", rule \"" f "\""; bad = 1 }
		}
		print t, w, c90, c99 }
		exit bad }' s.csv > rule.raw || fail "recommend column differs from the rule: $(cat rule.raw)"
sort -n rule.raw > rule.txt
cat rule.txt
[ "$(wc -l < rule.txt)" = 2 ] || fail "expected two recommendations"
while read -r t w c90 c99; do
	[ "$w" != none ] || fail "no recommendation within 1% for TLB $t"
	grep -A2 "^recommendation for ls.zst, $t-entry hardware TLB" table.txt > r.txt
	grep -q "^  $w entries: the smallest capacity whose slowdown" r.txt || fail "text recommendation for TLB $t: $(cat r.txt)"
	grep -q "90% of that is captured by $c90 entries, 99% by $c99 entries" r.txt || fail "text capture for TLB $t: $(cat r.txt)"
	assert_eq "JSON within, TLB $t" "$w" "$(jq -r --argjson t "$t" '.recommendations[] | select(.tlb_entries == $t) | .within' s.json)"
	assert_eq "JSON capture90, TLB $t" "$c90" "$(jq -r --argjson t "$t" '.recommendations[] | select(.tlb_entries == $t) | .capture90' s.json)"
done < rule.txt
# never a capacity that costs more than virt: on gzip (a small overhead,
# so tiny software TLBs are "within 1%" of the unbounded one while their
# lookups cost more than they save) the within capacity saves cycles
$VMMSIM sweep --trace "$TOP/traces/gzip.zst" --swtlb-entries 4..1024x2 --csv g.csv > g.txt
virt=$(awk -F, '$2 == "virt" { print $9 }' g.csv)
wrow=$(awk -F, '$2 == "swtlb" && $17 ~ /within/' g.csv)
[ -n "$wrow" ] || fail "gzip: no within recommendation"
[ "$(echo "$wrow" | cut -d, -f9)" -lt "$virt" ] || fail "gzip: recommended a capacity costing more than virt: $wrow"
[ "$(echo "$wrow" | cut -d, -f4)" -gt 4 ] || fail "gzip: 4 entries (more cycles than virt) still recommended"
grep "<- recommended" g.txt | grep -q -- " -" && fail "gzip: a recommended row with negative savings: $(grep recommended g.txt)"
# nothing saves anything: a trace whose pages all fit the hardware TLB
# (only compulsory misses: every lookup misses and costs extra): one line
printf 'asid 1\nfetch 0x400000 4\nload 0x10000000 4\nfetch 0x400004 4\nload 0x10000000 4\n' > tiny.txt
$VMMSIM trace convert --from text -o tiny.zst tiny.txt
$VMMSIM sweep --trace tiny.zst --swtlb-entries 4,64 --csv tiny.csv --json tiny.json > tiny.out
grep -A5 '^recommendation for' tiny.out | tail -n +2 > tiny.rec
assert_eq "one line when nothing saves" 1 "$(wc -l < tiny.rec)"
grep -q "^  none: no capacity swept, not even an unbounded one, saves cycles" tiny.rec || fail "tiny: $(cat tiny.rec)"
assert_eq "tiny: no within" null "$(jq '.recommendations[0].within' tiny.json)"
assert_eq "tiny: no capture" null,null "$(jq -r '.recommendations[0] | [.capture90, .capture99] | map(tostring) | join(",")' tiny.json)"
[ "$(awk -F, 'NR > 1 && $17 != ""' tiny.csv | wc -l)" = 0 ] || fail "tiny: a recommend column set"
# --within 50 recommends a capacity no larger
$VMMSIM sweep --trace ls.zst --swtlb-entries $CAPS --tlb-entries 16 --within 50 --json w.json -q || fail "--within 50"
w50=$(jq '.recommendations[0].within' w.json)
w1=$(awk '$1 == 16 { print $2 }' rule.txt)
[ "$w50" -le "$w1" ] || fail "--within 50 gave $w50 > $w1"
# --swtlb-assoc 0 is fully associative, as for replay
$VMMSIM sweep --trace ls.zst --swtlb-entries 8,64 --swtlb-assoc 0,2 --tlb-entries 16 --csv a0.csv -q || fail "assoc 0"
$VMMSIM sweep --trace ls.zst --swtlb-entries 8,64 --swtlb-assoc inf,2 --tlb-entries 16 --csv ainf.csv -q || fail "assoc inf"
cmp a0.csv ainf.csv || fail "--swtlb-assoc 0 differs from inf"
# same inputs, same output, byte for byte
$VMMSIM sweep --trace ls.zst --swtlb-entries $CAPS --swtlb-assoc 2,inf --tlb-entries 16,48 --csv s2.csv -q || fail "sweep again"
cmp s.csv s2.csv || fail "a second sweep differs"

# the plots of a real sweep and of a real replay (plot.sh checks each kind
# in detail on made-up figures)
. "$TOP/tests/cli/plotcheck.inc"
if command -v gnuplot >/dev/null; then
	$VMMSIM plot sizing s.csv -o sizing.png || fail "sizing of a sweep"
	assert_eq "sizing.png" "960 600" "$(png_size sizing.png)"
	$VMMSIM plot breakdown s.csv -o bd.svg || fail "breakdown of a sweep"
	svg_has bd.svg "Where the cycles go" "ls.zst (swtlb: " "reflect" "vmm_miss"
	$VMMSIM --trace ls.zst --mode all --tlb-entries 16 --csv r.csv -q || fail "replay --csv"
	$VMMSIM plot breakdown r.csv -o bdr.svg || fail "breakdown of a replay CSV"
	svg_has bdr.svg "Where the cycles go" "hop cycles per 1000 instructions" "ls.zst" "reflect" "os_refill"
	$VMMSIM plot tlb s.csv -o tlb.png || fail "tlb of a sweep"
	assert_eq "tlb.png" "960 600" "$(png_size tlb.png)"
fi

# bad lists and options: one clear line, non-zero exit, no output file
bad() { # expected-message args...
	msg=$1; shift
	expect_fail $VMMSIM sweep "$@" --csv bad.csv
	grep -qF -- "$msg" err.txt || fail "sweep $*: expected '$msg', got: $(cat err.txt)"
	[ "$(wc -l < err.txt)" = 1 ] || fail "sweep $*: more than one line: $(cat err.txt)"
}
bad "--swtlb-entries: bad list '16,,32': empty item at character 4" --trace ls.zst --swtlb-entries 16,,32
bad "needs a factor, e.g. 16..64x2" --trace ls.zst --swtlb-entries 16..64
bad "factor must be at least 2" --trace ls.zst --swtlb-entries 16..64x1
bad "'abc' at character 1 is not a number" --trace ls.zst --swtlb-entries abc
bad "0 at character 1 is below the smallest value 1" --trace ls.zst --swtlb-entries 0
bad "--tlb-entries: bad list 'inf': 'inf' is not allowed here" --trace ls.zst --swtlb-entries 8 --tlb-entries inf
bad "above the largest value 4096" --trace ls.zst --swtlb-entries 8 --tlb-entries 8192
bad "--swtlb-assoc 3 does not divide --swtlb-entries 16" --trace ls.zst --swtlb-entries 16 --swtlb-assoc 3
bad "--swtlb-entries LIST is required" --trace ls.zst
bad "--trace FILE is required" --swtlb-entries 8
bad "trace ls.zst given twice" --trace ls.zst --trace ls.zst --swtlb-entries 8
bad "--within needs a percentage" --trace ls.zst --swtlb-entries 8 --within 200
bad "--mode needs all (native, virt, swtlb; the default) or every (and hw, shadow, nested, pv)" --trace ls.zst --swtlb-entries 8 --mode virt
bad "--quantum does not apply to a sweep" --trace ls.zst --swtlb-entries 8 --quantum 100
bad "unknown option '--bogus'" --trace ls.zst --swtlb-entries 8 --bogus
bad "nosuch.zst" --trace nosuch.zst --swtlb-entries 8
expect_fail $VMMSIM sweep --trace ls.zst --swtlb-entries 8 --csv - --json -
grep -q "cannot both write standard output" err.txt || fail "two stdout outputs: $(cat err.txt)"
bad "more than 20000 configurations" --trace ls.zst --swtlb-entries 1..4000x2,3..4000x3,5..4000x5,7..4000x7,11..4000x11 --swtlb-assoc 1..4000x2,3..4000x3,5..4000x5,7..4000x7,11..4000x11 --tlb-entries 1..4096x2,3..4096x3,5..4096x5
head -c 20000 ls.zst > cut.zst
bad "cut.zst" --trace cut.zst --swtlb-entries 8
[ ! -e bad.csv ] || fail "bad.csv written"
exit 0
