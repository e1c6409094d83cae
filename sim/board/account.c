/*
 * account.c - the native ledger of an executed kernel (see account.h): the
 * CPU's counters handed to the one rule of machine/sysacct.h.
 */
#include "board/account.h"
#include "machine/sysacct.h"

/* the CPU's contexts are sysacct's */
_Static_assert((int)CPU_CTX_N == (int)SYSACCT_NCTX &&
               (int)CPU_CTX_USER == (int)SYSACCT_USER &&
               (int)CPU_CTX_KERNEL == (int)SYSACCT_KERNEL &&
               (int)CPU_CTX_REFILL == (int)SYSACCT_REFILL &&
               (int)CPU_CTX_TLBFAULT == (int)SYSACCT_TLBFAULT &&
               (int)CPU_CTX_TLBMOD == (int)SYSACCT_TLBMOD &&
               (int)CPU_CTX_SYSCALL == (int)SYSACCT_SYSCALL &&
               (int)CPU_CTX_TIMER == (int)SYSACCT_TIMER &&
               (int)CPU_CTX_INTERRUPT == (int)SYSACCT_INTERRUPT &&
               (int)CPU_CTX_EXCEPTION == (int)SYSACCT_EXCEPTION &&
               (int)CPU_CTX_IDLE == (int)SYSACCT_IDLE,
               "cpu_ctx and sysacct_ctx differ");

unsigned board_ctx_hop(unsigned ctx)
{
	return sysacct_ctx_hop(ctx);
}

int board_hop_charged(unsigned h)
{
	return sysacct_hop_charged(h);
}

void board_account_native(const struct cpu_sys_stats *st, const model *m, ledger *l,
                          uint64_t *base_cycles)
{
	sysacct_counts k = { .erets = st->eret, .tlb_writes = st->tlbwr + st->tlbwi };
	for (unsigned x = 0; x < CPU_CTX_N; x++) {
		k.ctx_insns[x] = st->ctx_insns[x];
		k.ctx_entries[x] = st->ctx_entries[x];
	}
	for (unsigned e = 0; e < 32; e++)
		k.exceptions += st->exc[e];
	sysacct_ledger(&k, m, l, base_cycles);
}
