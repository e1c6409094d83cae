#!/bin/sh
# bench_30_replay: the replay engine on three lackey traces: gzip (written by
# bench_10), ls -l /usr/bin and sort of 20 MB of words (prep.sh).  For each:
#   speed:  --mode native in references per second (target >= 300 M/s), its
#           time against `zstd -dc FILE > /dev/null` of the same file (aim:
#           within 3x), --mode all against --mode native (target: at most
#           1.3x: one decode feeds every mode, and one hardware-TLB
#           simulation serves every mode where their TLBs cannot differ),
#           and --mode native with --record-by-record (no runs of fetches;
#           its results must be identical, checked here too).  The commands
#           run in turn, 5 rounds; medians of wall and of CPU time (user +
#           system: on a shared machine the steadier figure).
# On gzip also:
#   --mode all with --separate-tlbs (results identical, checked);
#   memory: peak RSS of --mode all on the whole trace and on its first
#           quarter (must not grow with the trace beyond per-page state).
set -eu
# timeit: wall and CPU times to the microsecond (time(1) prints 10 ms steps)
make -s build/bench/timeit >/dev/null
TIMEIT=$(pwd)/build/bench/timeit
cd "$BENCH"
if [ ! -s gzip.zst ]; then
	zstd -dcq gzip.lackey.zst | "$VMMSIM" trace convert --from lackey -o gzip.zst -
fi
tmp=$(mktemp "${TMPDIR:-/tmp}/bench30.XXXXXX")
trap 'rm -f "$tmp" "$tmp".*' EXIT INT TERM
# one LABEL COMMAND...: appends "LABEL wall cpu" to $tmp.runs
one() {
	l=$1; shift
	"$TIMEIT" -o "$tmp" "$@" >/dev/null 2>&1 ||
		{ echo "bench_30_replay: failed: $*" >&2; exit 1; }
	awk -v l="$l" '{ printf "%s %.4f %.4f\n", l, $1, $2 + $3 }' "$tmp" >> "$tmp.runs"
}
# med LABEL COLUMN: median of a column (2 wall, 3 cpu) of LABEL's runs
med() {
	awk -v l="$1" -v c="$2" '$1 == l { print $c }' "$tmp.runs" | sort -g |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in gzip ls sort; do
	T=$name.zst
	if [ ! -s "$T" ]; then
		echo "$name: $T missing (prep.sh): skipped"
		continue
	fi
	refs=$("$VMMSIM" trace info --json "$T" | jq '.fetches + .loads + .stores')
	"$VMMSIM" --trace "$T" --mode all -q --json "$tmp.a.json"
	"$VMMSIM" --trace "$T" --mode all -q --json "$tmp.b.json" --record-by-record
	same=no
	cmp -s "$tmp.a.json" "$tmp.b.json" && same=yes
	: > "$tmp.runs"
	for i in 1 2 3 4 5; do
		one zstd zstd -dcq "$T"
		one native "$VMMSIM" --trace "$T" --mode native -q
		one all "$VMMSIM" --trace "$T" --mode all -q
		one rbr "$VMMSIM" --trace "$T" --mode native -q --record-by-record
	done
	awk -v name="$name" -v refs="$refs" -v same="$same" -v la="$(cut -d' ' -f1-3 /proc/loadavg)" \
	    -v zw="$(med zstd 2)" -v zc="$(med zstd 3)" -v nw="$(med native 2)" -v nc="$(med native 3)" \
	    -v aw="$(med all 2)" -v ac="$(med all 3)" -v rw="$(med rbr 2)" -v rc="$(med rbr 3)" 'BEGIN {
		printf "%s: %.1f M references\n", name, refs / 1e6
		printf "  zstd -dc:               wall %.3f s, cpu %.3f s\n", zw, zc
		printf "  --mode native:          wall %.3f s, cpu %.3f s: %.0f M references/s wall, %.0f M per CPU second  (target >= 300: %s)\n",
		       nw, nc, refs / nw / 1e6, refs / nc / 1e6, refs / nw / 1e6 >= 300 ? "met" : "NOT met"
		printf "  native / zstd -dc:      %.1fx wall, %.1fx cpu  (aim <= 3x)\n", nw / zw, nc / zc
		printf "  --mode all:             wall %.3f s, cpu %.3f s: all / native %.2fx wall, %.2fx cpu  (target <= 1.3x: %s)\n",
		       aw, ac, aw / nw, ac / nc, aw / nw <= 1.3 ? "met" : "NOT met"
		printf "  --record-by-record:     wall %.3f s, cpu %.3f s: runs save %.0f%% wall, %.0f%% cpu; same results: %s\n",
		       rw, rc, 100 * (1 - nw / rw), 100 * (1 - nc / rc), same
		printf "  load average after:     %s\n", la
	}'
done
# gzip: separate TLBs, memory
sep=$( { /usr/bin/time -f '%e' "$VMMSIM" --trace gzip.zst --mode all -q --separate-tlbs --json "$tmp.s.json"; } 2>&1 | tail -n 1)
"$VMMSIM" --trace gzip.zst --mode all -q --json "$tmp.a.json"
same=no
cmp -s "$tmp.a.json" "$tmp.s.json" && same=yes
if [ ! -s gzip.quarter.zst ]; then
	lines=$(zstd -dcq gzip.lackey.zst | wc -l)
	zstd -dcq gzip.lackey.zst | head -n $((lines / 4)) |
		"$VMMSIM" trace convert --from lackey -o gzip.quarter.zst -
fi
rss_all=$( { /usr/bin/time -f %M "$VMMSIM" --trace gzip.zst --mode all -q; } 2>&1 | tail -n 1)
rss_q=$( { /usr/bin/time -f %M "$VMMSIM" --trace gzip.quarter.zst --mode all -q; } 2>&1 | tail -n 1)
echo "gzip --mode all --separate-tlbs: wall $sep s (same results: $same)"
echo "gzip peak RSS --mode all: $rss_all KB whole trace, $rss_q KB first quarter"
