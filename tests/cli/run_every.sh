#!/bin/sh
# vmmsim run --mode every: a live run of a fork/wait guest feeds all seven
# machines, and replaying its recording gives exactly the same ledgers; the
# fork's address spaces reach the shadow pager (page-table base traps) and
# each process's pages its PTE traps.
. "$TOP/tests/cli/lib.sh"
set -e
command -v jq >/dev/null || skip "jq not installed"
rc=0
sh "$TOP/tests/guests/build.sh" || rc=$?
[ $rc = 77 ] && skip "cross compilers missing"
[ $rc = 0 ] || fail "guest build failed"
G=$TOP/build/guests/el/fork_wait
"$VMMSIM" run -q --mode every --record t.zst --json live.json -- "$G" > live.out
assert_eq "exit status" 0 "$(jq .exit_status live.json)"
"$VMMSIM" --trace t.zst --mode every --json replay.json -q
assert_eq "live = replay, every mode" "$(jq -cS .modes live.json)" "$(jq -cS .modes replay.json)"
assert_eq "seven modes" 7 "$(jq '.modes | length' live.json)"
[ "$(jq .modes.shadow.hops.shadow_ptbase.count live.json)" -gt 0 ] || fail "no page-table base trap"
# page faults = the modeled demand faults (a PTE write each) + the traced
# TLBL/TLBS exceptions (the guest's own faults, no PTE write)
"$VMMSIM" trace cat t.zst > t.txt
traced=$(grep -cE '^trap exception (2|3)( |$)' t.txt || true)
unmaps=$(grep -c '^unmap ' t.txt || true)
ptes=$(grep -c '^pte ' t.txt || true)
assert_eq "PTE traps = modeled faults + unmaps + PTE records" \
	"$(( $(jq .modes.hw.page_faults live.json) - traced + unmaps + ptes ))" \
	"$(jq .modes.shadow.hops.shadow_pte_trap.count live.json)"
echo ok
