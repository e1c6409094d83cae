/*
 * stlb.c - the monitor's software TLB (Disco's second-level TLB) of
 * machine entries: machine/swtlb's sets, ways and LRU, keyed by (VPN2,
 * guest ASID or global), with the machine EntryLo pair of each way kept
 * beside it.  Filled by trap_tlbwrite, probed by vmm_miss in swtlb mode.
 * An entry outlives the guest's own TLB entry when the guest's tlbwr
 * replaces that for room (the software TLB is the larger one); it is
 * dropped when the guest rewrites or invalidates the entry with tlbwi,
 * probes its page with tlbp (a guest flushing a page it may no longer hold
 * probes first: Linux's local_flush_tlb_page), and all entries go when
 * the guest invalidates its whole TLB (local_flush_tlb_all, on ASID reuse).
 */
#include "vmm/vmm_int.h"

#include <stdlib.h>

int vmm_stlb_init(vmm_stlb *s, uint32_t entries, uint32_t assoc)
{
	s->lo0 = s->lo1 = NULL;
	if (swtlb_init(&s->s, entries, assoc))
		return -1;
	if (!entries)
		return 0;
	s->lo0 = calloc(entries, sizeof *s->lo0);
	s->lo1 = calloc(entries, sizeof *s->lo1);
	if (!s->lo0 || !s->lo1) {
		vmm_stlb_free(s);
		return -1;
	}
	return 0;
}

void vmm_stlb_free(vmm_stlb *s)
{
	swtlb_free(&s->s);
	free(s->lo0);
	free(s->lo1);
	s->lo0 = s->lo1 = NULL;
}

/* machine/swtlb keys by (vpn2, asid): the key's two halves */
static uint64_t kvpn(uint64_t key) { return key >> 9; }
static uint32_t kasid(uint64_t key) { return (uint32_t)(key & 0x1ff); }

void vmm_stlb_insert(vmm_stlb *s, uint64_t key, uint32_t lo0, uint32_t lo1)
{
	if (!s->s.entries)
		return;
	if (swtlb_insert(&s->s, kvpn(key), kasid(key), (lo0 & EL_V ? 1 : 0) | (lo1 & EL_V ? 2 : 0),
	                 (lo0 & EL_D ? 1 : 0) | (lo1 & EL_D ? 2 : 0), (lo0 & lo1 & EL_G) != 0))
		return; /* out of memory: the entry is simply not cached */
	const swtlb_way *w = swtlb_lookup(&s->s, kvpn(key), kasid(key));
	if (!w)
		return;
	size_t i = (size_t)(w - s->s.w);
	s->lo0[i] = lo0;
	s->lo1[i] = lo1;
}

int vmm_stlb_lookup(vmm_stlb *s, uint64_t key, uint32_t *lo0, uint32_t *lo1)
{
	const swtlb_way *w = swtlb_lookup(&s->s, kvpn(key), kasid(key));
	if (!w)
		return 0;
	size_t i = (size_t)(w - s->s.w);
	*lo0 = s->lo0[i];
	*lo1 = s->lo1[i];
	return 1;
}

int vmm_stlb_drop(vmm_stlb *s, uint64_t key)
{
	return swtlb_remove(&s->s, kvpn(key), kasid(key));
}

void vmm_stlb_clear(vmm_stlb *s)
{
	if (!s->s.entries)
		return;
	for (uint32_t i = 0; i < s->s.entries; i++)
		if (s->s.w[i].used)
			swtlb_remove(&s->s, s->s.w[i].vpn2, s->s.w[i].asid);
}
