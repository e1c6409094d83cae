/*
 * account.c - the ledger of a guest run beneath the monitor (`vmmsim boot
 * --mode virt|swtlb`).
 *
 * Everything the guest executed is charged instruction by instruction at
 * the model's CPI to the hop of the guest code that ran it, decided by the
 * reflection that entered the guest kernel until its eret (reflect.c keeps
 * the count per context):
 *
 *   guest user mode                         base (not a hop)
 *   guest kernel outside any exception      kernel
 *   the guest's refill handler              guest_refill
 *   its TLB-invalid handler                 page_fault
 *   its TLB-modified handler                tlb_mod
 *   its system call handler                 syscall
 *   its timer / other interrupt handler     timer / interrupt
 *   any other of its handlers               exception
 *   the VM in `wait`                        idle (the idle cycles themselves)
 *
 * The monitor's own handlers are charged at the model's [vmm] costs where
 * they ran (vmm_miss, reflect, trap_tlbwrite, rett, kseg_miss, ...: the
 * VM's ledger), and the hardware's exception entry (exc_entry) once per
 * exception the real CPU took, each being a trap into the monitor.
 */
#include "vmm/vmm_int.h"

#include <string.h>

unsigned vmm_ctx_hop(unsigned ctx)
{
	static const unsigned hop[VMM_CTX_N] = {
		[VMM_CTX_USER] = HOP_N,
		[VMM_CTX_KERNEL] = HOP_KERNEL,
		[VMM_CTX_REFILL] = HOP_GUEST_REFILL,
		[VMM_CTX_TLBFAULT] = HOP_PAGE_FAULT,
		[VMM_CTX_TLBMOD] = HOP_TLB_MOD,
		[VMM_CTX_SYSCALL] = HOP_SYSCALL,
		[VMM_CTX_TIMER] = HOP_TIMER,
		[VMM_CTX_INTERRUPT] = HOP_INTERRUPT,
		[VMM_CTX_EXCEPTION] = HOP_EXCEPTION,
	};
	return ctx < VMM_CTX_N ? hop[ctx] : HOP_N;
}

void vmm_account(vmm_vm *vm, uint64_t idle_cycles, ledger *l, uint64_t *base_cycles)
{
	const model *m = vm->m->mod;
	memset(l, 0, sizeof *l);
	*base_cycles = 0;
	vmm_ctx_sync(vm);
	for (unsigned x = 0; x < VMM_CTX_N; x++) {
		/* (rounded to nearest, as the native ledger: machine/sysacct.c) */
		uint64_t cyc = (vm->st.ctx_insns[x] * m->cpi_milli + 500) / 1000;
		unsigned h = vmm_ctx_hop(x);
		if (h == HOP_N)
			*base_cycles += cyc;
		else
			ledger_charge(l, h, vm->st.ctx_entries[x], cyc);
	}
	/* entries of the guest's kernel outside handlers are not counted */
	l->count[HOP_KERNEL] = 0;
	if (idle_cycles)
		ledger_charge(l, HOP_IDLE, 1, idle_cycles);
	ledger_charge(l, HOP_EXC_ENTRY, vm->st.traps, vm->st.traps * model_hop_cost(m, HOP_EXC_ENTRY));
	ledger_add(l, &vm->led);
}

int vmm_hop_charged(unsigned h, int with_swtlb)
{
	if (h == HOP_EXC_ENTRY || h == HOP_IDLE)
		return 1;
	for (unsigned x = 0; x < VMM_CTX_N; x++)
		if (vmm_ctx_hop(x) == h)
			return 1;
	const hop_info *i = ledger_hop_info(h);
	if (!i || (i->modes & HM_N))
		return 0; /* the native hardware's and modeled OS's hops */
	return (i->modes & (with_swtlb ? HM_S : HM_V)) != 0;
}
