/*
 * vtlb.c - the guest's virtual TLB: the entries its tlbwr/tlbwi wrote,
 * which its tlbp probes and its tlbr reads back, exactly as it wrote them
 * (guest-physical frame numbers).  The machine side of each entry is in the
 * real TLB (rtlb.c) and the software TLB (stlb.c).
 */
#include "vmm/vmm_int.h"

#include <stdlib.h>

int vmm_vtlb_init(vmm_vtlb *t, unsigned n)
{
	t->n = n;
	t->hi = calloc(n, sizeof *t->hi);
	t->lo0 = calloc(n, sizeof *t->lo0);
	t->lo1 = calloc(n, sizeof *t->lo1);
	t->mask = calloc(n, sizeof *t->mask);
	t->skey = malloc(n * sizeof *t->skey);
	if (!n || !t->hi || !t->lo0 || !t->lo1 || !t->mask || !t->skey) {
		vmm_vtlb_free(t);
		return -1;
	}
	/* reset state as the CPU's: all zero (VPN2 0, ASID 0, invalid) */
	for (unsigned i = 0; i < n; i++)
		t->skey[i] = VMM_NOKEY;
	return 0;
}

void vmm_vtlb_free(vmm_vtlb *t)
{
	free(t->hi);
	free(t->lo0);
	free(t->lo1);
	free(t->mask);
	free(t->skey);
	t->hi = t->lo0 = t->lo1 = t->mask = NULL;
	t->skey = NULL;
	t->n = 0;
}

static int global(const vmm_vtlb *t, unsigned i)
{
	return (t->lo0[i] & t->lo1[i] & EL_G) != 0;
}

/* VPN2 comparison mask of entry i (PageMask widens the page). */
static uint32_t vpn_mask(const vmm_vtlb *t, unsigned i)
{
	return EH_VPN2 & ~t->mask[i];
}

int vmm_vtlb_match(const vmm_vtlb *t, uint32_t va, uint32_t asid)
{
	for (unsigned i = 0; i < t->n; i++) {
		uint32_t m = vpn_mask(t, i);
		if ((t->hi[i] & m) == (va & m) && (global(t, i) || (t->hi[i] & EH_ASID) == asid))
			return (int)i;
	}
	return -1;
}

int vmm_vtlb_dup(const vmm_vtlb *t, uint32_t hi, int g, unsigned skip)
{
	for (unsigned i = 0; i < t->n; i++) {
		if (i == skip || !((t->lo0[i] | t->lo1[i]) & EL_V))
			continue; /* an entry with no valid page translates nothing */
		uint32_t m = vpn_mask(t, i);
		if ((t->hi[i] & m) != (hi & m))
			continue;
		if (g || global(t, i) || (t->hi[i] & EH_ASID) == (hi & EH_ASID))
			return (int)i;
	}
	return -1;
}

uint32_t vmm_vtlb_lo(const vmm_vtlb *t, unsigned i, uint32_t va)
{
	/* the odd page is selected by the bit just above the page size */
	uint32_t half = ((t->mask[i] | 0x1fffu) + 1) >> 1;
	return (va & half) ? t->lo1[i] : t->lo0[i];
}
