# Failed writes reach the user: every output of replay, sweep and model to
# a full device or an unwritable place gives one line on stderr, a non-zero
# exit, and no results file.  (Out of memory and a failed split inside the
# engine: tests/unit/test_alloc_fail.c forces every allocation to fail.)
. "$TOP/tests/cli/lib.sh"
[ -w /dev/full ] || skip "/dev/full missing"
T=$TOP/traces/ls.zst
one_line() { # what: the last command failed with exactly one line in err.txt
	[ "$(wc -l < err.txt)" = 1 ] || fail "$1: expected one line on stderr, got: $(cat err.txt)"
	grep -q '^vmmsim: ' err.txt || fail "$1: not a vmmsim message: $(cat err.txt)"
}
full() { # what, args...: output to /dev/full fails
	what=$1; shift
	rc=0
	"$VMMSIM" "$@" > /dev/full 2> err.txt || rc=$?
	[ $rc != 0 ] || fail "$what: exit status 0 on a full device"
	one_line "$what"
}
full "replay --json" --trace "$T" --json /dev/full -q
full "replay --csv" --trace "$T" --csv /dev/full -q
full "replay --interval-csv" --trace "$T" --interval 1000 --interval-csv /dev/full -q
full "replay table" --trace "$T"
full "replay --json -" --trace "$T" --json - -q
full "sweep --csv" sweep --trace "$T" --swtlb-entries 8,64 --csv /dev/full -q
full "sweep --json" sweep --trace "$T" --swtlb-entries 8,64 --json /dev/full -q
full "sweep table" sweep --trace "$T" --swtlb-entries 8,64
full "model show" model show
full "model hops" model hops
# an output in a directory that does not exist: nothing written anywhere
for o in --json --csv; do
	expect_fail "$VMMSIM" --trace "$T" $o nodir/out -q
	one_line "replay $o nodir/out"
	expect_fail "$VMMSIM" sweep --trace "$T" --swtlb-entries 8 $o nodir/out -q
	one_line "sweep $o nodir/out"
done
[ ! -e nodir ] || fail "nodir created"
# a failure in one output leaves the others unwritten (all or nothing)
expect_fail "$VMMSIM" --trace "$T" --csv ok.csv --json nodir/x.json -q
one_line "two outputs"
[ ! -e ok.csv ] || fail "ok.csv written although the JSON could not be"
echo ok
