# The hardware-walked modes and pv at the command line: mode names, option
# ranges, model checks and refusals give one line and a non-zero exit; the
# [hw] section of a model loads back from `model show`; --mode every is
# every mode, from one decode.
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
one_line "two VMs" "$VMMSIM" --trace "$T" --trace "$T" --mode shadow
grep -q "one trace" err.txt || fail "two VMs: $(cat err.txt)"
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
expect_fail "$VMMSIM" --trace "$T" --trace "$T" --mode nested --json out.json
[ ! -e out.json ] || fail "out.json written on a refusal"
echo ok
