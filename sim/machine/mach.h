/*
 * mach.h - the machine models: one simulated hardware TLB with the guest
 * OS's page tables (the "core"), charged by one or more accounts, one per
 * mode (native, virt, swtlb), each with its own ledger, clock, timer, pmap
 * and software TLB.
 *
 * Several accounts share one core when their hardware TLBs cannot differ:
 * same TLB configuration and seed, one VM, and nothing in the stream that
 * treats the modes' TLBs differently.  The monitor modes never differ from
 * each other; native differs from them on a mapped kseg0/kseg1 reference
 * (--kseg-mapped) or a TK_VM switch: mach_feed then stops before that
 * record and sets `diverged`, and the caller moves the native account to
 * a machine of its own (mach_split) with a copy of the core.  Results are
 * exactly those of separate simulation (tests/unit/test_replay.c).
 *
 * Driven by the replay driver (replay/replay*.c); the flows charged are
 * documented in the README section on the replay engine.
 */
#ifndef VMMSIM_MACH_H
#define VMMSIM_MACH_H

#include <stddef.h>
#include <stdint.h>

#include "machine/flows.h"
#include "machine/hmap.h"
#include "machine/ledger.h"
#include "machine/model.h"
#include "machine/swtlb.h"
#include "machine/tlb.h"
#include "trace/trace.h"

#define MACH_MAX_ACCT 4
/* Slots of each last-translation cache: a power of two of at least 128, so
 * that the page of a reference's last byte, (addr + size - 1) >> shift, can
 * match the page cached in the slot of its first byte's page only if both
 * are that page (an access spans at most 65 pages of 1 KB; see feed_loop). */
#define MACH_UC 256
#define MACH_UC_CLASSES 3 /* one cache each for fetches, loads, stores */

/* The last-translation caches, [class] for TK_FETCH, TK_LOAD, TK_STORE (a
 * store's needs a dirty page): vpn and TLB entry, in a block of their own
 * (mach_feed reaches them through per-kind row pointers, which must not
 * move with the mach).  Row MACH_UC_CLASSES holds only NOVPN: the row of
 * every other kind, so that a record of another kind never hits. */
typedef struct mach_uc {
	uint64_t vpn[MACH_UC_CLASSES + 1][MACH_UC];
	uint32_t idx[MACH_UC_CLASSES + 1][MACH_UC];
	const uint64_t *row[256];  /* per record kind: its vpn row */
	const uint32_t *irow[256]; /* ... and its entry row */
} mach_uc;

/* Per VM state of the core: the guest OS's view. */
typedef struct mach_vm {
	hmap pt;              /* (vpn, asid) -> PTE: pfn << 8 | TPTE_* flags */
	uint64_t next_pfn;    /* demand paging: next never-used guest frame */
	uint64_t *freel;      /* frames freed by TK_UNMAP, reused first */
	size_t nfree, capfree;
	uint32_t asid;
	int started;          /* a reference or ASID record was seen */
	int os_in_trace;      /* the stream carries the OS's own code (TK_MODE) */
	unsigned word_bits;   /* 32 or 64: address-segment decoding */
	uint64_t last_vmid;
	uint64_t insns, refs, tlb_misses, page_faults;
	uint32_t run_off;     /* fetches done of a run record a quantum cut */
} mach_vm;

/* Per VM state of an account: the monitor's view and the ledger. */
typedef struct acct_vm {
	hmap pmap;            /* guest frame -> 1 once backed by a machine page */
	swtlb sw;
	unsigned pend_ret;    /* flow (FE_ERET*) of the next traced eret */
	uint32_t pv_queued;   /* pv: page-table updates waiting for a hypercall */
	uint64_t tlb_miss_cycles, kseg_misses, sw_hits, sw_misses;
	ledger led;
} acct_vm;

/* A flow of flows.def resolved for one account: its hops, occurrences and
 * cycles under the account's model. */
typedef struct flow_c {
	uint8_t n;            /* steps */
	uint8_t sys;          /* the system call handler's step (0xff: none) */
	uint16_t hop[FLOW_MAX_STEPS];
	uint32_t cnt[FLOW_MAX_STEPS];
	uint64_t cyc[FLOW_MAX_STEPS];
	uint64_t total;       /* cycles of all steps */
} flow_c;

typedef struct macct {
	unsigned mode;        /* enum replay_mode */
	int virt, swtlb_on;
	int pv;               /* a para-virtualized guest (mode pv) */
	flow_c fl[FE_N];      /* what each event costs this account (flows.def) */
	uint64_t hop_cycles;  /* every VM's hop cycles */
	uint64_t deadline;    /* instruction count at which this account ticks */
	uint64_t next_timer;  /* cycle of the next timer interrupt (UINT64_MAX: none) */
	uint64_t quantum_end; /* end of the current VM's quantum (0: none) */
	int quantum_expired;
	uint64_t interval, next_mark; /* per-window clock marks */
	uint64_t *marks;
	size_t nmarks, capmarks;
	acct_vm *vm;
} macct;

struct mach;

/* Observers of a machine's virt account, called once per event: how a
 * layer above (sweep/shadow.c: software-TLB configurations sized in the
 * same pass) follows the machine without the machine knowing it.  Each
 * gets hooks_opaque first.  Only on a machine with one VM. */
typedef struct mach_hooks {
	/* a refill miss of (vpn2, asid) handled by the monitor; the entry
	 * bits the guest would write */
	void (*refill)(void *h, const struct mach *M, uint64_t vpn2, uint32_t asid, unsigned valid,
	               unsigned dirty, int global);
	/* another trapped guest TLB write: in flow event (FE_PAGE_FAULT,
	 * FE_TLB_MOD) */
	void (*write)(void *h, const struct mach *M, unsigned event, uint64_t vpn2, uint32_t asid,
	              unsigned valid, unsigned dirty, int global);
	/* a page-table change dropping (vpn2, asid) from a software TLB */
	void (*remove)(void *h, uint64_t vpn2, uint32_t asid);
	/* the virt account's own timer interrupt fired */
	void (*virt_timer)(void *h, const struct mach *M);
	/* the earliest instruction count at which the observer needs tick,
	 * given the virt account's hop cycles now (UINT64_MAX: never) */
	uint64_t (*deadline)(void *h, const struct mach *M, uint64_t virt_hop_cycles);
	/* at an instruction boundary where a deadline passed */
	void (*tick)(void *h, const struct mach *M, uint64_t virt_hop_cycles);
} mach_hooks;

typedef struct mach {
	const model *m;
	tlb t;
	unsigned sh;          /* log2 page size */
	unsigned nvm, cur;
	mach_vm *vm;
	unsigned nacct;
	macct a[MACH_MAX_ACCT];
	uint64_t insns;       /* instructions of every VM */
	uint64_t deadline;    /* min of the accounts' deadlines */
	int diverged;         /* the accounts' TLBs must part (see above) */
	const struct mach_hooks *hooks; /* observers of the virt account's
	                       * events (vmmsim sweep's shadows), or NULL */
	void *hooks_opaque;
	int oom;
	mach_uc *uc;          /* last translations */
} mach;

/* A machine with one account per mode in modes[0..nmodes-1] and nvm VMs.
 * Returns 0 or -1 (out of memory). */
int mach_init(mach *M, const unsigned *modes, unsigned nmodes, const model *m, unsigned nvm,
              uint64_t seed);
void mach_free(mach *M);
/* Moves account k of M to a new machine out with a copy of M's core.
 * Returns 0 or -1 (out of memory). */
int mach_split(mach *M, unsigned k, mach *out);
/* The account of mode md, or NULL. */
macct *mach_acct(mach *M, unsigned md);
/* Address width and whether the stream of VM vm carries the OS's code. */
void mach_set_source(mach *M, unsigned vm, unsigned word_bits, int os_in_trace);
/* Records each account's clock every `every` instructions (0: off). */
void mach_set_interval(mach *M, uint64_t every);
/* Feeds records of the current VM.  Returns how many were consumed: n,
 * or fewer when a quantum expired (quantum_expired set in the account) or
 * the accounts must part (diverged set); the caller then feeds again from
 * the first record not consumed.  Fetch records may be runs (x > 0, see
 * trace_read_runs): a run is charged exactly as its fetches one by one,
 * and one cut by a quantum is resumed where it stopped. */
size_t mach_feed(mach *M, const trace_rec *r, size_t n);
/* Machine switch to VM vm (one monitor account): charges the hop to vm,
 * flushes the hardware TLB, starts a new quantum. */
void mach_switch(mach *M, unsigned vm);
/* A new quantum for the current VM, without a switch. */
void mach_renew(mach *M);
/* The smallest instruction count, not below the current one, at which
 * base cycles + hop_cycles reach target (UINT64_MAX: never). */
uint64_t mach_deadline_for(const mach *M, uint64_t hop_cycles, uint64_t target);
/* Attaches observers of the virt account (NULL: detaches).  Returns 0, or
 * -1 if M has no virt account or more than one VM. */
int mach_set_hooks(mach *M, const mach_hooks *h, void *opaque);
/* Clock of account A in cycles. */
uint64_t mach_clock(const mach *M, const macct *A);
/* Base cycles of n instructions. */
uint64_t mach_base(const mach *M, uint64_t insns);

#endif
