/*
 * account.h - the cycle ledger of an executed kernel (`vmmsim boot --mode
 * native`), from the CPU's own counters.
 *
 * Every executed instruction is charged at the model's CPI to the hop of
 * the code that ran it, decided by the exception that entered the kernel
 * until the matching eret (the CPU keeps the count per context):
 *
 *   user mode                       base (not a hop: base_cycles)
 *   kernel outside any exception    kernel
 *   through the refill vector       os_refill
 *   TLBL / TLBS (general vector)    page_fault
 *   Mod                             tlb_mod
 *   Sys                             syscall
 *   Int, the timer (IP7) highest    timer
 *   Int, another line               interrupt
 *   any other exception             exception
 *   `wait`                          idle (the idle cycles themselves, not x CPI)
 *
 * and the hardware's own costs come from the model: exc_entry per exception
 * or interrupt taken, eret per eret, tlb_write per tlbwr/tlbwi (the hazard
 * cycles beyond the instruction's CPI).  The model's estimates of handler
 * lengths (os_refill, page_fault, syscall, ... as costs) are not used.
 */
#ifndef VMMSIM_BOARD_ACCOUNT_H
#define VMMSIM_BOARD_ACCOUNT_H

#include <stdint.h>

#include "cpu/cpu_sys.h"
#include "machine/ledger.h"
#include "machine/model.h"

/* The hop of each CPU context (HOP_N for user mode: base cycles). */
unsigned board_ctx_hop(unsigned ctx);

/* Fills l (zeroed first) and *base_cycles from the CPU's counters. */
void board_account_native(const struct cpu_sys_stats *st, const model *m, ledger *l,
                          uint64_t *base_cycles);

/* 1 if the native boot ledger can charge hop h (the rows a report lists). */
int board_hop_charged(unsigned h);

#endif
