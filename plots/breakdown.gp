# breakdown.gp - where the cycles go: stacked bars of the cycles each hop
# costs per 1000 instructions (the instructions' own cycles are not drawn:
# they are the same in every mode), native / virt / swtlb (at the
# recommended capacity) side by side, one group per trace; from a replay CSV,
# every mode it holds (native, virt, swtlb, pv, hw, shadow, nested).  Hops under 2%
# of the tallest bar are summed as "other hops".
# Run by 'vmmsim plot breakdown SWEEP.csv -o OUT', which sets datafile, ng,
# G[g] (group names), GX[g] (the middle of a group), ncols, H[j] (the hop
# of data column j), L[x] (the label under bar x), other_col (the column
# of "other hops", 0 if none), base_per_k and base_hi (the lowest and
# highest base cycles per 1000 instructions of the bars: the same unless
# the rows come from models of different CPI).
# Data: one row per bar (its number, then cycles per hop), an empty bar
# between groups.
set title "Where the cycles go, mode by mode" font ",14"
set ylabel "hop cycles per 1000 instructions"
base_text = (base_hi - base_per_k >= 0.5) ? sprintf("%.0f to %.0f", base_per_k, base_hi) : sprintf("%.0f", base_per_k)
set label 99 sprintf("not drawn: the instructions themselves, %s cycles per 1000", base_text) \
	at graph 0.01, graph 0.96 left font ",10"
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border rgb "#444444"
set boxwidth 0.75
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0
set xtics nomirror scale 0 noenhanced font ",9"
set grid ytics lc rgb "#dddddd"
set key outside right top vertical noenhanced title "hop"
set bmargin 5
do for [g=1:ng] {
	set label 100+g G[g] at first GX[g], graph 0 offset 0, -2.6 center font ",12" noenhanced
}
set xrange [-0.6:*]
array C[21] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", \
	"#17becf", "#bcbd22", "#393b79", "#637939", "#e7ba52", "#ff9896", "#7b4173", "#3182bd", \
	"#843c39", "#31a354", "#fdae6b", "#000000", "#9ecae1", "#c8c8c8"]
plot for [j=2:ncols] datafile using j:xtic(L[int($0)+1]) title H[j] \
	lc rgb (j == other_col ? "#c8c8c8" : C[(j-2) % 20 + 1])
