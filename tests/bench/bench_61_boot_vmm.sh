#!/bin/sh
# vmmsim boot beneath the monitor: Debian's 4kc-malta Linux with the test
# initramfs, --mode native, --mode virt and --mode swtlb one after the
# other (wall time, CPU time, guest instructions per second, slowdown), then
# --mode all (the three at once, one per core).  Target: --mode all within
# 2.5x the wall time of --mode native.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tests/guests/linux-env.sh"
if [ -n "$LINUX_MISSING" ]; then
	echo "skipped: $LINUX_MISSING"
	exit 0
fi
out=$BENCH/boot_vmm
mkdir -p "$out"
wall() { # file, command...: wall, user and system seconds of one run into file
	f=$1; shift
	/usr/bin/time -f "%e %U %S" -o "$f" "$@" </dev/null >/dev/null 2>&1 || true
}
for m in native virt swtlb; do
	wall "$out/$m.time" "$VMMSIM" boot -q --mode $m --json "$out/$m.json" "$KERNEL" --initrd "$INITRD" --append "$APPEND"
done
wall "$out/all.time" "$VMMSIM" boot -q --mode all --json "$out/all.json" "$KERNEL" --initrd "$INITRD" --append "$APPEND"
printf "%-26s %14s %14s %9s %8s %8s %10s\n" "" "instructions" "cycles" "slowdown" "wall s" "cpu s" "M insn/s"
ref=$(jq .modes.native.cycles "$out/native.json")
for m in native virt swtlb; do
	n=$(jq .modes.$m.instructions "$out/$m.json")
	c=$(jq .modes.$m.cycles "$out/$m.json")
	awk -v m="$m" -v n="$n" -v c="$c" -v r="$ref" '{ printf "%-26s %14d %14d %9.3f %8.2f %8.2f %10.1f\n",
		"vmmsim boot --mode " m, n, c, c / r, $1, $2 + $3, n / $1 / 1e6 }' "$out/$m.time"
done
paste "$out/native.time" "$out/all.time" | awk '{
	printf "%-26s %14s %14s %9s %8.2f %8.2f\n", "vmmsim boot --mode all", "", "", "", $4, $5 + $6
	printf "--mode all wall time: %.2fx --mode native (target <= 2.5x)\n", $4 / $1 }'
