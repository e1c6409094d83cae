# bad_messages: the one-line errors and documented behaviours of hostile or
# unlucky input (issue 12): inputs that never end, a description that
# would rewrite the terminal, a trace cut inside its first block or inside
# its totals frame, "cannot create" with its reason, option ranges, a long
# bad list, quantum = 0, timer_period = 0, --size with junk.
. "$TOP/tests/cli/lib.sh"
. "$TOP/tests/cli/fakesweep.inc"
one_line() { # err.txt: exactly one line, containing $1
	[ "$(wc -l < err.txt)" = 1 ] || fail "expected one line of error, got: $(cat err.txt)"
	grep -qF -- "$1" err.txt || fail "error message lacks '$1': $(cat err.txt)"
}

# inputs that never end: bounded, one line
expect_fail $VMMSIM model show /dev/zero
one_line "vmmsim: /dev/zero:1: NUL byte (not a text file)"
expect_fail $VMMSIM --trace x.zst --model /dev/zero
one_line "/dev/zero:1: NUL byte"
expect_fail sh -c "yes abc | tr -d '\n' | \"$VMMSIM\" model show /dev/stdin"
one_line "vmmsim: /dev/stdin:1: line longer than"
expect_fail $VMMSIM merge /dev/zero -o m.csv
one_line "vmmsim: merge: /dev/zero: line 1: NUL byte (not a text CSV)"
expect_fail sh -c "yes abc | tr -d '\n' | \"$VMMSIM\" merge - -o m.csv"
one_line "vmmsim: merge: -: line 1: record longer than 1048576 bytes"
fake_sweep_csv s.csv
{ cat s.csv; head -c 2000000 /dev/zero | tr '\0' x; echo; } > huge.csv
expect_fail $VMMSIM plot sizing huge.csv -o h.png
one_line "huge.csv: line 32: record longer than 1048576 bytes"
printf 'trace,mode\n"open,x\n' > open.csv
expect_fail $VMMSIM merge open.csv -o m.csv
one_line "open.csv: line 2: file ends inside a quoted field"
[ ! -e m.csv ] && [ ! -e h.png ] || fail "an output was written"
# a quoted field may span lines: merge keeps it byte for byte
printf 'trace,mode\n"a two\nlines",native\nb,virt\n' > nl.csv
$VMMSIM merge nl.csv -o m.csv || fail "merge of a multi-line field"
cmp nl.csv m.csv || fail "multi-line field changed: $(cat m.csv)"

# trace info escapes the description (no escape sequence reaches the terminal)
printf 'I  1000,4\n' > t.lackey
$VMMSIM trace convert --from lackey --desc "$(printf 'a\033[2Jb\tc\\d\302\233e caf\303\251')" -o t.zst t.lackey ||
	fail "convert with a description"
$VMMSIM trace info t.zst > info.txt || fail "trace info"
assert_eq "escaped description" 'description:     a\x1b[2Jb\x09c\\d\xc2\x9be café' "$(grep '^description' info.txt)"
$VMMSIM trace info --json t.zst > info.json || fail "trace info --json"
assert_eq "JSON description" "$(printf 'a\033[2Jb\tc\\d\302\233e caf\303\251')" "$(jq -r .desc info.json)"

# a trace cut inside its first compressed block, and inside its totals frame
awk 'BEGIN { srand(1); for (i = 0; i < 100000; i++) printf "I  %x,4\n L %x,4\n", int(rand() * 2^30), int(rand() * 2^30) }' > r.lackey
$VMMSIM trace convert --from lackey -o r.zst r.lackey || fail "convert"
head -c 2000 r.zst > cut1.zst
expect_fail $VMMSIM trace info cut1.zst
one_line "file ends inside the first compressed block (2000 bytes read, none decodable: the trace is truncated)"
sz=$(wc -c < r.zst)
head -c $((sz - 20)) r.zst > cut2.zst
expect_fail $VMMSIM trace info cut2.zst
one_line "file ends inside the totals frame (140 of its 160 bytes: truncated)"
head -c $((sz - 157)) r.zst > cut3.zst
expect_fail $VMMSIM trace info cut3.zst
one_line "file ends inside the totals frame (3 of its 160 bytes: truncated)"
{ cat r.zst; echo junk; } > extra.zst
expect_fail $VMMSIM trace info extra.zst
one_line "unexpected data after the totals frame"

# "cannot create X" says why
for c in "sweep --trace t.zst --swtlb-entries 16 --csv" "--trace t.zst --json" "merge s.csv -o" \
	"plot sizing s.csv -o"; do
	expect_fail $VMMSIM $c nodir/out.svg
	one_line "No such file or directory"
	grep -q "cannot create.*nodir/out.svg\|nodir/out.svg: cannot create" err.txt || fail "$c: $(cat err.txt)"
done

# option ranges: out of range says the range, junk says bad value
expect_fail $VMMSIM --trace t.zst --tlb-entries 99999999
one_line "vmmsim: option --tlb-entries: must be 1..4096"
expect_fail $VMMSIM --trace t.zst --tlb-entries 0
one_line "vmmsim: option --tlb-entries: must be 1..4096"
expect_fail $VMMSIM --trace t.zst --tlb-entries 12x
one_line "vmmsim: option --tlb-entries: bad value '12x'"
expect_fail $VMMSIM --trace t.zst --swtlb-entries 99999999999
one_line "vmmsim: option --swtlb-entries: 99999999999 is above the largest value 67108864"
# a long bad list: the reason is not hidden behind the whole list
expect_fail $VMMSIM sweep --trace t.zst --swtlb-entries "$(seq -s, 1 300),x"
one_line "vmmsim: sweep: --swtlb-entries: bad list '1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,1...': 'x' at character 1093 is not a number"
[ "$(wc -c < err.txt)" -lt 200 ] || fail "message too long: $(cat err.txt)"

# quantum = 0 in a model is refused as --quantum 0 is
$VMMSIM model show > m.ini
sed 's/^quantum = .*/quantum = 0/' m.ini > q0.ini
expect_fail $VMMSIM --trace t.zst --model q0.ini
one_line "q0.ini:$(grep -n '^quantum' m.ini | cut -d: -f1): quantum must be at least 1"
expect_fail $VMMSIM --trace t.zst --quantum 0
one_line "option --quantum: must be at least 1"
# timer_period = 0: no timer interrupts (documented)
awk 'BEGIN { for (i = 0; i < 300000; i++) printf "I  %x,4\n", 4096 + (i % 1000) * 4 }' > loop.lackey
$VMMSIM trace convert --from lackey -o loop.zst loop.lackey || fail "convert loop"
sed 's/^timer_period = .*/timer_period = 0/' m.ini > t0.ini
sed 's/^timer_period = .*/timer_period = 100000/' m.ini > t1.ini
$VMMSIM --trace loop.zst --mode native --model t1.ini --json - -q > j1.json || fail "timer_period = 100000"
$VMMSIM --trace loop.zst --mode native --model t0.ini --json - -q > j0.json || fail "timer_period = 0"
[ "$(jq .modes.native.hops.timer.count j1.json)" -gt 0 ] || fail "no timer with timer_period = 100000"
assert_eq "timer ticks with timer_period = 0" 0 "$(jq .modes.native.hops.timer.count j0.json)"

# cycles that would pass 2^63 (64-bit sums wrapping, JSON's signed
# integers negative) are an error, not a wrong number: 16 MiB pages zeroed
# at 2^40 cycles per KB cost 2^54 each, so 600 of them pass 2^63
sed 's/^page_size = .*/page_size = 16777216/; s/^page_zero_per_kb = .*/page_zero_per_kb = 1099511627776/' m.ini > huge.ini
awk -v n=600 'BEGIN { print "fetch 0x400000 4"; for (i = 1; i <= n; i++) printf "load 0x%x 4\n", i * 16777216 }' > p600.txt
$VMMSIM trace convert --from text -o p600.zst p600.txt || fail "convert p600"
for m in native every; do
	expect_fail $VMMSIM --trace p600.zst --model huge.ini --mode $m --json o.json --csv o.csv
	one_line "vmmsim: p600.zst: by the end: the cycles of mode native reach 2^63: the costs of model huge.ini are too large to count them exactly"
	[ ! -e o.json ] && [ ! -e o.csv ] || fail "an output was written"
done
expect_fail $VMMSIM sweep --trace p600.zst --model huge.ini --swtlb-entries 4 --json o.json
one_line "vmmsim: sweep: p600.zst: by the end: the cycles of mode native reach 2^63"
[ ! -e o.json ] || fail "a sweep output was written"
# 2^32 - 1 privileged operations per system call at 2^40 cycles each: one
# system call passes 2^72
sed 's/^syscall_priv_ops = .*/syscall_priv_ops = 4294967295/; s/^priv_op = .*/priv_op = 1099511627776/;
     s/^trap_priv = .*/trap_priv = 1099511627776/' m.ini > huge2.ini
printf 'fetch 0x400000 4\ntrap syscall 1\n' > sys.txt
$VMMSIM trace convert --from text -o sys.zst sys.txt || fail "convert sys"
for m in native virt pv hw shadow; do
	expect_fail $VMMSIM --trace sys.zst --model huge.ini --model huge2.ini --mode $m -q
	one_line "vmmsim: sys.zst: by the end: the cycles of mode $m reach 2^63"
done
# below 2^63 the same costs are counted exactly, JSON and CSV alike
awk -v n=100 'BEGIN { print "fetch 0x400000 4"; for (i = 1; i <= n; i++) printf "load 0x%x 4\n", i * 16777216 }' > p100.txt
$VMMSIM trace convert --from text -o p100.zst p100.txt || fail "convert p100"
$VMMSIM --trace p100.zst --model huge.ini --mode native -q --json o.json --csv o.csv || fail "p100"
# (read from the text: jq's numbers are doubles)
assert_eq "page_zero cycles (JSON)" $((101 << 54)) \
	"$(awk '/"page_zero": \{/ { f = 1 } f && /"cycles"/ { gsub(/[^0-9-]/, ""); print; exit }' o.json)"
assert_eq "page_zero cycles (CSV)" $((101 << 54)) "$(awk -F, '$4 == "page_zero" { print $6 }' o.csv)"
rm -f o.json o.csv

# --mode: the message names every mode the option takes
for m in foo native, ,virt; do
	expect_fail $VMMSIM --trace t.zst --mode "$m"
	one_line "vmmsim: option --mode: '$m' is not native, virt, swtlb, pv, hw, shadow, nested, all, every or a comma list of them"
done
$VMMSIM --trace t.zst --mode pv,hw -q || fail "--mode pv,hw"

# plot --size: WxH and nothing else
for s in 960x600junk 960x 0x600 x600 960X600 +960x600 " 960x600" 960x600x2; do
	expect_fail $VMMSIM plot sizing s.csv -o s.png --size "$s"
	one_line "--size needs WxH in pixels, 100..10000 each"
done
[ ! -e s.png ] || fail "a plot was written"
exit 0
