# tlb.gp - hardware TLB misses per 1000 instructions against the number of
# hardware TLB entries, per trace: natively (solid) and under the monitor
# (dashed: the relinked kernel's mapped references miss too).
# Run by 'vmmsim plot tlb SWEEP.csv -o OUT' (sweep with --tlb-entries LIST),
# which sets datafile, n, ntraces, T[i] (trace), M[i] (mode).
set title "Hardware TLB misses against TLB size" font ",14"
set xlabel "hardware TLB entries (log_2 scale)"
set ylabel "TLB misses per 1000 instructions"
set logscale x 2
set format x "%.0f"
set yrange [0:*]
set grid xtics ytics lc rgb "#dddddd"
set key top right noenhanced
array DT[n]
do for [i=1:n] { DT[i] = (M[i] eq "native") ? 1 : 2 }
plot for [i=1:n] datafile index (i-1) using 1:2 with linespoints \
	lt ((i-1) % ntraces + 1) dashtype DT[i] lw 2 pt 7 ps 0.9 \
	title sprintf("%s (%s)", T[i], M[i])
