# run_deleted_cwd: vmmsim started in a working directory that was deleted,
# with --fs-root /: the guest starts in "/" (documented), never in a copy of
# an uninitialised buffer; in a directory that exists it starts there.
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
P=$TOP/build/guests/special/fsprobe
mkdir here gone
(cd here && "$VMMSIM" run -q --fs-root / -- "$P" c:.) > out.txt 2>err.txt || fail "run in here: $(cat err.txt)"
assert_eq "guest cwd" "c:.: ok $PWD/here" "$(cat out.txt)"
(cd gone && rmdir ../gone && "$VMMSIM" run -q --fs-root / -- "$P" c:.) > out.txt 2>err.txt ||
	fail "run in a deleted directory: $(cat err.txt)"
assert_eq "guest cwd in a deleted directory" "c:.: ok /" "$(cat out.txt)"
# the same under valgrind's memcheck: no uninitialised byte is read (the
# guest's own file calls fail there: valgrind lacks openat2)
if command -v valgrind >/dev/null && [ -z "${SANITIZED:-}" ]; then
	mkdir gone
	(cd gone && rmdir ../gone && valgrind -q --error-exitcode=99 "$VMMSIM" run -q --fs-root / -- "$P" c:.) \
		> out.txt 2>err.txt
	[ $? != 99 ] || fail "memcheck: $(grep '==' err.txt | head -5)"
fi
exit 0
