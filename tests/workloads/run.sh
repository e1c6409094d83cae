#!/bin/sh
# Disco's experiment (SOSP '97, Fig. 5) on Linux: the four workloads of
# guests/workloads/ (pmake, database, engineering, raytrace) run one after
# the other inside Debian's 4kc-malta Linux, booted once per mode by
# `vmmsim boot --mode all` (native, virt, swtlb, side by side).  Each
# workload runs between the console lines "vmmsim-mark begin NAME" and
# "vmmsim-mark end NAME", where vmmsim samples the ledger: a workload's
# figures are the difference of the two samples (the boot and the other
# workloads are not in them).  Prints, per workload, the slowdown under
# virt and swtlb beside Disco's, and the breakdown of the cycles by hop;
# writes OUT/workloads.csv (the boot's --csv: the whole run and each
# workload), OUT/workloads.json, OUT/console-MODE.txt and, with gnuplot,
# OUT/workloads.png (vmmsim plot breakdown of the four workloads).
# Usage: run.sh [--scale N] [--work LIST] [--out DIR] [--table-only] [-- MORE vmmsim boot OPTIONS]
# (--table-only: no boot, the table and plot from OUT/workloads.csv)
# Environment: TOP (the source tree), VMMSIM (the binary).
set -eu
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
VMMSIM=${VMMSIM:-$TOP/build/vmmsim}
scale=1 work=pmake,database,engineering,raytrace out=$TOP/out table_only=
while [ $# -gt 0 ]; do
	case $1 in
	--scale) scale=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--table-only) table_only=1; shift ;;
	--) shift; break ;;
	*) echo "usage: run.sh [--scale N] [--work LIST] [--out DIR] [-- vmmsim boot options]" >&2; exit 2 ;;
	esac
done
. "$TOP/tests/guests/linux-env.sh"
[ -z "$LINUX_MISSING" ] || { echo "workloads: $LINUX_MISSING" >&2; exit 77; }
command -v mipsel-linux-gnu-gcc >/dev/null || { echo "workloads: mipsel-linux-gnu-gcc missing" >&2; exit 77; }
rd=$TOP/build/workloads/initramfs.cpio.gz
mkdir -p "$TOP/build/workloads" "$out"
if [ -z "$table_only" ]; then
	if [ ! -f "$rd" ] || [ -n "$(find "$TOP/guests/workloads" "$TOP/tests/workloads/build-initramfs.sh" -newer "$rd")" ]; then
		sh "$TOP/tests/workloads/build-initramfs.sh" "$rd"
	fi
	"$VMMSIM" boot --mode all "$KERNEL" --initrd "$rd" --append "$APPEND vmmsim.work=$work vmmsim.scale=$scale" \
		--json "$out/workloads.json" --csv "$out/workloads.csv" --console-dir "$out" -q "$@" </dev/null >/dev/null
fi
kname=$(basename "$KERNEL")

# The table: slowdowns beside Disco's, then each workload's breakdown.
awk -F, -v kname="$kname" '
BEGIN {
	disco["pmake"] = "1.16"; disco["database"] = "1.16"; disco["engineering"] = "1.06"; disco["raytrace"] = "1.03"
}
NR == 1 || $1 == kname { next }
{
	w = $1; m = $3; h = $4
	if (!(w in seen)) { seen[w] = 1; order[++nw] = w }
	ins[w, m] = $8; cyc[w, m] = $9; slow[w, m] = $11; miss[w, m] = $10
	c[w, m, h] = $6; cnt[w, m, h] = $5
	if (!((w, h) in hseen)) { hseen[w, h] = 1; hops[w, ++nh[w]] = h }
}
END {
	printf "%-12s %14s %14s %8s %8s %8s %8s   %s\n", "workload", "instructions", "native cycles", "virt", "swtlb",
	       "swtlb-kp", "Disco", "native: user/kernel/idle"
	for (i = 1; i <= nw; i++) {
		w = order[i]; n = cyc[w, "native"]
		k = n - c[w, "native", "base"] - c[w, "native", "idle"]
		# swtlb-kp: swtlb without the kseg misses and the trapped privileged
		# instructions (trap_priv) and their trap entries
		e = cnt[w, "swtlb", "exc_entry"] ? c[w, "swtlb", "exc_entry"] / cnt[w, "swtlb", "exc_entry"] : 0
		kp = c[w, "swtlb", "kseg_miss"] + c[w, "swtlb", "trap_priv"] + e * (cnt[w, "swtlb", "kseg_miss"] + cnt[w, "swtlb", "trap_priv"])
		printf "%-12s %14d %14d %8.3f %8.3f %8.3f %8s   %4.1f%% / %4.1f%% / %4.1f%%\n", w, ins[w, "native"], n,
		       slow[w, "virt"], slow[w, "swtlb"], n ? (cyc[w, "swtlb"] - kp) / n : 0, disco[w] == "" ? "-" : disco[w],
		       n ? 100 * c[w, "native", "base"] / n : 0, n ? 100 * k / n : 0, n ? 100 * c[w, "native", "idle"] / n : 0
	}
	print "(swtlb-kp: swtlb without its kseg misses and trapped privileged instructions, and their trap entries)"
	print ""
	print "cycles by hop, in % of the native run'"'"'s cycles (hops reaching 0.5% in some mode):"
	for (i = 1; i <= nw; i++) {
		w = order[i]; n = cyc[w, "native"]
		printf "%-12s %-16s %9s %9s %9s\n", w, "hop", "native", "virt", "swtlb"
		for (j = 1; j <= nh[w]; j++) {
			h = hops[w, j]; big = 0
			split("native virt swtlb", ms, " ")
			for (k = 1; k <= 3; k++) if (n && c[w, ms[k], h] >= 0.005 * n) big = 1
			if (!big) continue
			printf "%-12s %-16s", "", h
			for (k = 1; k <= 3; k++) {
				if ((w, ms[k], h) in c) printf " %8.1f%%", 100 * c[w, ms[k], h] / n
				else printf " %9s", "-"
			}
			printf "\n"
		}
		printf "%-12s %-16s %8.1f%% %8.1f%% %8.1f%%\n", "", "total", 100, 100 * cyc[w, "virt"] / n, 100 * cyc[w, "swtlb"] / n
	}
}' "$out/workloads.csv"

# The plot of the workloads (not the whole run)
if command -v gnuplot >/dev/null; then
	awk -F, -v kname="$kname" 'NR == 1 || $1 != kname' "$out/workloads.csv" > "$out/workloads-only.csv"
	"$VMMSIM" plot breakdown "$out/workloads-only.csv" -o "$out/workloads.png"
	echo
	echo "written: $out/workloads.csv, $out/workloads.json, $out/workloads.png"
else
	echo
	echo "written: $out/workloads.csv, $out/workloads.json (gnuplot missing: no plot)"
fi
