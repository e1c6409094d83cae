/*
 * hwmach.h - the machine whose TLB the hardware refills by walking a radix
 * page table (machine/ptwalk.h), run three ways from one stream: natively
 * (`hw`), beneath a monitor with shadow page tables (`shadow`), and with
 * nested paging (`nested`).  One hardware TLB and one guest page table are
 * shared by the three (their TLB contents never differ: every mode fills
 * and invalidates the same entries at the same records); each mode has its
 * own ledger, clock, timer, page-walk caches, shadow table or nested-walk
 * caches and pmap.  The flows charged are in the README ("The hardware-
 * walked machines"); every cost comes from the model.  One VM.
 */
#ifndef VMMSIM_HWMACH_H
#define VMMSIM_HWMACH_H

#include <stdint.h>
#include <stddef.h>

#include "machine/flows.h"
#include "machine/hmap.h"
#include "machine/ledger.h"
#include "machine/model.h"
#include "machine/ptwalk.h"
#include "trace/trace.h"

enum { HW_MODE_HW = 0, HW_MODE_SHADOW = 1, HW_MODE_NESTED = 2, HW_NMODES };
#define HW_UC 64

typedef struct hwacct {
	unsigned kind;          /* HW_MODE_* */
	const flow_row *fl[FE_N]; /* what each event costs this mode (flows.def) */
	uint64_t walk_cost;     /* one page-walk reference */
	uint64_t hop_cycles, next_timer, deadline;
	unsigned pend_ret;      /* flow (FE_ERET*) of the next traced eret */
	ledger led;
	uint64_t walks, walk_refs, tlb_miss_cycles;
	ptw_lru pwc;            /* hw: the table's PWC; shadow: the shadow table's */
	ptw_table shadow;       /* shadow: which shadow entries the monitor filled */
	ptw_nested nest;        /* nested: guest/host PWCs, nested TLB */
	hmap pmap;              /* shadow, nested: guest frames backed by the host */
} hwacct;

typedef struct hwmach {
	const model *m;
	unsigned sh;            /* log2 page size */
	hwtlb t;
	ptw_table gpt;          /* the guest's (or native OS's) page table */
	hmap pfn;               /* (vpn, asid) -> guest frame */
	uint64_t next_pfn, *freel;
	size_t nfree, capfree;
	uint32_t asid;
	int started, os_in_trace;
	unsigned word_bits;
	uint64_t insns, refs, tlb_misses, page_faults, deadline;
	unsigned nacct;
	hwacct a[HW_NMODES];
	uint64_t uc_vpn[HW_UC]; /* pages whose TLB way is known: direct-mapped */
	unsigned uc_way[HW_UC];
	int oom;
} hwmach;

/* A machine with one account per HW_MODE_* in kinds[0..n-1].  Returns 0 or
 * -1 (out of memory, or a geometry the model check let through). */
int hwmach_init(hwmach *H, const unsigned *kinds, unsigned n, const model *m);
void hwmach_free(hwmach *H);
void hwmach_set_source(hwmach *H, unsigned word_bits, int os_in_trace);
void hwmach_feed(hwmach *H, const trace_rec *r, size_t n);
/* The account of kind k, or NULL. */
const hwacct *hwmach_acct(const hwmach *H, unsigned k);
uint64_t hwmach_base(const hwmach *H, uint64_t insns);

#endif
