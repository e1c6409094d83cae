#!/bin/sh
# Debian's busybox-static:mipsel under vmmsim and under qemu-mipsel: shell
# arithmetic and loops, pipelines of applets (forks, pipes, execs of
# /proc/self/exe), sort, uniq, sha256sum, gzip/gunzip round trip, wc, sed,
# awk.  Standard output and exit status must be identical.
. "$TOP/tests/cli/lib.sh"
command -v qemu-mipsel >/dev/null || skip "qemu-mipsel missing"
BB=$TOP/build/cache/busybox-mipsel/bin/busybox
[ -x "$BB" ] || sh "$TOP/tests/guests/fetch-busybox.sh" >/dev/null 2>&1 || true
[ -x "$BB" ] || skip "busybox-static:mipsel not fetched (make deps-mipsel)"
# Under qemu-user an applet the shell runs with execve would be looked up
# in PATH as a host program: give it wrappers that run the busybox applet.
mkdir -p wrap
for a in gzip gunzip sha256sum sort uniq head wc sed awk seq cat tr cmp expr od; do
	printf '#!/bin/sh\nexec qemu-mipsel "%s" %s "$@"\n' "$BB" "$a" > wrap/$a
	chmod +x wrap/$a
done
mkinputs() {
	seq 1 3000 | awk '{printf "%d word%d %s\n", ($1 * 7919) % 1000, $1 % 17, ($1 % 3 ? "x" : "yy")}' > data.txt
	awk 'BEGIN { for (i = 0; i < 200000; i++) printf "%c", (i * 31 + int(i / 97)) % 251 }' > data.bin
	printf 'apple\nbanana\napple\ncherry\nbanana\napple\n\ndate\n' > words.txt
}
n=0
check() { # name, args to busybox...
	name=$1; shift
	rm -rf q v; mkdir q v
	qs=0 vs=0
	(cd q && mkinputs && PATH=$PWD/../wrap:$PATH qemu-mipsel "$BB" "$@" >../q.out 2>../q.err) || qs=$?
	(cd v && mkinputs && "$VMMSIM" run -q --fs-rw -- "$BB" "$@" >../v.out 2>../v.err) || vs=$?
	n=$((n + 1))
	cmp -s q.out v.out || { diff q.out v.out | head -10; cat v.err | head -5; fail "$name: stdout differs from qemu"; }
	assert_eq "$name: exit status" "$qs" "$vs"
	[ -s q.out ] || [ "$name" = exit3 ] || fail "$name: no output at all"
}
check arith sh -c 'x=0; for i in 1 2 3 4 5 6 7 8 9 10; do x=$((x + i * i)); done; echo $x; i=0
while [ $i -lt 6 ]; do echo "i=$i $((i % 2)) $((i << 3))"; i=$((i + 1)); done
f() { echo "f:$1:$#"; return 4; }; f a b c; echo "ret $?"
case abc in a*) echo glob ;; *) echo no ;; esac
s=hello.world.txt; echo ${s%.*} ${s#*.} ${#s}
echo $(seq 3) "$(echo sub; echo shell)"
cat <<END
here $x
END'
check pipeline sh -c 'seq 1 100 | awk "{s += \$1; if (\$1 % 7 == 0) c++} END {print s, c}"; seq 1 1000 | wc -l'
check sortuniq sh -c 'sort words.txt | uniq -c | sort -k1,1nr -k2; sort -n data.txt | head -3; sort -t" " -k2,2 -k1,1n data.txt | tail -2'
check sha256 sha256sum data.bin data.txt
check gzip sh -c 'gzip -c data.bin > d.gz && gunzip -c d.gz | sha256sum; gzip -9 -c data.txt | gunzip | wc'
check wc wc data.txt words.txt
check sed sed -e 's/o/0/g' -e '/^$/d' -e '5q' words.txt
check sed2 sh -c 'sed -n "s/^\([0-9]*\) word\([0-9]*\).*/\2:\1/p" data.txt | sort -t: -k1,1n -k2,2n | uniq | head -20'
check awk sh -c 'awk "{n[\$2]++; s[\$2] += \$1} END {for (k in n) print k, n[k], s[k]}" data.txt | sort'
check awkmath awk 'BEGIN {x = 1; for (i = 1; i <= 20; i++) x *= 1.5; printf "%.6f %d %s %d\n", x, int(x), substr("abcdef", 2, 3), index("hello", "ll"); print length("xyz"), toupper("ab"), 17 % 5, 2 ^ 10}'
check subshells sh -c 'for i in 1 2 3; do (echo sub $i; exit $i); echo "st $?"; done; echo a | cat | tr a-z A-Z; true && echo yes || echo no'
check trap sh -c 'trap "echo got USR1" USR1; kill -USR1 $$; echo after; trap "echo bye" EXIT; (exit 2); echo sub $?'
check exit3 sh -c 'exit 3'
check links sh -c 'ln -s words.txt sym && readlink sym && wc -l < sym && ln words.txt hard && stat -c "%h %s" words.txt
ln -s words.txt sym; echo "again $?"; rm sym hard; ls sym hard 2>/dev/null; echo "gone $?"'
check chmodtouch sh -c 'chmod 640 data.txt && stat -c %a data.txt && chmod u+x,o+r data.txt && stat -c %a data.txt
mkdir -p d/e && touch d/e/new && ls d/e && touch -d "2001-02-03 04:05:06" data.txt && TZ=UTC0 stat -c %Y data.txt
touch -r data.txt words.txt && TZ=UTC0 stat -c %Y words.txt'
check killself sh -c 'echo before; kill -TERM $$; echo after'
# touch of a file without a time: the virtual CLOCK_REALTIME (1700000000
# at the start), not the host's clock
mkdir tv && (cd tv && : > new && "$VMMSIM" run -q --fs-rw -- "$BB" sh -c 'touch new; stat -c %Y new' >../tv.out) || fail "touch"
assert_eq "touch: the virtual time" 1700000000 "$(cat tv.out)"
# files the run writes have the virtual time of their last write (sleep
# moves the virtual clock), a directory it changes the virtual boot time,
# and a file it did not change keeps its own: the same every run (they had
# the host's clock)
for i in 1 2; do
	rm -rf ft && mkdir ft && printf 'old\n' > ft/old && touch -d '2001-02-03 04:05:06' ft/old
	(cd ft && "$VMMSIM" run -q --fs-rw -- "$BB" sh -c 'echo x > a; sleep 2; echo y >> b; echo z >> a; sleep 1;
		mkdir d; : > c; cat old >/dev/null; stat -c "%n %X %Y %Z" a b c d; stat -c "%n %Y" old' >../ft$i.out) ||
		fail "file times: $(cat ft$i.out)"
done
cmp -s ft1.out ft2.out || fail "file times differ between two runs: $(cat ft1.out ft2.out)"
assert_eq "file times" "a 1700000000 1700000002 1700000002
b 1700000002 1700000002 1700000002
c 1700000003 1700000003 1700000003
d 1700000000 1700000000 1700000000
old 981173106" "$(cat ft1.out)"
# vmmsim in a host pipeline whose reader leaves early: the guest gets
# SIGPIPE (exit 141, as the shell would show it), vmmsim does not die of it
{ rc=0; "$VMMSIM" run -q -- "$BB" seq 1 1000000 2>sp.err || rc=$?; echo $rc > sp.status; } | head -2 > sp.out
assert_eq "early reader: output" "1 2" "$(echo $(cat sp.out))"
assert_eq "early reader: status" 141 "$(cat sp.status)"
grep -q "killed by SIGPIPE" sp.err || fail "early reader: no SIGPIPE line"
echo "$n busybox commands identical"
