# plot_hostile: no byte of a CSV becomes gnuplot code.  Trace names, modes,
# TLB sizes, recommendations, VM names and hop column names holding
# backquoted commands, quotes, newlines, '!', system("..."), enhanced-text
# markup and a very long name are plotted by every kind (breakdown from a
# sweep and from a replay CSV, sizing, tlb, timeline): no command runs (the
# marker files stay absent), each plot is drawn, and the names are shown as
# text.  The output's own name is passed as data too.
. "$TOP/tests/cli/lib.sh"
. "$TOP/tests/cli/plotcheck.inc"
command -v gnuplot >/dev/null || skip "gnuplot not installed (Debian package gnuplot-nox)"
P=$PWD/pw
long="\`touch $P/L\`$(awk 'BEGIN { while (n++ < 400) printf "long%d`", n }')"
N1="app\`touch $P/1\`.zst"
N2="q\"d'q\\\"\`touch $P/2\`'"
N3="nl
\`touch $P/3\`
!touch $P/3b"
N4="!touch $P/4"
N5="\".system(\"touch $P/5\").\"' . system('touch $P/5b') . '"
N6="$long"
N7='@{a^b_c}\\%s%n$0 &amp; <b>'
export N1 N2 N3 N4 N5 N6 N7 P
# csv FIELD...: one CSV record, every field quoted (quotes doubled)
csvrow() {
	sep=
	for f in "$@"; do
		printf '%s"%s"' "$sep" "$(printf '%s' "$f" | sed 's/"/""/g')"
		sep=,
	done
	printf '\n'
}
H1="vmm_miss\`touch $P/h1\`_cycles"
H2="\"\`touch $P/h2\`\"_cycles"
H3="x
!touch $P/h3_cycles"
csvrow trace mode tlb_entries swtlb_entries swtlb_assoc instructions base_cycles cycles slowdown \
	tlb_mpki swtlb_hit_rate recommend "$H1" "$H2" "$H3" > s.csv
i=0
for n in "$N1" "$N2" "$N3" "$N4" "$N5" "$N6" "$N7"; do
	i=$((i + 1))
	for tl in 16 64; do
		csvrow "$n" native $tl "" "" 1000000 1500000 $((1600000 + i * 1000)) 1 $((40 / tl + i)) "" "" 0 0 0 >> s.csv
		csvrow "$n" virt $tl 0 "" 1000000 1500000 $((1900000 + i * 1000)) 1.2 $((40 / tl + i)) "" "" 100000 200000 $((i * 3000)) >> s.csv
	done
	for c in 16 64 256 1024; do
		rec=""; [ $c = 256 ] && rec="within+\`touch $P/r\`"
		ce=$c; [ $c = 256 ] && [ $i = 1 ] && ce="\`touch $P/ce\`"
		csvrow "$n" swtlb 64 "$ce" full 1000000 1500000 $((1800000 - c * 10)) "1.1$i" $((40 / 64 + i)) 0.$i "$rec" \
			$((100000 - c * 10)) 100000 $((i * 3000)) >> s.csv
	done
	# a second hardware TLB size that is not a number
	csvrow "$n" swtlb "\`touch $P/tl\`" 32 full 1000000 1500000 1700000 1.05 1 0.5 "" 1 2 3 >> s.csv
	# rows of a hostile mode are ignored
	csvrow "$n" "\`touch $P/m\`" 16 16 full 1 1 1 1 1 1 within 1 1 1 >> s.csv
done
csvrow trace vm mode hop count cycles instructions > r.csv
for n in "$N1" "$N3" "$N6"; do
	for vm in all "\`touch $P/vm\`"; do
		csvrow "$n" "$vm" native base 0 1500000 1000000 >> r.csv
		csvrow "$n" "$vm" native os_refill 10 30000 1000000 >> r.csv
		csvrow "$n" "$vm" virt "$H1" 10 50000 1000000 >> r.csv
		csvrow "$n" "$vm" virt "$N5" 10 60000 1000000 >> r.csv
		csvrow "$n" "$vm" swtlb "$H3" 10 20000 1000000 >> r.csv
	done
done
csvrow window instructions native_cycles virt_cycles swtlb_cycles virt_overhead swtlb_overhead "$N1" > iv.csv
for w in 1 2 3 4; do csvrow $w $((w * 100000)) 150000 180000 160000 0.2 0.0667 "$N5" >> iv.csv; done

mkdir "$P"
for k in sizing tlb breakdown; do
	$VMMSIM plot $k s.csv -o $k.png 2>err.txt || fail "$k: $(cat err.txt)"
	assert_eq "$k.png size" "960 600" "$(png_size $k.png)"
	$VMMSIM plot $k s.csv -o $k.svg 2>err.txt || fail "$k svg: $(cat err.txt)"
	# the traces' file names (without directories) are the labels
	svg_has $k.svg "1\`.zst" "5b') . '"
done
# labels are cut to 100 bytes, control characters shown as '?'
svg_has sizing.svg "L\`long1\`long2\`" "TLB \`touch $P/tl\` slowdown" \
	"@{a^b_c}\\\\%s%n\$0 &amp;amp; &lt;b>, TLB" "long15... slowdown"
grep -q "long40" sizing.svg && fail "a long name is not cut"
svg_has breakdown.svg "vmm_miss\`touch $P/h1\`" "x?!touch $P/h3" "(swtlb: \`touch $P/ce\` entries)"
$VMMSIM plot breakdown r.csv -o br.svg 2>err.txt || fail "breakdown of a replay CSV: $(cat err.txt)"
svg_has br.svg "(VM \`touch $P/vm\`)" ".system(" "1\`.zst"
$VMMSIM plot timeline iv.csv -o tl.svg 2>err.txt || fail "timeline: $(cat err.txt)"
svg_has tl.svg "Virtualization overhead over the run"
# the output's name is data too
# (gnuplot runs in the temporary directory: a command would leave a file there)
o="o\`touch o1\`'\"!touch o2
x.png"
mkdir tmpd
TMPDIR=$PWD/tmpd $VMMSIM plot tlb s.csv -o "$o" 2>err.txt || fail "hostile output name: $(cat err.txt)"
assert_eq "hostile output name" "960 600" "$(png_size "$o")"
[ -z "$(ls -A tmpd)" ] || fail "hostile output name: $(ls -AR tmpd)"
[ -z "$(ls -A "$P")" ] || fail "a name ran as a command: $(ls -A "$P")"
ls | grep -q '\.tmp\.' && fail "temporary file left: $(ls)"
exit 0
