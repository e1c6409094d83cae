/*
 * sysacct.h - the cycle ledger of executed full-system code: one rule for a
 * live boot (`vmmsim boot --mode native`, board/account.c) and for the
 * replay of its recording (machine/sysmach.c), so the two can only agree.
 *
 * Every executed instruction is charged at the model's CPI to the hop of
 * the context that ran it; the context is decided by the exception that
 * entered the kernel, until the matching eret (a stack):
 *
 *   user mode                         base (not a hop: base_cycles)
 *   kernel outside any exception      kernel
 *   TLBL/TLBS through the refill vector   os_refill
 *   TLBL/TLBS through the general vector  page_fault
 *   Mod                               tlb_mod
 *   Sys                               syscall
 *   Int, the timer (IP7) the highest pending line   timer
 *   Int, another line                 interrupt
 *   any other exception               exception
 *   `wait`                            idle (the idle cycles themselves, not x CPI)
 *
 * and the hardware's own costs come from the model: exc_entry per exception
 * or interrupt taken, eret per eret, tlb_write per tlbwr/tlbwi.  The
 * model's estimates of handler lengths (os_refill, page_fault, syscall as
 * costs) are not used: the handlers' instructions are counted.
 */
#ifndef VMMSIM_MACHINE_SYSACCT_H
#define VMMSIM_MACHINE_SYSACCT_H

#include <stdint.h>

#include "machine/ledger.h"
#include "machine/model.h"

/* Contexts (the CPU's enum cpu_ctx has the same values, cpu/cpu_sys.h). */
enum sysacct_ctx {
	SYSACCT_USER, SYSACCT_KERNEL, SYSACCT_REFILL, SYSACCT_TLBFAULT, SYSACCT_TLBMOD,
	SYSACCT_SYSCALL, SYSACCT_TIMER, SYSACCT_INTERRUPT, SYSACCT_EXCEPTION, SYSACCT_IDLE,
	SYSACCT_NCTX
};

/* MIPS Cause.ExcCode values the rule names. */
enum { SYSACCT_EXC_INT = 0, SYSACCT_EXC_MOD = 1, SYSACCT_EXC_TLBL = 2, SYSACCT_EXC_TLBS = 3,
       SYSACCT_EXC_SYS = 8 };

typedef struct sysacct_counts {
	uint64_t ctx_insns[SYSACCT_NCTX];   /* instructions (idle: cycles) per context */
	uint64_t ctx_entries[SYSACCT_NCTX]; /* entries (idle: periods) per context */
	uint64_t exceptions;                /* exceptions and interrupts taken */
	uint64_t erets, tlb_writes;
} sysacct_counts;

/* The context an exception enters: code = ExcCode, vector = its offset from
 * the base (0x000 refill), pending = the pending enabled interrupt lines
 * (bit n = IPn; for Int). */
unsigned sysacct_exc_ctx(unsigned code, unsigned vector, unsigned pending);

/* The hop of a context (HOP_N for user mode: base cycles). */
unsigned sysacct_ctx_hop(unsigned ctx);
/* 1 if the ledger can charge hop h (the rows a report lists). */
int sysacct_hop_charged(unsigned h);

/* Fills l (zeroed first) and *base_cycles from the counts. */
void sysacct_ledger(const sysacct_counts *k, const model *m, ledger *l, uint64_t *base_cycles);

#endif
