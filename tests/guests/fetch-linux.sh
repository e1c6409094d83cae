#!/bin/sh
# Fetches Debian's 4kc-malta Linux kernel for mipsel once into
# build/cache/linux-malta/ (vmlinuz, and VERSION: the package's name and
# version).  The package is the one the metapackage linux-image-4kc-malta
# depends on at its current candidate version (apt-cache policy).  Idempotent.
# Needs root (or sudo) for dpkg --add-architecture and apt-get update.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=$top/build/cache
out=$cache/linux-malta
[ -f "$out/vmlinuz" ] && exit 0
s=; [ "$(id -u)" = 0 ] || s=sudo
if ! dpkg --print-foreign-architectures | grep -qx mipsel; then
	$s dpkg --add-architecture mipsel
	$s apt-get update -qq
fi
pkg() { apt-cache depends linux-image-4kc-malta:mipsel 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*-4kc-malta\).*/\1/p' | head -n 1; }
name=$(pkg)
if [ -z "$name" ]; then $s apt-get update -qq; name=$(pkg); fi
[ -n "$name" ] || { echo "fetch-linux: no linux-image-*-4kc-malta:mipsel candidate" >&2; exit 1; }
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
download() { (cd "$tmp" && apt-get download -qq "$name:mipsel" >"$tmp/log" 2>&1) || { cat "$tmp/log" >&2; return 1; }; }
download || { $s apt-get update -qq && download; }
deb=$(ls "$tmp"/linux-image-*_mipsel.deb)
dpkg-deb -x "$deb" "$tmp/x"
mkdir -p "$out.new"
cp "$tmp"/x/boot/vmlinuz-* "$out.new/vmlinuz"
dpkg-deb -f "$deb" Package Version > "$out.new/VERSION"
rm -rf "$out"
mv "$out.new" "$out"
echo "$name:mipsel in $out/vmlinuz"
