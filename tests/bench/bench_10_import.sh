#!/bin/sh
# bench_10_import: the lackey importer.
#   speed: MB of lackey text per second through 'vmmsim trace convert --from
#          lackey' (median of 3), from an uncompressed copy of the text made
#          once (so zstd decompression of the input is not measured).  Wall
#          time is the figure; CPU time (user+sys) is printed beside it, as
#          it shows the importer's own cost on a machine shared with others.
#          The parser alone (build/bench/import_parse: no writer, CPU time)
#          shows where the time goes.  Target: >= 200 MB/s.
#   size:  the converted trace vs zstd -3 of the same lackey text
#          (gzip.lackey.zst, made by prep.sh).  Target: ratio <= 0.4.
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
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
walls= cpus= rss=0
for i in 1 2 3; do
	m=$( { /usr/bin/time -f '%e %U %S %M' "$VMMSIM" trace convert --from lackey -o gzip.zst gzip.lackey; } 2>&1 | tail -n 1)
	set -- $m
	walls="$walls $1"
	cpus="$cpus $(awk -v u="$2" -v s="$3" 'BEGIN { printf "%.2f", u + s }')"
	[ "$4" -gt "$rss" ] && rss=$4
done
# shellcheck disable=SC2086
wall=$(median3 $walls)
# shellcheck disable=SC2086
cpu=$(median3 $cpus)
p=
for i in 1 2 3; do
	p="$p $("$top/build/bench/import_parse" lackey gzip.lackey | awk '{print $2}')"
done
# shellcheck disable=SC2086
parse=$(median3 $p)
records=$("$VMMSIM" trace info --json gzip.zst | jq .records)
out=$(wc -c < gzip.zst)
z3=$(wc -c < gzip.lackey.zst)
awk -v text="$text" -v lines="$lines" -v wall="$wall" -v walls="$walls" -v cpu="$cpu" -v cpus="$cpus" \
    -v parse="$parse" -v recs="$records" -v out="$out" -v z3="$z3" -v rss="$rss" 'BEGIN {
	printf "input:   lackey text of gzip -c (300 KB): %d lines, %.1f MB, %d records\n", lines, text / 1e6, recs
	printf "speed:   convert --from lackey: %.0f MB/s wall (%.2f s; runs%s s; target >= 200)\n", text / wall / 1e6, wall, walls
	printf "         %.0f MB/s of CPU time (%.2f s user+sys; runs%s s)\n", text / cpu / 1e6, cpu, cpus
	printf "         parser alone (no writer): %.0f MB/s of CPU time, so %.0f%% of the CPU time is the writer and reading\n", parse, 100 * (1 - (text / cpu / 1e6) / parse)
	printf "         %.1f M records/s (wall), peak RSS %.0f MB\n", recs / wall / 1e6, rss / 1024
	printf "size:    converted %d bytes (%.3f bytes/record) vs zstd -3 of the text %d bytes (%.3f bytes/record)\n", out, out / recs, z3, z3 / recs
	printf "ratio:   %.3f (target <= 0.4)\n", out / z3
}'
