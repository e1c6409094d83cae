#!/bin/sh
# vmmsim run: a CPU-bound static glibc guest of about 1e9 instructions
# (guests/bench/cpubound.c, -O2), instructions per second with --mode none
# and --mode all (median of 3 runs each), and qemu-mipsel (a JIT) on the
# same program beside it.  Targets: >= 150 M/s none, >= 40 M/s all.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
prog=$BENCH/cpubound
if [ ! -x "$prog" ] || [ "$top/guests/bench/cpubound.c" -nt "$prog" ]; then
	mipsel-linux-gnu-gcc -static -O2 -o "$prog.tmp" "$top/guests/bench/cpubound.c" && mv "$prog.tmp" "$prog"
fi
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# wall seconds and CPU seconds (user + system) of one run, "wall cpu"
one_run() {
	/usr/bin/time -f "%e %U %S" -o "$BENCH/time.txt" "$@" >/dev/null 2>&1 || true
	awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$BENCH/time.txt"
}
# median of 3 runs: "wall cpu" (each the median of its column)
med3() {
	for i in 1 2 3; do one_run "$@"; done > "$BENCH/runs.txt"
	echo "$(awk '{print $1}' "$BENCH/runs.txt" | median) $(awk '{print $2}' "$BENCH/runs.txt" | median)"
}
insns=$("$VMMSIM" run -q --json "$BENCH/cpubound.json" -- "$prog" >/dev/null && jq .instructions "$BENCH/cpubound.json")
t_none=$(med3 "$VMMSIM" run -q --mode none -- "$prog")
t_all=$(med3 "$VMMSIM" run -q --mode all -- "$prog")
t_qemu=$(med3 qemu-mipsel "$prog")
echo "$t_none $t_all $t_qemu" | awk -v n="$insns" '{
	printf "guest: cpubound (guests/bench/cpubound.c), %d instructions; medians of 3 runs\n", n
	printf "%-24s %8s %8s %12s %12s\n", "", "wall s", "cpu s", "M insn/s", "(cpu time)"
	printf "%-24s %8.2f %8.2f %12.1f %12.1f  target >= 150\n", "vmmsim run --mode none", $1, $2, n / $1 / 1e6, n / $2 / 1e6
	printf "%-24s %8.2f %8.2f %12.1f %12.1f  target >= 40\n", "vmmsim run --mode all", $3, $4, n / $3 / 1e6, n / $4 / 1e6
	printf "%-24s %8.2f %8.2f %12.1f %12.1f  (a JIT)\n", "qemu-mipsel", $5, $6, n / $5 / 1e6, n / $6 / 1e6
	printf "ratios (cpu time): vmmsim none / qemu %.2f, all / none %.2f\n", $2 / $6, $4 / $2
}'
