# sizing.gp - software-TLB sizing: slowdown (left axis) and software-TLB hit
# rate (right axis) against capacity, one colour per trace; the recommended
# capacity (smallest within --within of the unbounded slowdown) is circled,
# the unbounded software TLB's slowdown is the dotted line.
# Run by 'vmmsim plot sizing SWEEP.csv -o OUT', which sets datafile, n, T[i]
# (titles), RecCap[i], RecSlow[i], Unb[i], the terminal and the output.
# Data: per curve i, block 2(i-1) "capacity slowdown hit%", block 2(i-1)+1
# the unbounded line.
set title "Software-TLB sizing: slowdown and hit rate against capacity" font ",14"
set xlabel "software-TLB capacity (entries, log_2 scale)"
set ylabel "slowdown against native (×)"
set y2label "software-TLB hit rate (%)"
set logscale x 2
set format x "%.0f"
set y2range [0:100]
set offsets graph 0.03, graph 0.03, 0, 0
set ytics nomirror
set y2tics 0, 20, 100
set grid xtics ytics lc rgb "#dddddd"
set key outside bottom center horizontal maxrows 3 noenhanced
set border 11
set lmargin 10
set rmargin 10
do for [i=1:n] {
	if (RecCap[i] > 0) {
		set label i sprintf("%g", RecCap[i]) at first RecCap[i], first RecSlow[i] \
			offset 0, 1.4 center tc lt i font ",11"
	}
}
plot for [i=1:n] datafile index 2*(i-1) using 1:2 with linespoints lt i lw 2 pt 7 ps 0.8 \
	title sprintf("%s slowdown", T[i]), \
     for [i=1:n] datafile index 2*(i-1) using 1:3 axes x1y2 with linespoints lt i lw 1.5 dt 2 pt 6 ps 0.8 \
	title sprintf("%s hit rate", T[i]), \
     for [i=1:n] datafile index 2*(i-1)+1 using 1:2 with lines lt i lw 1 dt 3 \
	title (i == 1 ? "unbounded software TLB" : ""), \
     for [i=1:n] '+' using (RecCap[i]):(RecSlow[i]) every ::0::0 with points lt i pt 6 ps 3 lw 2 \
	title (i == 1 ? "recommended capacity" : "")
