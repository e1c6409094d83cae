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
secs() { # command...: wall seconds
	s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" 'BEGIN {printf "%.3f\n", e - s}'
}
insns=$("$VMMSIM" run -q --json "$BENCH/cpubound.json" -- "$prog" >/dev/null && jq .instructions "$BENCH/cpubound.json")
t_none=$(for i in 1 2 3; do secs "$VMMSIM" run -q --mode none -- "$prog"; done | median)
t_all=$(for i in 1 2 3; do secs "$VMMSIM" run -q --mode all -- "$prog"; done | median)
t_qemu=$(for i in 1 2 3; do secs qemu-mipsel "$prog"; done | median)
awk -v n="$insns" -v a="$t_none" -v b="$t_all" -v q="$t_qemu" 'BEGIN {
	printf "guest: cpubound, %d instructions\n", n
	printf "vmmsim run --mode none  %7.2f s  %6.1f M instructions/s  (target >= 150)\n", a, n / a / 1e6
	printf "vmmsim run --mode all   %7.2f s  %6.1f M instructions/s  (target >= 40)\n", b, n / b / 1e6
	printf "qemu-mipsel             %7.2f s  %6.1f M instructions/s  (JIT)\n", q, n / q / 1e6
	printf "ratio vmmsim none / qemu time: %.2f, all / none: %.2f\n", a / q, b / a
}'
