#!/bin/sh
# bench_30_replay: the replay engine on the gzip lackey trace ($BENCH/gzip.zst,
# written by bench_10; made here if absent).
#   speed:  --mode native in references per second (median of 3; target
#           >= 150 M/s), its time against `zstd -dc gzip.zst > /dev/null`
#           (aim: within 2.5x), --mode all against --mode native (target:
#           at most 1.6x: one decode feeds every mode, and one hardware-TLB
#           simulation serves every mode where their TLBs cannot differ),
#           and --mode all with --separate-tlbs for comparison (its results
#           must be identical, checked here too).
#   memory: peak RSS of --mode all on the whole trace and on its first
#           quarter (must not grow with the trace beyond per-page state).
set -eu
cd "$BENCH"
if [ ! -s gzip.zst ]; then
	zstd -dcq gzip.lackey.zst | "$VMMSIM" trace convert --from lackey -o gzip.zst -
fi
now() { date +%s.%N; }
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
timeit() { # command...: seconds, median of 3
	t=
	for i in 1 2 3; do
		t0=$(now)
		"$@" > /dev/null
		t1=$(now)
		t="$t $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
	done
	# shellcheck disable=SC2086
	median3 $t
}
refs=$("$VMMSIM" trace info --json gzip.zst | jq '.fetches + .loads + .stores' 2>/dev/null || true)
case $refs in ''|null|*[!0-9]*) refs=$("$VMMSIM" --trace gzip.zst --mode native --json - -q | jq .modes.native.references) ;; esac
zs=$(timeit zstd -dcq gzip.zst)
nat=$(timeit "$VMMSIM" --trace gzip.zst --mode native -q)
all=$(timeit "$VMMSIM" --trace gzip.zst --mode all -q)
sep=$(timeit "$VMMSIM" --trace gzip.zst --mode all -q --separate-tlbs)
"$VMMSIM" --trace gzip.zst --mode all -q --json shared.json
"$VMMSIM" --trace gzip.zst --mode all -q --json separate.json --separate-tlbs
same=no
cmp -s shared.json separate.json && same=yes
rm -f shared.json separate.json
if [ ! -s gzip.quarter.zst ]; then
	lines=$(zstd -dcq gzip.lackey.zst | wc -l)
	zstd -dcq gzip.lackey.zst | head -n $((lines / 4)) |
		"$VMMSIM" trace convert --from lackey -o gzip.quarter.zst -
fi
# CPU seconds (user + system, median of 3): a figure the load of other
# processes on the machine does not inflate
cpu() {
	t=
	for i in 1 2 3; do
		t="$t $( { /usr/bin/time -f '%U %S' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{ printf "%.2f", $1 + $2 }')"
	done
	# shellcheck disable=SC2086
	median3 $t
}
cpu_nat=$(cpu "$VMMSIM" --trace gzip.zst --mode native -q)
cpu_all=$(cpu "$VMMSIM" --trace gzip.zst --mode all -q)
cpu_zs=$(cpu zstd -dcq gzip.zst)
rss_all=$( { /usr/bin/time -f %M "$VMMSIM" --trace gzip.zst --mode all -q; } 2>&1 | tail -n 1)
rss_q=$( { /usr/bin/time -f %M "$VMMSIM" --trace gzip.quarter.zst --mode all -q; } 2>&1 | tail -n 1)
load=$(cut -d' ' -f1-3 /proc/loadavg)
awk -v la="$load" -v refs="$refs" -v zs="$zs" -v nat="$nat" -v all="$all" -v sep="$sep" -v same="$same" \
    -v ra="$rss_all" -v rq="$rss_q" -v cn="$cpu_nat" -v ca="$cpu_all" -v cz="$cpu_zs" 'BEGIN {
	printf "references:                %d\n", refs
	printf "zstd -dc gzip.zst:         %.3f s\n", zs
	printf "--mode native:             %.3f s  %.1f M references/s  (target >= 150)\n", nat, refs / nat / 1e6
	printf "native / zstd -dc:         %.2fx  (aim <= 2.5)\n", nat / zs
	printf "--mode all:                %.3f s  all / native %.2fx  (target <= 1.6)\n", all, all / nat
	printf "--mode all --separate-tlbs: %.3f s  (%.2fx native; same results: %s)\n", sep, sep / nat, same
	printf "CPU seconds (user+sys):    zstd -dc %.2f, native %.2f (%.1f M references per CPU second), all %.2f\n", cz, cn, refs / (cn > 0 ? cn : 1) / 1e6, ca
	printf "load average while measured: %s\n", la
	printf "peak RSS --mode all:       %d KB whole trace, %d KB first quarter\n", ra, rq
}'
