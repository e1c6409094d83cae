#!/bin/sh
# The root sandbox: the guest sees --fs-root as "/"; "..", absolute paths
# and symlinks cannot leave it; without --fs-rw nothing can be changed.
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
P=$TOP/build/guests/special/fsprobe
mkdir -p root/sub outside
echo inside > root/in.txt
echo secret > outside/secret.txt
echo sub > root/sub/s.txt
ln -s ../outside/secret.txt root/up-link
ln -s /etc/passwd root/abs-link
ln -s sub/s.txt root/ok-link
ln -s "$PWD/outside" root/abs-dir-link
"$VMMSIM" run -q --fs-root root -- "$P" r:in.txt r:/in.txt r:sub/../in.txt r:../outside/secret.txt \
	r:../../../../etc/passwd r:/etc/passwd r:up-link r:abs-link r:ok-link r:abs-dir-link/secret.txt \
	l:ok-link l:/proc/self/exe s:/ s:/.. c:.. c:sub c:/sub/.. \
	w:new.txt d:newdir u:in.txt w:/dev/null r:/dev//null r:/dev/zero > out.txt 2>err.txt || fail "fsprobe failed: $(cat err.txt)"
cat > want.txt <<'END'
r:in.txt: ok inside
r:/in.txt: ok inside
r:sub/../in.txt: ok inside
r:../outside/secret.txt: No such file or directory
r:../../../../etc/passwd: No such file or directory
r:/etc/passwd: No such file or directory
r:up-link: No such file or directory
r:abs-link: No such file or directory
r:ok-link: ok sub
r:abs-dir-link/secret.txt: No such file or directory
l:ok-link: ok sub/s.txt
END
echo "l:/proc/self/exe: ok $P" >> want.txt
cat >> want.txt <<'END'
s:/: ok size 4096
s:/..: ok size 4096
c:..: ok /
c:sub: ok /sub
c:/sub/..: ok /
w:new.txt: Read-only file system
d:newdir: Read-only file system
u:in.txt: Read-only file system
w:/dev/null: ok 
r:/dev//null: ok 
r:/dev/zero: ok 
END
# directory sizes depend on the file system: compare them loosely
sed 's/ok size [0-9]*/ok size N/' out.txt > got.txt
sed 's/ok size [0-9]*/ok size N/' want.txt > want2.txt
diff -u want2.txt got.txt || fail "sandbox answers differ"
[ -e root/new.txt ] && fail "a file was created without --fs-rw"
[ -e root/in.txt ] || fail "a file was removed without --fs-rw"
# with --fs-rw the guest may write inside, still not outside
"$VMMSIM" run -q --fs-root root --fs-rw -- "$P" w:new.txt w:../escape.txt w:/sub/n2.txt d:newdir u:in.txt > out.txt 2>err.txt
cat > want.txt <<'END'
w:new.txt: ok 
w:../escape.txt: ok 
w:/sub/n2.txt: ok 
d:newdir: ok 
u:in.txt: ok 
END
diff -u want.txt out.txt || fail "read-write answers differ"
[ -f root/escape.txt ] || fail "../escape.txt should land in the root"
[ ! -e escape.txt ] || fail "a file escaped the root"
[ -d root/newdir ] && [ -f root/sub/n2.txt ] && [ ! -e root/in.txt ] || fail "read-write effects missing"
echo ok
