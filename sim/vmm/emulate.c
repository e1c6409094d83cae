/*
 * emulate.c - every privileged instruction the guest kernel executes traps
 * (coprocessor unusable: it runs in supervisor mode with CU0 = 0) and is
 * emulated here from its instruction word, on the virtual CP0 and the
 * virtual TLB:
 *
 *   mfc0, mtc0, di, ei, rdpgpr, wrpgpr, cache (a no-op), tlbp, tlbr, and a
 *   kernel-mode rdhwr (RI in supervisor mode)       -> trap_priv
 *   tlbwr, tlbwi                                     -> trap_tlbwrite
 *   eret                                             -> rett (reflect.c)
 *   wait                                             -> trap_priv, then idle
 *
 * COP0 encodings (MIPS32 vol. II):
 *   31..26 010000 | 25 CO | 24..21 rs | 20..16 rt | 15..11 rd | 10..3 0 | 2..0 sel
 *   rs: MF 00000, MT 00100, RDPGPR 01010, MFMC0 01011 (di/ei: bit 5 = sc),
 *   WRPGPR 01110; with CO: funct TLBR 1, TLBWI 2, TLBWR 6, TLBP 8, ERET 24,
 *   WAIT 32.  CACHE is opcode 101111; RDHWR is SPECIAL3 funct 111011.
 */
#include "vmm/vmm_int.h"

static void set_gpr(vmm_vm *vm, unsigned n, uint32_t v)
{
	if (n)
		vm->r[n] = v;
}

static void tlbp(vmm_vm *vm)
{
	vmm_vcp0 *c = &vm->cp0;
	uint32_t hi = c->r[CP0_ENTRYHI][0];
	int i = vmm_vtlb_match(&vm->vtlb, hi, hi & EH_ASID);
	uint32_t *ix = &c->r[CP0_INDEX][0];
	*ix = i >= 0 ? (uint32_t)i : (*ix | IDX_P);
	vm->st.guest_tlbp++;
	/* a guest probes a page before flushing it, held or not: the software
	 * TLB forgets the page (stlb.c), and so does the real TLB, which may
	 * hold it from a software TLB hit though the guest's TLB does not */
	if (vmm_stlb_drop(&vm->stlb, vmm_stlb_key(hi, hi & EH_ASID, 0)))
		vm->st.swtlb_drop++;
	if (vmm_stlb_drop(&vm->stlb, vmm_stlb_key(hi, 0, 1)))
		vm->st.swtlb_drop++;
	if (vm->m->swtlb) {
		uint32_t masid = vmm_masid_peek(vm, hi & EH_ASID);
		vmm_rtlb_drop(vm, (hi & EH_VPN2) | masid, masid == 0);
	}
}

static void tlbr(vmm_vm *vm)
{
	vmm_vcp0 *c = &vm->cp0;
	const vmm_vtlb *t = &vm->vtlb;
	unsigned i = (c->r[CP0_INDEX][0] & ~IDX_P) % t->n;
	uint32_t g = t->lo0[i] & t->lo1[i] & EL_G;
	c->r[CP0_ENTRYLO0][0] = (t->lo0[i] & ~EL_G) | g;
	c->r[CP0_ENTRYLO1][0] = (t->lo1[i] & ~EL_G) | g;
	c->r[CP0_PAGEMASK][0] = t->mask[i];
	vmm_cp0_write(vm, CP0_ENTRYHI, 0, t->hi[i]); /* the ASID follows */
	vm->st.guest_tlbr++;
}

/* rdhwr in the guest's kernel mode (which needs no HWREna bit). */
static int rdhwr(vmm_vm *vm, unsigned rd, uint32_t *v)
{
	switch (rd) {
	case 0: /* CPUNum */
		*v = vm->cp0.r[CP0_PRID][1] & 0x3ffu;
		return 0;
	case 1: /* SYNCI_Step */
		*v = vm->synci_step;
		return 0;
	case 2: /* CC: Count */
		*v = vmm_cp0_read(vm, CP0_COUNT, 0);
		return 0;
	case 3: /* CCRes: Count runs at half the pipeline clock */
		*v = 2;
		return 0;
	default:
		return -1; /* UserLocal without Config3.ULRI: reserved */
	}
}

int vmm_emulate(vmm_vm *vm, const vmm_trap *t)
{
	uint32_t w = t->insn;
	unsigned op = w >> 26, rs = (w >> 21) & 31, rt = (w >> 16) & 31, rd = (w >> 11) & 31;
	unsigned sel = w & 7;
	int act = VMM_CONTINUE;

	if (op == 0x10 && (w & (1u << 25))) {
		switch (w & 0x3f) {
		case 0x01:
			tlbr(vm);
			break;
		case 0x02:
			vm->st.guest_tlbwi++;
			if (vmm_trap_tlbwrite(vm, vm->cp0.r[CP0_INDEX][0] & ~IDX_P, 0))
				return VMM_FAIL;
			vm->hw->set_pc(vm->hwp, t->next_pc);
			return VMM_CONTINUE; /* charged as trap_tlbwrite */
		case 0x06:
			vm->st.guest_tlbwr++;
			if (vmm_trap_tlbwrite(vm, vmm_vcp0_random(vm), 1))
				return VMM_FAIL;
			vm->hw->set_pc(vm->hwp, t->next_pc);
			return VMM_CONTINUE;
		case 0x08:
			tlbp(vm);
			break;
		case 0x18:
			vmm_rett(vm); /* sets the pc; charged as a rett */
			return VMM_CONTINUE;
		case 0x20:
			vm->st.guest_wait++;
			act = VMM_WAIT;
			break;
		default:
			return -1; /* deret, tlbinv...: not on this CPU */
		}
	} else if (op == 0x10) {
		switch (rs) {
		case 0x00:
			set_gpr(vm, rt, vmm_cp0_read(vm, rd, sel));
			vm->st.guest_mfc0++;
			break;
		case 0x04:
			vmm_cp0_write(vm, rd, sel, vm->r[rt]);
			vm->st.guest_mtc0++;
			break;
		case 0x0b: { /* di / ei */
			if (rd != CP0_STATUS || sel != 0 || (w & 0x7df) != 0)
				return -1;
			uint32_t st = vm->cp0.r[CP0_STATUS][0];
			set_gpr(vm, rt, st);
			vm->cp0.r[CP0_STATUS][0] = (w & 0x20) ? (st | ST_IE) : (st & ~ST_IE);
			vmm_sync_real(vm);
			vm->st.guest_di_ei++;
			break;
		}
		case 0x0a: /* rdpgpr, wrpgpr: one register set */
		case 0x0e:
			set_gpr(vm, rd, vm->r[rt]);
			vm->st.guest_other++;
			break;
		default:
			return -1;
		}
	} else if (op == 0x2f) {
		vm->st.guest_cache++; /* caches are not modeled */
	} else if (op == 0x1f && (w & 0x3f) == 0x3b) {
		uint32_t v;
		if (rdhwr(vm, rd, &v))
			return -1;
		set_gpr(vm, rt, v);
		vm->st.guest_other++;
	} else {
		return -1;
	}
	vmm_charge(vm, HOP_TRAP_PRIV);
	vm->hw->set_pc(vm->hwp, t->next_pc);
	return act;
}
