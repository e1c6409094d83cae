# vmmsim replay: the command line, output formats, determinism, several
# VMs, the origin200 calibration on a trace built for it, bad input.
. "$TOP/tests/cli/lib.sh"
command -v jq >/dev/null || skip "jq not installed"

# A small trace written as text: two address spaces, system calls, loads
# and stores over 40 pages, 3 passes.
awk 'BEGIN {
	print "# word-bits: 32"
	print "asid 1"
	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < 40; i++) {
			printf "fetch 0x%x 4\n", 4194304 + (i % 8) * 4096 + pass * 4
			printf "load 0x%x 4\n", 268435456 + i * 4096
			if (i % 3 == 0) printf "store 0x%x 8\n", 268435456 + i * 4096 + 4092
			if (i % 10 == 0) print "trap syscall 4004"
			if (i == 20) print "asid " (pass % 2 + 1)
		}
}' > small.txt
"$VMMSIM" trace convert --from text -o small.zst small.txt || fail "convert"

# both spellings, every output; byte-identical on a second run
"$VMMSIM" --trace small.zst --mode all --json a.json --csv a.csv > a.table || fail "replay"
"$VMMSIM" replay --trace small.zst --mode all --json b.json --csv b.csv > b.table || fail "replay (long name)"
cmp a.json b.json && cmp a.csv b.csv && cmp a.table b.table || fail "outputs differ between runs"
grep -q '^== swtlb ==' a.table || fail "no swtlb table"
golden replay_small_table.txt a.table
grep -q 'hit rate' a.table || fail "no swtlb hit rate"
grep -q 'slowdown vs native' a.table || fail "no slowdown"
# JSON schema of the issue
for m in native virt swtlb; do
	for f in instructions references cycles tlb_misses page_faults; do
		[ "$(jq ".modes.$m.$f | type == \"number\" and . == floor" a.json)" = true ] || fail "$m.$f not an integer"
	done
	[ "$(jq ".modes.$m.slowdown | type" a.json)" = '"number"' ] || fail "$m.slowdown"
	[ "$(jq ".modes.$m.hops.exc_entry | has(\"count\") and has(\"cycles\")" a.json)" = true ] || fail "$m hops"
done
jq -e '.modes.swtlb | has("swtlb_hits") and has("swtlb_misses")' a.json >/dev/null || fail "swtlb fields"
assert_eq "native slowdown" 1 "$(jq '.modes.native.slowdown' a.json)"
assert_eq "instructions" 120 "$(jq '.modes.native.instructions' a.json)"
assert_eq "syscalls" 12 "$(jq '.modes.native.hops.syscall.count' a.json)"
assert_eq "syscall reflections" 12 "$(jq '.modes.virt.hops.syscall_reflect.count' a.json)"
# 4004 (write) costs 1500 in the built-in model
assert_eq "syscall cycles" 18000 "$(jq '.modes.virt.hops.syscall.cycles' a.json)"
assert_eq "context switches" 2 "$(jq '.modes.native.hops.context_switch.count' a.json)"
# CSV: header, one row per mode and hop (+ base), cycles add up
assert_eq "csv header" "trace,vm,mode,hop,count,cycles,share,instructions,total_cycles,tlb_misses,slowdown" "$(head -n 1 a.csv)"
for m in native virt swtlb; do
	s=$(awk -F, -v m=$m '$3 == m { s += $6 } END { print s }' a.csv)
	assert_eq "csv $m cycles" "$(jq ".modes.$m.cycles" a.json)" "$s"
done
# only the modes asked for
"$VMMSIM" --trace small.zst --mode virt,native --json - -q > vn.json || fail "mode list"
assert_eq "modes" '["native","virt"]' "$(jq -c '.modes | keys' vn.json)"

# a trace carrying the OS's code: the same from a file and from a pipe;
# handler bodies come from the stream, not the model
cat > os.txt <<'T'
# word-bits: 32
mode kernel
asid 1
fetch 0x80001000 4
pte 1 0x10010000 0x1234 vd
pte 1 0x400000 0x500 vd
mode user
fetch 0x400000 4
load 0x10010000 4
trap syscall 4004 0x400004
mode kernel
fetch 0x80002000 4
priv mtc0 12.0 0x10000001
priv eret
mode user
fetch 0x400004 4
trap exception 2 0x400008
mode kernel
zero 0x99
pte 1 0x10020000 0x99 vd
priv tlbwi
priv eret
mode user
store 0x10020000 4
T
"$VMMSIM" trace convert --from text -o os.zst os.txt || fail "convert"
"$VMMSIM" --trace os.zst --json f.json -q || fail "replay file"
"$VMMSIM" --trace - --json p.json -q < os.zst || fail "replay pipe"
cmp f.json p.json || fail "file and pipe differ"
assert_eq "no modeled syscall body" 0 "$(jq '.modes.native.hops.syscall.count' f.json)"
assert_eq "syscall reflected" 1 "$(jq '.modes.virt.hops.syscall_reflect.count' f.json)"
assert_eq "traced eret after syscall" 1 "$(jq '.modes.virt.hops.syscall_rett.count' f.json)"
assert_eq "traced eret after fault" 1 "$(jq '.modes.virt.hops.exc_rett.count' f.json)"
assert_eq "traced page fault" 1 "$(jq '.modes.native.page_faults' f.json)"
# refills, page faults and zeroing are the stream's (OS in the stream):
# none derived; the hardware TLB still counts its misses
assert_eq "traced tlbwi only" 1 "$(jq '.modes.virt.hops.trap_tlbwrite.count' f.json)"
assert_eq "TLB misses counted" 3 "$(jq '.modes.virt.tlb_misses' f.json)"
for h in os_refill page_fault page_zero tlb_mod; do
	assert_eq "native $h derived" 0 "$(jq ".modes.native.hops.$h.count" f.json)"
done
for h in page_fault page_zero tlb_mod guest_refill; do
	assert_eq "virt $h derived" 0 "$(jq ".modes.virt.hops.$h.count" f.json)"
done
assert_eq "no reflected refill" 0 "$(jq '.modes.virt.hops.reflect.count + .modes.virt.hops.vmm_miss.count' f.json)"
assert_eq "native hops: the traced records' only" 2,2,1,1 \
	"$(jq -r '.modes.native.hops | [.exc_entry.count, .eret.count, .tlb_write.count, .priv_op.count] | join(",")' f.json)"
# the monitor still backs the frames the guest's entries map (and zeroes)
assert_eq "machine pages" 5 "$(jq '.modes.virt.hops.vmm_page_alloc.count' f.json)"

# the issue's six-record trace: natively no os_refill, page_fault or
# page_zero (the OS's code is in the stream); only the instruction's cycles
printf 'mode kernel\nasid 1\npte 1 0x10010000 0x1234 vd\nmode user\nfetch 0x400000 4\nload 0x10010000 4\n' > six.txt
"$VMMSIM" trace convert --from text -o six.zst six.txt
"$VMMSIM" --trace six.zst --mode native --json six.json -q
assert_eq "six: native hops" 0 "$(jq '[.modes.native.hops[].count] | add' six.json)"
assert_eq "six: native cycles" "$(jq '.modes.native.base_cycles' six.json)" "$(jq '.modes.native.cycles' six.json)"
assert_eq "six: TLB misses" 2 "$(jq '.modes.native.tlb_misses' six.json)"
assert_eq "six: page faults" 0 "$(jq '.modes.native.page_faults' six.json)"
# without 'mode kernel' the same references are charged from the model
grep -v '^mode' six.txt > user.txt
"$VMMSIM" trace convert --from text -o user.zst user.txt
"$VMMSIM" --trace user.zst --mode native --json user.json -q
assert_eq "user: refills, fault, zeroing" 2,1,1 \
	"$(jq -r '.modes.native.hops | [.os_refill.count, .page_fault.count, .page_zero.count] | join(",")' user.json)"
assert_eq "kseg misses" 2 "$(jq '.modes.virt.kseg_misses' f.json)"
assert_eq "native kseg misses" 0 "$(jq '.modes.native.kseg_misses' f.json)"

# interval rows: windows of 50 instructions, cycles add up to the totals
"$VMMSIM" --trace small.zst --mode all --interval 50 --interval-csv iv.csv -q --json c.json || fail "interval"
assert_eq "interval header" "window,instructions,native_cycles,virt_cycles,swtlb_cycles,virt_overhead,swtlb_overhead" "$(head -n 1 iv.csv)"
assert_eq "interval rows" 3 "$(($(wc -l < iv.csv) - 1))"
assert_eq "last window" "2,120" "$(tail -n 1 iv.csv | cut -d, -f1,2)"
for m in native virt swtlb; do
	col=$(head -n 1 iv.csv | tr ',' '\n' | grep -n "^${m}_cycles$" | cut -d: -f1)
	s=$(awk -F, -v c="$col" 'NR > 1 { s += $c } END { print s }' iv.csv)
	assert_eq "interval $m" "$(jq ".modes.$m.cycles" c.json)" "$s"
done

# several VMs: natively each alone, as its own single-trace run
awk 'BEGIN { print "# word-bits: 32"; for (i = 0; i < 3000; i++) printf "fetch 0x%x 4\nload 0x%x 4\n", 4194304 + (i % 64) * 64, 536870912 + (i % 300) * 4096 }' > b.txt
"$VMMSIM" trace convert --from text -o big.zst b.txt || fail "convert"
"$VMMSIM" --trace small.zst --trace big.zst --mode all --quantum 2000 --json vm.json > vm.table || fail "two VMs"
grep -q -- '-- VM 1: big.zst --' vm.table || fail "no per-VM table"
"$VMMSIM" --trace big.zst --mode native --json big.json -q || fail "big alone"
assert_eq "native VM 1 = alone" "$(jq -c '.modes.native' big.json)" "$(jq -c '.vms[1].modes.native' vm.json)"
[ "$(jq '.modes.virt.hops.machine_switch.count' vm.json)" -gt 2 ] || fail "no machine switches"
for m in native virt swtlb; do
	assert_eq "total $m" "$(jq ".modes.$m.cycles" vm.json)" "$(jq "[.vms[].modes.$m.cycles] | add" vm.json)"
	assert_eq "instructions $m" 3120 "$(jq ".modes.$m.instructions" vm.json)"
done
# the TLB flush on every switch costs misses the native runs do not have
[ "$(jq '.modes.virt.tlb_misses > .modes.native.tlb_misses' vm.json)" = true ] || fail "no flush misses"
"$VMMSIM" --trace small.zst --trace big.zst --mode all --quantum 2000 --json vm2.json -q || fail "two VMs again"
cmp vm.json vm2.json || fail "two-VM results differ between runs"

# origin200: 62 cycles per effective TLB miss natively, 92 under the
# monitor when its software TLB hits (Disco, TOCS 1997, sec. 6).  Loads
# cycle over 200 pages (100 pairs > 64 entries, LRU: every pair misses on
# every pass); the difference between 20 and 40 passes is all hits.
for passes in 20 40; do
	awk -v P=$passes 'BEGIN { for (p = 0; p < P; p++) for (i = 0; i < 200; i++) printf "load 0x%x 4\n", 268435456 + i * 4096 }' > cal.txt
	"$VMMSIM" trace convert --from text -o cal$passes.zst cal.txt || fail "convert"
	"$VMMSIM" --trace cal$passes.zst --mode all --model "$TOP/models/origin200.ini" --tlb-policy lru \
		--json cal$passes.json -q || fail "calibration replay"
done
dm=$(jq -n --slurpfile a cal20.json --slurpfile b cal40.json '$b[0].modes.native.tlb_misses - $a[0].modes.native.tlb_misses')
assert_eq "extra misses" 2000 "$dm"
for m in native:62 swtlb:92; do
	mode=${m%:*} want=${m#*:}
	got=$(jq -n --slurpfile a cal20.json --slurpfile b cal40.json \
		"(\$b[0].modes.$mode.cycles - \$a[0].modes.$mode.cycles) / $dm")
	assert_eq "origin200 $mode cycles per miss" "$want" "$got"
done
assert_eq "all swtlb hits" 2000 "$(jq -n --slurpfile a cal20.json --slurpfile b cal40.json '$b[0].modes.swtlb.swtlb_hits - $a[0].modes.swtlb.swtlb_hits')"

# model show: the effective model, which loads back
"$VMMSIM" model show > m.ini || fail "model show"
grep -q '^tlb_entries = 48$' m.ini || fail "model show: tlb_entries"
"$VMMSIM" model show m.ini --tlb-entries 32 > m2.ini || fail "model show FILE"
grep -q '^tlb_entries = 32$' m2.ini || fail "model show: override"
"$VMMSIM" model show "$TOP/models/origin200.ini" | grep -q '^os_refill = 38$' || fail "origin200"

# bad models: one line naming the file and line
sed 's/^os_refill = .*/os_refill = -3/' m.ini > neg.ini
expect_fail "$VMMSIM" --trace small.zst --model neg.ini
grep -q "neg.ini:[0-9]*: negative value '-3' for 'os_refill'" err.txt || fail "negative cost: $(cat err.txt)"
sed 's/^os_refill = .*/os_refil = 3/' m.ini > unk.ini
expect_fail "$VMMSIM" model show unk.ini
grep -q "unk.ini:[0-9]*: unknown key 'os_refil'" err.txt || fail "unknown key: $(cat err.txt)"
sed 's/^eret = .*/eret 4/' m.ini > mal.ini
expect_fail "$VMMSIM" --trace small.zst --model mal.ini
grep -q "mal.ini:[0-9]*: malformed line" err.txt || fail "malformed: $(cat err.txt)"
grep -v '^eret = ' m.ini > miss.ini
expect_fail "$VMMSIM" --trace small.zst --model miss.ini
grep -q "miss.ini: missing required key 'eret'" err.txt || fail "missing: $(cat err.txt)"
expect_fail "$VMMSIM" --trace small.zst --model nosuch.ini
grep -q "nosuch.ini: cannot open" err.txt || fail "no file: $(cat err.txt)"

# bad options
for o in "--mode bogus" "--tlb-entries 0" "--tlb-entries x" "--tlb-policy clock" \
	"--page-size 3000" "--page-size 512" "--swtlb-assoc 3 --swtlb-entries 64" \
	"--tlb-wired 48" "--quantum 0" "--interval 10" "--frobnicate" "--seed" "--tlb-entries"; do
	expect_fail "$VMMSIM" --trace small.zst $o
	[ "$(wc -l < err.txt)" = 1 ] || fail "not one line for $o: $(cat err.txt)"
	grep -q '^vmmsim: ' err.txt || fail "message for $o: $(cat err.txt)"
done
expect_fail "$VMMSIM" --mode all
grep -q "no --trace" err.txt || fail "no trace: $(cat err.txt)"
"$VMMSIM" replay --help | grep -q -- '--swtlb-assoc' || fail "--help"

# bad traces: one line naming the file, no output file left behind
head -c 100 small.zst > trunc.zst
expect_fail "$VMMSIM" --trace trunc.zst --json out.json --csv out.csv
grep -q 'trunc.zst' err.txt || fail "truncated: $(cat err.txt)"
[ ! -e out.json ] && [ ! -e out.csv ] || fail "output file left behind"
echo "not a trace" > junk.zst
expect_fail "$VMMSIM" --trace junk.zst --json out.json
grep -q 'junk.zst' err.txt || fail "junk: $(cat err.txt)"
[ ! -e out.json ] || fail "output file left behind"
expect_fail "$VMMSIM" --trace nosuch.zst
grep -q 'nosuch.zst' err.txt || fail "missing trace: $(cat err.txt)"
# command-line mistakes: one line, status 2, no output
usage_error() { # what, command...
	what=$1; shift
	rc=0; "$@" >out.txt 2>err.txt || rc=$?
	assert_eq "$what: status" 2 "$rc"
	assert_eq "$what: one line" 1 "$(wc -l < err.txt)"
}
T=$TOP/traces/ls.zst
usage_error "interval, hw modes only" "$VMMSIM" --trace "$T" --mode hw,nested --interval 1000 --interval-csv ivhw.csv
grep -q 'no interval rows' err.txt || fail "interval, hw only: $(cat err.txt)"
[ ! -e ivhw.csv ] || fail "interval CSV written for modes without rows"
"$VMMSIM" --trace "$T" --mode native,hw --interval 100000 --interval-csv iv.csv -q
[ "$(wc -l < iv.csv)" -gt 2 ] || fail "interval rows of native beside hw: $(cat iv.csv)"
usage_error "stdin twice" sh -c "\"$VMMSIM\" --trace - --trace - < \"$T\""
grep -q 'standard input given twice' err.txt || fail "stdin twice: $(cat err.txt)"
usage_error "sweep: no entries left for tlbwr" "$VMMSIM" sweep --trace "$T" --swtlb-entries 16 --tlb-entries 48,8 --tlb-wired 8
grep -q -- '--tlb-entries 8' err.txt || fail "sweep wired: $(cat err.txt)"
usage_error "model show: no entries left for tlbwr" "$VMMSIM" model show --tlb-entries 8 --tlb-wired 8
exit 0
