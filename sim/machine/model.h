/*
 * model.h - cost models: every hop's cost in cycles and the machine's
 * parameters, read from an INI file (models/NAME.ini) with inih.  The default
 * model, models/r4000.ini, is compiled into the binary.
 *
 * Sections and keys (every key required unless marked optional):
 *   [machine] cpi, tlb_entries, tlb_wired, tlb_pairs, tlb_policy, page_size,
 *             timer_period, kseg_mapped, tlb_mod, swtlb_entries, swtlb_assoc,
 *             quantum
 *   [native], [vmm], ...  one cost per hop, section and key as hops.def
 *             says (page_zero_per_kb and vmm_page_zero_per_kb per KB), and
 *             in [native] the counts of privileged operations of each
 *             handler (*_priv_ops)
 *   [hw]      hw_tlb_entries, hw_tlb_assoc, hw_tlb_tagged, pt_levels,
 *             pt_index_bits, pwc_entries, nested_tlb_entries (and the hw
 *             hops' costs: walk_ref, vm_exit, vm_entry)
 *   [syscalls] optional: NUMBER = handler cost for that system call number
 */
#ifndef VMMSIM_MODEL_H
#define VMMSIM_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "machine/ledger.h"

enum tlb_policy { TLB_RANDOM = 0, TLB_FIFO = 1, TLB_LRU = 2 };
const char *model_policy_name(int policy);
int model_policy_parse(const char *s); /* enum tlb_policy or -1 */

#define MODEL_MAX_SYSCALLS 64

typedef struct model {
	char name[256];          /* file name, or "built-in r4000" */
	/* [machine] */
	uint32_t cpi_milli;      /* cycles per instruction x 1000 */
	uint32_t tlb_entries, tlb_wired, tlb_pairs, tlb_policy;
	uint64_t page_size;
	uint64_t timer_period;   /* cycles between timer interrupts (0: none) */
	uint32_t kseg_mapped;    /* under the monitor kseg0/1 references are mapped */
	uint32_t tlb_mod;        /* TLB-modified exceptions on the first store */
	uint32_t swtlb_entries, swtlb_assoc;
	uint64_t quantum;        /* cycles per VM between machine switches */
	uint32_t pv_batch;       /* pv: page-table/TLB updates per hypercall (>= 1) */
	/* [hw]: the hardware-walked machine (modes hw, shadow, nested) */
	uint32_t hw_tlb_entries, hw_tlb_assoc, hw_tlb_tagged;
	uint32_t pt_levels, pt_index_bits, pwc_entries, nested_tlb_entries;
	/* hop costs in cycles, in the unit of the hop's key (hops.def): per
	 * occurrence, or per KB (page_zero, vmm_page_zero); model_hop_cost
	 * gives per occurrence.  0 for hops without a key. */
	uint64_t cost[HOP_N];
	/* privileged operations executed by each modeled handler */
	uint32_t syscall_priv_ops, page_fault_priv_ops, tlb_mod_priv_ops,
		context_switch_priv_ops, timer_priv_ops;
	/* [syscalls]: per-number handler costs (others cost cost[HOP_SYSCALL]) */
	unsigned nsyscalls;
	uint32_t syscall_num[MODEL_MAX_SYSCALLS];
	uint64_t syscall_cost[MODEL_MAX_SYSCALLS];
} model;

/* Loads the built-in default model.  Returns 0 (or -1 with a message if
 * the built-in text is broken, which a test rules out). */
int model_load_default(model *m, char *err, size_t errlen);
/* Loads a model file.  Returns 0, or -1 with "FILE:LINE: message" in err
 * (malformed line, unknown or duplicate key, bad or negative value; a
 * missing required key names the file and the key). */
int model_load_file(model *m, const char *path, char *err, size_t errlen);
/* Parses model text; name is used in messages. */
int model_load_string(model *m, const char *text, const char *name, char *err, size_t errlen);

/* NULL, or what is wrong with the [hw] keys and pv_batch (after options). */
const char *model_check_hw(const model *m);

/* Handler cost of system call number num. */
uint64_t model_syscall_cost(const model *m, uint32_t num);

/* Cycles of one occurrence of hop (a per-KB cost times the page's KB;
 * 0 for a measured hop). */
uint64_t model_hop_cost(const model *m, unsigned hop);

/* The smallest instruction count d >= insns at which the clock reaches
 * target: base(d) + hop_cycles >= target, base(x) = floor(x * cpi / 1000)
 * (mach_base, hwmach_base); UINT64_MAX for a target of UINT64_MAX (none). */
uint64_t model_deadline(const model *m, uint64_t insns, uint64_t hop_cycles, uint64_t target);

/* 1 if the cycles of ledger l (a replay's, whose hops under m cost at most
 * model_hop_cost each, a system call its largest cost) plus base are
 * below 2^63, so that every 64-bit sum of them is exact and fits JSON's
 * signed integers: base + the sum of count x cost per occurrence, in
 * checked arithmetic (a measured hop counts its cycles).  0 if not: the
 * model's costs are too large for the counts of this run. */
int model_cycles_fit(const model *m, const ledger *l, uint64_t base);

/* Prints the effective model as an INI file that model_load_file reads
 * back to the same model. */
void model_print(const model *m, FILE *f);

#endif
