/*
 * stackdist.c - one-pass LRU stack distances with holes for invalidations.
 * The method and why it is exact are in stackdist.h.
 *
 * State: a hash table key -> time of last access; a Fenwick tree over times
 * (1 where a live entry or a hole sits); per time, what sits there (entry or
 * hole) and the entry's key (for renumbering); a max-heap of hole times; the
 * distance histogram.  Everything that can grow is grown before the stack is
 * touched, so an allocation failure leaves it unchanged.
 */
#include "sweep/stackdist.h"

#include <stdlib.h>
#include <string.h>

enum { ST_NONE = 0, ST_ENTRY = 1, ST_HOLE = 2 };
#define EMPTY UINT64_MAX

typedef struct sd_slot {
	uint64_t key;
	uint64_t t; /* EMPTY: free slot */
} sd_slot;

struct stackdist {
	/* hash table, linear probing, at most half full */
	sd_slot *tab;
	size_t tabmask, nkeys;
	/* times */
	uint32_t *fen;   /* Fenwick tree, 1-based, cap entries */
	uint8_t *state;  /* ST_* per time */
	uint64_t *owner; /* key of the entry at a time */
	uint64_t cap, now, marks;
	/* holes: max-heap of times */
	uint64_t *heap;
	size_t nholes, heapcap;
	/* histogram of distances */
	uint64_t *hist;
	size_t histlen, histcap;
	uint64_t accesses;
};

static uint64_t hash64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static sd_slot *tab_find(const stackdist *s, uint64_t key)
{
	size_t i = hash64(key) & s->tabmask;
	for (;;) {
		sd_slot *e = &s->tab[i];
		if (e->t == EMPTY)
			return NULL;
		if (e->key == key)
			return e;
		i = (i + 1) & s->tabmask;
	}
}

/* Inserts a key known to be absent (room guaranteed by tab_reserve). */
static sd_slot *tab_insert(stackdist *s, uint64_t key)
{
	size_t i = hash64(key) & s->tabmask;
	while (s->tab[i].t != EMPTY)
		i = (i + 1) & s->tabmask;
	s->tab[i].key = key;
	s->nkeys++;
	return &s->tab[i];
}

/* Deletes a slot, shifting back the entries of its probe run. */
static void tab_delete(stackdist *s, sd_slot *e)
{
	size_t i = (size_t)(e - s->tab), j = i;
	s->tab[i].t = EMPTY;
	s->nkeys--;
	for (;;) {
		j = (j + 1) & s->tabmask;
		if (s->tab[j].t == EMPTY)
			return;
		size_t home = hash64(s->tab[j].key) & s->tabmask;
		/* can slot j's entry move to the hole at i? yes unless its home
		 * lies cyclically in (i, j] */
		int stays = (i <= j) ? (home > i && home <= j) : (home > i || home <= j);
		if (stays)
			continue;
		s->tab[i] = s->tab[j];
		s->tab[j].t = EMPTY;
		i = j;
	}
}

static int tab_reserve(stackdist *s)
{
	if (2 * (s->nkeys + 1) <= s->tabmask + 1)
		return 0;
	size_t n = 2 * (s->tabmask + 1);
	sd_slot *t = malloc(n * sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < n; i++)
		t[i].t = EMPTY;
	sd_slot *old = s->tab;
	size_t oldn = s->tabmask + 1;
	s->tab = t;
	s->tabmask = n - 1;
	s->nkeys = 0;
	for (size_t i = 0; i < oldn; i++)
		if (old[i].t != EMPTY)
			tab_insert(s, old[i].key)->t = old[i].t;
	free(old);
	return 0;
}

static void fen_add(stackdist *s, uint64_t t, int32_t v)
{
	for (uint64_t i = t + 1; i <= s->cap; i += i & (~i + 1))
		s->fen[i - 1] += (uint32_t)v;
}

/* Marks at times <= t. */
static uint64_t fen_prefix(const stackdist *s, uint64_t t)
{
	uint64_t sum = 0;
	for (uint64_t i = t + 1; i > 0; i -= i & (~i + 1))
		sum += s->fen[i - 1];
	return sum;
}

static void heap_push(stackdist *s, uint64_t t)
{
	size_t i = s->nholes++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (s->heap[p] >= t)
			break;
		s->heap[i] = s->heap[p];
		i = p;
	}
	s->heap[i] = t;
}

static uint64_t heap_pop(stackdist *s)
{
	uint64_t top = s->heap[0], last = s->heap[--s->nholes];
	size_t i = 0, n = s->nholes;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && s->heap[c + 1] > s->heap[c])
			c++;
		if (s->heap[c] <= last)
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (n)
		s->heap[i] = last;
	return top;
}

static int heap_reserve(stackdist *s)
{
	if (s->nholes < s->heapcap)
		return 0;
	size_t n = s->heapcap ? 2 * s->heapcap : 64;
	uint64_t *h = realloc(s->heap, n * sizeof *h);
	if (!h)
		return -1;
	s->heap = h;
	s->heapcap = n;
	return 0;
}

static int hist_reserve(stackdist *s, uint64_t d)
{
	if (d <= s->histcap)
		return 0;
	size_t n = s->histcap ? s->histcap : 64;
	while (n < d)
		n *= 2;
	uint64_t *h = realloc(s->hist, n * sizeof *h);
	if (!h)
		return -1;
	memset(h + s->histcap, 0, (n - s->histcap) * sizeof *h);
	s->hist = h;
	s->histcap = n;
	return 0;
}

/* Renumbers the marked times 0..marks-1 in order (growing the time space so
 * that at least half of it is free afterwards) and rebuilds the tree. */
static int compact(stackdist *s)
{
	uint64_t ncap = s->cap;
	while (ncap < 2 * s->marks + 64)
		ncap *= 2;
	if (ncap != s->cap) {
		uint32_t *f = realloc(s->fen, ncap * sizeof *f);
		if (!f)
			return -1;
		s->fen = f;
		uint8_t *st = realloc(s->state, ncap);
		if (!st)
			return -1;
		s->state = st;
		uint64_t *o = realloc(s->owner, ncap * sizeof *o);
		if (!o)
			return -1;
		s->owner = o;
		memset(s->state + s->cap, 0, ncap - s->cap);
		s->cap = ncap;
	}
	/* Holes in increasing time order, written back into the heap array
	 * reversed (a decreasing array is a valid max-heap). */
	uint64_t j = 0;
	size_t h = s->nholes;
	for (uint64_t t = 0; t < s->now; t++) {
		uint8_t st = s->state[t];
		if (st == ST_NONE)
			continue;
		s->state[t] = ST_NONE;
		s->state[j] = st;
		if (st == ST_ENTRY) {
			s->owner[j] = s->owner[t];
			tab_find(s, s->owner[j])->t = j;
		} else {
			s->heap[--h] = j;
		}
		j++;
	}
	s->now = j;
	memset(s->fen, 0, s->cap * sizeof *s->fen);
	for (uint64_t i = 1; i <= s->cap; i++) {
		if (i - 1 < j)
			s->fen[i - 1] += 1;
		uint64_t p = i + (i & (~i + 1));
		if (p <= s->cap)
			s->fen[p - 1] += s->fen[i - 1];
	}
	return 0;
}

stackdist *stackdist_new(void)
{
	stackdist *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->tabmask = 1023;
	s->tab = malloc((s->tabmask + 1) * sizeof *s->tab);
	s->cap = 4096;
	s->fen = calloc(s->cap, sizeof *s->fen);
	s->state = calloc(s->cap, 1);
	s->owner = malloc(s->cap * sizeof *s->owner);
	if (!s->tab || !s->fen || !s->state || !s->owner) {
		stackdist_free(s);
		return NULL;
	}
	for (size_t i = 0; i <= s->tabmask; i++)
		s->tab[i].t = EMPTY;
	return s;
}

void stackdist_free(stackdist *s)
{
	if (!s)
		return;
	free(s->tab);
	free(s->fen);
	free(s->state);
	free(s->owner);
	free(s->heap);
	free(s->hist);
	free(s);
}

static int64_t access_key(stackdist *s, uint64_t key, int count)
{
	if (s->now == s->cap && compact(s))
		return -1;
	sd_slot *e = tab_find(s, key);
	uint64_t d = 0;
	if (e) {
		d = 1 + (s->marks - fen_prefix(s, e->t));
		if ((count && hist_reserve(s, d)) || heap_reserve(s))
			return -1;
		uint64_t t = e->t;
		if (s->nholes && s->heap[0] > t) {
			/* a hole above X: X's place becomes a hole, the
			 * shallowest hole is filled */
			uint64_t h = heap_pop(s);
			fen_add(s, h, -1);
			s->state[h] = ST_NONE;
			s->state[t] = ST_HOLE;
			heap_push(s, t);
		} else {
			fen_add(s, t, -1);
			s->state[t] = ST_NONE;
		}
		if (count) {
			s->hist[d - 1]++;
			if (d > s->histlen)
				s->histlen = (size_t)d;
		}
	} else {
		if (tab_reserve(s))
			return -1;
		if (s->nholes) {
			uint64_t h = heap_pop(s);
			fen_add(s, h, -1);
			s->state[h] = ST_NONE;
		} else {
			s->marks++;
		}
		e = tab_insert(s, key);
	}
	uint64_t t = s->now++;
	fen_add(s, t, 1);
	s->state[t] = ST_ENTRY;
	s->owner[t] = key;
	e->t = t;
	s->accesses += (uint64_t)count;
	return (int64_t)d;
}

int64_t stackdist_access(stackdist *s, uint64_t key)
{
	return access_key(s, key, 1);
}

int64_t stackdist_touch(stackdist *s, uint64_t key)
{
	return access_key(s, key, 0);
}

int stackdist_invalidate(stackdist *s, uint64_t key)
{
	sd_slot *e = tab_find(s, key);
	if (!e)
		return 0;
	if (heap_reserve(s))
		return -1;
	s->state[e->t] = ST_HOLE;
	heap_push(s, e->t);
	tab_delete(s, e);
	return 1;
}

uint64_t stackdist_hits(const stackdist *s, uint64_t capacity)
{
	uint64_t n = 0;
	for (size_t d = 0; d < s->histlen && d < capacity; d++)
		n += s->hist[d];
	return n;
}

void stackdist_hits_many(const stackdist *s, const uint64_t *caps, size_t n, uint64_t *hits)
{
	for (size_t i = 0; i < n; i++)
		hits[i] = stackdist_hits(s, caps[i]);
}

uint64_t stackdist_accesses(const stackdist *s)
{
	return s->accesses;
}

const uint64_t *stackdist_hist(const stackdist *s, size_t *len)
{
	*len = s->histlen;
	return s->hist;
}
