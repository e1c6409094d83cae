/*
 * flows.c - the rows of flows.def as data.
 */
#include "machine/flows.h"

#include <string.h>

#define S(h) {HOP_##h, FC_ONE},
#define SN(h, c) {HOP_##h, FC_##c},
#define FLOW(ev, md, steps) static const flow_step steps_##ev##_##md[] = {steps};
#include "machine/flows.def"
#undef FLOW

#define NSTEPS(a) ((unsigned)(sizeof a / sizeof a[0]))
static const flow_row rows[] = {
#define FLOW(ev, md, steps) {FE_##ev, FLOW_##md, steps_##ev##_##md, NSTEPS(steps_##ev##_##md)},
#include "machine/flows.def"
#undef FLOW
};
#undef S
#undef SN
#define NROWS (sizeof rows / sizeof rows[0])

/* every row fits the machine's compiled form (mach.h) */
#define FLOW(ev, md, steps) _Static_assert(NSTEPS(steps_##ev##_##md) <= FLOW_MAX_STEPS, #ev " " #md);
#define S(h)
#define SN(h, c)
#include "machine/flows.def"
#undef FLOW
#undef S
#undef SN

static const char *const event_names[FE_N] = {
	[FE_REFILL] = "refill", [FE_REFILL_HIT] = "refill_hit", [FE_VMM_PAGE] = "vmm_page",
	[FE_PAGE_FAULT] = "page_fault", [FE_PAGE_ZERO] = "page_zero", [FE_TLB_MOD] = "tlb_mod",
	[FE_KSEG_MISS] = "kseg_miss", [FE_TIMER] = "timer", [FE_SYSCALL] = "syscall",
	[FE_SYSCALL_OS] = "syscall_os", [FE_TRAP_FAULT] = "trap_fault", [FE_TRAP_MOD] = "trap_mod",
	[FE_INTERRUPT] = "interrupt", [FE_EXCEPTION] = "exception", [FE_TRAP_OS] = "trap_os",
	[FE_PRIV_TLBW] = "priv_tlbw", [FE_ERET_SYSCALL] = "eret_syscall", [FE_ERET] = "eret",
	[FE_PRIV] = "priv", [FE_CONTEXT_SWITCH] = "context_switch", [FE_PTE_PROBE] = "pte_probe",
	[FE_PTE_INVAL] = "pte_inval", [FE_MACHINE_SWITCH] = "machine_switch",
};

const flow_row *flow_rows(size_t *n)
{
	*n = NROWS;
	return rows;
}

const char *flow_event_name(unsigned event)
{
	return event < FE_N ? event_names[event] : NULL;
}

static const flow_row *row_of(unsigned event, unsigned mode)
{
	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].event == event && rows[i].mode == mode)
			return &rows[i];
	return NULL;
}

const flow_row *flow_find(unsigned event, unsigned mode, int swtlb_on)
{
	if (mode == FLOW_SWTLB) {
		const flow_row *r = swtlb_on ? row_of(event, FLOW_SWTLB) : NULL;
		return r ? r : row_of(event, FLOW_VIRT);
	}
	return row_of(event, mode);
}

uint64_t flow_count_of(const model *m, unsigned count)
{
	switch (count) {
	case FC_PF_PRIV:
		return m->page_fault_priv_ops;
	case FC_MOD_PRIV:
		return m->tlb_mod_priv_ops;
	case FC_SYSCALL_PRIV:
		return m->syscall_priv_ops;
	case FC_CTX_PRIV:
		return m->context_switch_priv_ops;
	case FC_TIMER_PRIV:
		return m->timer_priv_ops;
	default:
		return 1;
	}
}

int64_t flow_sum(const model *m, const flow_row *row, uint64_t syscall_cost, int64_t mult,
                 int64_t *counts)
{
	int64_t cyc = 0;
	for (unsigned i = 0; row && i < row->nsteps; i++) {
		unsigned h = row->steps[i].hop;
		int64_t n = (int64_t)flow_count_of(m, row->steps[i].count) * mult;
		uint64_t c = h == HOP_SYSCALL ? syscall_cost : model_hop_cost(m, h);
		if (counts)
			counts[h] += n;
		cyc += n * (int64_t)c;
	}
	return cyc;
}
