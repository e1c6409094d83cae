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
# two outputs naming one file (they overwrote each other) are refused
for args in "--json o.x --csv o.x" "--csv o.x --interval 1000 --interval-csv ./o.x"; do
	# shellcheck disable=SC2086
	expect_fail $VMMSIM --trace a.zst --mode native $args
	grep -qF "o.x: is the output of both" err.txt || fail "replay $args: $(cat err.txt)"
	[ ! -e o.x ] || fail "replay $args: o.x written"
done
expect_fail $VMMSIM sweep --trace a.zst --swtlb-entries 16 --csv o.x --json o.x
grep -qF "o.x: is the output of both --csv and --json" err.txt || fail "sweep: $(cat err.txt)"
[ ! -e o.x ] || fail "sweep: o.x written"
# the model file is an input too
$VMMSIM model show > m.ini
expect_fail $VMMSIM --trace a.zst --mode native --model m.ini --json m.ini
grep -qF "m.ini: is the input m.ini" err.txt || fail "--model: $(cat err.txt)"
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
