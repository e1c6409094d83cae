/*
 * ptwalk.c - hardware TLB, radix page-table walks, page-walk caches and the
 * nested walk (see ptwalk.h for the exact rules).
 */
#include "machine/ptwalk.h"

#include <stdlib.h>
#include <string.h>

#define EMPTY UINT64_MAX

/* ---- LRU cache ------------------------------------------------------------ */

int ptw_lru_init(ptw_lru *c, unsigned n)
{
	memset(c, 0, sizeof *c);
	if (n > PTW_MAX_CACHE)
		return -1;
	c->n = n;
	if (!n)
		return 0;
	c->a = malloc(n * sizeof *c->a);
	c->b = malloc(n * sizeof *c->b);
	c->stamp = malloc(n * sizeof *c->stamp);
	if (!c->a || !c->b || !c->stamp) {
		ptw_lru_free(c);
		return -1;
	}
	return 0;
}

void ptw_lru_free(ptw_lru *c)
{
	free(c->a);
	free(c->b);
	free(c->stamp);
	memset(c, 0, sizeof *c);
}

void ptw_lru_clear(ptw_lru *c)
{
	c->used = 0;
}

int ptw_lru_hit(ptw_lru *c, uint64_t a, uint32_t b)
{
	for (unsigned i = 0; i < c->used; i++)
		if (c->a[i] == a && c->b[i] == b) {
			c->stamp[i] = ++c->clock;
			return 1;
		}
	return 0;
}

void ptw_lru_insert(ptw_lru *c, uint64_t a, uint32_t b)
{
	if (!c->n)
		return;
	unsigned i = c->used;
	if (i == c->n) {
		i = 0;
		for (unsigned k = 1; k < c->n; k++)
			if (c->stamp[k] < c->stamp[i])
				i = k;
	} else {
		c->used++;
	}
	c->a[i] = a;
	c->b[i] = b;
	c->stamp[i] = ++c->clock;
}

/* ---- hardware TLB ---------------------------------------------------------- */

int hwtlb_init(hwtlb *t, unsigned entries, unsigned assoc)
{
	memset(t, 0, sizeof *t);
	if (!assoc)
		assoc = entries;
	if (!entries || assoc > entries || entries % assoc)
		return -1;
	t->entries = entries;
	t->assoc = assoc;
	t->sets = entries / assoc;
	t->vpn = malloc(entries * sizeof *t->vpn);
	t->asid = calloc(entries, sizeof *t->asid);
	t->stamp = calloc(entries, sizeof *t->stamp);
	if (!t->vpn || !t->asid || !t->stamp) {
		hwtlb_free(t);
		return -1;
	}
	hwtlb_flush(t);
	return 0;
}

void hwtlb_free(hwtlb *t)
{
	free(t->vpn);
	free(t->asid);
	free(t->stamp);
	memset(t, 0, sizeof *t);
}

void hwtlb_copy(hwtlb *b, const hwtlb *a)
{
	memcpy(b->vpn, a->vpn, a->entries * sizeof *a->vpn);
	memcpy(b->asid, a->asid, a->entries * sizeof *a->asid);
	memcpy(b->stamp, a->stamp, a->entries * sizeof *a->stamp);
	b->clock = a->clock;
}

static inline unsigned set_of(const hwtlb *t, uint64_t vpn)
{
	return (unsigned)(vpn % t->sets) * t->assoc;
}

int hwtlb_find(hwtlb *t, uint64_t vpn, uint32_t asid)
{
	unsigned s = set_of(t, vpn);
	for (unsigned w = s; w < s + t->assoc; w++)
		if (t->vpn[w] == vpn && t->asid[w] == asid) {
			t->stamp[w] = ++t->clock;
			return (int)w;
		}
	return -1;
}

int hwtlb_hit(hwtlb *t, uint64_t vpn, uint32_t asid)
{
	return hwtlb_find(t, vpn, asid) >= 0;
}

unsigned hwtlb_victim(const hwtlb *t, uint64_t vpn)
{
	unsigned s = set_of(t, vpn), v = s;
	for (unsigned w = s; w < s + t->assoc; w++) {
		if (t->vpn[w] == EMPTY)
			return w;
		if (t->stamp[w] < t->stamp[v])
			v = w;
	}
	return v;
}

void hwtlb_put(hwtlb *t, unsigned w, uint64_t vpn, uint32_t asid)
{
	t->vpn[w] = vpn;
	t->asid[w] = asid;
	t->stamp[w] = ++t->clock;
}

unsigned hwtlb_fill(hwtlb *t, uint64_t vpn, uint32_t asid)
{
	unsigned v = hwtlb_victim(t, vpn);
	hwtlb_put(t, v, vpn, asid);
	return v;
}

void hwtlb_inval(hwtlb *t, uint64_t vpn, uint32_t asid)
{
	unsigned s = set_of(t, vpn);
	for (unsigned w = s; w < s + t->assoc; w++)
		if (t->vpn[w] == vpn && t->asid[w] == asid) {
			t->vpn[w] = EMPTY;
			t->stamp[w] = 0;
		}
}

void hwtlb_flush(hwtlb *t)
{
	for (unsigned i = 0; i < t->entries; i++) {
		t->vpn[i] = EMPTY;
		t->stamp[i] = 0;
	}
}

/* ---- radix table ------------------------------------------------------------ */

static inline uint64_t prefix(ptw_geom g, unsigned level, uint64_t vpn)
{
	unsigned sh = g.bits * (g.levels - level);
	return sh >= 64 ? 0 : vpn >> sh;
}

static inline uint64_t upper_key(ptw_geom g, unsigned level, uint64_t vpn)
{
	return prefix(g, level, vpn) << 3 | level;
}

void ptw_table_init(ptw_table *t, ptw_geom g)
{
	t->g = g;
	hmap_init(&t->upper);
	hmap_init(&t->leaf);
}

void ptw_table_free(ptw_table *t)
{
	hmap_free(&t->upper);
	hmap_free(&t->leaf);
}

int ptw_map(ptw_table *t, uint64_t vpn, uint32_t asid)
{
	for (unsigned j = t->g.levels - 1; j >= 1; j--) {
		uint64_t k = upper_key(t->g, j, vpn);
		if (hmap_get(&t->upper, k, asid))
			break; /* its parents are present too */
		if (hmap_put(&t->upper, k, asid, 1))
			return -1;
	}
	return hmap_put(&t->leaf, vpn, asid, 1);
}

void ptw_unmap(ptw_table *t, uint64_t vpn, uint32_t asid)
{
	hmap_del(&t->leaf, vpn, asid);
}

int ptw_mapped(const ptw_table *t, uint64_t vpn, uint32_t asid)
{
	return hmap_get(&t->leaf, vpn, asid) != NULL;
}

static int present(const ptw_table *t, unsigned level, uint64_t vpn, uint32_t asid)
{
	if (level == t->g.levels)
		return ptw_mapped(t, vpn, asid);
	return hmap_get(&t->upper, upper_key(t->g, level, vpn), asid) != NULL;
}

/* The deepest upper level whose entry the PWC holds (made most recent), or 0. */
static unsigned pwc_skip(ptw_lru *pwc, ptw_geom g, uint64_t vpn, uint32_t asid)
{
	if (!pwc->used)
		return 0;
	for (unsigned j = g.levels - 1; j >= 1; j--)
		if (ptw_lru_hit(pwc, upper_key(g, j, vpn), asid))
			return j;
	return 0;
}

unsigned ptw_walk(const ptw_table *t, ptw_lru *pwc, uint64_t vpn, uint32_t asid, int *complete)
{
	ptw_geom g = t->g;
	unsigned refs = 0;
	for (unsigned j = pwc_skip(pwc, g, vpn, asid) + 1; j <= g.levels; j++) {
		refs++;
		if (!present(t, j, vpn, asid)) {
			*complete = 0;
			return refs;
		}
		if (j < g.levels)
			ptw_lru_insert(pwc, upper_key(g, j, vpn), asid);
	}
	*complete = 1;
	return refs;
}

/* ---- nested walk ------------------------------------------------------------ */

int ptw_nested_init(ptw_nested *n, ptw_geom g, unsigned pwc, unsigned ntlb)
{
	memset(n, 0, sizeof *n);
	n->g = g;
	hmap_init(&n->tframe);
	hmap_init(&n->tnext);
	if (ptw_lru_init(&n->gpwc, pwc) || ptw_lru_init(&n->hpwc, pwc) ||
	    ptw_lru_init(&n->ntlb, ntlb)) {
		ptw_nested_free(n);
		return -1;
	}
	return 0;
}

void ptw_nested_free(ptw_nested *n)
{
	ptw_lru_free(&n->gpwc);
	ptw_lru_free(&n->hpwc);
	ptw_lru_free(&n->ntlb);
	hmap_free(&n->tframe);
	hmap_free(&n->tnext);
}

void ptw_nested_switch(ptw_nested *n)
{
	ptw_lru_clear(&n->gpwc);
}

void ptw_nested_flush(ptw_nested *n)
{
	ptw_lru_clear(&n->gpwc);
	ptw_lru_clear(&n->hpwc);
	ptw_lru_clear(&n->ntlb);
}

/* gPFN -> host: the nested TLB, else a walk of VM vm's host table. */
static unsigned nxlate(ptw_nested *n, uint64_t gpfn, uint32_t vm)
{
	if (ptw_lru_hit(&n->ntlb, gpfn, vm))
		return 0;
	ptw_geom g = n->g;
	unsigned refs = g.levels - pwc_skip(&n->hpwc, g, gpfn, vm);
	for (unsigned j = g.levels - refs + 1; j < g.levels; j++)
		ptw_lru_insert(&n->hpwc, upper_key(g, j, gpfn), vm);
	ptw_lru_insert(&n->ntlb, gpfn, vm);
	return refs;
}

/* The guest frame of the table page read at level j for vpn in VM vm
 * (each VM numbers its table frames from PTW_TABLE_FRAME_BASE). */
static uint64_t table_frame(ptw_nested *n, unsigned level, uint64_t vpn, uint32_t asid,
                            uint32_t vm, int *oom)
{
	uint64_t key = (level == 1 ? 0 : prefix(n->g, level - 1, vpn)) << 3 | level;
	uint64_t *f = hmap_get(&n->tframe, key, asid);
	if (f)
		return *f;
	uint64_t *next = hmap_get(&n->tnext, vm, 0);
	uint64_t fr = next ? (*next)++ : PTW_TABLE_FRAME_BASE;
	if ((!next && hmap_put(&n->tnext, vm, 0, fr + 1)) || hmap_put(&n->tframe, key, asid, fr))
		*oom = 1;
	return fr;
}

unsigned ptw_nested_walk(ptw_nested *n, const ptw_table *t, uint64_t vpn, uint32_t asid,
                         uint64_t data_gpfn, uint32_t vm, int *complete, int *oom)
{
	ptw_geom g = n->g;
	unsigned refs = 0;
	for (unsigned j = pwc_skip(&n->gpwc, g, vpn, asid) + 1; j <= g.levels; j++) {
		refs += nxlate(n, table_frame(n, j, vpn, asid, vm, oom), vm);
		refs++;
		if (!present(t, j, vpn, asid)) {
			*complete = 0;
			return refs;
		}
		if (j < g.levels)
			ptw_lru_insert(&n->gpwc, upper_key(g, j, vpn), asid);
	}
	refs += nxlate(n, data_gpfn, vm);
	*complete = 1;
	return refs;
}
