#!/bin/sh
# bench_10_import: the lackey importer.
#   speed: MB of lackey text per second through 'vmmsim trace convert --from
#          lackey' (median of 3), from an uncompressed copy of the text made
#          once (so zstd decompression of the input is not measured), beside
#          the parser alone (build/bench/import_parse: no writer) to show
#          where the time goes.  Target: >= 200 MB/s.
#   size:  the converted trace vs zstd -3 of the same lackey text
#          (gzip.lackey.zst).  Target: ratio <= 0.4.
# Leaves the converted trace in $BENCH/gzip.zst for the later parts.
set -eu
top=$(pwd)
cd "$BENCH"
if [ ! -s gzip.lackey ]; then
	zstd -dcq gzip.lackey.zst > gzip.lackey.tmp
	mv gzip.lackey.tmp gzip.lackey
fi
make -s -C "$top" build/bench/import_parse >/dev/null
text=$(wc -c < gzip.lackey)
lines=$(wc -l < gzip.lackey)
now() { date +%s.%N; }
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
t=
for i in 1 2 3; do
	t0=$(now)
	"$VMMSIM" trace convert --from lackey -o gzip.zst gzip.lackey
	t1=$(now)
	t="$t $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
done
# shellcheck disable=SC2086
secs=$(median3 $t)
p=
for i in 1 2 3; do
	p="$p $("$top/build/bench/import_parse" lackey gzip.lackey | awk '{print $1}')"
done
# shellcheck disable=SC2086
parse=$(median3 $p)
peak=$( { /usr/bin/time -f %M "$VMMSIM" trace convert --from lackey -o gzip.zst gzip.lackey; } 2>&1 | tail -n 1)
records=$("$VMMSIM" trace info --json gzip.zst | jq .records)
out=$(wc -c < gzip.zst)
z3=$(wc -c < gzip.lackey.zst)
awk -v text="$text" -v lines="$lines" -v secs="$secs" -v times="$t" -v parse="$parse" \
    -v recs="$records" -v out="$out" -v z3="$z3" -v peak="$peak" 'BEGIN {
	printf "input:   lackey text of gzip -c (300 KB): %d lines, %.1f MB, %d records\n", lines, text / 1e6, recs
	printf "speed:   convert --from lackey %.0f MB/s (%.2f s, median of%s s; target >= 200)\n", text / secs / 1e6, secs, times
	printf "         parser alone (no writer) %.0f MB/s; so the writer takes %.0f%% of the time\n", parse, 100 * (1 - (text / secs / 1e6) / parse)
	printf "         %.1f M records/s, peak RSS %.0f MB\n", recs / secs / 1e6, peak / 1024
	printf "size:    converted %d bytes (%.3f bytes/record) vs zstd -3 of the text %d bytes (%.3f bytes/record)\n", out, out / recs, z3, z3 / recs
	printf "ratio:   %.3f (target <= 0.4)\n", out / z3
}'
