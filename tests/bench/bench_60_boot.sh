#!/bin/sh
# vmmsim boot: Debian's 4kc-malta vmlinuz (XZ self-decompression, then the
# kernel) with the test initramfs (tests/guests/linux/init) to power-off:
# wall time and instructions per second with --mode none and --mode native,
# beside qemu-system-mipsel -M malta -cpu 24Kf (a JIT) on the same kernel,
# initramfs and command line.  One run each (a boot is billions of
# instructions).  Targets: none >= 150 M/s, native >= 100 M/s, the whole
# boot within 3x of QEMU's wall time.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tests/guests/linux-env.sh"
if [ -n "$LINUX_MISSING" ]; then
	echo "skipped: $LINUX_MISSING"
	exit 0
fi
out=$BENCH/boot
mkdir -p "$out"
wall() { # file, command...: wall seconds of one run into file
	f=$1; shift
	/usr/bin/time -f "%e %U %S" -o "$f" "$@" </dev/null >/dev/null 2>&1 || true
}
wall "$out/none.time" "$VMMSIM" boot -q --mode none --json "$out/none.json" "$KERNEL" --initrd "$INITRD" --append "$APPEND"
wall "$out/native.time" "$VMMSIM" boot -q --mode native --json "$out/native.json" "$KERNEL" --initrd "$INITRD" --append "$APPEND"
wall "$out/qemu.time" qemu-system-mipsel -M malta -cpu 24Kf -m 128 -nographic -no-reboot \
	-kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND"
n_none=$(jq .modes.none.instructions "$out/none.json")
n_native=$(jq .modes.native.instructions "$out/native.json")
echo "kernel: $(sed -n 's/^Package: //p' "$TOP/build/cache/linux-malta/VERSION") $(sed -n 's/^Version: //p' "$TOP/build/cache/linux-malta/VERSION"), command line: $APPEND"
echo "end: none $(jq -r .end "$out/none.json"), native $(jq -r .end "$out/native.json"); $(jq .modes.none.user_instructions "$out/none.json") user instructions"
paste "$out/none.time" "$out/native.time" "$out/qemu.time" | awk -v nn="$n_none" -v nv="$n_native" '{
	printf "%-26s %14s %8s %8s %10s %12s\n", "", "instructions", "wall s", "cpu s", "M insn/s", "(cpu time)"
	printf "%-26s %14d %8.2f %8.2f %10.1f %12.1f  target >= 150\n", "vmmsim boot --mode none", nn, $1, $2 + $3, nn / $1 / 1e6, nn / ($2 + $3) / 1e6
	printf "%-26s %14d %8.2f %8.2f %10.1f %12.1f  target >= 100\n", "vmmsim boot --mode native", nv, $4, $5 + $6, nv / $4 / 1e6, nv / ($5 + $6) / 1e6
	printf "%-26s %14s %8.2f %8.2f %10s %12s  (a JIT, to power-off)\n", "qemu-system-mipsel", "-", $7, $8 + $9, "-", "-"
	printf "vmmsim / qemu: wall none %.2fx, native %.2fx; cpu time none %.2fx, native %.2fx (target <= 3x)\n", $1 / $7, $4 / $7, ($2 + $3) / ($8 + $9), ($5 + $6) / ($8 + $9)
}'
