#!/bin/sh
# bench_50_sweep: a 12-capacity software-TLB sweep of the gzip trace against
# one --mode swtlb replay of it (target: the sweep takes at most 1.5x).
# Medians of 3 runs each, measured side by side.  Needs $BENCH/gzip.zst
# (written by bench_10, the import part).
set -eu
T=$BENCH/gzip.zst
if [ ! -s "$T" ]; then
	echo "bench_50_sweep: $T missing (written by bench_10_*): skipped"
	exit 0
fi
CAPS=16..32768x2 # 12 capacities
ncaps=$(echo 16 32 64 128 256 512 1024 2048 4096 8192 16384 32768 | wc -w)
# wall time of a command, seconds
t() {
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || { echo "bench_50_sweep: failed: $*" >&2; exit 1; }
	e=$(date +%s.%N)
	echo "$s $e" | awk '{ printf "%.3f\n", $2 - $1 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
r1= r2=
for i in 1 2 3; do
	r1="$r1 $(t "$VMMSIM" --trace "$T" --mode swtlb -q --json /dev/null)"
	r2="$r2 $(t "$VMMSIM" sweep --trace "$T" --swtlb-entries "$CAPS" -q --csv /dev/null)"
done
one=$(echo $r1 | tr ' ' '\n' | median)
sweep=$(echo $r2 | tr ' ' '\n' | median)
echo "one --mode swtlb replay:        ${one} s (runs:$r1)"
echo "sweep of $ncaps capacities ($CAPS): ${sweep} s (runs:$r2)"
echo "$sweep $one" | awk '{ r = $1 / $2; printf "ratio sweep / one replay: %.2fx (target <= 1.5x): %s\n", r, r <= 1.5 ? "met" : "NOT met" }'
# The same under TLB pressure: an 8-entry hardware TLB turns gzip's few
# hundred refills into 1.6 million software-TLB lookups (for information).
r1= r2=
for i in 1 2 3; do
	r1="$r1 $(t "$VMMSIM" --trace "$T" --mode swtlb --tlb-entries 8 -q --json /dev/null)"
	r2="$r2 $(t "$VMMSIM" sweep --trace "$T" --swtlb-entries "$CAPS" --tlb-entries 8 -q --csv /dev/null)"
done
one=$(echo $r1 | tr ' ' '\n' | median)
sweep=$(echo $r2 | tr ' ' '\n' | median)
echo "with --tlb-entries 8: one replay ${one} s, sweep ${sweep} s, ratio $(echo "$sweep $one" | awk '{ printf "%.2fx", $1 / $2 }')"
