/*
 * boot_report.h - the parts of the boot report that a live boot (`vmmsim
 * boot`) and the replay of its recording (`vmmsim replay` of a full-system
 * trace) print alike: the CPU's counters and the ledger, as text and JSON.
 */
#ifndef VMMSIM_CLI_BOOT_REPORT_H
#define VMMSIM_CLI_BOOT_REPORT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/cpu_sys.h"
#include "machine/ledger.h"
#include "machine/model.h"

/* Marks a boot or a recording's replay samples at most (each sample is a
 * report of a few KB, kept to the end). */
#define BOOT_MARKS_MAX 10000u

/* The counters (instructions ... interrupts) as text lines. */
void boot_report_counts_text(FILE *f, const struct cpu_sys_stats *st, uint64_t insns, uint64_t time);
/* The ledger table: base and the rows listed(h) selects. */
void boot_report_ledger_text(FILE *f, const char *mode, const model *m, const ledger *l,
                             uint64_t base_cycles, int (*listed)(unsigned h, const void *ctx),
                             const void *ctx);
/* A new JSON object with the counters (instructions, user_instructions, ...). */
json_t *boot_report_counts_json(const struct cpu_sys_stats *st, uint64_t insns, uint64_t time);
/* Adds base_cycles, cycles and hops (the rows listed(h) selects) to o. */
void boot_report_ledger_json(json_t *o, const ledger *l, uint64_t base_cycles,
                             int (*listed)(unsigned h, const void *ctx), const void *ctx);

/* A mark's name as a JSON string: "KIND NAME" (kind NULL: NAME alone);
 * a name that is not UTF-8 (a guest prints any bytes but CR and LF) has
 * its bytes above 0x7f written \xNN, as `vmmsim trace cat` writes them.
 * NULL only when out of memory. */
json_t *boot_report_mark_name(const char *kind, const char *name);

/* Writes j (REPORT_JSON_FLAGS, a newline) to f, the output path (named in
 * messages; the caller creates it and commits or aborts it with its other
 * outputs).  Returns 0, or -1 with the message printed. */
int boot_report_json_to(const char *path, FILE *f, json_t *j);

#endif
