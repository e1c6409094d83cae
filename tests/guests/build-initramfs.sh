#!/bin/sh
# Builds the Linux test's initramfs: Debian's busybox-static:mipsel
# (tests/guests/fetch-busybox.sh), its applet links, and
# tests/guests/linux/init as /init.  Usage: build-initramfs.sh OUT.cpio.gz
# The archive is reproducible: fixed owners, times and order, gzip -n.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
bb=$top/build/cache/busybox-mipsel/bin/busybox
[ -x "$bb" ] || sh "$top/tests/guests/fetch-busybox.sh" >/dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/initramfs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
r=$tmp/root
mkdir -p "$r/bin" "$r/proc" "$r/tmp" "$r/dev" "$r/sbin"
cp "$bb" "$r/bin/busybox"
cp "$top/tests/guests/linux/init" "$r/init"
chmod 755 "$r/init" "$r/bin/busybox"
# the applet list, from busybox itself (a static mipsel binary: qemu-mipsel)
for a in sh mount echo mkdir ls sort cat cp rm wc mv seq awk uniq head sed \
         grep tr gzip gunzip md5sum cmp uname poweroff reboot true false; do
	ln -s busybox "$r/bin/$a"
done
mknod "$r/dev/console" c 5 1 2>/dev/null || true
find "$r" -exec touch -h -d @0 {} +
(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9 -n > "$out.tmp.$$"
mv "$out.tmp.$$" "$out"
