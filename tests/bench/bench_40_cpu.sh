#!/bin/sh
# CPU speed: a CPU-bound freestanding guest of about a billion instructions
# (guests/hash.c with ROUNDS=15800: FNV-1a and a murmur mix, -O2) run by
# build/bench/cpu_speed through the test loader, without events and with
# events (drained by a trivial consumer), beside qemu-mipsel on the same
# program.  Median of 3 runs each, by wall-clock time; the process CPU time
# of the same runs is printed too (the machine is shared: it is steadier).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
BENCH=${BENCH:-$top/build/bench}
mkdir -p "$BENCH"
make -s -C "$top" build/bench/cpu_speed >/dev/null
prog=$BENCH/cpu_hash
mipsel-linux-gnu-gcc -static -nostdlib -ffreestanding -O2 -mno-abicalls -fno-pic -no-pie \
	-I"$top/guests" -DROUNDS=15800 -o "$prog" "$top/guests/hash.c" -lgcc 2>/dev/null
run3() { # args: cpu_speed options; prints "mips insns secs cpu_mips cpu_secs" of the median run
	for i in 1 2 3; do "$top/build/bench/cpu_speed" "$@" "$prog" 2>/dev/null; done |
		awk '{print $6, $2, $4, $10, $8}' | sort -n | sed -n 2p
}
set -- $(run3)
mips_none=$1 insns=$2 secs_none=$3 cmips_none=$4
set -- $(run3 --events)
mips_ev=$1 secs_ev=$3 cmips_ev=$4
qemu_secs=$(for i in 1 2 3; do
	s=$(date +%s.%N); qemu-mipsel "$prog" >/dev/null; e=$(date +%s.%N)
	awk -v a="$s" -v b="$e" "BEGIN{print b-a}"
done | sort -n | sed -n 2p)
echo "guest: guests/hash.c -DROUNDS=15800, $insns instructions"
printf 'cpu, no events:   %6.1f M instructions/s  (%.2f s; %.1f M/s of CPU time)\n' "$mips_none" "$secs_none" "$cmips_none"
printf 'cpu, with events: %6.1f M instructions/s  (%.2f s; %.1f M/s of CPU time)\n' "$mips_ev" "$secs_ev" "$cmips_ev"
awk -v q="$qemu_secs" -v a="$secs_none" -v b="$secs_ev" 'BEGIN {
	printf "qemu-mipsel:      %.2f s; vmmsim CPU / qemu time: %.1fx without events, %.1fx with\n", q, a / q, b / q }'
