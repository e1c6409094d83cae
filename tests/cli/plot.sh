# plot: every plot kind is drawn by gnuplot from a sweep CSV as a PNG of the
# requested size and an SVG holding the expected title and axis labels; bad
# kinds, outputs and CSVs are rejected without leaving an output file; a
# missing gnuplot is reported naming the Debian package.
. "$TOP/tests/cli/lib.sh"
. "$TOP/tests/cli/plotcheck.inc"
. "$TOP/tests/cli/fakesweep.inc"
command -v gnuplot >/dev/null || skip "gnuplot not installed (Debian package gnuplot-nox)"
fake_sweep_csv s.csv

$VMMSIM plot sizing s.csv -o sizing.png || fail "sizing png"
assert_eq "sizing.png size" "960 600" "$(png_size sizing.png)"
$VMMSIM plot sizing s.csv -o small.png --size 640x400 || fail "sizing --size"
assert_eq "small.png size" "640 400" "$(png_size small.png)"
$VMMSIM plot sizing s.csv -o sizing.svg || fail "sizing svg"
svg_has sizing.svg "Software-TLB sizing: slowdown and hit rate against capacity" \
	"software-TLB capacity (entries, log" "slowdown against native" "software-TLB hit rate (%)" \
	"a.zst slowdown" "b.zst hit rate" "recommended capacity"
$VMMSIM plot sizing s.csv -o sizing.pdf || fail "sizing pdf"
assert_eq "pdf magic" "%PDF" "$(head -c 4 sizing.pdf)"
# same CSV, same PDF byte for byte: cairo's creation date (the host's clock,
# in the user's time zone) is fixed, at another second and in another zone
sleep 1
TZ=Europe/Paris $VMMSIM plot sizing s.csv -o sizing2.pdf || fail "sizing pdf again"
cmp sizing.pdf sizing2.pdf || fail "two PDFs of one CSV differ: $(cmp -l sizing.pdf sizing2.pdf | head -3)"
grep -aq '/CreationDate (D:19700101000000Z)' sizing.pdf || fail "PDF date: $(grep -a CreationDate sizing.pdf)"

$VMMSIM plot tlb s.csv -o tlb.png || fail "tlb png"
assert_eq "tlb.png size" "960 600" "$(png_size tlb.png)"
$VMMSIM plot tlb s.csv -o tlb.svg || fail "tlb svg"
svg_has tlb.svg "Hardware TLB misses against TLB size" "hardware TLB entries (log" \
	"TLB misses per 1000 instructions" "a.zst (native)" "b.zst (virt)"

$VMMSIM plot breakdown s.csv -o bd.png || fail "breakdown png"
assert_eq "bd.png size" "960 600" "$(png_size bd.png)"
$VMMSIM plot breakdown s.csv -o bd.svg || fail "breakdown svg"
svg_has bd.svg "Where the cycles go" "cycles per 1000 instructions" "reflect" "vmm_miss" \
	"os_refill" "a.zst (swtlb: 1024 entries)" "b.zst (swtlb: 2048 entries)" "a.zst" "b.zst"

# a replay CSV of all six modes: six bars, the hardware-walked machine's hops
$VMMSIM --trace "$TOP/traces/ls.zst" --mode every --csv six.csv -q || fail "replay every"
$VMMSIM plot breakdown six.csv -o six.svg || fail "breakdown of six modes"
svg_has six.svg "Where the cycles go" native virt swtlb '>hw<' shadow nested walk_ref vm_exit
$VMMSIM --trace "$TOP/traces/ls.zst" --mode hw,nested --csv two.csv -q || fail "replay hw,nested"
$VMMSIM plot breakdown two.csv -o two.svg || fail "breakdown of two modes"
svg_has two.svg '>hw<' nested walk_ref

fake_interval_csv iv.csv
$VMMSIM plot timeline iv.csv -o tl.png || fail "timeline png"
assert_eq "tl.png size" "960 600" "$(png_size tl.png)"
$VMMSIM plot timeline iv.csv -o tl.svg || fail "timeline svg"
svg_has tl.svg "Virtualization overhead over the run, per window" "instructions executed (millions)" \
	"overhead against native (%)" "virt (no software TLB)" "swtlb (monitor's software TLB)"
expect_fail $VMMSIM plot timeline s.csv -o x.png
grep -q "no column" err.txt || fail "timeline on a sweep CSV: $(cat err.txt)"

# errors: one line, non-zero exit, no output file
expect_fail $VMMSIM plot pie s.csv -o x.png
grep -q "unknown kind 'pie'" err.txt || fail "kind message: $(cat err.txt)"
expect_fail $VMMSIM plot sizing s.csv -o x.gif
grep -q "x.gif: unknown output type" err.txt || fail "type message: $(cat err.txt)"
expect_fail $VMMSIM plot sizing nosuch.csv -o x.png
grep -q "nosuch.csv" err.txt || fail "missing CSV message: $(cat err.txt)"
head -c 300 s.csv > cut.csv
expect_fail $VMMSIM plot sizing cut.csv -o x.png
grep -q "cut.csv: line 2: incomplete last line" err.txt || fail "truncated CSV message: $(cat err.txt)"
printf 'a,b\n1,2\n' > other.csv
expect_fail $VMMSIM plot sizing other.csv -o x.png
grep -q "no column 'trace'" err.txt || fail "wrong CSV message: $(cat err.txt)"
expect_fail $VMMSIM plot sizing s.csv -o x.png --size 5x5
expect_fail $VMMSIM plot sizing s.csv
[ ! -e x.png ] && [ ! -e x.gif ] || fail "an output file was left behind"
ls | grep -q 'tmp' && fail "temporary file left: $(ls)"
# gnuplot missing: a PATH without it
mkdir nognuplot
ln -s "$(command -v wc)" nognuplot/wc
PATH=$PWD/nognuplot expect_fail $VMMSIM plot sizing s.csv -o x.png
grep -q "gnuplot-nox" err.txt || fail "missing gnuplot message: $(cat err.txt)"
# a script that makes gnuplot fail leaves no output
mkdir badplots
echo 'plot nosuchfunction(x)' > badplots/sizing.gp
VMMSIM_PLOTS=$PWD/badplots expect_fail $VMMSIM plot sizing s.csv -o x.png
grep -q "gnuplot failed" err.txt || fail "gnuplot failure message: $(cat err.txt)"
[ ! -e x.png ] || fail "partial plot left"
ls | grep -q 'tmp' && fail "temporary file left: $(ls)"
# the scripts of an installed binary: $VMMSIM_PLOTS, or VMMSIM_DATADIR/plots;
# a binary away from both says where it looked
mkdir -p inst/bin
cp "$VMMSIM" inst/bin/vmmsim
VMMSIM_PLOTS=$TOP/plots inst/bin/vmmsim plot sizing s.csv -o inst.png || fail "plot with VMMSIM_PLOTS"
assert_eq "inst.png size" "960 600" "$(png_size inst.png)"
if [ ! -d /usr/local/share/vmmsim/plots ]; then
	expect_fail inst/bin/vmmsim plot sizing s.csv -o inst2.png
	grep -q "set VMMSIM_PLOTS" err.txt || fail "no script message: $(cat err.txt)"
fi
# the breakdown's note on the instructions' own cycles: one figure when every
# bar has the same CPI, the range when merged rows come from two models
# (r4000: cpi 1.5, origin200: 1.0) - read through a probe script
$VMMSIM replay --trace "$TOP/traces/ls.zst" --mode all --csv m1.csv -q
$VMMSIM replay --trace "$TOP/traces/sort.zst" --mode all --model "$TOP/models/origin200.ini" --csv m2.csv -q
$VMMSIM merge m1.csv m2.csv -o m12.csv
mkdir -p probe
printf 'set print "%s/base.txt"\nprint sprintf("%%.1f %%.1f", base_per_k, base_hi)\n' "$PWD" >probe/breakdown.gp
VMMSIM_PLOTS=$PWD/probe $VMMSIM plot breakdown m12.csv -o probe.png 2>/dev/null || true
assert_eq "base range over two models" "1000.0 1500.0" "$(cat base.txt)"
VMMSIM_PLOTS=$PWD/probe $VMMSIM plot breakdown m1.csv -o probe.png 2>/dev/null || true
assert_eq "base of one model" "1500.0 1500.0" "$(cat base.txt)"
exit 0
