/*
 * tlbwrite.c - trap_tlbwrite: the guest's tlbwr or tlbwi trapped, and the
 * monitor plays its trick (the chapter's Table 101.5, step 4).  The entry
 * the guest wrote (its EntryHi, EntryLo0/1, PageMask) goes into the virtual
 * TLB as written; each valid page's guest-physical frame goes through the
 * VM's pmap to a machine frame (allocated and zeroed on first touch), and
 * VPN -> MFN is installed in the real TLB under the machine ASID of (VM,
 * guest ASID), and recorded in the software TLB in swtlb mode.
 *
 * What the overwritten entry held leaves the real TLB (the real TLB must
 * not translate what the guest's TLB no longer does) and, unless the guest
 * only made room with tlbwr, the software TLB (stlb.c).  An entry duplicating
 * another (same VPN2 and ASID, or global) replaces it: a real R4000 would
 * take a machine check; the guest only meets this when the monitor itself
 * made it take a refill its own TLB would have hit.  Entries in kseg0/kseg1
 * (Linux's "unique" invalid entries) and entries with no valid page get no
 * machine side.  Guest pages larger than 4 KB are served page by page from
 * the virtual TLB on a miss (miss.c).
 */
#include "vmm/vmm_int.h"

static int entry_global(const vmm_vtlb *t, unsigned i)
{
	return (t->lo0[i] & t->lo1[i] & EL_G) != 0;
}

/* The machine side of virtual entry i goes: its real TLB entry, and its
 * software TLB entry unless the guest only made room (keep_stlb: tlbwr). */
static void forget(vmm_vm *vm, unsigned i, int keep_stlb)
{
	vmm_vtlb *t = &vm->vtlb;
	if (t->skey[i] != VMM_NOKEY) {
		if (!keep_stlb && vmm_stlb_drop(&vm->stlb, t->skey[i]))
			vm->st.swtlb_drop++;
		t->skey[i] = VMM_NOKEY;
	}
	if (vmm_is_kseg01(t->hi[i]) || !((t->lo0[i] | t->lo1[i]) & EL_V))
		return;
	int g = entry_global(t, i);
	uint32_t masid = g ? 0 : vmm_masid_peek(vm, t->hi[i] & EH_ASID);
	if (g || masid)
		vmm_rtlb_drop(vm, (t->hi[i] & EH_VPN2) | masid, g);
}

/* Machine EntryLo of a guest EntryLo (4 KB page): V cleared when the frame
 * cannot be represented.  0, or -1 (machine memory exhausted). */
static int machine_lo(vmm_vm *vm, uint32_t lo, uint32_t *mlo)
{
	*mlo = 0;
	if (!(lo & EL_V))
		return 0;
	uint32_t pa = (lo >> 6) << VMM_PAGE_SHIFT, maddr;
	if (vmm_pmap_translate(vm, pa, &maddr))
		return pa < VMM_IO_BASE ? -1 : 0;
	*mlo = ((maddr >> VMM_PAGE_SHIFT) << 6) | (lo & EL_FLAGS);
	return 0;
}

int vmm_trap_tlbwrite(vmm_vm *vm, unsigned i, int random)
{
	vmm_vtlb *t = &vm->vtlb;
	const vmm_vcp0 *c = &vm->cp0;
	uint32_t hi = c->r[CP0_ENTRYHI][0] & (EH_VPN2 | EH_ASID);
	uint32_t lo0 = c->r[CP0_ENTRYLO0][0], lo1 = c->r[CP0_ENTRYLO1][0];
	uint32_t mask = c->r[CP0_PAGEMASK][0];
	int g = (lo0 & lo1 & EL_G) != 0;

	vmm_charge(vm, HOP_TRAP_TLBWRITE);
	i %= t->n;
	forget(vm, i, random);
	/* as the CPU stores it: the PFN bits below the page size dropped */
	uint32_t pfnmask = ~((mask >> 13) << 6);
	t->hi[i] = hi & ~mask;
	t->lo0[i] = lo0 & pfnmask;
	t->lo1[i] = lo1 & pfnmask;
	t->mask[i] = mask;
	int d;
	while ((d = vmm_vtlb_dup(t, t->hi[i], g, i)) >= 0) {
		if (vmm_is_kseg01(t->hi[i]))
			break; /* never used for translation: harmless */
		forget(vm, (unsigned)d, 0);
		t->hi[d] = 0x80000000u + ((unsigned)d << 13); /* invalid, unique */
		t->lo0[d] = t->lo1[d] = t->mask[d] = 0;
		vm->st.vtlb_dups++;
	}
	if (vmm_is_kseg01(hi) || !((lo0 | lo1) & EL_V)) {
		/* an invalidation; the whole TLB invalidated in a row by tlbwi
		 * (up to the last entry) flushes the software TLB too */
		if (!random && ++t->inval_run >= t->n - (vm->cp0.r[CP0_WIRED][0] % t->n) && i == t->n - 1) {
			vmm_stlb_clear(&vm->stlb);
			vm->st.swtlb_flushes++;
			t->inval_run = 0;
		}
		return 0;
	}
	t->inval_run = 0;
	if (mask)
		return 0;

	uint32_t m0, m1;
	if (machine_lo(vm, lo0, &m0) || machine_lo(vm, lo1, &m1))
		return -1;
	if (g) { /* both halves carry G in the real TLB */
		m0 |= EL_G;
		m1 |= EL_G;
	}
	uint32_t masid = g ? 0 : vmm_masid(vm, hi & EH_ASID);
	vmm_rtlb_install(vm, (hi & EH_VPN2) | masid, m0, m1);
	if (vm->m->swtlb) {
		uint64_t key = vmm_stlb_key(hi, hi & EH_ASID, g);
		vmm_stlb_insert(&vm->stlb, key, m0, m1);
		t->skey[i] = key;
		vmm_charge(vm, HOP_SWTLB_INSERT);
	}
	return 0;
}
