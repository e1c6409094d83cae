# breakdown.gp - where the cycles go: stacked bars of the cycles each hop
# costs per 1000 instructions (the instructions' own cycles are not drawn:
# they are the same in every mode), native / virt / swtlb (at the
# recommended capacity) side by side, one group per trace.  Hops under 2%
# of the tallest bar are summed as "other hops".
# Run by 'vmmsim plot breakdown SWEEP.csv -o OUT', which sets datafile, ng,
# G[g] (group names), GX[g] (the middle of a group), ncols, H[j] (the hop
# of data column j), L[x] (the label under bar x), other_col (the column
# of "other hops", 0 if none), base_per_k.
# Data: one row per bar (its number, then cycles per hop), an empty bar
# between groups.
set title "Where the cycles go: native, virtualized, with a software TLB" font ",14"
set ylabel "hop cycles per 1000 instructions"
set label 99 sprintf("not drawn: the instructions themselves, %.0f cycles per 1000", base_per_k) \
	at graph 0.01, graph 0.96 left font ",10"
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border rgb "#444444"
set boxwidth 0.75
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0
set xtics nomirror scale 0 noenhanced
set grid ytics lc rgb "#dddddd"
set key outside right top vertical noenhanced title "hop"
set bmargin 5
do for [g=1:ng] {
	set label 100+g G[g] at first GX[g], graph 0 offset 0, -2.6 center font ",12" noenhanced
}
set xrange [-0.6:*]
array C[16] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", \
	"#17becf", "#bcbd22", "#393b79", "#637939", "#e7ba52", "#ff9896", "#7b4173", "#3182bd", "#c8c8c8"]
plot for [j=2:ncols] datafile using j:xtic(L[int($0)+1]) title H[j] \
	lc rgb (j == other_col ? "#c8c8c8" : C[(j-2) % 15 + 1])
