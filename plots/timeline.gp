# timeline.gp - overhead per window of a run: how much slower than native
# each window of instructions runs under the monitor, without and with the
# software TLB; phases of the program show as steps.
# Run by 'vmmsim plot timeline INTERVALS.csv -o OUT' on the rows written by
# "vmmsim --trace T --mode all --interval N" (its per-window CSV rows);
# sets datafile, nwin, have_virt, have_swtlb.
# Data: "first_Minsn last_Minsn virt% swtlb%" per window.
set title "Virtualization overhead over the run, per window" font ",14"
set xlabel "instructions executed (millions)"
set ylabel "overhead against native (%)"
set xzeroaxis lt -1 lw 1
set grid xtics ytics lc rgb "#dddddd"
set key inside top center horizontal
plot datafile using 1:3 with steps lw 2 lc rgb "#d62728" title (have_virt ? "virt (no software TLB)" : ""), \
     datafile using 1:4 with steps lw 2 lc rgb "#1f77b4" title (have_swtlb ? "swtlb (monitor's software TLB)" : "")
