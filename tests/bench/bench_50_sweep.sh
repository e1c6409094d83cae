#!/bin/sh
# bench_50_sweep: on each of the three traces (gzip, ls, sort; see
# bench_30), a 12-capacity software-TLB sweep against one --mode swtlb
# replay of the same trace (target: the sweep takes at most 1.5x).  Runs
# alternate, medians of 5 each; wall time (the target) and CPU time (user +
# system, steadier when the machine is shared) side by side.
set -eu
# timeit: wall and CPU times to the microsecond (time(1) prints 10 ms steps)
make -s build/bench/timeit >/dev/null
TIMEIT=$(pwd)/build/bench/timeit
CAPS=16..32768x2 # 12 capacities
ncaps=$(echo 16 32 64 128 256 512 1024 2048 4096 8192 16384 32768 | wc -w)
tmp=$(mktemp "${TMPDIR:-/tmp}/bench50.XXXXXX")
trap 'rm -f "$tmp" "$tmp".*' EXIT INT TERM
# "wall cpu" seconds of a command
t() {
	"$TIMEIT" -o "$tmp" "$@" >/dev/null 2>&1 ||
		{ echo "bench_50_sweep: failed: $*" >&2; exit 1; }
	awk '{ printf "%.4f %.4f\n", $1, $2 + $3 }' "$tmp"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# compare LABEL TRACE EXTRA-OPTIONS...: 5 alternating runs of each, medians, ratios
compare() {
	label=$1 T=$2; shift 2
	: > "$tmp.one"; : > "$tmp.sw"
	for i in 1 2 3 4 5; do
		t "$VMMSIM" --trace "$T" --mode swtlb "$@" -q --json /dev/null >> "$tmp.one"
		t "$VMMSIM" sweep --trace "$T" --swtlb-entries "$CAPS" "$@" -q --csv /dev/null >> "$tmp.sw"
	done
	ow=$(cut -d' ' -f1 "$tmp.one" | median); oc=$(cut -d' ' -f2 "$tmp.one" | median)
	sw=$(cut -d' ' -f1 "$tmp.sw" | median); sc=$(cut -d' ' -f2 "$tmp.sw" | median)
	echo "$label"
	echo "  one --mode swtlb replay:              wall ${ow} s, cpu ${oc} s"
	echo "  sweep of $ncaps capacities ($CAPS): wall ${sw} s, cpu ${sc} s"
	echo "$sw $ow $sc $oc" | awk '{ r = $1 / $2; printf "  ratio sweep / one replay: wall %.2fx (target <= 1.5x: %s), cpu %.2fx\n", r, r <= 1.5 ? "met" : "NOT met", $3 / $4 }'
	echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
for name in gzip ls sort; do
	T=$BENCH/$name.zst
	if [ ! -s "$T" ]; then
		echo "$name: $T missing (bench_10 / prep.sh): skipped"
		continue
	fi
	compare "$name, model defaults (48-entry TLB):" "$T"
done
# Under TLB pressure an 8-entry hardware TLB turns gzip's few hundred
# refills into 1.6 million software-TLB lookups (for information).
[ -s "$BENCH/gzip.zst" ] && compare "gzip with --tlb-entries 8:" "$BENCH/gzip.zst" --tlb-entries 8
exit 0
