/*
 * mach.h - one mode's machine model (native, virt or swtlb): its hardware
 * TLB, the guest-OS model, the monitor's state and one ledger per VM.
 * Internal to the replay engine (machine/replay.c); the flows it charges
 * are documented in the README section on the replay engine.
 */
#ifndef VMMSIM_MACH_H
#define VMMSIM_MACH_H

#include <stddef.h>
#include <stdint.h>

#include "machine/hmap.h"
#include "machine/ledger.h"
#include "machine/model.h"
#include "machine/swtlb.h"
#include "machine/tlb.h"
#include "trace/trace.h"

typedef struct mach_vm {
	hmap pt;              /* (vpn, asid) -> PTE: pfn << 8 | TPTE_* flags */
	hmap pmap;            /* guest frame -> 1 once backed by a machine page */
	swtlb sw;             /* swtlb mode only */
	uint64_t next_pfn;    /* demand paging: next never-used guest frame */
	uint64_t *freel;      /* frames freed by TK_UNMAP, reused first */
	size_t nfree, capfree;
	uint32_t asid;
	int started;          /* a reference or ASID record was seen */
	int os_in_trace;      /* the stream carries the OS's own code (TK_MODE) */
	unsigned word_bits;   /* 32 or 64: address-segment decoding */
	unsigned pend_ret;    /* hop of the next traced eret under the monitor */
	uint64_t last_vmid;
	/* results */
	uint64_t insns, refs, tlb_misses, tlb_miss_cycles, kseg_misses, page_faults;
	uint64_t sw_hits, sw_misses;
	ledger led;
} mach_vm;

typedef struct mach {
	unsigned mode;        /* enum replay_mode */
	int virt, swtlb_on;   /* under the monitor; software TLB enabled */
	const model *m;
	uint64_t cost[HOP_N];
	uint64_t zero_cost, vzero_cost; /* one page */
	tlb t;
	unsigned sh;          /* log2 page size */
	unsigned nvm, cur;
	mach_vm *vm;
	uint64_t uc_vpn[3];   /* last translation per reference kind */
	unsigned uc_idx[3];
	uint64_t insns;       /* instructions of every VM */
	uint64_t hop_cycles;  /* hop cycles of every VM */
	uint64_t deadline;    /* instruction count at which tick() must run */
	uint64_t next_timer;  /* cycle of the next timer interrupt (UINT64_MAX: none) */
	uint64_t quantum_end; /* cycle at which the current VM's quantum ends (0: none) */
	int quantum_expired;
	uint64_t interval, next_mark; /* per-window clock marks */
	uint64_t *marks;
	size_t nmarks, capmarks;
	int oom;
} mach;

/* mode: enum replay_mode; nvm VMs (each its own page tables, pmap and
 * software TLB).  Returns 0 or -1 (out of memory). */
int mach_init(mach *M, unsigned mode, const model *m, unsigned nvm, uint64_t seed);
void mach_free(mach *M);
/* Address width and whether the stream of VM vm carries the OS's code. */
void mach_set_source(mach *M, unsigned vm, unsigned word_bits, int os_in_trace);
/* Records the clock every `every` instructions (0: off). */
void mach_set_interval(mach *M, uint64_t every);
/* Feeds records of the current VM.  Returns how many were consumed: n,
 * or fewer when the VM's quantum expired (M->quantum_expired set). */
size_t mach_feed(mach *M, const trace_rec *r, size_t n);
/* Machine switch to VM vm (monitor modes): charges the hop to vm,
 * flushes the hardware TLB, starts a new quantum. */
void mach_switch(mach *M, unsigned vm);
/* A new quantum for the current VM, without a switch. */
void mach_renew(mach *M);
/* Current machine clock in cycles. */
uint64_t mach_clock(const mach *M);
/* Base cycles of n instructions. */
uint64_t mach_base(const mach *M, uint64_t insns);

#endif
