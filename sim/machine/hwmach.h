/*
 * hwmach.h - the machine whose TLB the hardware refills by walking a radix
 * page table (machine/ptwalk.h), run three ways from one stream: natively
 * (`hw`), beneath a monitor with shadow page tables (`shadow`), and with
 * nested paging (`nested`).  One hardware TLB and one guest page table are
 * shared by the three (their TLB contents never differ: every mode fills
 * and invalidates the same entries at the same records); each mode has its
 * own ledger, clock, timer, page-walk caches, shadow table or nested-walk
 * caches and pmap.  The flows charged are in the README ("The hardware-
 * walked machines"); every cost comes from the model.
 *
 * Several VMs (modes shadow and nested with several traces; hw runs each
 * VM alone on a machine of its own): one account, the VMs taking turns of
 * `quantum` cycles (hwmach_switch between them, as the monitor's
 * machines do: machine/mach.h).  Each VM has its own address spaces and
 * frames: its ASIDs are tagged with its number (tag = vm << 16 | asid) in
 * the TLB, the page-walk caches and the tables, its frames are backed and
 * walked in a host table of its own (nested: tagged caches), and a switch
 * flushes the TLB and the caches unless the model's `hw_tlb_tagged`
 * (ASID/PCID, VPID).  Its counts are the machine's while it ran.
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
/* The last-translation cache's slots (hwmach.c's fast loop): a power of
 * two at least twice the most pages a reference's last byte can lie past
 * its first's (see the _Static_assert in hwmach.c). */
#define HW_UC 256

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
	hmap pmap;              /* shadow, nested: guest frames backed by the host
	                         * ((frame, VM)) */
	uint64_t quantum_end;   /* several VMs: the clock at which the running
	                         * VM's turn ends (0: none) */
	int quantum_expired;
} hwacct;

/* What a VM did in one account (with one VM, the machine's counts). */
typedef struct hwmach_counts {
	uint64_t insns, refs, tlb_misses, page_faults;
	uint64_t walks, walk_refs, tlb_miss_cycles;
	ledger led;
} hwmach_counts;

/* A VM's own state. */
typedef struct hwvm {
	uint32_t asid;          /* its current address space */
	int started, os_in_trace;
	unsigned word_bits;
	uint64_t next_pfn, *freel; /* its guest frames: next new one, freed ones */
	size_t nfree, capfree;
	uint32_t run_off;       /* fetches of its next record's run already done
	                         * (its turn ended inside it) */
	hwmach_counts c[HW_NMODES]; /* its counts per account until it last
	                             * left the processor */
} hwvm;

typedef struct hwmach {
	const model *m;
	unsigned sh;            /* log2 page size */
	hwtlb t;
	ptw_table gpt;          /* the guests' (or native OS's) page tables, by tag */
	hmap pfn;               /* (vpn, tag) -> guest frame */
	unsigned nvm, cur;      /* VMs, the one running */
	hwvm *vm;
	uint32_t tag;           /* cur << 16 | the running VM's ASID */
	uint64_t last_vmid;     /* the last TK_VM of the stream (UINT64_MAX: none) */
	hwmach_counts snap[HW_NMODES]; /* the machine's counts when cur started */
	uint64_t insns, refs, tlb_misses, page_faults, deadline;
	unsigned nacct;
	hwacct a[HW_NMODES];
	/* The last-translation cache, direct-mapped by vpn mod HW_UC: slot s
	 * holds a page of the running tag and the TLB way holding it
	 * (NOVPN: none).  Exact, never stale: an entry is dropped when its
	 * way is refilled or invalidated, and all of them when the TLB is
	 * flushed or the tag changes. */
	uint64_t uc_vpn[HW_UC];
	uint32_t uc_way[HW_UC];
	int careful;            /* tests: every record the careful way, every
	                         * page looked up in the TLB (no fast loop, no
	                         * last-translation cache), to check them */
	int oom;
} hwmach;

#define HW_MAX_VMS 65536u /* VM numbers fit above the 16-bit ASID in a tag */

/* A machine with one account per HW_MODE_* in kinds[0..n-1] running nvm
 * VMs (several: one account), VM 0 first.  Returns 0 or -1 (out of memory,
 * a geometry the model check let through, or several VMs with several
 * accounts). */
int hwmach_init(hwmach *H, const unsigned *kinds, unsigned n, const model *m, unsigned nvm);
void hwmach_free(hwmach *H);
void hwmach_set_source(hwmach *H, unsigned vm, unsigned word_bits, int os_in_trace);
/* Consumes records of the running VM; returns how many (fewer than n when
 * its turn ends: then switch or renew before feeding again; never with one
 * VM). */
size_t hwmach_feed(hwmach *H, const trace_rec *r, size_t n);
/* Several VMs: 1 if the running VM's turn is over. */
int hwmach_expired(const hwmach *H);
/* Gives the processor to VM vm (a machine switch; the TLB and the caches
 * flushed unless tagged), or another turn to the running one (renew). */
void hwmach_switch(hwmach *H, unsigned vm);
void hwmach_renew(hwmach *H);
/* The account of kind k, or NULL. */
const hwacct *hwmach_acct(const hwmach *H, unsigned k);
/* VM vm's counts in the account of kind k.  Returns 0, or -1 if the
 * machine has no such account or VM. */
int hwmach_counts_of(const hwmach *H, unsigned k, unsigned vm, hwmach_counts *out);
uint64_t hwmach_base(const hwmach *H, uint64_t insns);

#endif
