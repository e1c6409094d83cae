/*
 * sysacct.c - the ledger of executed full-system code (see sysacct.h).
 */
#include <string.h>

#include "machine/sysacct.h"

unsigned sysacct_exc_ctx(unsigned code, unsigned vector, unsigned pending)
{
	switch (code) {
	case SYSACCT_EXC_INT: {
		unsigned line = 0;
		while (pending >>= 1)
			line++;
		return line == 7 ? SYSACCT_TIMER : SYSACCT_INTERRUPT; }
	case SYSACCT_EXC_MOD:  return SYSACCT_TLBMOD;
	case SYSACCT_EXC_TLBL:
	case SYSACCT_EXC_TLBS: return vector == 0 ? SYSACCT_REFILL : SYSACCT_TLBFAULT;
	case SYSACCT_EXC_SYS:  return SYSACCT_SYSCALL;
	default:               return SYSACCT_EXCEPTION;
	}
}

unsigned sysacct_ctx_hop(unsigned ctx)
{
	switch (ctx) {
	case SYSACCT_KERNEL:    return HOP_KERNEL;
	case SYSACCT_REFILL:    return HOP_OS_REFILL;
	case SYSACCT_TLBFAULT:  return HOP_PAGE_FAULT;
	case SYSACCT_TLBMOD:    return HOP_TLB_MOD;
	case SYSACCT_SYSCALL:   return HOP_SYSCALL;
	case SYSACCT_TIMER:     return HOP_TIMER;
	case SYSACCT_INTERRUPT: return HOP_INTERRUPT;
	case SYSACCT_EXCEPTION: return HOP_EXCEPTION;
	case SYSACCT_IDLE:      return HOP_IDLE;
	default:                return HOP_N; /* user: base */
	}
}

int sysacct_hop_charged(unsigned h)
{
	if (h == HOP_EXC_ENTRY || h == HOP_ERET || h == HOP_TLB_WRITE)
		return 1;
	for (unsigned x = 0; x < SYSACCT_NCTX; x++)
		if (sysacct_ctx_hop(x) == h)
			return 1;
	return 0;
}

/* instructions x CPI (the CPI in thousandths, rounded to nearest) */
static uint64_t at_cpi(uint64_t insns, const model *m)
{
	return (insns * m->cpi_milli + 500) / 1000;
}

void sysacct_ledger(const sysacct_counts *k, const model *m, ledger *l, uint64_t *base_cycles)
{
	memset(l, 0, sizeof *l);
	*base_cycles = 0;
	for (unsigned x = 0; x < SYSACCT_NCTX; x++) {
		unsigned h = sysacct_ctx_hop(x);
		if (h == HOP_N)
			*base_cycles += at_cpi(k->ctx_insns[x], m);
		else if (h == HOP_IDLE)
			ledger_charge(l, h, k->ctx_entries[x], k->ctx_insns[x]);
		else
			ledger_charge(l, h, k->ctx_entries[x], at_cpi(k->ctx_insns[x], m));
	}
	ledger_charge(l, HOP_EXC_ENTRY, k->exceptions, k->exceptions * m->cost[HOP_EXC_ENTRY]);
	ledger_charge(l, HOP_ERET, k->erets, k->erets * m->cost[HOP_ERET]);
	ledger_charge(l, HOP_TLB_WRITE, k->tlb_writes, k->tlb_writes * m->cost[HOP_TLB_WRITE]);
}
