#!/bin/sh
# Trace decode: the batch API (trace_read, and trace_read_runs) on $BENCH/gzip.zst, median of 3,
# and trace_read_runs of the same records in format 1.1 (what 2.0's blocks gain), on gzip, ls
# and sort,
# beside `zstd -dc FILE >/dev/null` on the same file (the floor), wall and
# CPU time (on a shared machine CPU time shows the decoder's own cost); raw and
# compressed bytes per record; peak RSS of decoding and of writing, on the
# trace and on one 4 times longer (it must not grow).
set -eu
make -s build/bench/trace_decode >/dev/null
TD=build/bench/trace_decode
G=$BENCH/gzip.zst
if [ ! -s "$G" ]; then
	# bench_10 (the lackey importer) normally leaves it
	zstd -dcq "$BENCH/gzip.lackey.zst" | "$VMMSIM" trace convert --from lackey -o "$G" -
fi
med3() { sort -n | sed -n 2p; }
runs=$(for i in 1 2 3; do $TD "$G"; done)
rruns=$(for i in 1 2 3; do $TD --runs "$G"; done)
rsecs=$(echo "$rruns" | awk '{print $4}' | med3)
rcpu=$(echo "$rruns" | awk '{print $8}' | med3)
recs=$(echo "$runs" | awk '{print $2; exit}')
secs=$(echo "$runs" | awk '{print $4}' | med3)
cpu=$(echo "$runs" | awk '{print $8}' | med3)
zruns=$(for i in 1 2 3; do
	/usr/bin/time -f '%e %U %S' zstd -dc "$G" 2>&1 >/dev/null | tail -n 1
done)
zsecs=$(echo "$zruns" | awk '{print $1}' | med3)
# CPU time of one zstd -dc, from ten in a row (time(1) counts in 10 ms steps)
zcpu=$(/usr/bin/time -f '%U %S' sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do zstd -dc "$1" >/dev/null; done' sh "$G" 2>&1 |
	tail -n 1 | awk '{print ($1 + $2) / 10}')
raw=$(zstd -dc "$G" | wc -c)
comp=$(stat -c %s "$G")
lackey=$(stat -c %s "$BENCH/gzip.lackey.zst")
awk -v n="$recs" -v s="$secs" -v c="$cpu" -v rs="$rsecs" -v rc="$rcpu" -v z="$zsecs" -v zc="$zcpu" -v raw="$raw" -v comp="$comp" -v lk="$lackey" 'BEGIN {
	printf "records                  %d\n", n
	printf "decode (trace_read)      %.3f s  %.0f M records/s  (cpu %.3f s, %.0f M records/s)   target >= 200 M/s\n", s, n / s / 1e6, c, n / c / 1e6
	printf "decode, runs (trace_read_runs, sequential fetches joined): %.3f s  %.0f M records/s  (cpu %.3f s)\n", rs, n / rs / 1e6, rc
	printf "zstd -dc (floor)         %.3f s  (cpu %.3f s)\n", z, zc
	printf "decode / zstd -dc        %.2fx wall, %.2fx cpu   aim <= 2x\n", s / z, (zc > 0 ? c / zc : 0)
	printf "raw bytes per record     %.3f  (%d bytes)\n", raw / n, raw
	printf "compressed per record    %.4f  (%d bytes)\n", comp / n, comp
	printf "size / zstd -3 of lackey %.3f  (%d / %d bytes)   target <= 0.4\n", comp / lk, comp, lk
}'
# format 2.0 against 1.1: the same records, trace_read_runs, median of 3, in turns
for name in gzip ls sort; do
	T=$BENCH/$name.zst
	[ -s "$T" ] || continue
	[ "$BENCH/$name.v11.zst" -nt "$T" ] || $TD --v1 "$T" "$BENCH/$name.v11.zst"
	both=$(for i in 1 2 3; do $TD --runs "$T"; $TD --runs "$BENCH/$name.v11.zst"; done)
	echo "$both" | awk -v name="$name" -v s2="$(stat -c %s "$T")" -v s1="$(stat -c %s "$BENCH/$name.v11.zst")" '
		NR % 2 { c2[++n2] = $8 } !(NR % 2) { c1[++n1] = $8; recs = $2 }
		function med(a,   t) { if (a[1] > a[2]) { t = a[1]; a[1] = a[2]; a[2] = t }
			if (a[2] > a[3]) { t = a[2]; a[2] = a[3]; a[3] = t }
			if (a[1] > a[2]) { t = a[1]; a[1] = a[2]; a[2] = t } return a[2] }
		END { m2 = med(c2); m1 = med(c1)
			printf "%-5s runs decode, cpu: 2.0 %.3f s (%.0f M/s), 1.1 %.3f s (%.0f M/s): %.2fx faster; size 2.0 %d / 1.1 %d bytes (%.2fx)\n",
			       name, m2, recs / m2 / 1e6, m1, recs / m1 / 1e6, m1 / m2, s2, s1, s2 / s1 }'
done
G4=$BENCH/gzip4.zst
[ "$G4" -nt "$G" ] || $TD --repeat 4 "$G" "$G4"
rss1=$(/usr/bin/time -f %M $TD "$G" 2>&1 >/dev/null | tail -n 1)
rss4=$(/usr/bin/time -f %M $TD "$G4" 2>&1 >/dev/null | tail -n 1)
w1=$(/usr/bin/time -f %M $TD --repeat 1 "$G" "$BENCH/rss1.tmp.zst" 2>&1 >/dev/null | tail -n 1)
w4=$(/usr/bin/time -f %M $TD --repeat 4 "$G" "$BENCH/rss4.tmp.zst" 2>&1 >/dev/null | tail -n 1)
rm -f "$BENCH/rss1.tmp.zst" "$BENCH/rss4.tmp.zst"
echo "peak RSS decoding        ${rss1} KB (gzip.zst), ${rss4} KB (4x longer trace)"
echo "peak RSS decode+rewrite  ${w1} KB (1x), ${w4} KB (4x)"
