/*
 * sysmach.h - the full-system machine: replays a full-system recording
 * (`vmmsim boot --record`, traces/FORMAT.md) natively, with the TLB it was
 * recorded on or another one.
 *
 * The stream already holds everything the hardware did: each fetch is an
 * executed instruction, counted in the context the exceptions and erets
 * of the stream decide (machine/sysacct.h, the rule of the live boot), and
 * the exceptions, erets and TLB writes are counted as they come.
 *
 * The machine also keeps its own joint TLB, filled by the recorded TLB
 * writes.  With the recording's TLB (the same number of entries, and tlbwr
 * victims taken from the recording: policy SYSMACH_RECORDED), it holds what
 * the real one held, so every recorded reference hits and every recorded
 * refill misses: the ledger is the live one, exactly.  With another size or
 * policy it differs, and the machine adjusts the stream to it:
 *
 *  - a recorded refill (TLBL/TLBS through the refill vector) of an address
 *    the machine's TLB maps is cut out of the stream: the exception, the
 *    handler's records up to its eret, and the faulting instruction's
 *    second fetch (its first is not counted again when it re-executes);
 *  - a recorded reference the machine's TLB does not map is a refill the
 *    recording never had: the entry comes from the last recorded TLB write
 *    of that page pair (ASID, or global), and the refill is charged as
 *    recorded ones cost - an exception, the handler's mean length measured
 *    on the recorded refills (instructions), a tlbwr, an eret.
 *
 * Exact: the replay with the recording's TLB.  Approximations with another:
 * an added refill costs the measured mean, not what its handler would have
 * run (a page-table walk whose caches differ); the handler's own references
 * and the time it takes are not replayed, so timer interrupts, idle time and
 * everything else happen where the recording has them; a cut refill's
 * delay-slot branch is still counted twice (EPC is the branch).
 */
#ifndef VMMSIM_MACHINE_SYSMACH_H
#define VMMSIM_MACHINE_SYSMACH_H

#include <stddef.h>
#include <stdint.h>

#include "machine/ledger.h"
#include "machine/model.h"
#include "machine/sysacct.h"
#include "trace/trace.h"

#define SYSMACH_MAX_TLB 64u
/* The idle cycles a recording may hold in all (2^62: 1460 years at 100
 * MHz; the counts stay below 2^63, the largest a JSON integer holds): more
 * is a corrupt recording, refused naming the idle record. */
#define SYSMACH_MAX_IDLE (UINT64_C(1) << 62)
/* policy: tlbwr writes the recorded index (the recording's own victims) */
#define SYSMACH_RECORDED (-1)

typedef struct sysmach_opts {
	unsigned tlb_entries; /* 1..SYSMACH_MAX_TLB; 0: the recording's */
	int policy;           /* SYSMACH_RECORDED, or enum tlb_policy (model.h) */
	uint64_t seed;        /* random victims */
} sysmach_opts;

typedef struct sysmach_stats {
	/* as the live boot counts them (cpu/cpu_sys.h) */
	uint64_t user_insns, kernel_insns;
	uint64_t exc[32], irq[8], tlb_refills;
	uint64_t tlbwr, tlbwi, tlbp, tlbr, eret;
	sysacct_counts k;
	/* the replay's own */
	unsigned recorded_tlb;   /* the recording's TLB entries (Config1) */
	unsigned tlb_entries;    /* the machine's */
	int exact;               /* replayed with the recording's TLB */
	uint64_t refills_cut;    /* recorded refills the machine's TLB made unneeded */
	uint64_t refills_added;  /* refills the recording never had */
	uint64_t refill_runs;    /* recorded refill handlers (cut or not) ... */
	uint64_t refill_run_insns; /* ... and their instructions */
	uint64_t unknown_refs;   /* mapped references no recorded TLB write maps */
} sysmach_stats;

typedef struct sysmach sysmach;

/* 1 if the stream's first record says it is a full-system recording (the
 * `priv mfc0 16.1 Config1` of cpu_sys_record_start) in a trace of format
 * minor version >= 1. */
int sysmach_is_recording(const trace_header *h, const trace_rec *first);

/* NULL on a bad option or out of memory (err says which). */
sysmach *sysmach_new(const sysmach_opts *o, char *err, size_t errlen);
/* Consumes n records, fetches alone or in runs (trace_read_runs): the same
 * results.  Returns 0; SYSMACH_MARK at a mark (TK_MARK, a point the
 * recording's guest marked), consumed up to and including it, its index in
 * *at (sample there with sysmach_sample, then feed the rest); or -1 with a
 * message in err and the index of the record in *at (a stream that is not
 * a full-system recording: its first record, or a fetch not of 4 bytes;
 * out of memory: the batch's last). */
#define SYSMACH_MARK 1
int sysmach_feed(sysmach *s, const trace_rec *r, size_t n, size_t *at, char *err,
                 size_t errlen);
/* Ends the replay: charges the added refills at the measured mean length
 * (the model's os_refill cost, in instructions at its CPI, when the
 * recording has no refill to measure). */
void sysmach_finish(sysmach *s, const model *m);
/* The counters so far into *out, as sysmach_finish would leave them now
 * (added refills at the mean length measured so far). */
void sysmach_sample(const sysmach *s, const model *m, sysmach_stats *out);
const sysmach_stats *sysmach_get_stats(const sysmach *s);
void sysmach_free(sysmach *s);

#endif
