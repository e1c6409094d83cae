#!/bin/sh
# The replay of a full-system recording takes --tlb-entries, --tlb-policy,
# --seed and --model (README "Full-system recordings"); every other replay
# option would be silently ignored (the recording fixes the page size,
# pairs and Wired; there is no monitor nor page-table walker), so each is a
# one-line error (exit 2) leaving no output.  A crafted recording whose idle
# records add up beyond what a count holds is refused naming the record
# (its idle cycles wrapped and printed as -1).
. "$TOP/tests/cli/lib.sh"
command -v mipsel-linux-gnu-gcc >/dev/null || skip "mipsel-linux-gnu-gcc missing"
(cd "$TOP/guests/sys" && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 \
	-no-pie -O2 -march=mips32r2 -Wall -Werror -I. -T sys.ld -o "$T/k" start.S rt.c hashk.c -lgcc) ||
	fail "cannot build guests/sys/hashk.c"
"$VMMSIM" boot --mode native k --record k.zst -q >/dev/null || fail "boot --record"
# the options that apply
"$VMMSIM" replay --trace k.zst --tlb-entries 8 --tlb-policy lru --seed 3 --json ok.json -q ||
	fail "--tlb-entries --tlb-policy --seed"
"$VMMSIM" model show > m.ini
"$VMMSIM" replay --trace k.zst --model m.ini --record-by-record -q || fail "--model --record-by-record"
# and those that do not
for o in "--tlb-wired 3" --no-pairs --pairs "--page-size 8192" "--swtlb-entries 8" "--swtlb-assoc 2" \
	"--quantum 1000" --kseg-mapped --no-tlb-mod "--pt-levels 3" "--pwc-entries 4" "--hw-tlb-entries 8" \
	"--nested-tlb-entries 4" "--pv-batch 2" --separate-tlbs; do
	rm -f j.json
	rc=0
	"$VMMSIM" replay --trace k.zst $o --json j.json >out.txt 2>err.txt || rc=$?
	assert_eq "$o: exit status" 2 "$rc"
	assert_eq "$o: one line" 1 "$(wc -l < err.txt)"
	grep -q '^vmmsim: k.zst: a full-system recording replays with --tlb-entries, --tlb-policy, --seed and --model only, not ' err.txt ||
		fail "$o: $(cat err.txt)"
	[ ! -e j.json ] || fail "$o: left a JSON file"
done

# idle cycles beyond 2^62 in all: refused at the record that crosses the bound
"$VMMSIM" trace cat k.zst > k.txt
n=$(grep -c . k.txt)
awk 'NR <= 8' k.txt > idle.txt
echo "idle 4611686018427387904" >> idle.txt # 2^62: accepted
sed -n '9,$p' k.txt >> idle.txt
"$VMMSIM" trace convert --from text -o idle.zst idle.txt
"$VMMSIM" replay --trace idle.zst --json idle.json -q || fail "2^62 idle cycles refused"
# the recording's own idle cycles and the 2^62: positive, and their sum
own=$(jq .modes.native.idle_cycles ok.json)
got=$(jq .modes.native.idle_cycles idle.json)
[ "$own" -ge 0 ] || fail "idle cycles of the recording: $own"
case $got in -*) fail "idle cycles printed negative: $got" ;; esac
awk 'NR <= 8' k.txt > idle2.txt
echo "idle 18446744073709551615" >> idle2.txt # wrapped the count to 0 - 1
sed -n '9,$p' k.txt >> idle2.txt
"$VMMSIM" trace convert --from text -o idle2.zst idle2.txt
for o in "" --record-by-record; do
	rm -f j.json
	rc=0
	"$VMMSIM" replay --trace idle2.zst $o --json j.json >out.txt 2>err.txt || rc=$?
	assert_eq "idle 2^64-1 $o: exit status" 1 "$rc"
	assert_eq "idle 2^64-1 $o: one line" 1 "$(wc -l < err.txt)"
	grep -q '^vmmsim: idle2.zst: record 3: an idle of 18446744073709551615 cycles' err.txt ||
		fail "idle 2^64-1 $o: $(cat err.txt)"
	[ ! -e j.json ] || fail "idle 2^64-1 $o: left a JSON file"
done
[ "$n" -gt 9 ] || fail "the recording is too short: $n lines"
exit 0
