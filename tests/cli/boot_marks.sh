#!/bin/sh
# Marks: console lines "vmmsim-mark NAME" at which vmmsim boot samples its
# ledger (modes.M.marks in --json), and --csv's rows for the spans between
# "begin NAME" and "end NAME", on a freestanding kernel
# (guests/workloads/marks.c, built here) under native, virt and --mode all:
#   - exactly the marks of the kernel, in order (a prefix not at a line's
#     start, a name over 63 bytes and an empty name are not marks);
#   - a span's instructions grow with the loop between its marks: the long
#     loop (100000 iterations) minus the short (1000) is 99000 iterations of
#     the same few (at least 3) instructions, so the difference is a multiple
#     of 99000, give or take the printing of "\r" (up to 100 instructions);
#   - in the CSV, base + hops = cycles for the whole run and every span,
#     native's slowdown 1, virt's >= 1;
#   - --csv with --mode none (no ledger) and with --vm: errors.
. "$TOP/tests/cli/lib.sh"
command -v mipsel-linux-gnu-gcc >/dev/null || skip "mipsel-linux-gnu-gcc missing"
command -v jq >/dev/null || skip "jq missing"
(cd "$TOP/guests/sys" && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 \
	-no-pie -O2 -march=mips32r2 -Wall -Werror -I. -T sys.ld -o "$T/marks" start.S rt.c ../workloads/marks.c -lgcc) ||
	fail "cannot build guests/workloads/marks.c"

"$VMMSIM" boot --mode all marks --json all.json --csv all.csv --console-dir . -q >all.out 2>all.err ||
	fail "--mode all: $(cat all.err)"
grep -q '^done' all.out || fail "the kernel did not finish: $(cat all.out)"
for m in native virt swtlb; do
	cmp -s all.out console-$m.txt || fail "console-$m.txt is not the console"
	assert_eq "$m: marks" '["begin short","end short","begin long","end long"]' \
		"$(jq -c --arg m $m '[.modes[$m].marks[].name]' all.json)"
	# the samples grow, and the last is no later than the run's end
	jq -e --arg m $m '.modes[$m] as $r | [$r.marks[].instructions] as $i |
		($i | . == sort) and $i[3] <= $r.instructions and
		([$r.marks[] | .cycles == .base_cycles + ([.hops[].cycles] | add)] | all)' all.json >/dev/null ||
		fail "$m: the samples"
	s=$(jq --arg m $m '.modes[$m].marks | (.[1].instructions - .[0].instructions)' all.json)
	l=$(jq --arg m $m '.modes[$m].marks | (.[3].instructions - .[2].instructions)' all.json)
	[ $(( (l - s) % 99000 )) -le 100 ] && [ $((l - s)) -ge 297000 ] || fail "$m: spans of $s and $l instructions"
done
# the CSV: the whole run under the kernel's name, then each span
assert_eq "groups" "marks short long" "$(awk -F, 'NR > 1 && !s[$1]++ { printf "%s%s", sep, $1; sep = " " }' all.csv)"
awk -F, 'NR > 1 { k = $1 "," $3; sum[k] += $6; tot[k] = $9; if ($3 == "native" && $11 != 1) bad = 1; if ($3 == "virt" && $11 < 1) bad = 1 }
	END { for (k in sum) if (sum[k] != tot[k]) bad = 1; exit bad }' all.csv || fail "the CSV's sums or slowdowns"
l=$(jq '.modes.native.marks | (.[3].instructions - .[2].instructions)' all.json)
assert_eq "long span's base+hops row count" "$l" "$(awk -F, '$1 == "long" && $3 == "native" && $4 == "base" { print $8 }' all.csv)"
# one mode alone writes the same rows for it
"$VMMSIM" boot --mode virt marks --csv virt.csv -q >/dev/null 2>&1 || fail "--mode virt --csv"
assert_eq "virt alone" "$(grep ',virt,' all.csv | cut -d, -f1-10)" "$(sed 1d virt.csv | cut -d, -f1-10)"
if command -v gnuplot >/dev/null; then
	"$VMMSIM" plot breakdown all.csv -o b.png || fail "plot breakdown does not take the boot's CSV"
	[ -s b.png ] || fail "no plot"
fi
# recorded (--mode native --record): the replay of the recording samples the
# same marks, each as the live boot did, and writes the same CSV but for the
# whole run's name (the recording's, not the kernel's); in runs of fetches or
# record by record; with another TLB, the same marks, in order
"$VMMSIM" boot --mode native marks --record m.zst --json m.live.json --csv m.live.csv -q >m.out ||
	fail "--record: $(cat m.out)"
"$VMMSIM" trace cat m.zst >m.txt
assert_eq "recorded marks" 'mark begin "short",mark end "short",mark begin "long",mark end "long"' \
	"$(grep '^mark ' m.txt | paste -sd,)"
for o in "" --record-by-record; do
	"$VMMSIM" replay --trace m.zst $o --json m.rep.json --csv m.rep.csv -q || fail "replay $o"
	assert_eq "replay $o: the live boot's marks" "$(jq -cS '.modes.native.marks' m.live.json)" \
		"$(jq -cS '[.modes.native.marks[] | del(.replay)]' m.rep.json)"
	assert_eq "replay $o: the live boot's CSV" "$(sed 1d m.live.csv | cut -d, -f2-)" \
		"$(sed 1d m.rep.csv | cut -d, -f2-)"
	assert_eq "replay $o: the CSV's groups" "m.zst short long" \
		"$(awk -F, 'NR > 1 && !s[$1]++ { printf "%s%s", sep, $1; sep = " " }' m.rep.csv)"
done
"$VMMSIM" replay --trace m.zst --tlb-entries 4 --tlb-policy lru --json m4.json -q || fail "replay, 4 entries"
jq -e '.modes.native | [.marks[].name] == ["begin short","end short","begin long","end long"] and
	([.marks[].instructions] | . == sort) and .marks[3].instructions <= .instructions' m4.json >/dev/null ||
	fail "replay, 4 entries: the marks"
# a name is any bytes but CR and LF: one that is not UTF-8 is named in
# JSON with its bytes above 0x7f as \xNN (as trace cat writes it; it was
# null live, and its recording's replay failed with "out of memory"), the
# live boot's and the replay's alike; the CSV has a group for each span
(cd "$TOP/guests/sys" && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 \
	-no-pie -O2 -march=mips32r2 -Wall -Werror -I. -T sys.ld -o "$T/bytemarks" start.S rt.c ../workloads/bytemarks.c -lgcc) ||
	fail "cannot build guests/workloads/bytemarks.c"
"$VMMSIM" boot --mode native bytemarks --record bm.zst --json bm.json --csv bm.csv -q >bm.out 2>bm.err ||
	fail "bytemarks: $(cat bm.err)"
assert_eq "bytemarks: names" '["begin \\xff\\xfe","end \\xff\\xfe","begin a,\"b\"","end a,\"b\"","begin tab\there","end tab\there","begin  ","end  "]' \
	"$(jq -c '[.modes.native.marks[].name]' bm.json)"
assert_eq "bytemarks: CSV groups" 'bytemarks|\xff\xfe|"a,""b"""|tab	here| ' \
	"$(sed 1d bm.csv | awk '{ sub(/,all,.*/, ""); if (!s[$0]++) printf "%s%s", sep, $0; sep = "|" }')"
"$VMMSIM" replay --trace bm.zst --json bm.rep.json --csv bm.rep.csv -q 2>bm.err || fail "bytemarks: replay: $(cat bm.err)"
assert_eq "bytemarks: the replay's marks" "$(jq -cS '.modes.native.marks' bm.json)" \
	"$(jq -cS '[.modes.native.marks[] | del(.replay)]' bm.rep.json)"
assert_eq "bytemarks: the replay's CSV" "$(sed 1,14d bm.csv)" "$(sed 1,14d bm.rep.csv)"

# more marks than a boot samples (10000, each a report kept to the end):
# the rest are neither sampled nor recorded, and said so in one line; the
# run ends as usual, and its recording replays with the 10000
(cd "$TOP/guests/sys" && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 \
	-no-pie -O2 -march=mips32r2 -Wall -Werror -I. -T sys.ld -o "$T/manymarks" start.S rt.c ../workloads/manymarks.c -lgcc) ||
	fail "cannot build guests/workloads/manymarks.c"
"$VMMSIM" boot --mode native manymarks --record many.zst --json many.json -q >many.out 2>many.err ||
	fail "manymarks: $(cat many.err)"
assert_eq "manymarks: the message" "vmmsim: boot: 5 marks after the first 10000 were not sampled" "$(cat many.err)"
assert_eq "manymarks: samples" 10000 "$(jq '.modes.native.marks | length' many.json)"
"$VMMSIM" replay --trace many.zst --json many.rep.json -q || fail "manymarks: replay"
assert_eq "manymarks: the replay's samples" 10000 "$(jq '.modes.native.marks | length' many.rep.json)"
# a recording with more marks than a replay samples: one line, no file
awk '{ print } /^mark end "short"/ { for (i = 0; i <= 10000; i++) print "mark begin \"x\"" }' m.txt >mm.txt
"$VMMSIM" trace convert --from text -o mm.zst mm.txt
expect_fail "$VMMSIM" replay --trace mm.zst --json mm.json
grep -q "mm.zst: record [0-9]*: more than 10000 marks" err.txt || fail "too many marks: $(cat err.txt)"
[ ! -e mm.json ] || fail "too many marks: a JSON file was written"
expect_fail "$VMMSIM" boot --mode none marks --csv x.csv
grep -q 'needs a ledger' err.txt || fail "--mode none --csv: $(cat err.txt)"
[ ! -e x.csv ] || fail "x.csv written"
expect_fail "$VMMSIM" boot --mode virt --vm marks --csv x.csv
[ "$(wc -l < err.txt)" = 1 ] || fail "--vm --csv: $(cat err.txt)"
# spans of one name nested ("begin x", "begin x", "end x", "end x"): the
# outer from the first begin to the second end, the inner between the
# middle two (the CSV paired both begins with the first end); then two
# spans "y" one after the other; live and replayed alike
(cd "$TOP/guests/sys" && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 \
	-no-pie -O2 -march=mips32r2 -Wall -Werror -I. -T sys.ld -o "$T/nestmarks" start.S rt.c ../workloads/nestmarks.c -lgcc) ||
	fail "cannot build guests/workloads/nestmarks.c"
"$VMMSIM" boot --mode native nestmarks --record nest.zst --json nest.json --csv nest.csv -q >nest.out 2>nest.err ||
	fail "nestmarks: $(cat nest.err)"
"$VMMSIM" replay --trace nest.zst --csv nest.rep.csv -q
assert_eq "nestmarks: the replay's CSV" "$(sed 1d nest.csv | cut -d, -f2-)" "$(sed 1d nest.rep.csv | cut -d, -f2-)"
i() { jq ".modes.native.marks[$1].instructions" nest.json; }
spans=$(awk -F, '$3 == "native" && $4 == "base" && ($1 == "x" || $1 == "y") { printf "%s%s:%s", sep, $1, $8; sep = " " }' nest.csv)
assert_eq "nestmarks: spans" "x:$(($(i 3) - $(i 0))) x:$(($(i 2) - $(i 1))) y:$(($(i 5) - $(i 4))) y:$(($(i 7) - $(i 6)))" "$spans"
# the outer span holds the inner one and 60000 more iterations
[ $(($(i 3) - $(i 0) - $(i 2) + $(i 1))) -ge 180000 ] || fail "nestmarks: outer span $spans"
exit 0
