#!/bin/sh
# vmmsim boot --record: full-system recordings of freestanding kernels
# (guests/sys, built here) replayed by vmmsim replay.  With the TLB they
# were recorded on, the replay's report is the live boot's, field by field;
# with another TLB the recorded refills the replay's TLB does not need are
# cut and those it needs are added, checked against what an LRU TLB must do
# on guests/record/pager.c's cyclic walk (every access of a round a refill
# when the pairs do not fit, only the cold ones when they do) and against a
# live boot with that TLB.  Bad uses are one-line errors leaving no file.
. "$TOP/tests/cli/lib.sh"
command -v mipsel-linux-gnu-gcc >/dev/null || skip "mipsel-linux-gnu-gcc missing"
command -v jq >/dev/null || skip "jq missing"
# build NAME: guests/record/NAME.c or guests/sys/NAME.c, with guests/sys's runtime
build() {
	src=$TOP/guests/sys/$1.c
	[ -f "$TOP/guests/record/$1.c" ] && src=$TOP/guests/record/$1.c
	(cd "$TOP/guests/sys" && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 \
		-no-pie -O2 -march=mips32r2 -Wall -Werror -I. -T sys.ld -o "$T/$1" start.S rt.c "$src" -lgcc) ||
		fail "cannot build $src"
}
# the report of a live boot and of its replay, without what only one has
same_report() {
	jq -S '.modes.native | del(.marks)' "$1" >a.json
	jq -S '.modes.native | del(.replay)' "$2" >b.json
	cmp -s a.json b.json || fail "$3: the replay's report differs from the live boot's: $(diff a.json b.json | head -20)"
}

# exact: every kind of kernel (pager: user mode, tlbwr refills, syscalls,
# timer, idle; tlb: nested, invalid and modified TLB exceptions, kseg2;
# hashk: kernel-mode timer, tlbwi refills; exc: the other exceptions)
for g in pager tlb hashk exc; do
	build $g
	"$VMMSIM" boot --mode native $g --record $g.zst --json $g.live.json -q >$g.out 2>$g.err ||
		fail "$g: boot --record: $(cat $g.err)"
	grep -q '^done' $g.out || fail "$g: the kernel did not finish: $(cat $g.out)"
	"$VMMSIM" replay --trace $g.zst --json $g.rep.json -q 2>$g.err || fail "$g: replay: $(cat $g.err)"
	assert_eq "$g: exact" true "$(jq .modes.native.replay.exact $g.rep.json)"
	same_report $g.live.json $g.rep.json $g
	jq -e '.modes.native | .cycles == .base_cycles + ([.hops[].cycles] | add)' $g.rep.json >/dev/null ||
		fail "$g: hops + base != cycles"
	# fetches in runs (the default) or one record each: the same report,
	# byte for byte, with the recorded TLB and with others (refills cut
	# and added, LRU stamps, references the shadow does not know)
	"$VMMSIM" replay --trace $g.zst --record-by-record --json $g.rbr.json -q
	cmp -s $g.rep.json $g.rbr.json || fail "$g: runs change the replay: $(diff $g.rep.json $g.rbr.json | head -5)"
	# the recording (format 2.0) rewritten as 1.1 replays the same
	mkdir -p v2
	"$VMMSIM" trace cat $g.zst | "$VMMSIM" trace convert --from text --format 1.1 -o v2/$g.zst - ||
		fail "$g: rewriting as 1.1 failed"
	"$VMMSIM" trace info v2/$g.zst > $g.v2.info
	grep -q 'vmmsim trace 1.1' $g.v2.info || fail "$g: not rewritten as 1.1"
	(cd v2 && "$VMMSIM" replay --trace $g.zst --json ../$g.v2.json -q)
	cmp -s $g.rep.json $g.v2.json || fail "$g: 1.1 replays otherwise: $(diff $g.rep.json $g.v2.json | head -5)"
	for t in "4 lru" "16 lru" "8 random" "64 fifo"; do
		set -- $t
		"$VMMSIM" replay --trace $g.zst --tlb-entries $1 --tlb-policy $2 --json $g.$1$2.json -q
		"$VMMSIM" replay --trace $g.zst --tlb-entries $1 --tlb-policy $2 --record-by-record \
			--json $g.$1$2.rbr.json -q
		cmp -s $g.$1$2.json $g.$1$2.rbr.json ||
			fail "$g, $1 $2: runs change the replay: $(diff $g.$1$2.json $g.$1$2.rbr.json | head -5)"
	done
done
# --seed: 1 is the default; another seed picks other tlbwr victims (other
# refills, the same console), and its recording replays exactly too
"$VMMSIM" boot --mode native pager --seed 1 --json seed1.json -q >seed1.out
same_report pager.live.json seed1.json "--seed 1 is not the default:"
"$VMMSIM" boot --mode native pager --seed 7 --record seed7.zst --json seed7.json -q >seed7.out
cmp -s pager.out seed7.out || fail "--seed 7: the console differs"
[ "$(jq .modes.native.cycles seed7.json)" != "$(jq .modes.native.cycles pager.live.json)" ] ||
	fail "--seed 7 changed nothing"
"$VMMSIM" replay --trace seed7.zst --json seed7.rep.json -q
same_report seed7.json seed7.rep.json "--seed 7"
expect_fail "$VMMSIM" boot --mode native pager --seed 0
# the same boot, the same recording, byte for byte (the writer thread keeps
# the order and the batches)
"$VMMSIM" boot --mode native pager --record again.zst -q >/dev/null
cmp -s pager.zst again.zst || fail "two recordings of the same boot differ"
# the instructions of the recording are the boot's, and the text form round-trips
"$VMMSIM" trace info pager.zst >info.txt
grep -q 'vmmsim trace 2.0' info.txt || fail "not a 2.0 trace: $(cat info.txt)"
assert_eq "fetch records = instructions" "$(jq .modes.native.instructions pager.live.json)" \
	"$(awk '$1 == "fetch" { print $2 }' info.txt)"
"$VMMSIM" trace cat pager.zst >pager.txt
grep -q '^exc TLBL 0x0 ' pager.txt || fail "no refill exception in trace cat"
grep -q '^tlbw tlbwr ' pager.txt || fail "no tlbwr in trace cat"
grep -q '^idle ' pager.txt || fail "no idle in trace cat"
"$VMMSIM" trace convert --from text -o back.zst pager.txt
"$VMMSIM" replay --trace back.zst --json back.json -q
same_report pager.live.json back.json "text round trip"

# another TLB, LRU: the walk touches 48 pairs, 6 rounds, one entry is wired
r() { jq ".modes.native.$1" "$2"; }
"$VMMSIM" replay --trace pager.zst --tlb-entries 64 --tlb-policy lru --json lru64.json -q
assert_eq "LRU, 64 entries: only the cold refills" 48 "$(r tlb_refills lru64.json)"
assert_eq "LRU, 64: recorded refills cut" 232 "$(r replay.refills_cut lru64.json)"
assert_eq "LRU, 64: refills added" 0 "$(r replay.refills_added lru64.json)"
assert_eq "LRU, 64: recorded refills" "$(r tlb_refills pager.live.json)" "$(r replay.recorded_refills lru64.json)"
"$VMMSIM" replay --trace pager.zst --tlb-entries 48 --tlb-policy lru --json lru48.json -q
assert_eq "LRU, 48 entries (47 free): every access of every round" 288 "$(r tlb_refills lru48.json)"
jq -e '.modes.native | .cycles == .base_cycles + ([.hops[].cycles] | add)' lru48.json >/dev/null ||
	fail "LRU 48: hops + base != cycles"
# the added refills cost the measured mean handler
jq -e '.modes.native | .replay.refills_added > 0 and .hops.os_refill.count == .tlb_refills' lru48.json >/dev/null ||
	fail "LRU 48: added refills not charged as refills"
# random (the hardware's policy) against a live boot with 64 entries
"$VMMSIM" boot --mode native pager --tlb-entries 64 --json live64.json -q >/dev/null
"$VMMSIM" replay --trace pager.zst --tlb-entries 64 --json rep64.json -q
assert_eq "64 entries: not exact" false "$(r replay.exact rep64.json)"
jq -n --slurpfile a live64.json --slurpfile b rep64.json '
	($a[0].modes.native) as $l | ($b[0].modes.native) as $p |
	($p.cycles - $l.cycles | fabs) <= $l.cycles * 0.01 and
	($p.tlb_refills - $l.tlb_refills | fabs) <= $l.tlb_refills * 0.35 and
	$p.tlb_refills < 280' -e >/dev/null ||
	fail "64 entries: replay $(r cycles rep64.json) cycles / $(r tlb_refills rep64.json) refills, live $(r cycles live64.json) / $(r tlb_refills live64.json)"
# the same seed, the same result
"$VMMSIM" replay --trace pager.zst --tlb-entries 64 --json rep64b.json -q
cmp -s rep64.json rep64b.json || fail "a replay is not deterministic"

# a run stopped by --max-insns is recorded up to there
rc=0
"$VMMSIM" boot --mode native pager --max-insns 200000 --record part.zst --json part.live.json -q >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "--max-insns: exit 0"
"$VMMSIM" replay --trace part.zst --json part.rep.json -q
same_report part.live.json part.rep.json "--max-insns"
assert_eq "--max-insns: instructions" 200000 "$(r instructions part.rep.json)"

# bad uses and bad recordings
expect_fail "$VMMSIM" boot --mode virt pager --record v.zst
assert_eq "--record with virt: one line" 1 "$(wc -l <err.txt)"
[ ! -e v.zst ] || fail "--record with virt left a file"
expect_fail "$VMMSIM" boot --mode native pager --record "$T/no/such/dir/x.zst"
assert_eq "unwritable recording: one line" 1 "$(wc -l <err.txt)"
expect_fail "$VMMSIM" replay --trace pager.zst --mode virt
assert_eq "--mode virt on a recording: one line" 1 "$(wc -l <err.txt)"
grep -q 'pager.zst' err.txt || fail "the error does not name the recording: $(cat err.txt)"
expect_fail "$VMMSIM" replay --trace - <pager.zst
grep -q 'full-system recording' err.txt || fail "a recording through a pipe: $(cat err.txt)"
expect_fail "$VMMSIM" replay --trace pager.zst --trace pager.zst
grep -q 'full-system recording' err.txt || fail "a recording as one of several VMs: $(cat err.txt)"
expect_fail "$VMMSIM" replay --trace pager.zst --interval 100000 --interval-csv iv.csv
grep -q 'full-system recording.*without --interval' err.txt || fail "--interval on a recording: $(cat err.txt)"
[ ! -e iv.csv ] || fail "--interval on a recording left a file"
expect_fail "$VMMSIM" sweep --trace pager.zst --swtlb-entries 4,8
grep -q 'full-system recording' err.txt || fail "sweep of a recording: $(cat err.txt)"
# a fetch that is not 4 bytes: one line naming the record, in runs or not
# (the first user instruction: alone in its run; the second: inside one)
"$VMMSIM" trace cat pager.zst >bad.txt
n=$(awk '$1 == "fetch" && $2 ~ /^0x4/ { print NR; exit }' bad.txt)
for i in 0 1; do
	awk -v n=$((n + i)) 'NR == n { $3 = 2 } { print }' bad.txt >bad2.txt
	"$VMMSIM" trace convert --from text -o bad.zst bad2.txt
	for o in "" --record-by-record; do
		expect_fail "$VMMSIM" replay --trace bad.zst $o --json bad.json
		assert_eq "a 2-byte fetch ($i $o): one line" 1 "$(wc -l <err.txt)"
		grep -q "bad.zst: record [0-9]*: .* bytes.*4 bytes each" err.txt ||
			fail "a 2-byte fetch ($i $o): $(cat err.txt)"
		[ ! -e bad.json ] || fail "a 2-byte fetch ($i $o) left a JSON file"
	done
done
head -c 2000 pager.zst >trunc.zst
expect_fail "$VMMSIM" replay --trace trunc.zst --json trunc.json
[ ! -e trunc.json ] || fail "a truncated recording left a JSON file"
grep -q 'trunc.zst' err.txt || fail "the error does not name the file: $(cat err.txt)"

# `wait` with interrupts disabled halts the machine (it used to spin forever)
build waitoff
rc=0
timeout -k 10 60 "$VMMSIM" boot --mode native waitoff --json w.json -q >w.out 2>w.err || rc=$?
assert_eq "waitoff: exit status" 0 "$rc"
assert_eq "waitoff: ended" '"halt"' "$(jq .end w.json)"
grep -q '^woke' w.out && fail "waitoff: the wait ended"
# ... and beneath the monitor, beside another VM, which runs to its end
for m in virt swtlb; do
	rc=0
	mkdir -p "cd-$m"
	timeout -k 10 60 "$VMMSIM" boot --mode $m --vm waitoff --vm pager --console-dir "cd-$m" -q || rc=$?
	assert_eq "waitoff beside pager ($m): exit status" 0 "$rc"
	grep -q '^done' "cd-$m/console-2.txt" || fail "waitoff beside pager ($m): pager did not finish"
done
exit 0
