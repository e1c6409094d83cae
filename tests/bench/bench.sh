#!/bin/sh
# make bench: prepares the inputs once (tests/bench/prep.sh), then runs every
# tests/bench/bench_*.sh part in order.  Each part prints its figures and the
# ratios measured side by side in the same run.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
sh tests/bench/prep.sh
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
for p in tests/bench/bench_*.sh; do
	[ -f "$p" ] || continue
	echo
	echo "== $(basename "$p" .sh)"
	BENCH=$top/build/bench VMMSIM=$top/build/vmmsim sh "$p"
done
