# outputs_inputs: an output that is the same file as an input (same device
# and inode: the name itself, a hard link, a symbolic link) is refused
# before anything is written, and the input is left intact; an output that
# is a symbolic link is written through it (the target is replaced, the
# link stays), by the shared output helper and by the trace writer; write
# errors on standard output are reported.
. "$TOP/tests/cli/lib.sh"
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "I  %x,4\n L %x,4\n", 4096 + i * 4, 65536 + (i % 700) * 4096 }' > in.lackey
$VMMSIM trace convert --from lackey -o a.zst in.lackey || fail "convert"
sum=$(cksum < a.zst)
ln a.zst hard.zst
ln -s a.zst sym.zst
for o in a.zst hard.zst sym.zst; do
	expect_fail $VMMSIM --trace a.zst --mode native --json $o
	grep -qF "$o: is the input a.zst; refusing to overwrite it" err.txt || fail "--json $o: $(cat err.txt)"
	expect_fail $VMMSIM --trace a.zst --mode native --csv $o
	expect_fail $VMMSIM --trace a.zst --mode native --interval 1000 --interval-csv $o
	expect_fail $VMMSIM sweep --trace a.zst --swtlb-entries 16 --csv $o
	grep -qF "$o: is the input a.zst" err.txt || fail "sweep --csv $o: $(cat err.txt)"
	expect_fail $VMMSIM sweep --trace a.zst --swtlb-entries 16 --json $o
	expect_fail $VMMSIM trace convert --from text -o $o a.zst
	grep -qF "$o: is the input a.zst" err.txt || fail "convert -o $o: $(cat err.txt)"
	[ "$(wc -l < err.txt)" = 1 ] || fail "more than one line: $(cat err.txt)"
done
assert_eq "the input is intact" "$sum" "$(cksum < a.zst)"
# the model file is an input too
$VMMSIM model show > m.ini
expect_fail $VMMSIM --trace a.zst --mode native --model m.ini --json m.ini
grep -qF "m.ini: is the input m.ini" err.txt || fail "--model: $(cat err.txt)"
# merge and plot: the CSVs they read are inputs (plot's check comes before
# it looks for gnuplot, so this needs none)
$VMMSIM sweep --trace a.zst --swtlb-entries 16 -q --csv p1.csv || fail "sweep p1"
cp a.zst b2.zst
$VMMSIM sweep --trace b2.zst --swtlb-entries 16 -q --csv p2.csv || fail "sweep p2"
sum=$(cksum < p1.csv)
for o in p1.csv p2.csv; do
	expect_fail $VMMSIM merge p1.csv p2.csv -o $o
	grep -qF "$o: is the input $o; refusing to overwrite it" err.txt || fail "merge -o $o: $(cat err.txt)"
	[ "$(wc -l < err.txt)" = 1 ] || fail "more than one line: $(cat err.txt)"
done
expect_fail $VMMSIM merge p1.csv -o p1.csv
assert_eq "merge input intact" "$sum" "$(cksum < p1.csv)"
cp p1.csv p.png
sum=$(cksum < p.png)
expect_fail $VMMSIM plot sizing p.png -o p.png
grep -qF "p.png: is the input p.png; refusing to overwrite it" err.txt || fail "plot -o: $(cat err.txt)"
assert_eq "plot input intact" "$sum" "$(cksum < p.png)"
# two outputs of one command naming the same file (or both standard
# output): the second would replace, or follow, the first; refused before
# anything is written
rm -f same.out
mkdir -p sub
for pair in "--json same.out --csv same.out" "--json same.out --csv ./same.out" \
	    "--csv same.out --interval 1000 --interval-csv sub/../same.out" "--json - --csv -"; do
	expect_fail $VMMSIM --trace a.zst --mode native -q $pair
	grep -q "^vmmsim: .*: given to both --[a-z-]* and --[a-z-]*$" err.txt || fail "$pair: $(cat err.txt)"
	[ "$(wc -l < err.txt)" = 1 ] || fail "more than one line: $(cat err.txt)"
	[ ! -e same.out ] || fail "$pair: same.out written"
done
ln -s same.out linked.out
expect_fail $VMMSIM --trace a.zst --mode native -q --json linked.out --csv same.out
expect_fail $VMMSIM sweep --trace a.zst --swtlb-entries 16 -q --json same.out --csv same.out
grep -qF "same.out: given to both --csv and --json" err.txt || fail "sweep: $(cat err.txt)"
[ ! -e same.out ] || fail "same.out written"
# distinct outputs, and /dev/null twice, are fine
$VMMSIM --trace a.zst --mode native -q --json j.out --csv c.out || fail "two outputs"
$VMMSIM --trace a.zst --mode native -q --json /dev/null --csv /dev/null || fail "/dev/null twice"
# run: the program and the model are inputs
# (refused before the program is loaded: any file will do)
head -c 3000 a.zst > prog
sum=$(cksum < prog)
expect_fail $VMMSIM run --record prog -- ./prog
grep -qF "prog: is the input ./prog" err.txt || fail "run --record: $(cat err.txt)"
expect_fail $VMMSIM run --json prog -- ./prog
expect_fail $VMMSIM run --trace-insns prog -- ./prog
assert_eq "the program is intact" "$sum" "$(cksum < prog)"

# an output that is a symbolic link is written through: the link stays
mkdir d
echo old > d/target.json
ln -s d/target.json link.json
$VMMSIM --trace a.zst --mode native -q --json link.json || fail "json through a link"
[ -L link.json ] || fail "the link was replaced"
grep -q '"native"' d/target.json || fail "the target was not written: $(cat d/target.json)"
# a replaced file keeps its permissions (as cp keeps them)
chmod 600 d/target.json
$VMMSIM --trace a.zst --mode native -q --json link.json || fail "json through a link (2)"
assert_eq "mode kept" 600 "$(stat -c %a d/target.json)"
cp a.zst keep.zst
chmod 640 keep.zst
$VMMSIM trace convert --from lackey -o keep.zst in.lackey || fail "convert over keep.zst"
assert_eq "trace mode kept" 640 "$(stat -c %a keep.zst)"
# a relative link in another directory, and a dangling one (created)
ln -s target.csv d/rel.csv
$VMMSIM --trace a.zst --mode native -q --csv d/rel.csv || fail "csv through a relative link"
[ -L d/rel.csv ] && head -1 d/target.csv | grep -q '^trace,' || fail "relative link: $(ls -l d)"
ln -s b.zst link.zst
$VMMSIM trace convert --from lackey -o link.zst in.lackey || fail "trace through a dangling link"
[ -L link.zst ] && [ -f b.zst ] || fail "trace writer replaced the link: $(ls -l)"
$VMMSIM trace info b.zst > /dev/null || fail "the trace written through the link"
ln -s loop1 loop2; ln -s loop2 loop1
expect_fail $VMMSIM --trace a.zst --mode native -q --json loop1
grep -q "loop1.*cannot create.*symbolic links" err.txt || fail "link loop: $(cat err.txt)"
ls -A | grep -q '\.tmp\.' && fail "temporary file left: $(ls -A)"
ls -A d | grep -q '\.tmp\.' && fail "temporary file left: $(ls -A d)"

# write errors on standard output are one line, not a silent exit 1
if [ -c /dev/full ]; then
	expect_fail sh -c "\"$VMMSIM\" model show > /dev/full"
	grep -q "^vmmsim: standard output: write error: No space left on device$" err.txt || fail "model show: $(cat err.txt)"
	expect_fail sh -c "\"$VMMSIM\" sweep --trace a.zst --swtlb-entries 16 > /dev/full"
	grep -q "^vmmsim: standard output: write error: No space left on device$" err.txt || fail "sweep: $(cat err.txt)"
fi
exit 0
