/*
 * tlb.c - the hardware TLB (see tlb.h).
 */
#include "machine/tlb.h"

#include <stdlib.h>
#include <string.h>

static uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s; /* xorshift64* */
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1Dull;
}

int tlb_init(tlb *t, unsigned n, unsigned wired, unsigned pairs, unsigned policy, uint64_t seed)
{
	memset(t, 0, sizeof *t);
	if (n < 1 || wired >= n || pairs > 1 || policy > TLB_LRU)
		return -1;
	t->n = n;
	t->wired = wired;
	t->pairs = pairs;
	t->policy = policy;
	t->tag = malloc(n * sizeof *t->tag);
	t->asid = calloc(n, sizeof *t->asid);
	t->global = calloc(n, 1);
	t->valid = calloc(n, 1);
	t->dirty = calloc(n, 1);
	t->stamp = calloc(n + 1, sizeof *t->stamp);
	if (!t->tag || !t->asid || !t->global || !t->valid || !t->dirty || !t->stamp) {
		tlb_free(t);
		return -1;
	}
	for (unsigned i = 0; i < n; i++)
		t->tag[i] = TLB_NOTAG;
	t->fifo_next = wired;
	/* never a zero state; the seed is mixed so that small seeds differ */
	t->rng = (seed ^ 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull;
	if (!t->rng)
		t->rng = 1;
	return 0;
}

void tlb_free(tlb *t)
{
	free(t->tag);
	free(t->asid);
	free(t->global);
	free(t->valid);
	free(t->dirty);
	free(t->stamp);
	memset(t, 0, sizeof *t);
}

void tlb_copy(tlb *b, const tlb *a)
{
	unsigned n = a->n;
	memcpy(b->tag, a->tag, n * sizeof *a->tag);
	memcpy(b->asid, a->asid, n * sizeof *a->asid);
	memcpy(b->global, a->global, n);
	memcpy(b->valid, a->valid, n);
	memcpy(b->dirty, a->dirty, n);
	memcpy(b->stamp, a->stamp, (n + 1) * sizeof *a->stamp);
	b->clock = a->clock;
	b->fifo_next = a->fifo_next;
	b->rng = a->rng;
	b->writes = a->writes;
	b->flushes = a->flushes;
	memcpy(b->bucket, a->bucket, sizeof a->bucket);
}

/* Entry i's tag leaves (on 0) or joins (on 1) the lookup index. */
static void index_set(tlb *t, unsigned i, int on)
{
	uint64_t tag = t->tag[i];
	if (t->n > 64 || tag == TLB_NOTAG)
		return;
	if (on)
		t->bucket[tag % TLB_BUCKETS] |= 1ull << i;
	else
		t->bucket[tag % TLB_BUCKETS] &= ~(1ull << i);
}

int tlb_lookup(const tlb *t, uint64_t vpn, uint32_t asid)
{
	uint64_t v2 = vpn >> t->pairs;
	const uint64_t *tag = t->tag;
	if (t->n <= 64) {
		/* the entries of v2's bucket, lowest first: the entry a scan
		 * would find first */
		for (uint64_t m = t->bucket[v2 % TLB_BUCKETS]; m; m &= m - 1) {
			unsigned i = (unsigned)__builtin_ctzll(m);
			if (tag[i] == v2 && (t->global[i] || t->asid[i] == asid))
				return (int)i;
		}
		return -1;
	}
	for (unsigned i = 0, n = t->n; i < n; i++)
		if (tag[i] == v2 && (t->global[i] || t->asid[i] == asid))
			return (int)i;
	return -1;
}

unsigned tlb_victim(tlb *t)
{
	unsigned lo = t->wired, span = t->n - t->wired;
	switch (t->policy) {
	case TLB_FIFO: {
		unsigned i = t->fifo_next;
		t->fifo_next = i + 1 == t->n ? lo : i + 1;
		return i;
	}
	case TLB_LRU: {
		unsigned best = lo;
		for (unsigned i = lo + 1; i < t->n; i++)
			if (t->stamp[i] < t->stamp[best])
				best = i;
		return best;
	}
	default:
		return lo + (unsigned)(rng_next(&t->rng) % span);
	}
}

void tlb_write(tlb *t, unsigned i, uint64_t vpn, uint32_t asid, int global,
               unsigned valid, unsigned dirty)
{
	index_set(t, i, 0);
	t->tag[i] = vpn >> t->pairs;
	index_set(t, i, 1);
	t->asid[i] = asid;
	t->global[i] = (uint8_t)(global != 0);
	t->valid[i] = (uint8_t)valid;
	t->dirty[i] = (uint8_t)dirty;
	t->stamp[i] = ++t->clock;
	t->writes++;
}

void tlb_inval(tlb *t, unsigned i)
{
	index_set(t, i, 0);
	t->tag[i] = TLB_NOTAG;
	t->valid[i] = t->dirty[i] = t->global[i] = 0;
	t->stamp[i] = 0;
}

void tlb_flush(tlb *t)
{
	for (unsigned i = 0; i < t->n; i++)
		tlb_inval(t, i);
	t->flushes++;
	t->fifo_next = t->wired;
}
