# The hardware-walked modes and pv at the command line: mode names, option
# ranges, model checks and refusals give one line and a non-zero exit; the
# [hw] section of a model loads back from `model show`; --mode every is
# every mode, from one decode; several traces are several VMs in every mode.
. "$TOP/tests/cli/lib.sh"
set -e
command -v jq >/dev/null || skip "jq not installed"
T=$TOP/traces/ls.zst

"$VMMSIM" --trace "$T" --mode every --json e.json -q
assert_eq "every: seven modes" "hw native nested pv shadow swtlb virt" "$(jq -r '.modes | keys | join(" ")' e.json)"
"$VMMSIM" --trace "$T" --mode native,virt,swtlb,pv,hw,shadow,nested --json l.json -q
cmp e.json l.json || fail "every differs from the list of all modes"
"$VMMSIM" --trace "$T" --mode all --json a.json -q
assert_eq "all keeps its meaning" "native swtlb virt" "$(jq -r '.modes | keys | join(" ")' a.json)"
# each mode alone gives what it gives among the others
for m in hw shadow nested pv; do
	"$VMMSIM" --trace "$T" --mode $m --json one.json -q
	assert_eq "$m alone" "$(jq -c ".modes.$m | del(.slowdown)" e.json)" "$(jq -c ".modes.$m | del(.slowdown)" one.json)"
done

one_line() { # what, command...: fails with exactly one line on stderr
	what=$1; shift
	expect_fail "$@"
	assert_eq "$what: one line" 1 "$(wc -l < err.txt)"
	grep -q '^vmmsim: ' err.txt || fail "$what: $(cat err.txt)"
}
one_line "unknown mode" "$VMMSIM" --trace "$T" --mode hw,turbo
one_line "levels 0" "$VMMSIM" --trace "$T" --mode hw --pt-levels 0
one_line "levels 7" "$VMMSIM" --trace "$T" --mode hw --pt-levels 7
one_line "PWC too large" "$VMMSIM" --trace "$T" --mode hw --pwc-entries 5000
one_line "assoc not dividing" "$VMMSIM" --trace "$T" --mode hw --hw-tlb-assoc 3
one_line "batch 0" "$VMMSIM" --trace "$T" --mode pv --pv-batch 0
one_line "quantum 0, several VMs" "$VMMSIM" --trace "$T" --trace "$T" --mode shadow --quantum 0
# model files: the [hw] keys are required and checked, naming file and line
sed 's/^pt_levels = .*/pt_levels = 9/' "$TOP/models/r4000.ini" > bad.ini
one_line "pt_levels 9" "$VMMSIM" --trace "$T" --mode hw --model bad.ini
grep -q "bad.ini" err.txt || fail "no file name: $(cat err.txt)"
grep -v '^nested_tlb_entries' "$TOP/models/r4000.ini" > missing.ini
one_line "missing key" "$VMMSIM" --trace "$T" --model missing.ini
grep -q "nested_tlb_entries" err.txt || fail "missing key not named: $(cat err.txt)"
# model show round trip, for every model file, with the new options applied
for m in "$TOP"/models/*.ini; do
	"$VMMSIM" model show "$m" --pt-levels 3 --pwc-entries 8 --pv-batch 4 > show.ini
	grep -q '^\[hw\]' show.ini || fail "$m: no [hw] section"
	grep -q '^pt_levels = 3$' show.ini || fail "$m: --pt-levels not applied"
	"$VMMSIM" model show show.ini > again.ini
	tail -n +2 show.ini > a.txt
	tail -n +2 again.ini > b.txt
	cmp -s a.txt b.txt || fail "$m: model show does not load back to the same model"
done
# no half-written output on a refusal
expect_fail "$VMMSIM" --trace "$T" --trace "$T" --mode nested --pt-levels 0 --json out.json
[ ! -e out.json ] || fail "out.json written on a refusal"

# Several VMs: hw runs each alone (as natively); shadow and nested run them
# in turns of --quantum cycles, a machine switch (vm_exit, machine_switch,
# vm_entry) at each.
T2=$TOP/traces/sort.zst
"$VMMSIM" --trace "$T2" --mode every --json b.json -q
"$VMMSIM" --trace "$T" --trace "$T2" --mode every --json two.json -q
assert_eq "VM 0's hw is its own" "$(jq -c .modes.hw e.json)" "$(jq -c .vms[0].modes.hw two.json)"
assert_eq "VM 1's hw is its own" "$(jq -c .modes.hw b.json)" "$(jq -c .vms[1].modes.hw two.json)"
for m in shadow nested; do
	for v in 0 1; do
		f=$([ $v = 0 ] && echo e.json || echo b.json)
		for k in instructions references page_faults; do
			assert_eq "$m VM $v $k" "$(jq .modes.$m.$k $f)" "$(jq .vms[$v].modes.$m.$k two.json)"
		done
	done
	for k in cycles walks walk_refs tlb_misses; do
		assert_eq "$m: all VMs' $k" "$(jq "[.vms[].modes.$m.$k] | add" two.json)" "$(jq .modes.$m.$k two.json)"
	done
	n=$(jq ".vms[1].modes.$m.hops.machine_switch.count" two.json)
	[ "$n" -ge 2 ] || fail "$m: $n machine switches into VM 1"
done
# shadow's other exits are the stream's (faults, PTE writes, hidden faults):
# VM 1 exits as often as alone plus once per switch into it
x1=$(jq .vms[1].modes.shadow.hops.vm_exit.count two.json)
x0=$(jq .modes.shadow.hops.vm_exit.count b.json)
n=$(jq .vms[1].modes.shadow.hops.machine_switch.count two.json)
assert_eq "shadow: an exit per switch" $((x0 + n)) "$x1"
# a quantum longer than both: VM 0 runs to its end first, exactly as alone
"$VMMSIM" --trace "$T" --trace "$T2" --mode shadow,nested --quantum 1000000000000 --json long.json -q
for m in shadow nested; do
	assert_eq "$m: VM 0 alone" "$(jq -c ".modes.$m | del(.slowdown)" e.json)" "$(jq -c ".vms[0].modes.$m | del(.slowdown)" long.json)"
	assert_eq "$m: one switch" 1 "$(jq ".vms[1].modes.$m.hops.machine_switch.count" long.json)"
done
# the table names every VM and the total
"$VMMSIM" --trace "$T" --trace "$T2" --mode nested > two.txt
grep -q -- "-- VM 1: .*sort.zst --" two.txt || fail "no VM 1 in the table"
grep -q -- "-- all VMs --" two.txt || fail "no total in the table"
echo ok
