# tlb_oracle.awk - an independent, straightforward model of a fully
# associative TLB of page numbers (one page per entry), for checking
# `vmmsim --mode native --no-pairs`.  Input: `vmmsim trace cat` text.
# Variables: N entries, PS page size, POL lru|fifo.  Prints the misses.
# Each reference translates every page it touches, in order.
# (gawk: strtonum.)
function touch(p,    v, q, best) {
	if (p in res) {
		if (POL == "lru")
			stamp[p] = ++t
		return
	}
	misses++
	if (n < N) {
		n++
	} else if (POL == "lru") {
		best = ""
		for (q in res)
			if (best == "" || stamp[q] < stamp[best])
				best = q
		delete res[best]
		delete stamp[best]
	} else {
		v = fifo[head++]
		delete res[v]
	}
	res[p] = 1
	stamp[p] = ++t
	fifo[tail++] = p
}
$1 == "fetch" || $1 == "load" || $1 == "store" {
	a = strtonum($2)
	s = $3 + 0
	if (s < 1)
		s = 1
	first = int(a / PS)
	last = int((a + s - 1) / PS)
	for (p = first; p <= last; p++)
		touch(p)
}
END { print misses + 0 }
