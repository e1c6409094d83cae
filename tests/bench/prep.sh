#!/bin/sh
# Prepares the benchmark inputs once, cached in build/bench/:
#   gzip.in          300 KB of fixed text (Debian's common licenses)
#   gzip.lackey.zst  zstd -3 of the lackey trace of 'gzip -c gzip.in'
#                    (~87 million records; bench_10 converts it to gzip.zst)
#   ls.zst           the lackey trace of 'ls -l /usr/bin', converted
#                    (~28 million records; depends on this machine's /usr/bin)
#   words.in         20 MB of random words, the same on every machine
#                    (build/bench/words 20000000 42)
#   sort.zst         the lackey trace of 'sort words.in', converted: its
#                    first SORT_RECORDS (100 million) lackey lines (a modify
#                    line is a load and a store: 100.0 M records), which read
#                    the 20 MB into memory and begin sorting (a large data
#                    footprint; the whole sort would be ~5 billion records,
#                    hours under lackey)
# Safe to run again: does nothing if present.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
d=$top/build/bench
mkdir -p "$d"
cd "$d"
VMMSIM=${VMMSIM:-$top/build/vmmsim}
SORT_RECORDS=${SORT_RECORDS:-100000000}
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
[ -x "$VMMSIM" ] || make -s -C "$top" build/vmmsim >/dev/null
if [ ! -s ls.zst ]; then
	echo "bench: recording valgrind --tool=lackey --trace-mem=yes ls -l /usr/bin (a minute, once)" >&2
	LC_ALL=C valgrind --tool=lackey --trace-mem=yes --log-fd=3 ls -l /usr/bin 3>&1 >/dev/null 2>/dev/null \
		| "$VMMSIM" trace convert --from lackey -o ls.zst.tmp -
	mv ls.zst.tmp ls.zst
fi
if [ ! -s words.in ]; then
	make -s -C "$top" build/bench/words >/dev/null
	./words 20000000 42 > words.in.tmp
	mv words.in.tmp words.in
fi
if [ ! -s sort.zst ]; then
	echo "bench: recording valgrind --tool=lackey --trace-mem=yes sort words.in, first $SORT_RECORDS lackey lines (several minutes, once)" >&2
	# head ends valgrind (SIGPIPE) once it has the lines it keeps
	LC_ALL=C valgrind --tool=lackey --trace-mem=yes --log-fd=3 sort --parallel=1 -S 256M -T "$d" words.in \
		3>&1 >/dev/null 2>/dev/null | head -n "$SORT_RECORDS" \
		| "$VMMSIM" trace convert --from lackey -o sort.zst.tmp -
	mv sort.zst.tmp sort.zst
fi
