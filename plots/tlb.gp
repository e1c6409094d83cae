# tlb.gp - hardware TLB misses per 1000 instructions against the number of
# hardware TLB entries, per trace: natively (solid) and under the monitor
# (dashed: the relinked kernel's mapped references miss too; for traces of
# user programs only, such as lackey traces, the two coincide: the open
# circles of virt then ring native's points).
# Run by 'vmmsim plot tlb SWEEP.csv -o OUT' (sweep with --tlb-entries LIST),
# which sets datafile, n, ntraces, T[i] (trace), M[i] (mode).
set title "Hardware TLB misses against TLB size" font ",14"
set xlabel "hardware TLB entries (log_2 scale)"
set ylabel "TLB misses per 1000 instructions (log scale)"
set logscale x 2
set format x "%.0f"
set logscale y 10
set format y "%g"
set grid xtics ytics lc rgb "#dddddd"
set key top right noenhanced
array DT[n]
array PT[n]
array PS[n]
do for [i=1:n] { DT[i] = (M[i] eq "native") ? 1 : 2; PT[i] = (M[i] eq "native") ? 7 : 6; PS[i] = (M[i] eq "native") ? 0.9 : 2 }
plot for [i=1:n] datafile index (i-1) using 1:2 with linespoints \
	lt ((i-1) % ntraces + 1) dashtype DT[i] lw 2 pt PT[i] ps PS[i] \
	title sprintf("%s (%s)", T[i], M[i])
