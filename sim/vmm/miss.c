/*
 * miss.c - TLB exceptions of the real CPU while a guest runs.
 *
 * kseg_miss: the guest kernel touched kseg0/kseg1 (or useg under ERL),
 * unmapped for it but mapped by the monitor beneath it, as Disco's relinked
 * kernel was: the page's guest-physical address goes through the pmap and
 * the monitor installs a global entry (the odd/even neighbour too when it
 * is already backed), invisible to the guest.
 *
 * vmm_miss: any other reference (the chapter's Table 101.5, step 2).  When
 * the guest's own (virtual) TLB holds the page, the real TLB only lost it
 * (to the monitor's kseg mappings, a machine switch): the monitor reloads
 * it and retries, as the reference would have hit natively; an invalid page
 * is reflected as TLB invalid, a store to a clean one as TLB modified.
 * Otherwise, in swtlb mode, the software TLB is probed (swtlb_lookup) and a
 * hit installs the machine entry and retries (swtlb_hit); else the refill is
 * reflected to the guest's refill handler.
 *
 * A TLB-modified exception on a page the guest may write is the monitor's
 * own doing: the real entry withholds D until the guest's first store to a
 * frame the monitor zeroed (pmap.c counts the pages the guest zeroes again).
 */
#include "vmm/vmm_int.h"

/* The store instruction t->insn writes zero bytes (sb, sh, sw, sc; other
 * stores count as non-zero). */
static int stores_zero(const vmm_vm *vm, uint32_t insn)
{
	uint32_t v = vm->r[(insn >> 16) & 31];
	switch (insn >> 26) {
	case 0x28: return (v & 0xff) == 0;
	case 0x29: return (v & 0xffff) == 0;
	case 0x2b:
	case 0x38: return v == 0;
	default: return 0;
	}
}

/* Real entry i's half for va, meant words. */
static uint32_t *rtlb_half(vmm_vm *vm, unsigned i, uint32_t va)
{
	return (va & 0x1000u) ? &vm->rtlb.lo1[i] : &vm->rtlb.lo0[i];
}

/* A store to a page whose real entry withholds D for the first-store
 * watch.  1 if it was that (handled), 0 if the guest's own. */
static int first_store(vmm_vm *vm, const vmm_trap *t, uint32_t masid)
{
	int i = vmm_rtlb_match(vm, t->badvaddr, masid);
	if (i < 0)
		return 0;
	uint32_t lo = *rtlb_half(vm, (unsigned)i, t->badvaddr);
	if ((lo & (EL_V | EL_D)) != (EL_V | EL_D))
		return 0;
	uint32_t mfn = lo >> 6;
	vmm_page_first_store(vm, mfn, t->badvaddr & (VMM_PAGE_SIZE - 1), stores_zero(vm, t->insn));
	vmm_rtlb_refresh(vm, (unsigned)i);
	vm->hw->set_pc(vm->hwp, t->epc);
	return 1;
}

static int kseg_miss(vmm_vm *vm, const vmm_trap *t)
{
	uint32_t va = t->badvaddr, pair = va & EH_VPN2, lo[2] = {0, 0};
	/* kseg1 is uncached (C = 2), kseg0 cacheable (C = 3): only a label here */
	uint32_t cflags = (va >= 0xa0000000u && va < 0xc0000000u ? 2u : 3u) << 3;
	for (unsigned h = 0; h < 2; h++) {
		uint32_t pa = (pair + (h << VMM_PAGE_SHIFT)) & (vmm_is_kseg01(va) ? 0x1fffffffu : 0xffffffffu);
		uint32_t gpfn = pa >> VMM_PAGE_SHIFT, maddr;
		int mine = ((va >> VMM_PAGE_SHIFT) & 1) == h;
		/* the neighbour only when it needs no allocation */
		if (!mine && gpfn < vm->pmap.pages && !vm->pmap.mfn[gpfn])
			continue;
		if (vmm_pmap_translate(vm, pa, &maddr)) {
			if (mine && pa < VMM_IO_BASE)
				return VMM_FAIL;
			continue;
		}
		lo[h] = ((maddr >> VMM_PAGE_SHIFT) << 6) | cflags | EL_D | EL_V | EL_G;
	}
	lo[0] |= EL_G;
	lo[1] |= EL_G;
	vmm_rtlb_install(vm, pair, lo[0], lo[1]);
	vm->st.kseg_miss++;
	vmm_charge(vm, HOP_KSEG_MISS);
	vm->hw->set_pc(vm->hwp, t->epc);
	return VMM_CONTINUE;
}

/* The guest's own TLB holds the page (the real TLB lost it to the
 * monitor's entries or a machine switch): natively the reference would
 * have hit, so the monitor reloads the 4 KB pair around va from the
 * virtual entry (any page size) and retries, unseen by the guest. */
static int vtlb_reload(vmm_vm *vm, const vmm_trap *t, unsigned i, uint32_t masid)
{
	const vmm_vtlb *vt = &vm->vtlb;
	uint32_t va = t->badvaddr, pair = va & EH_VPN2, lo[2];
	uint32_t half = ((vt->mask[i] | 0x1fffu) + 1) >> 1;
	int g = (vt->lo0[i] & vt->lo1[i] & EL_G) != 0;
	for (unsigned h = 0; h < 2; h++) {
		uint32_t a = pair + (h << VMM_PAGE_SHIFT), glo = vmm_vtlb_lo(vt, i, a), maddr;
		lo[h] = 0;
		if (!(glo & EL_V))
			continue;
		uint32_t pa = ((glo >> 6) << VMM_PAGE_SHIFT) + (a & (half - 1) & ~(VMM_PAGE_SIZE - 1));
		if (vmm_pmap_translate(vm, pa, &maddr)) {
			if (pa < VMM_IO_BASE)
				return VMM_FAIL;
			continue;
		}
		lo[h] = ((maddr >> VMM_PAGE_SHIFT) << 6) | (glo & EL_FLAGS);
	}
	if (g) {
		lo[0] |= EL_G;
		lo[1] |= EL_G;
	}
	vmm_rtlb_install(vm, pair | (g ? 0 : masid), lo[0], lo[1]);
	vm->st.vtlb_reload++;
	vm->hw->set_pc(vm->hwp, t->epc);
	return VMM_CONTINUE;
}

int vmm_tlb_exception(vmm_vm *vm, const vmm_trap *t)
{
	uint32_t va = t->badvaddr, st = vm->cp0.r[CP0_STATUS][0];
	int kernel = vmm_guest_kernel(vm);
	int kseg = kernel && (vmm_is_kseg01(va) || ((st & ST_ERL) && va < 0x80000000u));
	int store = t->exc != VMM_EXC_TLBL;

	if (t->exc == VMM_EXC_MOD && first_store(vm, t, kseg ? 0 : vmm_masid(vm, vmm_guest_asid(vm))))
		return VMM_CONTINUE;
	if (kseg)
		return kseg_miss(vm, t);

	vm->st.vmm_miss++;
	vmm_charge(vm, HOP_VMM_MISS);
	uint32_t asid = vmm_guest_asid(vm);
	int i = vmm_vtlb_match(&vm->vtlb, va, asid);
	if (i >= 0) {
		uint32_t lo = vmm_vtlb_lo(&vm->vtlb, (unsigned)i, va);
		if (!(lo & EL_V)) {
			vmm_reflect(vm, t, store ? VMM_EXC_TLBS : VMM_EXC_TLBL, 0);
			return VMM_CONTINUE;
		}
		if (store && !(lo & EL_D)) {
			vmm_reflect(vm, t, VMM_EXC_MOD, 0);
			return VMM_CONTINUE;
		}
		return vtlb_reload(vm, t, (unsigned)i, vmm_masid(vm, asid));
	}
	if (vm->m->swtlb) {
		uint32_t lo0, lo1;
		vmm_charge(vm, HOP_SWTLB_LOOKUP);
		if (vmm_stlb_lookup(&vm->stlb, vmm_stlb_key(va, asid, 0), &lo0, &lo1) ||
		    vmm_stlb_lookup(&vm->stlb, vmm_stlb_key(va, asid, 1), &lo0, &lo1)) {
			uint32_t lo = (va & 0x1000u) ? lo1 : lo0;
			if ((lo & EL_V) && (!store || (lo & EL_D))) {
				int g = (lo0 & lo1 & EL_G) != 0;
				vmm_rtlb_install(vm, (va & EH_VPN2) | (g ? 0 : vmm_masid(vm, asid)), lo0, lo1);
				vm->st.swtlb_hit++;
				vmm_charge(vm, HOP_SWTLB_HIT);
				vm->hw->set_pc(vm->hwp, t->epc);
				return VMM_CONTINUE;
			}
		}
		vm->st.swtlb_miss++;
	}
	vmm_reflect(vm, t, store ? VMM_EXC_TLBS : VMM_EXC_TLBL, 1);
	return VMM_CONTINUE;
}
