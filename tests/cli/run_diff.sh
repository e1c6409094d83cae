#!/bin/sh
# Differential suite: every guest program in guests/c/ (little endian, and
# the big-endian subset) runs under vmmsim and under qemu; standard output,
# exit status and the files written must be identical.
. "$TOP/tests/cli/lib.sh"
command -v qemu-mipsel >/dev/null || skip "qemu-mipsel missing"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
G=$TOP/build/guests
printf 'first line of input\n  second\tline with   words\n\nlast line without newline' > input.txt
# Programs whose exit status under Linux differs from qemu-user's:
# divzero: Linux sends SIGFPE for "teq ...,7" (136), qemu SIGTRAP (133).
expected_status() {
	case $1 in
	divzero) echo 136 ;;
	*) echo "" ;;
	esac
}
n=0 bad=0
for arch in el eb; do
	q=qemu-mipsel; [ $arch = eb ] && q=qemu-mips
	for prog in "$G"/$arch/*; do
		name=$(basename "$prog")
		case $name in *.tmp*) continue ;; esac
		rm -rf q v; mkdir q v
		# qemu's answers are cached beside the binaries (the ASan rerun of
		# the suite reuses them); a rebuilt binary invalidates them
		ref=$G/ref/$arch/$name
		if [ -f "$ref/status" ] && [ "$ref/status" -nt "$prog" ] && [ "$ref/status" -nt "$0" ]; then
			cp "$ref/out" q.out; qs=$(cat "$ref/status"); rmdir q; cp -r "$ref/files" q
		else
			qs=0
			(cd q && $q "$prog" arg1 "two words" <../input.txt >../q.out 2>../q.err) || qs=$?
			rm -rf "$ref"; mkdir -p "$ref"; cp q.out "$ref/out"; cp -r q "$ref/files"; echo $qs > "$ref/status"
		fi
		vs=0
		(cd v && "$VMMSIM" run -q --fs-rw -- "$prog" arg1 "two words" <../input.txt >../v.out 2>../v.err) || vs=$?
		want=$(expected_status "$name")
		[ -n "$want" ] && qs=$want
		n=$((n + 1))
		if ! cmp -s q.out v.out; then
			echo "DIFF $arch/$name: stdout differs"; diff q.out v.out | head -5; bad=$((bad + 1)); continue
		fi
		if [ "$qs" != "$vs" ]; then
			echo "DIFF $arch/$name: exit status qemu $qs vmmsim $vs"; head -3 v.err; bad=$((bad + 1)); continue
		fi
		if ! diff -r q v >/dev/null; then
			echo "DIFF $arch/$name: files written differ"; diff -r q v | head -5; bad=$((bad + 1)); continue
		fi
	done
done
echo "$n runs, $bad differ"
[ "$n" -ge 40 ] || fail "only $n guest runs"
[ $bad = 0 ] || fail "$bad guest runs differ from qemu"
