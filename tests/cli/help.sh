# help: every command takes --help (README, "Commands at a glance"): its
# usage on standard output (so that `vmmsim CMD --help | less` shows it),
# nothing on standard error, exit status 0.  `model hops --help` was an
# error and `run --help` wrote to standard error.
. "$TOP/tests/cli/lib.sh"
n=0
for c in "" replay trace "trace info" "trace cat" "trace convert" run boot sweep plot merge model \
	"model show" "model hops"; do
	# shellcheck disable=SC2086
	"$VMMSIM" $c --help > out.txt 2> err.txt || fail "vmmsim $c --help: exit status $?"
	[ ! -s err.txt ] || fail "vmmsim $c --help wrote to stderr: $(head -n 2 err.txt)"
	head -n 1 out.txt | grep -q "^usage: vmmsim" || fail "vmmsim $c --help: $(head -n 1 out.txt)"
	"$VMMSIM" $c -h > out2.txt 2>&1 || fail "vmmsim $c -h: exit status $?"
	cmp -s out.txt out2.txt || fail "vmmsim $c: -h differs from --help"
	n=$((n + 1))
done
assert_eq "commands" 14 "$n"
# arguments after model hops are still refused
expect_fail "$VMMSIM" model hops extra
exit 0
