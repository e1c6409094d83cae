/*
 * swtlb.c - the software TLB (see swtlb.h).
 */
#include "machine/swtlb.h"

#include <stdlib.h>
#include <string.h>

int swtlb_init(swtlb *s, uint32_t entries, uint32_t assoc)
{
	memset(s, 0, sizeof *s);
	hmap_init(&s->index);
	if (!entries)
		return 0;
	if (!assoc || assoc > entries)
		assoc = entries;
	if (entries % assoc)
		return -1;
	s->entries = entries;
	s->assoc = assoc;
	s->sets = entries / assoc;
	s->w = calloc(entries, sizeof *s->w);
	return s->w ? 0 : -1;
}

void swtlb_free(swtlb *s)
{
	free(s->w);
	hmap_free(&s->index);
	memset(s, 0, sizeof *s);
}

static uint32_t set_of(const swtlb *s, uint64_t vpn2, uint32_t asid)
{
	return (uint32_t)((vpn2 + (uint64_t)asid * 40503u) % s->sets);
}

const swtlb_way *swtlb_lookup(swtlb *s, uint64_t vpn2, uint32_t asid)
{
	if (!s->entries)
		return NULL;
	uint64_t *ix = hmap_get(&s->index, vpn2, asid);
	if (!ix)
		return NULL;
	swtlb_way *w = &s->w[*ix];
	w->stamp = ++s->clock;
	return w;
}

int swtlb_insert(swtlb *s, uint64_t vpn2, uint32_t asid, unsigned valid, unsigned dirty, int global)
{
	if (!s->entries)
		return 0;
	uint64_t *ix = hmap_get(&s->index, vpn2, asid);
	swtlb_way *w;
	if (ix) {
		w = &s->w[*ix];
	} else {
		uint64_t base = (uint64_t)set_of(s, vpn2, asid) * s->assoc, best = base;
		for (uint64_t i = base; i < base + s->assoc; i++) {
			if (!s->w[i].used) {
				best = i;
				break;
			}
			if (s->w[i].stamp < s->w[best].stamp)
				best = i;
		}
		w = &s->w[best];
		if (w->used)
			hmap_del(&s->index, w->vpn2, w->asid);
		if (hmap_put(&s->index, vpn2, asid, best))
			return -1;
		w->vpn2 = vpn2;
		w->asid = asid;
		w->used = 1;
	}
	w->valid = (uint8_t)valid;
	w->dirty = (uint8_t)dirty;
	w->global = (uint8_t)(global != 0);
	w->stamp = ++s->clock;
	return 0;
}

int swtlb_remove(swtlb *s, uint64_t vpn2, uint32_t asid)
{
	if (!s->entries)
		return 0;
	uint64_t *ix = hmap_get(&s->index, vpn2, asid);
	if (!ix)
		return 0;
	swtlb_way *w = &s->w[*ix];
	hmap_del(&s->index, vpn2, asid);
	w->used = 0;
	w->stamp = 0;
	return 1;
}
