/*
 * ledger.c - hop names and ledger arithmetic.
 */
#include "machine/ledger.h"

#include <string.h>

static const struct {
	const char *name, *desc;
} hops[HOP_N] = {
	[HOP_EXC_ENTRY] = {"exc_entry", "hardware exception entry (vector, pipeline flush)"},
	[HOP_OS_REFILL] = {"os_refill", "OS TLB refill handler, native"},
	[HOP_TLB_WRITE] = {"tlb_write", "tlbwr/tlbwi, native"},
	[HOP_ERET] = {"eret", "return from exception, native"},
	[HOP_PAGE_FAULT] = {"page_fault", "OS page-fault handler (frame, PTE)"},
	[HOP_PAGE_ZERO] = {"page_zero", "OS zeroes a page frame"},
	[HOP_TLB_MOD] = {"tlb_mod", "OS TLB-modified handler (first store to a clean page)"},
	[HOP_SYSCALL] = {"syscall", "OS system call handler"},
	[HOP_INTERRUPT] = {"interrupt", "OS interrupt handler (traced interrupt)"},
	[HOP_EXCEPTION] = {"exception", "OS handler of another traced exception"},
	[HOP_PRIV_OP] = {"priv_op", "privileged operation executed natively"},
	[HOP_CONTEXT_SWITCH] = {"context_switch", "OS context switch (address-space change)"},
	[HOP_TIMER] = {"timer", "OS timer interrupt handler"},
	[HOP_VMM_MISS] = {"vmm_miss", "VMM TLB-miss handler"},
	[HOP_SWTLB_LOOKUP] = {"swtlb_lookup", "software TLB probe"},
	[HOP_SWTLB_HIT] = {"swtlb_hit", "software TLB hit: install VPN->MFN and return"},
	[HOP_SWTLB_INSERT] = {"swtlb_insert", "software TLB update by a trapped TLB write"},
	[HOP_REFLECT] = {"reflect", "reflection of a TLB refill to the guest handler"},
	[HOP_GUEST_REFILL] = {"guest_refill", "guest refill handler at reduced privilege"},
	[HOP_TRAP_TLBWRITE] = {"trap_tlbwrite", "trapped guest TLB write (pmap lookup, real write)"},
	[HOP_RETT] = {"rett", "rett emulation after a reflected refill"},
	[HOP_EXC_REFLECT] = {"exc_reflect", "reflection of another exception or interrupt"},
	[HOP_EXC_RETT] = {"exc_rett", "rett emulation after another exception"},
	[HOP_SYSCALL_REFLECT] = {"syscall_reflect", "system call reflection to the guest"},
	[HOP_SYSCALL_RETT] = {"syscall_rett", "rett emulation after a system call"},
	[HOP_TRAP_PRIV] = {"trap_priv", "other trapped and emulated privileged operation"},
	[HOP_KSEG_MISS] = {"kseg_miss", "VMM-handled miss on a kseg0/kseg1 reference"},
	[HOP_VMM_PAGE_ALLOC] = {"vmm_page_alloc", "VMM allocates a machine page for a guest frame"},
	[HOP_VMM_PAGE_ZERO] = {"vmm_page_zero", "VMM zeroes that machine page"},
	[HOP_MACHINE_SWITCH] = {"machine_switch", "VMM switches VMs (save/restore, TLB flush)"},
	[HOP_WALK_REF] = {"walk_ref", "one memory reference of a hardware page walk"},
	[HOP_VM_EXIT] = {"vm_exit", "hardware VM exit to the monitor"},
	[HOP_VM_ENTRY] = {"vm_entry", "hardware VM entry back to the guest"},
	[HOP_SHADOW_PTE_TRAP] = {"shadow_pte_trap", "trapped guest PTE write: emulation and shadow update"},
	[HOP_SHADOW_HIDDEN_FAULT] = {"shadow_hidden_fault", "hidden fault: shadow entry filled from the guest's table"},
	[HOP_SHADOW_PTBASE] = {"shadow_ptbase", "trapped page-table base write: switch shadow tables"},
	[HOP_HYPERCALL] = {"hypercall", "para-virtualized guest's call into the monitor"},
};

const char *ledger_hop_name(unsigned hop)
{
	return hop < HOP_N ? hops[hop].name : NULL;
}

const char *ledger_hop_desc(unsigned hop)
{
	return hop < HOP_N ? hops[hop].desc : NULL;
}

int ledger_hop_find(const char *name)
{
	for (unsigned i = 0; i < HOP_N; i++)
		if (!strcmp(hops[i].name, name))
			return (int)i;
	return -1;
}

void ledger_add(ledger *a, const ledger *b)
{
	for (unsigned i = 0; i < HOP_N; i++) {
		a->count[i] += b->count[i];
		a->cycles[i] += b->cycles[i];
	}
}

uint64_t ledger_total(const ledger *l)
{
	uint64_t t = 0;
	for (unsigned i = 0; i < HOP_N; i++)
		t += l->cycles[i];
	return t;
}
