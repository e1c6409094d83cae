/*
 * hmap.h - an open-addressing hash map from (u64, u32) keys to u64 values,
 * for per-page state (page tables, pmaps, the software TLB's index).
 * Deterministic: no randomized hashing.
 */
#ifndef VMMSIM_HMAP_H
#define VMMSIM_HMAP_H

#include <stdint.h>

typedef struct hmap_slot {
	uint64_t a;
	uint32_t b;
	uint32_t used;
	uint64_t val;
} hmap_slot;

typedef struct hmap {
	hmap_slot *s;
	uint64_t cap, n; /* cap a power of two (or 0) */
} hmap;

void hmap_init(hmap *h);
void hmap_free(hmap *h);
void hmap_clear(hmap *h);
/* Pointer to the value of (a, b), or NULL. */
uint64_t *hmap_get(const hmap *h, uint64_t a, uint32_t b);
/* Sets (a, b) to val.  Returns 0, or -1 out of memory. */
int hmap_put(hmap *h, uint64_t a, uint32_t b, uint64_t val);
/* Makes dst (initialised, empty) a copy of src.  Returns 0 or -1. */
int hmap_copy(hmap *dst, const hmap *src);
/* Removes (a, b); returns 1 if it was there. */
int hmap_del(hmap *h, uint64_t a, uint32_t b);

#endif
