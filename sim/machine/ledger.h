/*
 * ledger.h - the per-hop cycle ledger: every cycle a machine model charges
 * goes to one named hop (a count and a sum of cycles).
 *
 * Hop names are part of the output formats (table, JSON, CSV) and are
 * stable: new hops are appended, none is renamed or renumbered.  What each
 * hop means, and which record charges it in which mode, is documented in
 * the README section "Replay: hops and how each record is charged".
 */
#ifndef VMMSIM_LEDGER_H
#define VMMSIM_LEDGER_H

#include <stdint.h>

enum hop {
	/* hardware and the (guest) OS: native, and in virt/swtlb where the
	 * guest OS runs the same handler at reduced privilege */
	HOP_EXC_ENTRY = 0,   /* hardware exception entry (vector, pipeline flush) */
	HOP_OS_REFILL,       /* native OS TLB refill handler (page-table read) */
	HOP_TLB_WRITE,       /* native tlbwr/tlbwi */
	HOP_ERET,            /* native return from exception */
	HOP_PAGE_FAULT,      /* OS page-fault handler (frame allocation, PTE update) */
	HOP_PAGE_ZERO,       /* OS zeroes a page frame */
	HOP_TLB_MOD,         /* OS TLB-modified handler (first store to a clean page) */
	HOP_SYSCALL,         /* OS system call handler */
	HOP_INTERRUPT,       /* OS interrupt handler (traced interrupts) */
	HOP_EXCEPTION,       /* OS handler of another traced exception */
	HOP_PRIV_OP,         /* native privileged operation (mtc0, tlbp, ...) */
	HOP_CONTEXT_SWITCH,  /* OS context switch (address-space change) */
	HOP_TIMER,           /* OS timer interrupt handler */
	/* the monitor: virt and swtlb only */
	HOP_VMM_MISS,        /* VMM TLB-miss handler */
	HOP_SWTLB_LOOKUP,    /* software TLB probe (swtlb) */
	HOP_SWTLB_HIT,       /* software TLB hit: install VPN->MFN, return (swtlb) */
	HOP_SWTLB_INSERT,    /* software TLB update by a trapped TLB write (swtlb) */
	HOP_REFLECT,         /* reflection of a TLB refill to the guest's handler */
	HOP_GUEST_REFILL,    /* guest refill handler at reduced privilege */
	HOP_TRAP_TLBWRITE,   /* trapped guest tlbwr/tlbwi: pmap lookup, real write */
	HOP_RETT,            /* rett emulation after a reflected refill */
	HOP_EXC_REFLECT,     /* reflection of another exception/interrupt */
	HOP_EXC_RETT,        /* its rett emulation */
	HOP_SYSCALL_REFLECT, /* system call reflection */
	HOP_SYSCALL_RETT,    /* its rett emulation */
	HOP_TRAP_PRIV,       /* other trapped and emulated privileged operation */
	HOP_KSEG_MISS,       /* VMM-handled miss on a kseg0/kseg1 kernel reference */
	HOP_VMM_PAGE_ALLOC,  /* VMM allocates a machine page for a guest frame */
	HOP_VMM_PAGE_ZERO,   /* ... and zeroes it (the first of the two zeroings) */
	HOP_MACHINE_SWITCH,  /* VMM switches VMs (save/restore, TLB flush) */
	/* hardware-walked machines (hw, shadow, nested) and pv */
	HOP_WALK_REF,        /* one memory reference of a hardware page walk */
	HOP_VM_EXIT,         /* hardware VM exit to the monitor (shadow, nested) */
	HOP_VM_ENTRY,        /* hardware VM entry back to the guest */
	HOP_SHADOW_PTE_TRAP, /* trapped guest PTE write: emulation, shadow update */
	HOP_SHADOW_HIDDEN_FAULT, /* fault the guest never sees: shadow filled from the guest table */
	HOP_SHADOW_PTBASE,   /* trapped page-table base write: switch shadow tables */
	HOP_HYPERCALL,       /* para-virtualized guest's call into the monitor */
	HOP_N
};

/* Stable name of a hop ("exc_entry", ...), or NULL if out of range. */
const char *ledger_hop_name(unsigned hop);
/* One-line description of a hop (for --help and the README). */
const char *ledger_hop_desc(unsigned hop);
/* The hop with this name, or -1. */
int ledger_hop_find(const char *name);

typedef struct ledger {
	uint64_t count[HOP_N];
	uint64_t cycles[HOP_N];
} ledger;

static inline void ledger_charge(ledger *l, unsigned hop, uint64_t count, uint64_t cycles)
{
	l->count[hop] += count;
	l->cycles[hop] += cycles;
}

/* Adds every hop of b to a. */
void ledger_add(ledger *a, const ledger *b);
/* Sum of all hops' cycles. */
uint64_t ledger_total(const ledger *l);

#endif
