#!/bin/sh
# Builds the workloads' initramfs: Debian's busybox-static:mipsel
# (tests/guests/fetch-busybox.sh) and its applet links, the static programs
# of guests/workloads/ (mipsel-linux-gnu-gcc -static -O2), pmake.sh, and
# guests/workloads/init as /init.  Usage: build-initramfs.sh OUT.cpio.gz
# The archive is reproducible: fixed owners, times and order, gzip -n.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
src=$top/guests/workloads
bb=$top/build/cache/busybox-mipsel/bin/busybox
[ -x "$bb" ] || sh "$top/tests/guests/fetch-busybox.sh" >/dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/initramfs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
r=$tmp/root
mkdir -p "$r/bin" "$r/proc" "$r/tmp" "$r/dev" "$r/sbin"
cp "$bb" "$r/bin/busybox"
# the programs, also kept in build/workloads/bin/ (the test runs them
# under qemu-mipsel too)
mkdir -p "$top/build/workloads/bin"
for p in database engineering raytrace; do
	mipsel-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -o "$top/build/workloads/bin/$p" "$src/$p.c" -lm
	cp "$top/build/workloads/bin/$p" "$r/bin/$p"
done
cp "$src/init" "$r/init"
cp "$src/pmake.sh" "$r/bin/pmake.sh"
chmod 755 "$r/init" "$r/bin/"*
for a in sh mount echo mkdir ls sort cat rm wc sed tr md5sum cut awk poweroff true; do
	ln -s busybox "$r/bin/$a"
done
mknod "$r/dev/console" c 5 1 2>/dev/null || true
find "$r" -exec touch -h -d @0 {} +
(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9 -n > "$out.tmp.$$"
mv "$out.tmp.$$" "$out"
