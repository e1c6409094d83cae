/*
 * account.c - the native ledger of an executed kernel (see account.h).
 */
#include <string.h>

#include "board/account.h"

unsigned board_ctx_hop(unsigned ctx)
{
	switch (ctx) {
	case CPU_CTX_KERNEL:    return HOP_KERNEL;
	case CPU_CTX_REFILL:    return HOP_OS_REFILL;
	case CPU_CTX_TLBFAULT:  return HOP_PAGE_FAULT;
	case CPU_CTX_TLBMOD:    return HOP_TLB_MOD;
	case CPU_CTX_SYSCALL:   return HOP_SYSCALL;
	case CPU_CTX_TIMER:     return HOP_TIMER;
	case CPU_CTX_INTERRUPT: return HOP_INTERRUPT;
	case CPU_CTX_EXCEPTION: return HOP_EXCEPTION;
	case CPU_CTX_IDLE:      return HOP_IDLE;
	default:                return HOP_N; /* user: base */
	}
}

int board_hop_charged(unsigned h)
{
	if (h == HOP_EXC_ENTRY || h == HOP_ERET || h == HOP_TLB_WRITE)
		return 1;
	for (unsigned x = 0; x < CPU_CTX_N; x++)
		if (board_ctx_hop(x) == h)
			return 1;
	return 0;
}

/* instructions x CPI (the CPI in thousandths, rounded to nearest) */
static uint64_t at_cpi(uint64_t insns, const model *m)
{
	return (insns * m->cpi_milli + 500) / 1000;
}

void board_account_native(const struct cpu_sys_stats *st, const model *m, ledger *l,
                          uint64_t *base_cycles)
{
	memset(l, 0, sizeof *l);
	*base_cycles = 0;
	for (unsigned x = 0; x < CPU_CTX_N; x++) {
		unsigned h = board_ctx_hop(x);
		if (h == HOP_N)
			*base_cycles += at_cpi(st->ctx_insns[x], m);
		else if (h == HOP_IDLE)
			ledger_charge(l, h, st->ctx_entries[x], st->ctx_insns[x]);
		else
			ledger_charge(l, h, st->ctx_entries[x], at_cpi(st->ctx_insns[x], m));
	}
	uint64_t taken = 0;
	for (unsigned e = 0; e < 32; e++)
		taken += st->exc[e];
	ledger_charge(l, HOP_EXC_ENTRY, taken, taken * m->cost[HOP_EXC_ENTRY]);
	ledger_charge(l, HOP_ERET, st->eret, st->eret * m->cost[HOP_ERET]);
	uint64_t w = st->tlbwr + st->tlbwi;
	ledger_charge(l, HOP_TLB_WRITE, w, w * m->cost[HOP_TLB_WRITE]);
}
