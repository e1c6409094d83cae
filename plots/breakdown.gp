# breakdown.gp - where the cycles go: stacked bars of cycles per 1000
# instructions, one segment per hop (base = the instructions themselves),
# native / virt / swtlb side by side, one group per trace.
# Run by 'vmmsim plot breakdown RESULT.csv -o OUT', which sets datafile, ng,
# G[g] (group names), GX[g] (the group's first bar), ncols.
# Data: header "label base hop...", one row per bar, a blank bar between groups.
set title "Where the cycles go: native, virtualized, with a software TLB" font ",14"
set ylabel "cycles per 1000 instructions"
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border rgb "#444444"
set boxwidth 0.75
set yrange [0:*]
set xtics nomirror scale 0 noenhanced
set grid ytics lc rgb "#dddddd"
set key outside right top vertical noenhanced title "hop"
set bmargin 5
do for [g=1:ng] {
	set label 100+g G[g] at first GX[g], graph 0 offset 0, -2.6 center font ",12" noenhanced
}
set xrange [-0.6:*]
array C[12] = ["#c8c8c8", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79"]
plot for [j=2:ncols] datafile using j:xtic(1) title columnheader(j) lc rgb C[(j-2) % 12 + 1]
