/*
 * vmm.c - the monitor's entry point: what each exception the real CPU took
 * while a guest ran is, and who handles it (vmm.h has the map of files).
 *
 *   TLB refill / invalid / modified        -> miss.c (kseg_miss, vmm_miss)
 *   coprocessor unusable, CP0, guest kernel -> emulate.c (trap_priv, ...)
 *   reserved instruction: rdhwr, kernel     -> emulate.c
 *   system call                             -> syscall_reflect
 *   interrupt                               -> exc_reflect (the guest's
 *                                              virtual Status admits it)
 *   anything else                           -> exc_reflect
 */
#include "vmm/vmm_int.h"

#include <string.h>

int vmm_init(vmm *m, const model *mod, uint32_t machine_bytes, int use_swtlb,
             uint32_t swtlb_entries, uint32_t swtlb_assoc)
{
	memset(m, 0, sizeof *m);
	m->mod = mod;
	m->swtlb = use_swtlb && swtlb_entries > 0; /* 0 entries: exactly virt */
	m->swtlb_entries = swtlb_entries;
	m->swtlb_assoc = swtlb_assoc;
	m->masid.next = 1;
	if (machine_bytes % VMM_PAGE_SIZE)
		return -1;
	return vmm_mem_init(&m->mem, machine_bytes >> VMM_PAGE_SHIFT);
}

void vmm_free(vmm *m)
{
	vmm_mem_free(&m->mem);
}

int vmm_vm_init(vmm_vm *vm, vmm *m, unsigned id, uint32_t guest_bytes, unsigned tlb_entries,
                const vmm_hw_ops *hw, void *hwp, uint32_t *r)
{
	memset(vm, 0, sizeof *vm);
	vm->m = m;
	vm->id = id;
	vm->hw = hw;
	vm->hwp = hwp;
	vm->r = r;
	vm->synci_step = 32; /* the 24K's cache line */
	if (!id || id > VMM_MAX_VMS || !tlb_entries)
		return -1;
	if (vmm_vtlb_init(&vm->vtlb, tlb_entries) || vmm_rtlb_init(&vm->rtlb, tlb_entries) ||
	    vmm_pmap_init(&vm->pmap, guest_bytes >> VMM_PAGE_SHIFT) ||
	    vmm_stlb_init(&vm->stlb, m->swtlb ? m->swtlb_entries : 0, m->swtlb_assoc)) {
		vmm_vm_free(vm);
		return -1;
	}
	vmm_vcp0_init(vm);
	vm->rtlb.gen = m->masid.gen;
	vm->ctx_mark = hw->insns(hwp);
	for (unsigned i = 0; i < tlb_entries; i++)
		hw->tlb_inval(hwp, i);
	vmm_sync_real(vm);
	return 0;
}

void vmm_vm_free(vmm_vm *vm)
{
	vmm_vtlb_free(&vm->vtlb);
	vmm_rtlb_free(&vm->rtlb);
	vmm_pmap_free(&vm->pmap);
	vmm_stlb_free(&vm->stlb);
}

void vmm_vm_enter(vmm_vm *vm, int flush)
{
	if (flush) {
		vmm_charge(vm, HOP_MACHINE_SWITCH);
		vmm_rtlb_flush(vm);
	} else if (vm->rtlb.gen != vm->m->masid.gen) {
		vmm_rtlb_flush(vm); /* machine ASIDs were reassigned meanwhile */
	}
	vmm_sync_real(vm);
}

/* The interrupt the real CPU took is one the guest admits now. */
static int guest_takes_int(vmm_vm *vm)
{
	uint32_t st = vm->cp0.r[CP0_STATUS][0];
	if (!(st & ST_IE) || (st & (ST_EXL | ST_ERL)))
		return 0;
	return (vmm_cp0_read(vm, CP0_CAUSE, 0) & st & ST_IM) != 0;
}

int vmm_exception(vmm_vm *vm, const vmm_trap *t)
{
	int r;
	vm->st.traps++;
	switch (t->exc) {
	case VMM_EXC_MOD:
	case VMM_EXC_TLBL:
	case VMM_EXC_TLBS:
		return vmm_tlb_exception(vm, t);
	case VMM_EXC_CPU:
		if (t->ce == 0 && vmm_guest_kernel(vm) && (r = vmm_emulate(vm, t)) >= 0)
			return r;
		break;
	case VMM_EXC_RI:
		if (vmm_guest_kernel(vm) && (t->insn >> 26) == 0x1f && (t->insn & 0x3f) == 0x3b &&
		    (r = vmm_emulate(vm, t)) >= 0)
			return r;
		break;
	case VMM_EXC_INT:
		if (!guest_takes_int(vm)) {
			/* the real mask follows the virtual one, so only a line that
			 * fell meanwhile gets here: nothing to deliver */
			vmm_sync_real(vm);
			vm->hw->set_pc(vm->hwp, t->epc);
			return VMM_CONTINUE;
		}
		break;
	default:
		break;
	}
	vmm_reflect(vm, t, t->exc, 0);
	return VMM_CONTINUE;
}
