# sweep_parallel: a sweep of three real lackey traces split per trace and
# run by GNU parallel, then joined by 'vmmsim merge', equals byte for byte
# the CSV of one process sweeping all three (the README's example).
. "$TOP/tests/cli/lib.sh"
. "$TOP/tests/cli/lackey.inc"
command -v parallel >/dev/null || skip "GNU parallel not installed (Debian package parallel)"
head -c 3000 /usr/share/common-licenses/GPL-3 > in.txt
record_lackey true /bin/true
record_lackey sort sort in.txt
record_lackey ls ls /usr/lib
OPTS="--swtlb-entries 8..512x2 --swtlb-assoc 4,inf --tlb-entries 16,48"

$VMMSIM sweep --trace true.zst --trace sort.zst --trace ls.zst $OPTS --csv all.csv -q || fail "one sweep"
[ "$(grep -c . all.csv)" -gt 60 ] || fail "all.csv too short"

# one job per trace, two at a time, parts numbered by job
parallel --will-cite -j2 "$VMMSIM" sweep --trace {} $OPTS --csv part-{#}.csv -q ::: sort.zst ls.zst true.zst ||
	fail "parallel sweeps"
ls part-*.csv > parts.txt
assert_eq "parts" 3 "$(wc -l < parts.txt)"
$VMMSIM merge part-*.csv -o merged.csv || fail "merge"
cmp all.csv merged.csv || fail "merged CSV differs from the single sweep"
# any order of the parts gives the same
$VMMSIM merge part-3.csv part-1.csv part-2.csv -o merged2.csv || fail "merge 2"
cmp all.csv merged2.csv || fail "merge in another order differs"
exit 0
