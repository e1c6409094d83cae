#!/bin/sh
# make demo: the whole story on the bundled traces (traces/*.zst, lackey
# traces of real programs): what virtualization costs each of them, hop by
# hop, natively, under a Disco-style monitor, and with the monitor's
# software TLB; how big that software TLB must be; every mode side by
# side (the software-managed TLB with a para-virtualized guest, the hardware-walked
# machine natively, with shadow paging, with nested paging); Debian's Linux
# booted natively; the plots in out/; and, last, Disco's four workloads inside
# Linux (tests/workloads/run.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
V=${VMMSIM:-build/vmmsim}
OUT=${OUT:-out}
traces=$(ls traces/*.zst 2>/dev/null || true)
if [ -z "$traces" ]; then
	echo "demo: no bundled traces in traces/ (sh traces/make-samples.sh records them)" >&2
	exit 1
fi
for t in $traces; do
	if ! "$V" trace info "$t" >/dev/null; then
		echo "demo: $t does not read with this vmmsim (re-record the samples: sh traces/make-samples.sh)" >&2
		exit 1
	fi
done
mkdir -p "$OUT"
first=$(echo "$traces" | grep gzip || echo "$traces" | head -n 1)
first=$(echo "$first" | head -n 1)

echo "== 1. Where the cycles go, hop by hop: $first, default model (R4000)"
echo "\$ vmmsim --trace $first --mode all"
"$V" --trace "$first" --mode all

echo
echo "== 2. The three modes on every bundled trace"
printf '%-10s %-7s %12s %9s %11s %17s\n' trace mode cycles slowdown "TLB misses" "swtlb hits/lookups"
for t in $traces; do
	"$V" --trace "$t" --mode all --csv "$OUT/replay.csv" -q
	awk -F, -v t="$(basename "$t")" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["vm"] == "all" || $c["vm"] == "0" {
			m = $c["mode"]; cyc[m] = $c["total_cycles"]; sd[m] = $c["slowdown"]; miss[m] = $c["tlb_misses"]
			if ($c["hop"] == "swtlb_hit") hit[m] = $c["count"]
			if ($c["hop"] == "swtlb_lookup") look[m] = $c["count"] }
		END { split("native virt swtlb", ms, " ")
			for (k = 1; k <= 3; k++) { m = ms[k]
				printf "%-10s %-7s %12d %9.4f %11d %17s\n", t, m, cyc[m], sd[m], miss[m],
					m == "swtlb" ? (hit[m] + 0) "/" (look[m] + 0) : "-" } }' "$OUT/replay.csv"
done
rm -f "$OUT/replay.csv"

echo
echo "== 3. How big must the monitor's software TLB be? One pass per trace, every capacity"
echo "\$ vmmsim sweep $(for t in $traces; do printf -- '--trace %s ' "$t"; done)--swtlb-entries 4..2048x2 --csv $OUT/sweep.csv"
# shellcheck disable=SC2046
"$V" sweep $(for t in $traces; do printf -- '--trace %s ' "$t"; done) \
	--swtlb-entries 4..2048x2 --csv "$OUT/sweep.csv"

echo
echo "== 4. Hardware TLB size (8 to 128 entries) against misses per 1000 instructions"
# shellcheck disable=SC2046
"$V" sweep $(for t in $traces; do printf -- '--trace %s ' "$t"; done) \
	--swtlb-entries 64 --tlb-entries 8..128x2 --csv "$OUT/tlb-sweep.csv" -q
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["mode"] == "native" { n = split($c["trace"], p, "/"); printf "  %-10s %4d entries: %8.3f misses per 1000 instructions\n", p[n], $c["tlb_entries"], $c["tlb_mpki"] }' \
	"$OUT/tlb-sweep.csv"

echo
echo "== 5. Over the run: overhead per window of 100000 instructions ($first)"
"$V" --trace "$first" --mode all --interval 100000 --interval-csv "$OUT/timeline.csv" -q
echo "  $(($(wc -l < "$OUT/timeline.csv") - 1)) windows written to $OUT/timeline.csv"

echo
echo "== 6. Every mode: the software-managed TLB (native, virt, swtlb, pv) and the hardware-walked one"
echo "   (hw natively, shadow page tables, nested paging), on the bundled traces and two synthetic ones"
awk -v KIND=fork -v P=400 -v K=32 -f traces/synth.awk | "$V" trace convert --from text -o "$OUT/fork.zst" -
awk -v KIND=bigmem -v N=8192 -v R=2000000 -f traces/synth.awk | "$V" trace convert --from text -o "$OUT/bigmem.zst" -
echo "\$ vmmsim --trace T --mode every   (slowdown against the same machine's native run: native or hw)"
printf '%-11s %-7s %12s %9s %11s %11s %10s\n' trace mode cycles slowdown "TLB misses" "page faults" "refs/walk"
: > "$OUT/modes.csv"
: > "$OUT/modes-synth.csv"
for t in $traces "$OUT/fork.zst" "$OUT/bigmem.zst"; do
	"$V" --trace "$t" --mode every --csv "$OUT/modes-one.csv" -q
	case $t in "$OUT"/*) all=$OUT/modes-synth.csv ;; *) all=$OUT/modes.csv ;; esac
	if [ -s "$all" ]; then tail -n +2 "$OUT/modes-one.csv" >> "$all"; else cp "$OUT/modes-one.csv" "$all"; fi
	awk -F, -v t="$(basename "$t")" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["vm"] == "all" { m = $c["mode"]; if (!(m in seen)) { seen[m] = 1; order[n++] = m }
			cyc[m] = $c["total_cycles"]; sd[m] = $c["slowdown"]; miss[m] = $c["tlb_misses"]
			if ($c["hop"] == "page_fault") pf[m] = $c["count"]
			w[m] = $c["walks"]; wr[m] = $c["walk_refs"] }
		END { for (k = 0; k < n; k++) { m = order[k]; r = "-"
			if (w[m] + 0 > 0) r = sprintf("%.2f", wr[m] / w[m])
			printf "%-11s %-7s %12d %9.4f %11d %11d %10s\n", t, m, cyc[m], sd[m], miss[m], pf[m], r } }' "$OUT/modes-one.csv"
done
rm -f "$OUT/modes-one.csv"
echo "  Shadow paging pays a VM exit for every page-table update, hidden fault and address-space"
echo "  switch, so it loses where those abound (fork.zst); nested paging pays a two-dimensional walk"
echo "  on every TLB miss, so it loses where misses abound and faults are few (bigmem.zst)."

echo
echo "== 7. Debian's Linux booted on the simulated Malta board, natively: where its cycles go"
TOP=$top
. "$top/tests/guests/linux-env.sh"
if [ -n "$LINUX_MISSING" ]; then
	echo "  skipped: $LINUX_MISSING"
else
	echo "\$ vmmsim boot --mode native $(basename "$KERNEL") --initrd $(basename "$INITRD") --append \"$APPEND\" --record boot.zst"
	"$V" boot --mode native "$KERNEL" --initrd "$INITRD" --append "$APPEND" --json "$OUT/boot.json" \
		--console "$OUT/boot-console.txt" --record "$OUT/boot.zst" </dev/null 2>"$OUT/boot-report.txt" || true
	echo "  the script's output (the whole console is in $OUT/boot-console.txt):"
	script_output "$OUT/boot-console.txt" | sed 's/^/    /'
	echo "  where the cycles went (user code is the base; every kernel instruction is charged to the"
	echo "  hop of the exception it runs under, at the model's CPI; idle is time spent in wait):"
	cat "$OUT/boot-report.txt"
	if [ -f "$OUT/boot.zst" ]; then
		echo
		echo "  The same boot, recorded (every fetch, load, store, exception, TLB write and eret: $(du -m "$OUT/boot.zst" | cut -f1) MB),"
		echo "  replayed with a 64-entry TLB (replayed with the 16 entries it ran on, it gives the live ledger"
		echo "  above exactly):"
		echo "  \$ vmmsim replay --trace boot.zst --tlb-entries 64"
		"$V" replay --trace "$OUT/boot.zst" --tlb-entries 64 --json "$OUT/boot-replay64.json" \
			>"$OUT/boot-replay64.txt" || true
		grep -E '^vmmsim replay|tlb refills|refills (cut|added)|ledger' "$OUT/boot-replay64.txt" | sed 's/^/  /'
		echo "  (the live boot above, with 16 entries: $(grep 'tlb refills' "$OUT/boot-report.txt" | awk '{print $3}') refills;"
		echo "  its whole report against the 64-entry replay's: boot.json, boot-replay64.json)"
		rm -f "$OUT/boot.zst" # (large; make demo keeps the reports)
	fi
fi

echo
echo "== 8. Plots"
"$V" plot breakdown "$OUT/sweep.csv" -o "$OUT/breakdown.png"
"$V" plot breakdown "$OUT/modes.csv" -o "$OUT/modes.png" --size 1500x600
"$V" plot breakdown "$OUT/modes-synth.csv" -o "$OUT/modes-synth.png"
"$V" plot sizing "$OUT/sweep.csv" -o "$OUT/sizing.png"
"$V" plot tlb "$OUT/tlb-sweep.csv" -o "$OUT/tlb.png"
"$V" plot timeline "$OUT/timeline.csv" -o "$OUT/timeline.png"

echo
echo "Written to $OUT/:"
echo "  sweep.csv       every configuration of section 3, one row each (vmmsim merge joins such files)"
echo "  tlb-sweep.csv   section 4: native, virt and swtlb for hardware TLBs of 8 to 128 entries"
echo "  timeline.csv    section 5: cycles per window in each mode"
echo "  fork.zst, bigmem.zst  section 6: the synthetic traces (traces/synth.awk)"
echo "  modes.csv       section 6: every mode and hop of the bundled traces (replay CSV rows)"
echo "  modes-synth.csv section 6: the same for fork.zst and bigmem.zst"
echo "  boot.json       section 7: the Linux boot's report and native ledger (boot-console.txt: its console);"
echo "                  boot-replay64.json: its recording replayed with a 64-entry TLB"
echo "  breakdown.png   cycles per hop per 1000 instructions, native / virt / swtlb side by side, per trace"
echo "  sizing.png      slowdown and software-TLB hit rate against its capacity; the recommended capacity circled"
echo "  tlb.png         hardware TLB misses per 1000 instructions against hardware TLB entries, native and virt"
echo "  timeline.png    overhead against native per window of the run, without and with the software TLB"
echo "  modes.png       section 6: cycles per hop per 1000 instructions, all six modes side by side, per bundled trace"
echo "  modes-synth.png section 6: the same for the two synthetic traces"

echo
echo "== 9. Disco's experiment (SOSP '97, Fig. 5) on Linux: four workloads under native, virt and swtlb"
if [ -n "$LINUX_MISSING" ]; then
	echo "  skipped: $LINUX_MISSING"
elif ! command -v mipsel-linux-gnu-gcc >/dev/null; then
	echo "  skipped: mipsel-linux-gnu-gcc missing"
else
	echo "\$ sh tests/workloads/run.sh --out $OUT   (one vmmsim boot --mode all; each workload measured between its marks)"
	VMMSIM=$V TOP=$top sh tests/workloads/run.sh --out "$OUT" | sed 's/^/  /'
	echo "  workloads.png   cycles per hop per 1000 instructions of each workload, native / virt / swtlb"
fi
