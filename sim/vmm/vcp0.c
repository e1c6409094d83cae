/*
 * vcp0.c - the guest's virtual CP0: what its mfc0 reads and its mtc0
 * writes, with the architecture's write masks and side effects, and the
 * real CPU state that follows from it (vmm_sync_real).
 *
 * Stored here: every register by (reg, sel).  Delegated to the real CPU,
 * which is the VM's own clock and interrupt controller: Count, Compare,
 * Cause.TI and Cause.IP7..IP2 (the board raises the lines; Count runs on
 * the VM's time).  Identity registers (PRId, Config0-3, IntCtl, EBase's
 * fixed bits) start as the real CPU reports them.
 */
#include "vmm/vmm_int.h"

#include <string.h>

static uint32_t hw_get(vmm_vm *vm, unsigned reg, unsigned sel)
{
	return vm->hw->cp0_get(vm->hwp, reg, sel);
}

static void hw_set(vmm_vm *vm, unsigned reg, unsigned sel, uint32_t v)
{
	vm->hw->cp0_set(vm->hwp, reg, sel, v);
}

void vmm_vcp0_init(vmm_vm *vm)
{
	vmm_vcp0 *c = &vm->cp0;
	memset(c, 0, sizeof *c);
	c->rng = 0x9e3779b97f4a7c15ull ^ vm->id;
	/* The loader's state and the CPU's identity, as the real CPU holds them. */
	static const struct {
		uint8_t reg, sel;
	} take[] = {
		{CP0_INDEX, 0},   {CP0_ENTRYLO0, 0}, {CP0_ENTRYLO1, 0}, {CP0_CONTEXT, 0},
		{CP0_PAGEMASK, 0}, {CP0_WIRED, 0},   {CP0_HWRENA, 0},   {CP0_BADVADDR, 0},
		{CP0_ENTRYHI, 0}, {CP0_STATUS, 0},  {CP0_STATUS, 1},   {CP0_CAUSE, 0},
		{CP0_EPC, 0},     {CP0_PRID, 0},    {CP0_PRID, 1},     {CP0_CONFIG, 0},
		{CP0_CONFIG, 1},  {CP0_CONFIG, 2},  {CP0_CONFIG, 3},   {CP0_ERROREPC, 0},
	};
	for (unsigned i = 0; i < sizeof take / sizeof take[0]; i++)
		c->r[take[i].reg][take[i].sel] = hw_get(vm, take[i].reg, take[i].sel);
	c->r[CP0_CAUSE][0] &= ~(CA_IP & ~CA_IPSW) & ~CA_TI;
}

unsigned vmm_vcp0_random(vmm_vm *vm)
{
	unsigned n = vm->vtlb.n, w = vm->cp0.r[CP0_WIRED][0];
	if (w >= n)
		return n - 1;
	uint64_t x = vm->cp0.rng;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	vm->cp0.rng = x;
	return w + (unsigned)(x % (n - w));
}

int vmm_guest_kernel(const vmm_vm *vm)
{
	uint32_t st = vm->cp0.r[CP0_STATUS][0];
	return (st & (ST_EXL | ST_ERL)) || !(st & ST_KSU);
}

void vmm_sync_real(vmm_vm *vm)
{
	uint32_t st = vm->cp0.r[CP0_STATUS][0];
	int kernel = vmm_guest_kernel(vm);
	/* The guest's interrupt mask and FPU enable; IE only when the guest
	 * would take an interrupt; never EXL/ERL/BEV; CU0 off. */
	uint32_t real = st & (ST_IM | ST_CU1 | ST_FR);
	if ((st & ST_IE) && !(st & (ST_EXL | ST_ERL)))
		real |= ST_IE;
	/* the guest's kernel and its supervisor mode both run in supervisor
	 * mode, told apart by the guest-kernel translation mode */
	real |= kernel || (st & ST_KSU) == ST_KSU_SUPER ? ST_KSU_SUPER : ST_KSU_USER;
	vm->hw->set_mode(vm->hwp, real, kernel);
	hw_set(vm, CP0_ENTRYHI, 0, vmm_masid(vm, vmm_guest_asid(vm)));
}

/* Registers this CPU implements beyond those handled apart: reads of any
 * other (reg, sel) give 0 and writes are ignored, as on QEMU's 24Kf. */
static int implemented(unsigned reg, unsigned sel)
{
	switch (reg) {
	case CP0_INDEX: case CP0_ENTRYLO0: case CP0_ENTRYLO1: case CP0_CONTEXT:
	case CP0_PAGEMASK: case CP0_WIRED: case CP0_HWRENA: case CP0_BADVADDR:
	case CP0_ENTRYHI: case CP0_EPC: case CP0_ERROREPC: case CP0_DESAVE:
		return sel == 0;
	case CP0_STATUS:
		return sel <= 1;            /* Status, IntCtl (SRSCtl/Map read 0) */
	case CP0_PRID:
		return sel <= 1;            /* PRId, EBase */
	case CP0_CONFIG:
		return sel <= 3;
	case CP0_WATCHLO: case CP0_WATCHHI:
		return 1;
	case CP0_TAGLO: case CP0_TAGHI:
		return sel <= 1;
	default:
		return 0;
	}
}

uint32_t vmm_cp0_read(vmm_vm *vm, unsigned reg, unsigned sel)
{
	vmm_vcp0 *c = &vm->cp0;
	reg &= 31;
	sel &= 7;
	switch (reg << 3 | sel) {
	case CP0_RANDOM << 3: {
		/* a value in [Wired, n-1]; it does not consume tlbwr's generator */
		unsigned n = vm->vtlb.n, w = c->r[CP0_WIRED][0];
		return w >= n ? n - 1 : w + (unsigned)(c->rng % (n - w));
	}
	case CP0_COUNT << 3:
		return hw_get(vm, CP0_COUNT, 0);
	case CP0_COMPARE << 3:
		return hw_get(vm, CP0_COMPARE, 0);
	case CP0_CAUSE << 3:
		/* BD, CE, ExcCode, IV, DC, IP1..0 are the guest's; TI and the
		 * lines IP7..IP2 the real CPU's, which is the VM's */
		return (c->r[CP0_CAUSE][0] & ~(CA_IP | CA_TI)) | (c->r[CP0_CAUSE][0] & CA_IPSW) |
		       (hw_get(vm, CP0_CAUSE, 0) & ((CA_IP & ~CA_IPSW) | CA_TI));
	default:
		return implemented(reg, sel) ? c->r[reg][sel] : 0;
	}
}

/* mtc0's writable bits (QEMU's 24Kf, as sim/cpu/cp0.c has them) */
#define ENTRYLO_RW 0x03ffffffu
#define CAUSE_RW 0x08c00300u
#define WATCHHI_RW 0x40ff0ff8u

void vmm_cp0_write(vmm_vm *vm, unsigned reg, unsigned sel, uint32_t v)
{
	vmm_vcp0 *c = &vm->cp0;
	reg &= 31;
	sel &= 7;
	uint32_t *p = &c->r[reg][sel];
	switch (reg << 3 | sel) {
	case CP0_INDEX << 3:
		if ((v & ~IDX_P) < vm->vtlb.n) /* beyond the TLB: ignored */
			*p = (*p & IDX_P) | (v & ~IDX_P);
		return;
	case CP0_ENTRYLO0 << 3:
	case CP0_ENTRYLO1 << 3:
		*p = v & ENTRYLO_RW;
		return;
	case CP0_CONTEXT << 3:
		*p = (*p & 0x007ffff0u) | (v & 0xff800000u);
		return;
	case CP0_PAGEMASK << 3:
		*p = v & 0x1fffe000u;
		return;
	case CP0_WIRED << 3:
		*p = v % vm->vtlb.n;
		return;
	case CP0_HWRENA << 3:
		*p = v & 0xfu;
		hw_set(vm, CP0_HWRENA, 0, *p); /* user-mode rdhwr runs on the real CPU */
		return;
	case CP0_COUNT << 3:
		hw_set(vm, CP0_COUNT, 0, v);
		return;
	case CP0_COMPARE << 3:
		hw_set(vm, CP0_COMPARE, 0, v); /* clears TI */
		return;
	case CP0_ENTRYHI << 3: {
		uint32_t old = *p & EH_ASID;
		*p = v & (EH_VPN2 | EH_ASID);
		if ((v & EH_ASID) != old)
			hw_set(vm, CP0_ENTRYHI, 0, vmm_masid(vm, v & EH_ASID));
		return;
	}
	case CP0_STATUS << 3: {
		uint32_t old = *p;
		*p = (old & ~ST_RW) | (v & ST_RW);
		if ((old & ST_ERL) && !(*p & ST_ERL))
			vmm_rtlb_flush(vm); /* useg was unmapped under ERL */
		vmm_sync_real(vm);
		return;
	}
	case CP0_STATUS << 3 | 1: /* IntCtl: VS */
		*p = (*p & ~0x3e0u) | (v & 0x3e0u);
		return;
	case CP0_CAUSE << 3: {
		*p = (*p & ~CAUSE_RW) | (v & CAUSE_RW);
		/* software interrupts are real interrupt requests */
		uint32_t real = hw_get(vm, CP0_CAUSE, 0);
		hw_set(vm, CP0_CAUSE, 0, (real & ~(CA_IP | CA_TI) & ~CA_IPSW) | (v & CA_IPSW) | (real & CA_TI));
		return;
	}
	case CP0_EPC << 3:
	case CP0_ERROREPC << 3:
	case CP0_DESAVE << 3:
	case CP0_TAGLO << 3: case CP0_TAGLO << 3 | 1:
	case CP0_TAGHI << 3: case CP0_TAGHI << 3 | 1:
		*p = v;
		return;
	case CP0_PRID << 3 | 1: /* EBase: bits 29:12 */
		*p = (*p & ~0x3ffff000u) | (v & 0x3ffff000u);
		return;
	case CP0_CONFIG << 3:
		*p = (*p & ~7u) | (v & 7u); /* K0 */
		return;
	default:
		if (reg == CP0_WATCHLO) {
			*p = v & ~7u; /* no watchpoints: I/R/W read back 0 */
		} else if (reg == CP0_WATCHHI) {
			*p = (*p & ~WATCHHI_RW) | (v & WATCHHI_RW);
			*p &= ~(v & 7u);
		}
		return; /* read only or not implemented */
	}
}
