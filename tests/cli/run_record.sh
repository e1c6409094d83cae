#!/bin/sh
# Recording then replaying gives exactly the ledger of the live run, for a
# single process and for a fork/pipe/exec workload; the trace holds the
# OS's own records (system calls, address-space switches, page touches).
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
G=$TOP/build/guests
BB=$TOP/build/cache/busybox-mipsel/bin/busybox
same_ledger() { # name, command args after "run"...: the guest must exit 0
	name=$1; shift
	rc=0
	"$VMMSIM" run -q --mode all --record t.zst --json live.json "$@" >live.out 2>live.err || rc=$?
	[ $rc = 0 ] || { cat live.err; fail "$name: live run exited $rc"; }
	assert_eq "$name: exit_status" 0 "$(jq .exit_status live.json)"
	"$VMMSIM" replay --trace t.zst --mode all --json replay.json >/dev/null 2>replay.err ||
		{ cat replay.err; fail "$name: replay failed"; }
	jq -S 'del(.instructions, .exit_status, .processes, .syscalls)' live.json > a.json
	jq -S . replay.json > b.json
	diff -u a.json b.json >/dev/null || { diff -u a.json b.json | head -20; fail "$name: replayed ledger differs from the live one"; }
	live_i=$(jq .instructions live.json)
	rep_i=$(jq '.modes.native.instructions' replay.json)
	assert_eq "$name: instructions" "$live_i" "$rep_i"
}
same_ledger single -- "$G/el/qsort_bsearch"
assert_eq "json exit_status" 0 "$(jq .exit_status live.json)"
assert_eq "json processes" 1 "$(jq .processes live.json)"
# the trace's own account agrees with the live run's
"$VMMSIM" trace info t.zst > info.txt
assert_eq "info: instructions" "$(jq .instructions live.json)" "$(awk '$1 == "instructions:" { print $2 }' info.txt)"
assert_eq "info: system calls" "$(jq .syscalls live.json)" "$(awk '$1 == "syscall" { print $2 }' info.txt)"
same_ledger forks -- "$G/el/fork_wait"
[ "$(jq .processes live.json)" -ge 6 ] || fail "forks: process count"
# runs are deterministic: the same fork/pipe run records the same bytes
cp t.zst first.zst
"$VMMSIM" run -q --record t.zst -- "$G/el/fork_wait" >live2.out
cmp -s first.zst t.zst || fail "two runs of fork_wait recorded different traces"
# the trace holds the OS's own records: a trap per system call, an ASID
# switch per process switch, unmaps of the pages processes give up
"$VMMSIM" trace cat t.zst > cat.txt
awk '$1 !~ /^#/ { n[$1]++ } END { for (k in n) print k, n[k] }' cat.txt | sort > kinds.txt
kind() { awk -v k="$1" '$1 == k { print $2 }' kinds.txt; }
assert_eq "kinds: fetch = instructions" "$(jq .instructions live.json)" "$(kind fetch)"
[ "$(kind trap)" -ge "$(jq .syscalls live.json)" ] || fail "kinds: $(kind trap) traps for $(jq .syscalls live.json) system calls"
[ "$(kind asid)" -ge "$(jq .processes live.json)" ] || fail "kinds: $(kind asid) ASID records for $(jq .processes live.json) processes"
[ "$(kind unmap)" -gt 0 ] || fail "kinds: no unmap records"
if [ -x "$BB" ]; then
	same_ledger busybox --fs-rw -- "$BB" sh -c 'seq 1 200 | sort -r | head -3; echo x | gzip | gunzip'
fi
# --mode none with --record: the same trace as with models
"$VMMSIM" run -q --record a.zst -- "$G/el/strings" >/dev/null
"$VMMSIM" run -q --mode all --record b.zst -- "$G/el/strings" >/dev/null
"$VMMSIM" trace cat a.zst > a.txt
"$VMMSIM" trace cat b.zst > b.txt
[ "$(grep -vc '^#' a.txt)" -gt 1000 ] || fail "strings: too short a trace"
cmp -s a.txt b.txt || fail "the recorded stream depends on --mode"
echo ok
