#!/bin/sh
# Fetches Debian's busybox-static:mipsel once into build/cache/busybox-mipsel/
# (bin/busybox).  Idempotent: does nothing when the binary is already there.
# Needs root (or sudo) for dpkg --add-architecture and apt-get update.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=$top/build/cache
out=$cache/busybox-mipsel
[ -x "$out/bin/busybox" ] && exit 0
s=; [ "$(id -u)" = 0 ] || s=sudo
if ! dpkg --print-foreign-architectures | grep -qx mipsel; then
	$s dpkg --add-architecture mipsel
	$s apt-get update -qq
fi
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
# (apt warns that _apt cannot reach the directory and downloads as root:
# harmless, so its messages are shown only when the download fails)
download() { (cd "$tmp" && apt-get download -qq busybox-static:mipsel >"$tmp/log" 2>&1) || { cat "$tmp/log" >&2; return 1; }; }
download || { $s apt-get update -qq && download; }
dpkg-deb -x "$tmp"/busybox-static_*_mipsel.deb "$tmp/x"
mkdir -p "$out.new/bin"
cp "$tmp/x/bin/busybox" "$out.new/bin/busybox"
rm -rf "$out"
mv "$out.new" "$out"
echo "busybox-static:mipsel in $out/bin/busybox"
