#!/bin/sh
# Prepares the benchmark inputs once, cached in build/bench/:
#   gzip.in          300 KB of fixed text (Debian's common licenses)
#   gzip.lackey.zst  zstd -3 of the lackey trace of 'gzip -c gzip.in'
# (~87 million records).  Safe to run again: does nothing if present.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
d=$top/build/bench
mkdir -p "$d"
cd "$d"
if [ ! -s gzip.in ]; then
	cat /usr/share/common-licenses/* /usr/share/common-licenses/* | head -c 300000 > gzip.in.tmp
	mv gzip.in.tmp gzip.in
fi
if [ ! -s gzip.lackey.zst ]; then
	echo "bench: recording valgrind --tool=lackey --trace-mem=yes gzip -c gzip.in (a few minutes, once)" >&2
	valgrind --tool=lackey --trace-mem=yes --log-fd=3 gzip -c gzip.in 3>&1 >/dev/null 2>/dev/null \
		| zstd -3 -q -c > gzip.lackey.zst.tmp
	mv gzip.lackey.zst.tmp gzip.lackey.zst
fi
