/*
 * guest.c - a VM on the system-mode CPU (see guest.h): the vmm_hw_ops over
 * sim/cpu, the exception hook, the VM's bus, and its start.
 */
#include "vmm/guest.h"

#include <stdio.h>
#include <string.h>

#include "cpu/cpu_vmm.h"

/* ---- the real CPU as the monitor drives it ---- */

static uint32_t hw_cp0_get(void *h, unsigned reg, unsigned sel)
{
	return cpu_cp0_get(((vmm_guest *)h)->c, reg, sel);
}

static void hw_cp0_set(void *h, unsigned reg, unsigned sel, uint32_t v)
{
	cpu_cp0_set(((vmm_guest *)h)->c, reg, sel, v);
}

static void hw_tlb_write(void *h, unsigned i, uint32_t hi, uint32_t lo0, uint32_t lo1, uint32_t mask)
{
	cpu_tlb_set(((vmm_guest *)h)->c, i, hi, lo0, lo1, mask);
}

static void hw_tlb_inval(void *h, unsigned i)
{
	/* VPN2s at the top of kseg3, one per entry, under machine ASID 0,
	 * which is never the current one while a guest runs: no match */
	cpu_tlb_set(((vmm_guest *)h)->c, i, 0xffffe000u - (i << 13), 0, 0, 0);
}

static void hw_set_mode(void *h, uint32_t status, int guest_kernel)
{
	/* supervisor mode is the guest's kernel, or its own supervisor mode */
	cpu_set_vmm_mode(((vmm_guest *)h)->c, guest_kernel);
	cpu_cp0_set(((vmm_guest *)h)->c, 12, 0, status);
}

static void hw_set_pc(void *h, uint32_t pc)
{
	((vmm_guest *)h)->c->pc = pc;
}

static uint64_t hw_insns(void *h)
{
	return ((vmm_guest *)h)->c->insns;
}

static void hw_clear_ll(void *h)
{
	cpu_ll_clear(((vmm_guest *)h)->c);
}

static const vmm_hw_ops hw_ops = {
	hw_cp0_get, hw_cp0_set, hw_tlb_write, hw_tlb_inval, hw_set_mode, hw_set_pc, hw_insns, hw_clear_ll,
};

/* ---- the exception hook: every exception goes to the monitor ---- */

static int hook(void *opaque, cpu *c, uint32_t exc, uint32_t badvaddr, uint32_t epc, int in_slot)
{
	vmm_guest *g = opaque;
	struct cpu_exc_detail d;
	cpu_exc_detail(c, &d);
	vmm_trap t = {
		.exc = exc, .ce = d.ce, .badvaddr = badvaddr, .epc = epc, .insn = d.insn,
		.next_pc = d.next_pc, .bd = in_slot, .refill = d.refill,
	};
	switch (vmm_exception(&g->vm, &t)) {
	case VMM_WAIT:
		cpu_enter_wait(c);
		break;
	case VMM_FAIL:
		g->failed = 1;
		cpu_request_stop(c);
		break;
	default:
		break;
	}
	return 1;
}

/* ---- the VM's bus: its own devices beyond machine RAM ---- */

static int io_read(void *opaque, uint32_t maddr, unsigned size, uint32_t *val)
{
	vmm_guest *g = opaque;
	if (maddr < VMM_IO_BASE)
		return -1;
	return board_bus_read(g->b, maddr - VMM_IO_BASE, size, val);
}

static int io_write(void *opaque, uint32_t maddr, unsigned size, uint32_t val)
{
	vmm_guest *g = opaque;
	if (maddr < VMM_IO_BASE)
		return -1;
	return board_bus_write(g->b, maddr - VMM_IO_BASE, size, val);
}

static int page_zero(const uint8_t *p)
{
	for (unsigned i = 0; i < VMM_PAGE_SIZE; i++)
		if (p[i])
			return 0;
	return 1;
}

int vmm_guest_init(vmm_guest *g, vmm *m, unsigned id, board *b, const board_boot_regs *r,
                   unsigned tlb_entries, char *err, size_t errlen)
{
	memset(g, 0, sizeof *g);
	g->b = b;
	cpu_bus bus = {
		.opaque = g, .ram = vmm_machine_ram(m), .ram_size = vmm_machine_bytes(m),
		.read = io_read, .write = io_write,
	};
	g->c = cpu_new_system(&bus, 0, tlb_entries);
	if (!g->c) {
		snprintf(err, errlen, "cannot create the CPU (TLB entries %u)", tlb_entries);
		return -1;
	}
	for (unsigned i = 0; i < 4; i++)
		g->c->r[4 + i] = r->a[i];
	g->c->r[29] = r->sp;
	g->c->pc = r->pc;
	cpu_cp0_set(g->c, 12, 0, r->status);
	cpu_set_vmm_mode(g->c, 1);
	if (vmm_vm_init(&g->vm, m, id, b->ram_size, tlb_entries ? tlb_entries : 16, &hw_ops, g,
	                g->c->r) != 0) {
		snprintf(err, errlen, "cannot set up VM %u (memory)", id);
		vmm_guest_free(g);
		return -1;
	}
	/* the loader's image: each non-zero page becomes a machine page */
	for (uint32_t pa = 0; pa < b->ram_size; pa += VMM_PAGE_SIZE) {
		if (page_zero(b->ram + pa))
			continue;
		if (vmm_vm_load(&g->vm, pa, b->ram + pa, VMM_PAGE_SIZE) != 0) {
			snprintf(err, errlen, "VM %u: machine memory exhausted while loading", id);
			vmm_guest_free(g);
			return -1;
		}
	}
	cpu_set_exc_hook(g->c, hook, g);
	return 0;
}

void vmm_guest_seed(vmm_guest *g, uint64_t seed)
{
	cpu_set_tlb_seed(g->c, seed);
	g->vm.cp0.rng ^= (seed - 1) * 0xbf58476d1ce4e5b9ull; /* seed 1: as before */
	if (!g->vm.cp0.rng)
		g->vm.cp0.rng = 1;
}

void vmm_guest_free(vmm_guest *g)
{
	vmm_vm_free(&g->vm);
	if (g->c)
		cpu_free(g->c);
	g->c = NULL;
}

void vmm_guest_account(vmm_guest *g, ledger *l, uint64_t *base_cycles)
{
	const struct cpu_sys_stats *st = cpu_sys_stats(g->c);
	/* the cycles other VMs ran are not this VM's idle time */
	vmm_account(&g->vm, st->ctx_insns[CPU_CTX_IDLE] - g->stolen, l, base_cycles);
}
