/*
 * flows.h - the flows as data: what each event costs in each mode, as a
 * sequence of hops declared once in flows.def.  The machine (mach.c)
 * charges them; the sizing shadows (sweep/shadow.c) derive software-TLB
 * configurations from the same rows.
 */
#ifndef VMMSIM_FLOWS_H
#define VMMSIM_FLOWS_H

#include <stddef.h>
#include <stdint.h>

#include "machine/ledger.h"
#include "machine/model.h"

/* What happened: one FLOW row per event and mode in flows.def (the README
 * flow table's rows).  Append new events at the end. */
enum flow_event {
	FE_REFILL,         /* hardware TLB refill miss (swtlb: the software TLB missed) */
	FE_REFILL_HIT,     /* ... the monitor's software TLB hit */
	FE_VMM_PAGE,       /* the monitor backs a guest frame: machine page, zeroed */
	FE_PAGE_FAULT,     /* TLB invalid exception on a derived reference */
	FE_PAGE_ZERO,      /* the OS zeroes a frame */
	FE_TLB_MOD,        /* first store to a clean page */
	FE_KSEG_MISS,      /* kseg0/1 miss under the monitor (kseg_mapped) */
	FE_TIMER,          /* modeled timer interrupt */
	FE_SYSCALL,        /* TK_TRAP syscall */
	FE_SYSCALL_OS,     /* ... its handler in the stream */
	FE_TRAP_FAULT,     /* TK_TRAP exception TLBL/TLBS */
	FE_TRAP_MOD,       /* TK_TRAP exception Mod */
	FE_INTERRUPT,      /* TK_TRAP interrupt */
	FE_EXCEPTION,      /* TK_TRAP other exception */
	FE_TRAP_OS,        /* a non-syscall TK_TRAP, handler in the stream */
	FE_PRIV_TLBW,      /* TK_PRIV tlbwr/tlbwi */
	FE_ERET_SYSCALL,   /* TK_PRIV eret after a system call */
	FE_ERET,           /* TK_PRIV eret after anything else */
	FE_PRIV,           /* TK_PRIV other */
	FE_CONTEXT_SWITCH, /* TK_ASID change */
	FE_PTE_PROBE,      /* TK_PTE/TK_UNMAP: tlbp */
	FE_PTE_INVAL,      /* ... and tlbwi invalidating the TLB's entry */
	FE_MACHINE_SWITCH, /* the monitor switches VMs */
	FE_N
};

/* How many times a step's hop occurs: once, or a count from the model. */
enum flow_count { FC_ONE, FC_PF_PRIV, FC_MOD_PRIV, FC_SYSCALL_PRIV, FC_CTX_PRIV, FC_TIMER_PRIV };

/* Modes of flows.def rows (= enum replay_mode). */
enum { FLOW_NATIVE = 0, FLOW_VIRT = 1, FLOW_SWTLB = 2, FLOW_NMODES = 3 };

#define FLOW_MAX_STEPS 8

typedef struct flow_step {
	uint16_t hop;   /* enum hop */
	uint16_t count; /* enum flow_count */
} flow_step;

typedef struct flow_row {
	unsigned event, mode;
	const flow_step *steps;
	unsigned nsteps;
} flow_row;

/* Every row of flows.def, in its order; *n gets their number. */
const flow_row *flow_rows(size_t *n);
/* "refill", "page_fault", ... (the event's name in lower case), or NULL. */
const char *flow_event_name(unsigned event);
/* The row mode charges for event (a swtlb account without a software TLB
 * charges virt's: pass swtlb_on 0), or NULL if it charges nothing. */
const flow_row *flow_find(unsigned event, unsigned mode, int swtlb_on);
/* The number of occurrences a count stands for under model m. */
uint64_t flow_count_of(const model *m, unsigned count);
/* Adds mult x row's occurrences of each hop to counts[HOP_N] (if not
 * NULL) and returns mult x its cycles; a system call's handler costs
 * syscall_cost (model_syscall_cost of its number), every other hop its
 * model_hop_cost.  A NULL row adds nothing. */
int64_t flow_sum(const model *m, const flow_row *row, uint64_t syscall_cost, int64_t mult,
                 int64_t *counts);

#endif
