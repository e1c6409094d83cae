#!/bin/sh
# vmmsim boot --record: Debian's boot (as bench_60) recorded as a
# full-system trace, beside the same boot without recording, then the
# recording replayed with the TLB it ran on (exact: the live ledger, checked
# here) and with 64 entries (beside a live 64-entry boot).  Wall and CPU
# seconds, peak memory, the recording's size and records per second.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tests/guests/linux-env.sh"
if [ -n "$LINUX_MISSING" ]; then
	echo "skipped: $LINUX_MISSING"
	exit 0
fi
out=$BENCH/record
mkdir -p "$out"
run() { # file, command...: "wall cpu maxrss_kb" of one run into file
	f=$1; shift
	/usr/bin/time -f "%e %U %S %M" -o "$f" "$@" </dev/null >/dev/null 2>&1 || true
}
# (a command /usr/bin/time can run, not a shell function)
set -- "$VMMSIM" boot -q --mode native "$KERNEL" --initrd "$INITRD" --append "$APPEND"
run "$out/native.time" "$@" --json "$out/native.json"
run "$out/record.time" "$@" --json "$out/record.json" --record "$out/boot.zst"
run "$out/replay.time" "$VMMSIM" replay -q --trace "$out/boot.zst" --json "$out/replay.json"
run "$out/live64.time" "$@" --tlb-entries 64 --json "$out/live64.json"
run "$out/replay64.time" "$VMMSIM" replay -q --trace "$out/boot.zst" --tlb-entries 64 --json "$out/replay64.json"
recs=$("$VMMSIM" trace info --json "$out/boot.zst" | jq .records)
bytes=$(stat -c %s "$out/boot.zst")
same=no
if [ "$(jq -cS '.modes.native | del(.marks)' "$out/record.json")" = \
     "$(jq -cS '.modes.native | del(.replay)' "$out/replay.json")" ]; then same=yes; fi
n=$(jq .modes.native.instructions "$out/native.json")
printf '%-40s %8s %8s %8s %10s\n' "" "wall s" "cpu s" "MB RSS" "M rec/s"
line() { awk -v l="$1" -v r="$3" '{ printf "%-40s %8.2f %8.2f %8.0f %10s\n", l, $1, $2 + $3, $4 / 1024,
	r ? sprintf("%.1f", r / $1 / 1e6) : "-" }' "$2"; }
line "boot --mode native" "$out/native.time" 0
line "boot --mode native --record" "$out/record.time" "$recs"
line "replay of the recording (16 entries)" "$out/replay.time" "$recs"
line "boot --mode native --tlb-entries 64" "$out/live64.time" 0
line "replay of the recording, 64 entries" "$out/replay64.time" "$recs"
awk -v a="$(cut -d' ' -f1 "$out/record.time")" -v b="$(cut -d' ' -f1 "$out/native.time")" \
	'BEGIN { printf "recording / plain boot: %.2fx wall\n", a / b }'
echo "recording: $n instructions, $recs records, $bytes bytes ($(awk -v b="$bytes" -v r="$recs" 'BEGIN { printf "%.3f", b / r }') bytes/record)"
echo "replay with the recorded TLB equals the live ledger: $same"
for f in live64 replay64; do
	echo "$f: $(jq -r '.modes.native | "\(.tlb_refills) refills, \(.cycles) cycles"' "$out/$f.json")"
done
rm -f "$out/boot.zst"
