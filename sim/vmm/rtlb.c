/*
 * rtlb.c - the real TLB, as the monitor wrote it.  While a guest runs the
 * monitor is the only writer of the real TLB, so it keeps a copy of every
 * entry: to overwrite an entry for the same page rather than create a
 * duplicate (a machine check on the R4000), to drop the machine entry of a
 * guest entry the guest overwrote, and to find the entry a TLB-modified
 * exception came from.  Entries hold machine frames and machine ASIDs;
 * replacement is round robin over the whole TLB (the monitor wires none).
 */
#include "vmm/vmm_int.h"

#include <stdlib.h>

int vmm_rtlb_init(vmm_rtlb *t, unsigned n)
{
	t->n = n;
	t->next = 0;
	t->gen = 0;
	t->hi = calloc(n, sizeof *t->hi);
	t->lo0 = calloc(n, sizeof *t->lo0);
	t->lo1 = calloc(n, sizeof *t->lo1);
	t->used = calloc(n, 1);
	if (!n || !t->hi || !t->lo0 || !t->lo1 || !t->used) {
		vmm_rtlb_free(t);
		return -1;
	}
	return 0;
}

void vmm_rtlb_free(vmm_rtlb *t)
{
	free(t->hi);
	free(t->lo0);
	free(t->lo1);
	free(t->used);
	t->hi = t->lo0 = t->lo1 = NULL;
	t->used = NULL;
	t->n = 0;
}

static int is_global(const vmm_rtlb *t, unsigned i)
{
	return (t->lo0[i] & t->lo1[i] & EL_G) != 0;
}

/* Entry i and (hi, global) would match the same address. */
static int overlaps(const vmm_rtlb *t, unsigned i, uint32_t hi, int g)
{
	return t->used[i] && (t->hi[i] & EH_VPN2) == (hi & EH_VPN2) &&
	       (g || is_global(t, i) || (t->hi[i] & EH_ASID) == (hi & EH_ASID));
}

static void inval(vmm_vm *vm, unsigned i)
{
	vmm_rtlb *t = &vm->rtlb;
	t->used[i] = 0;
	vm->hw->tlb_inval(vm->hwp, i);
}

void vmm_rtlb_install(vmm_vm *vm, uint32_t hi, uint32_t lo0, uint32_t lo1)
{
	vmm_rtlb *t = &vm->rtlb;
	int g = (lo0 & lo1 & EL_G) != 0, slot = -1;
	for (unsigned i = 0; i < t->n; i++) {
		if (!overlaps(t, i, hi, g))
			continue;
		if (slot < 0)
			slot = (int)i;
		else
			inval(vm, i);
	}
	if (slot < 0) {
		slot = (int)t->next;
		t->next = (t->next + 1) % t->n;
	}
	t->hi[slot] = hi & (EH_VPN2 | EH_ASID);
	t->lo0[slot] = lo0;
	t->lo1[slot] = lo1;
	t->used[slot] = 1;
	vmm_rtlb_refresh(vm, (unsigned)slot);
}

/* The real EntryLo of a meant one: D withheld while the frame is fresh. */
static uint32_t real_lo(const vmm_vm *vm, uint32_t lo)
{
	if ((lo & (EL_V | EL_D)) == (EL_V | EL_D)) {
		uint32_t maddr = (lo >> 6) << VMM_PAGE_SHIFT;
		if (maddr < VMM_IO_BASE && vmm_page_fresh(vm, maddr >> VMM_PAGE_SHIFT))
			lo &= ~EL_D;
	}
	return lo;
}

void vmm_rtlb_refresh(vmm_vm *vm, unsigned i)
{
	vmm_rtlb *t = &vm->rtlb;
	vm->st.rtlb_writes++;
	vm->hw->tlb_write(vm->hwp, i, t->hi[i], real_lo(vm, t->lo0[i]), real_lo(vm, t->lo1[i]), 0);
}

void vmm_rtlb_drop(vmm_vm *vm, uint32_t hi, int global)
{
	vmm_rtlb *t = &vm->rtlb;
	for (unsigned i = 0; i < t->n; i++)
		if (overlaps(t, i, hi, global))
			inval(vm, i);
}

int vmm_rtlb_match(const vmm_vm *vm, uint32_t va, uint32_t masid)
{
	const vmm_rtlb *t = &vm->rtlb;
	for (unsigned i = 0; i < t->n; i++)
		if (t->used[i] && (t->hi[i] & EH_VPN2) == (va & EH_VPN2) &&
		    (is_global(t, i) || (t->hi[i] & EH_ASID) == masid))
			return (int)i;
	return -1;
}

void vmm_rtlb_flush(vmm_vm *vm)
{
	vmm_rtlb *t = &vm->rtlb;
	for (unsigned i = 0; i < t->n; i++)
		if (t->used[i])
			inval(vm, i);
	t->next = 0;
	t->gen = vm->m->masid.gen;
	vm->st.rtlb_flushes++;
}
