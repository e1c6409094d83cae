#!/bin/sh
# Issue 12, item 7: readlink("/proc/self/exe") is always absolute, as on
# Linux.  A program outside the fs root (`cd dir && vmmsim run -- ../prog`)
# got its relative path back and static glibc aborted at start-up (134)
# for every program.  Outside the root the answer is the absolute host
# path (what Linux tells a chrooted process, and what qemu-mipsel says);
# inside, the path below the root.
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
G=$TOP/build/guests
mkdir -p top/dir
cp "$G/special/hostile_exe_path" "$G/el/exit_code" top/
real=$(cd top && pwd -P)/hostile_exe_path
cd top/dir || exit 1
st=0; "$VMMSIM" run -q -- ../hostile_exe_path >out.txt 2>err.txt || st=$?
assert_eq "outside the root: exit status" 0 "$st"
assert_eq "outside the root: readlink" "$real" "$(cat out.txt)"
if command -v qemu-mipsel >/dev/null; then
	qemu-mipsel ../hostile_exe_path >q.txt
	assert_eq "outside the root: as qemu" "$(cat q.txt)" "$(cat out.txt)"
	want=0; qemu-mipsel ../exit_code a b || want=$?
else
	want=44
fi
st=0; "$VMMSIM" run -q -- ../exit_code a b || st=$?
assert_eq "outside the root: a glibc program's status" "$want" "$st"
cd .. || exit 1
"$VMMSIM" run -q -- ./hostile_exe_path >out.txt
assert_eq "inside the root" "/hostile_exe_path" "$(cat out.txt)"
"$VMMSIM" run -q --fs-root dir -- hostile_exe_path >out.txt
assert_eq "--fs-root elsewhere" "$real" "$(cat out.txt)"
"$VMMSIM" run -q --fs-root / -- hostile_exe_path >out.txt
assert_eq "--fs-root /" "$real" "$(cat out.txt)"
echo ok
