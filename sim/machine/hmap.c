/*
 * hmap.c - open addressing with linear probing and backward-shift deletion.
 */
#include "machine/hmap.h"

#include <stdlib.h>
#include <string.h>

static inline uint64_t hash(uint64_t a, uint32_t b)
{
	uint64_t x = a * 0x9E3779B97F4A7C15ull ^ ((uint64_t)b * 0xC2B2AE3D27D4EB4Full);
	x ^= x >> 29;
	x *= 0xBF58476D1CE4E5B9ull;
	return x ^ (x >> 32);
}

void hmap_init(hmap *h)
{
	h->s = NULL;
	h->cap = h->n = 0;
}

void hmap_free(hmap *h)
{
	free(h->s);
	hmap_init(h);
}

void hmap_clear(hmap *h)
{
	if (h->s)
		memset(h->s, 0, h->cap * sizeof *h->s);
	h->n = 0;
}

uint64_t *hmap_get(const hmap *h, uint64_t a, uint32_t b)
{
	if (!h->n)
		return NULL;
	uint64_t m = h->cap - 1;
	for (uint64_t i = hash(a, b) & m;; i = (i + 1) & m) {
		hmap_slot *s = &h->s[i];
		if (!s->used)
			return NULL;
		if (s->a == a && s->b == b)
			return &s->val;
	}
}

static int grow(hmap *h)
{
	uint64_t ncap = h->cap ? h->cap * 2 : 64;
	hmap_slot *ns = calloc(ncap, sizeof *ns);
	if (!ns)
		return -1;
	for (uint64_t j = 0; j < h->cap; j++) {
		hmap_slot *s = &h->s[j];
		if (!s->used)
			continue;
		uint64_t i = hash(s->a, s->b) & (ncap - 1);
		while (ns[i].used)
			i = (i + 1) & (ncap - 1);
		ns[i] = *s;
	}
	free(h->s);
	h->s = ns;
	h->cap = ncap;
	return 0;
}

int hmap_put(hmap *h, uint64_t a, uint32_t b, uint64_t val)
{
	uint64_t *v = hmap_get(h, a, b);
	if (v) {
		*v = val;
		return 0;
	}
	if ((h->n + 1) * 2 > h->cap && grow(h))
		return -1;
	uint64_t m = h->cap - 1, i = hash(a, b) & m;
	while (h->s[i].used)
		i = (i + 1) & m;
	h->s[i] = (hmap_slot){.a = a, .b = b, .used = 1, .val = val};
	h->n++;
	return 0;
}

int hmap_del(hmap *h, uint64_t a, uint32_t b)
{
	if (!h->n)
		return 0;
	uint64_t m = h->cap - 1, i = hash(a, b) & m;
	for (;; i = (i + 1) & m) {
		if (!h->s[i].used)
			return 0;
		if (h->s[i].a == a && h->s[i].b == b)
			break;
	}
	/* backward shift: move later members of the run into the hole */
	uint64_t j = i;
	for (;;) {
		j = (j + 1) & m;
		if (!h->s[j].used)
			break;
		uint64_t k = hash(h->s[j].a, h->s[j].b) & m;
		/* can slot j's member move to i?  yes unless k lies cyclically in (i, j] */
		if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
			h->s[i] = h->s[j];
			i = j;
		}
	}
	h->s[i].used = 0;
	h->n--;
	return 1;
}

int hmap_copy(hmap *dst, const hmap *src)
{
	hmap_free(dst);
	if (!src->cap)
		return 0;
	dst->s = malloc(src->cap * sizeof *dst->s);
	if (!dst->s)
		return -1;
	memcpy(dst->s, src->s, src->cap * sizeof *dst->s);
	dst->cap = src->cap;
	dst->n = src->n;
	return 0;
}
