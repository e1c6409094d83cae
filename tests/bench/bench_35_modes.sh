#!/bin/sh
# bench_35_modes: every mode from one decode on the gzip lackey trace
# ($BENCH/gzip.zst, written by bench_10; made here if absent):
#   --mode every (native, virt, swtlb, hw, shadow, nested) against
#   --mode native, wall time (median of 3) and CPU time (median of 3);
#   target: at most 2x.  The hardware-walked machine (hw, shadow, nested)
#   is fed the same batches after the software-TLB machine, in the same
#   thread as it.
set -eu
cd "$BENCH"
if [ ! -s gzip.zst ]; then
	zstd -dcq gzip.lackey.zst | "$VMMSIM" trace convert --from lackey -o gzip.zst -
fi
now() { date +%s.%N; }
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
timeit() {
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
cpu() {
	t=
	for i in 1 2 3; do
		t="$t $( { /usr/bin/time -f '%U %S' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{ printf "%.2f", $1 + $2 }')"
	done
	# shellcheck disable=SC2086
	median3 $t
}
nat=$(timeit "$VMMSIM" --trace gzip.zst --mode native -q)
every=$(timeit "$VMMSIM" --trace gzip.zst --mode every -q)
hw=$(timeit "$VMMSIM" --trace gzip.zst --mode hw,shadow,nested -q)
cn=$(cpu "$VMMSIM" --trace gzip.zst --mode native -q)
ce=$(cpu "$VMMSIM" --trace gzip.zst --mode every -q)
load=$(cut -d' ' -f1-3 /proc/loadavg)
awk -v n="$nat" -v e="$every" -v h="$hw" -v cn="$cn" -v ce="$ce" -v la="$load" 'BEGIN {
	printf "--mode native:             %.3f s\n", n
	printf "--mode every:              %.3f s  every / native %.2fx  (target <= 2)\n", e, e / n
	printf "--mode hw,shadow,nested:   %.3f s\n", h
	printf "CPU seconds (user+sys):    native %.2f, every %.2f (%.2fx)\n", cn, ce, ce / (cn > 0 ? cn : 1)
	printf "load average while measured: %s\n", la
}'
