# merge: joining per-trace CSVs gives back the whole CSV byte for byte, in
# any order of the parts; mismatched headers, a trace in two parts,
# truncated or malformed parts are rejected with no output file.
# (tests/cli/sweep_parallel.sh does the same with real sweeps under GNU parallel.)
. "$TOP/tests/cli/lib.sh"
. "$TOP/tests/cli/fakesweep.inc"
fake_sweep_csv all.csv
head -n 1 all.csv > h
{ cat h; grep '^a.zst,' all.csv; } > part-a.csv
{ cat h; grep '^b.zst,' all.csv; } > part-b.csv
[ "$(wc -l < part-a.csv)" -gt 5 ] || fail "part-a too small"
$VMMSIM merge part-a.csv part-b.csv -o m1.csv || fail "merge"
cmp all.csv m1.csv || fail "merge a b differs from the whole"
$VMMSIM merge part-b.csv part-a.csv -o m2.csv || fail "merge b a"
cmp all.csv m2.csv || fail "merge b a differs from the whole"
$VMMSIM merge part-b.csv part-a.csv -o - > m3.csv || fail "merge to stdout"
cmp all.csv m3.csv || fail "merge to stdout differs"
# a part with only a header merges to nothing extra
cp h empty.csv
$VMMSIM merge empty.csv part-b.csv part-a.csv -o m4.csv && cmp all.csv m4.csv || fail "empty part"
# quoted trace names survive
{ cat h; sed -n '2,3p' part-a.csv | sed 's/^a.zst/"A,b.zst"/'; } > q.csv
$VMMSIM merge q.csv part-a.csv -o m5.csv || fail "quoted"
assert_eq "quoted rows first (A < a)" "\"A,b.zst\",native" "$(sed -n 2p m5.csv | cut -c1-16)"

expect_fail $VMMSIM merge part-a.csv part-a.csv -o bad.csv
grep -q "trace 'a.zst' appears in both part-a.csv and part-a.csv" err.txt || fail "dup message: $(cat err.txt)"
sed '1s/cycles/cyc/' part-b.csv > hb.csv
expect_fail $VMMSIM merge part-a.csv hb.csv -o bad.csv
grep -q "hb.csv: line 1: header differs from that of part-a.csv" err.txt || fail "header message: $(cat err.txt)"
head -c $(( $(head -n 1 part-b.csv | wc -c) + 40 )) part-b.csv > cut.csv
expect_fail $VMMSIM merge part-a.csv cut.csv -o bad.csv
grep -q "cut.csv: line 2: incomplete last line" err.txt || fail "truncated message: $(cat err.txt)"
{ cat h; echo 'b.zst,native,1'; } > short.csv
expect_fail $VMMSIM merge short.csv -o bad.csv
grep -q "short.csv: line 2: 3 fields where the header has" err.txt || fail "fields message: $(cat err.txt)"
printf 'x,y\n1,2\n' > notsweep.csv
expect_fail $VMMSIM merge notsweep.csv -o bad.csv
grep -q "not a sweep CSV" err.txt || fail "not sweep message: $(cat err.txt)"
expect_fail $VMMSIM merge nosuch.csv -o bad.csv
grep -q "nosuch.csv" err.txt || fail "missing file message"
expect_fail $VMMSIM merge part-a.csv
grep -q -- "-o ALL.csv is required" err.txt || fail "-o message"
expect_fail $VMMSIM merge -o bad.csv
expect_fail $VMMSIM merge --bogus part-a.csv -o bad.csv
[ ! -e bad.csv ] || fail "output left after an error"
ls | grep -q tmp && fail "temporary file left"
exit 0
