# ptwalk_oracle.awk - an independent, straightforward model of the hardware
# TLB and page walks of `vmmsim --mode hw`, written from the README's rules
# ("Page walks"), not from the C code.  Reads `vmmsim trace cat` output of a
# user-level trace (one address space, no kernel addresses), or the same
# trace's pages in order as lines "page N" (N = address / PS, decimal), and
# prints "TLB_MISSES WALKS WALK_REFS".
#
#   -v E=entries -v A=ways (0: fully associative) -v PS=page size
#   -v L=levels -v B=index bits per level -v P=page-walk cache entries
#
# TLB: E/A sets (set = page mod sets) of A ways, LRU in a set, a miss fills
# an empty way or the least recently used one.  A miss walks: the PWC (P
# entries, LRU) is probed for the entries of levels L-1 .. 1 of the page,
# deepest first, and the first hit becomes most recent; the levels below it
# are read, one reference each, stopping after a level that is not present;
# every upper entry read and present enters the PWC.  A page not mapped
# yet: the walk stops there, the OS maps the page (all its upper entries
# become present) and the access walks again.
#
# For speed only: way[page] says where a resident page sits (a hit needs no
# scan of its set), and a page translated again right after itself is
# skipped (it already is the most recent in its set; nothing changes).
function pfx(v, j) { return int(v / (2 ^ (B * (L - j)))) }
function present(v, j) { return j == L ? (v in mapped) : ((j SUBSEP pfx(v, j)) in upper) }
function pwc_hit(k,   i) {
	for (i = 0; i < npwc; i++)
		if (pk[i] == k) { ps[i] = ++clock; return 1 }
	return 0
}
function pwc_insert(k,   i, v) {
	if (P == 0) return
	if (npwc < P) { v = npwc++ }
	else { v = 0; for (i = 1; i < npwc; i++) if (ps[i] < ps[v]) v = i }
	pk[v] = k; ps[v] = ++clock
}
function walk(v,   s, j, refs) {
	walks++
	s = 0
	if (npwc > 0)
		for (j = L - 1; j >= 1; j--)
			if (pwc_hit(j SUBSEP pfx(v, j))) { s = j; break }
	for (j = s + 1; j <= L; j++) {
		refs++
		if (!present(v, j)) { wrefs += refs; return 0 }
		if (j < L) pwc_insert(j SUBSEP pfx(v, j))
	}
	wrefs += refs
	return 1
}
function map(v,   j) {
	mapped[v] = 1
	for (j = 1; j < L; j++) upper[j SUBSEP pfx(v, j)] = 1
}
function xlate(v,   set, w, victim) {
	set = v % sets
	if (v in way) { ts[set, way[v]] = ++clock; return }
	misses++
	if (!walk(v)) { map(v); walk(v) }
	victim = -1
	for (w = 0; w < ways; w++)
		if (!((set SUBSEP w) in tv)) { victim = w; break }
	if (victim < 0) {
		victim = 0
		for (w = 1; w < ways; w++) if (ts[set, w] < ts[set, victim]) victim = w
		delete way[tv[set, victim]]
	}
	tv[set, victim] = v; ts[set, victim] = ++clock; way[v] = victim
}
BEGIN { ways = A ? A : E; sets = E / ways; last = -1 }
/^(fetch|load|store) / {
	a = strtonum($2); n = $3 + 0
	p0 = int(a / PS); p1 = int((a + (n ? n - 1 : 0)) / PS)
	for (p = p0; p <= p1; p++)
		if (p != last) { xlate(p); last = p }
}
$1 == "page" { p = $2 + 0; if (p != last) { xlate(p); last = p } }
END { printf "%d %d %d\n", misses, walks, wrefs }
