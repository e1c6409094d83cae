/*
 * account.h - the cycle ledger of an executed kernel (`vmmsim boot --mode
 * native`), from the CPU's own counters, by the rule of machine/sysacct.h
 * (the one a replay of the boot's recording uses too: machine/sysmach.h).
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
