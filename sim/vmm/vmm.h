/*
 * vmm.h - Disco's monitor, executed: the layer beneath a deprivileged guest
 * kernel running on the system-mode CPU.
 *
 * The guest kernel runs in supervisor mode with CP0 unusable, so every
 * privileged instruction it executes raises a coprocessor-unusable
 * exception; every exception the CPU takes while a guest runs is handed to
 * the monitor (vmm_exception) instead of the guest's vectors.  The monitor
 * keeps, per VM:
 *
 *   vcp0.c     the virtual CP0 (mfc0/mtc0 semantics, the guest's privilege)
 *   vtlb.c     the virtual TLB the guest's tlbwr/tlbwi/tlbp/tlbr act on
 *   pmap.c     guest-physical -> machine pages, allocated on first touch
 *   masid.c    machine ASIDs per (VM, guest ASID), flushed on exhaustion
 *   rtlb.c     what the monitor wrote into the real TLB
 *   stlb.c     the software (second-level) TLB of machine entries
 *   emulate.c  decode and emulation of each trapped privileged instruction
 *   tlbwrite.c trap_tlbwrite: the guest's entry through the pmap into the real TLB
 *   miss.c     real TLB misses: kseg_miss, vmm_miss, swtlb_lookup/hit
 *   reflect.c  reflection into the guest's vectors, and its rett
 *   vmm.c      the monitor's entry point: which of the above an exception is
 *   account.c  the ledger of a guest run: executed instructions and hops
 *   guest.c    one VM on the system-mode CPU: vmm_hw_ops over sim/cpu, the
 *              exception hook, the VM's bus (guest.h)
 *   sched.c    several VMs on one machine: round robin, machine switches,
 *              idle detection (sched.h)
 *
 * The monitor drives the real CPU through vmm_hw_ops (a thin adapter over
 * sim/cpu; a fake in the unit tests), so that it depends on nothing but
 * these operations.  Its own handlers are charged to the VM's ledger at the
 * model's [vmm] costs; what the guest executes is counted by the CPU.
 */
#ifndef VMMSIM_VMM_H
#define VMMSIM_VMM_H

#include <stdint.h>

#include "machine/ledger.h"
#include "machine/model.h"
#include "machine/swtlb.h"

#define VMM_PAGE_SHIFT 12
#define VMM_PAGE_SIZE (1u << VMM_PAGE_SHIFT)

/* Machine addresses at and above VMM_IO_BASE are the VM's own physical
 * address space outside its RAM (devices, holes): machine VMM_IO_BASE + pa
 * is the VM's physical pa on its board's bus. */
#define VMM_IO_BASE 0x80000000u

/* The real CPU as the monitor drives it. */
typedef struct vmm_hw_ops {
	/* CP0 of the real CPU, raw (Count, Compare, Cause.IP/TI live there:
	 * the VM's own clock and interrupt lines).  Setting Compare clears
	 * Cause.TI, as mtc0 does. */
	uint32_t (*cp0_get)(void *hw, unsigned reg, unsigned sel);
	void (*cp0_set)(void *hw, unsigned reg, unsigned sel, uint32_t v);
	/* Real TLB entry i (EntryHi, EntryLo0/1, PageMask words); invalidation
	 * leaves an entry that matches no address. */
	void (*tlb_write)(void *hw, unsigned i, uint32_t hi, uint32_t lo0, uint32_t lo1, uint32_t mask);
	void (*tlb_inval)(void *hw, unsigned i);
	/* The real Status word, and whether the guest-kernel translation mode
	 * (kseg0/kseg1 mapped through the TLB) is on. */
	void (*set_mode)(void *hw, uint32_t status, int guest_kernel);
	/* Where the real CPU continues after the exception being handled. */
	void (*set_pc)(void *hw, uint32_t pc);
	/* Instructions the guest has executed so far (for the per-context split). */
	uint64_t (*insns)(void *hw);
	/* eret's side effect on the real CPU: LLbit cleared (may be NULL). */
	void (*clear_ll)(void *hw);
} vmm_hw_ops;

/* An exception the real CPU took while the guest ran. */
typedef struct vmm_trap {
	uint32_t exc;      /* Cause.ExcCode */
	uint32_t ce;       /* Cause.CE (coprocessor unusable) */
	uint32_t badvaddr; /* address exceptions, TLB exceptions */
	uint32_t epc;      /* the instruction, or its branch when bd */
	uint32_t insn;     /* the instruction word (0 for interrupts, fetch faults) */
	uint32_t next_pc;  /* where execution goes once the instruction completes */
	int bd;            /* it sat in a branch delay slot */
	int refill;        /* a TLB exception for want of an entry (not invalid, not modified) */
} vmm_trap;

/* What vmm_exception asks of the run loop. */
enum vmm_action {
	VMM_CONTINUE = 0, /* continue at the pc the monitor set */
	VMM_WAIT,         /* the guest executed wait: idle until its next interrupt */
	VMM_FAIL,         /* the monitor cannot go on (machine memory exhausted) */
};

/* Exception codes (Cause.ExcCode). */
enum {
	VMM_EXC_INT = 0, VMM_EXC_MOD = 1, VMM_EXC_TLBL = 2, VMM_EXC_TLBS = 3,
	VMM_EXC_ADEL = 4, VMM_EXC_ADES = 5, VMM_EXC_IBE = 6, VMM_EXC_DBE = 7,
	VMM_EXC_SYS = 8, VMM_EXC_BP = 9, VMM_EXC_RI = 10, VMM_EXC_CPU = 11,
	VMM_EXC_OV = 12, VMM_EXC_TR = 13, VMM_EXC_FPE = 15,
};

/* Contexts the guest's executed instructions are attributed to: decided by
 * the reflection that entered the guest kernel, until its eret (a small
 * stack, as the native CPU's). */
enum vmm_ctx {
	VMM_CTX_USER = 0, VMM_CTX_KERNEL, VMM_CTX_REFILL, VMM_CTX_TLBFAULT,
	VMM_CTX_TLBMOD, VMM_CTX_SYSCALL, VMM_CTX_TIMER, VMM_CTX_INTERRUPT,
	VMM_CTX_EXCEPTION, VMM_CTX_N
};

#define VMM_CTX_DEPTH 16

/* Counters for the report and the identities (all per VM). */
typedef struct vmm_stats {
	uint64_t traps;                  /* exceptions the monitor took */
	uint64_t guest_tlbwr, guest_tlbwi, guest_tlbp, guest_tlbr, guest_eret;
	uint64_t guest_mfc0, guest_mtc0, guest_cache, guest_wait, guest_di_ei, guest_other;
	uint64_t refill_reflect;         /* reflections to the guest's refill vector */
	uint64_t tlb_reflect;            /* other TLB exceptions reflected (invalid, modified) */
	uint64_t syscall_reflect, exc_reflect, int_reflect;
	uint64_t guest_exc[32];          /* exceptions reflected to the guest, by ExcCode */
	uint64_t kseg_miss, vmm_miss, swtlb_hit, swtlb_miss, swtlb_drop;
	uint64_t vtlb_reload;            /* misses the guest's own TLB holds: reloaded, not reflected */
	uint64_t pages_alloc, pages_zeroed, pages_zeroed_twice;
	uint64_t vtlb_dups;              /* guest entries that duplicated another (dropped) */
	uint64_t rtlb_writes, rtlb_flushes, masid_flushes, swtlb_flushes;
	uint64_t ctx_insns[VMM_CTX_N], ctx_entries[VMM_CTX_N];
} vmm_stats;

/* Virtual CP0 (vcp0.c). */
typedef struct vmm_vcp0 {
	uint32_t r[32][8];  /* stored value by (reg, sel) */
	uint64_t rng;       /* Random's generator (deterministic) */
} vmm_vcp0;

/* Virtual TLB (vtlb.c): what the guest wrote. */
typedef struct vmm_vtlb {
	unsigned n;
	uint32_t *hi, *lo0, *lo1, *mask;
	/* The software TLB key each entry created (VMM_NOKEY if none), so
	 * that rewriting or invalidating the entry with tlbwi drops it. */
	uint64_t *skey;
	unsigned inval_run; /* invalidating tlbwi in a row (a flush of the whole TLB) */
} vmm_vtlb;

#define VMM_NOKEY UINT64_MAX

/* Real TLB as the monitor wrote it (rtlb.c). */
typedef struct vmm_rtlb {
	unsigned n, next;
	/* the entries as meant; the real one withholds D of a frame the guest
	 * has not yet written (pmap.c: its first store is watched) */
	uint32_t *hi, *lo0, *lo1;
	uint8_t *used;
	uint64_t gen;      /* machine-ASID generation the entries belong to */
} vmm_rtlb;

/* Software TLB of machine entries (stlb.c): machine/swtlb's sets and LRU,
 * with the machine EntryLo pair of each way beside it. */
typedef struct vmm_stlb {
	swtlb s;
	uint32_t *lo0, *lo1;
} vmm_stlb;

/* A VM's guest-physical memory (pmap.c). */
typedef struct vmm_pmap {
	uint32_t pages;    /* guest RAM pages (physical 0 .. pages*4K-1) */
	uint32_t *mfn;     /* per guest page: machine frame, 0 = not yet */
} vmm_pmap;

/* Machine memory, shared by all VMs (pmap.c).  Frame 0 is the monitor's. */
typedef struct vmm_mem {
	uint8_t *ram;
	uint32_t frames, next;
	uint32_t *owner_vm, *owner_gpfn; /* per frame (owner_vm 0: free or the monitor's) */
	uint8_t *state;                  /* per frame: enum in pmap.c */
} vmm_mem;

/* Machine ASIDs (masid.c): one per (VM, guest ASID), 1..255; 0 is the
 * monitor's (kseg mappings are global). */
#define VMM_MAX_VMS 16
typedef struct vmm_masid {
	uint8_t map[VMM_MAX_VMS][256]; /* 0 = none */
	unsigned next;
	uint64_t gen;                  /* bumped by each flush on exhaustion */
} vmm_masids;

/* The monitor: machine memory, ASIDs, costs. */
typedef struct vmm {
	const model *mod;
	vmm_mem mem;
	vmm_masids masid;
	int swtlb;                      /* swtlb mode: the software TLB is used */
	uint32_t swtlb_entries, swtlb_assoc;
} vmm;

typedef struct vmm_vm {
	vmm *m;
	unsigned id;                    /* 1.. */
	const vmm_hw_ops *hw;
	void *hwp;
	uint32_t *r;                    /* the real CPU's GPRs: the guest's */
	vmm_vcp0 cp0;
	vmm_vtlb vtlb;
	vmm_rtlb rtlb;
	vmm_stlb stlb;
	vmm_pmap pmap;
	ledger led;                     /* the monitor's hops for this VM */
	vmm_stats st;
	uint32_t synci_step;            /* rdhwr $1 */
	/* context stack for the attribution of guest instructions */
	uint8_t ctx[VMM_CTX_DEPTH];
	unsigned ctx_sp;
	uint64_t ctx_mark;
} vmm_vm;

/* The monitor over machine_bytes of machine memory (a multiple of 4 KB,
 * below VMM_IO_BASE), with the model's costs; swtlb selects the software
 * TLB (entries, assoc as swtlb_init).  Returns 0 or -1 (memory, geometry). */
int vmm_init(vmm *m, const model *mod, uint32_t machine_bytes, int use_swtlb,
             uint32_t swtlb_entries, uint32_t swtlb_assoc);
void vmm_free(vmm *m);
/* Machine memory (the CPU's RAM in virt mode) and its size in bytes. */
static inline uint8_t *vmm_machine_ram(const vmm *m) { return m->mem.ram; }
static inline uint32_t vmm_machine_bytes(const vmm *m) { return m->mem.frames << VMM_PAGE_SHIFT; }

/* A VM with guest_bytes of RAM on real CPU hw (tlb_entries real and
 * virtual TLB entries), its GPRs at r.  The virtual CP0 starts as the real
 * CPU's CP0 is at this moment (the loader's state); the real CPU is then
 * set for the guest (vmm_vm_enter).  id is 1..VMM_MAX_VMS.  0 or -1. */
int vmm_vm_init(vmm_vm *vm, vmm *m, unsigned id, uint32_t guest_bytes, unsigned tlb_entries,
                const vmm_hw_ops *hw, void *hwp, uint32_t *r);
void vmm_vm_free(vmm_vm *vm);
/* Copies len bytes to guest-physical pa (the loader's image), allocating
 * machine pages as the guest's first touch would.  0, or -1 (outside the
 * guest's RAM, machine memory exhausted). */
int vmm_vm_load(vmm_vm *vm, uint32_t pa, const uint8_t *data, uint32_t len);
/* Makes the real CPU run this VM: real Status, mode, ASID; with flush the
 * real TLB is flushed first (a machine switch, charged as one). */
void vmm_vm_enter(vmm_vm *vm, int flush);

/* The monitor's entry point: the real CPU took t while the guest ran.
 * Returns an enum vmm_action. */
int vmm_exception(vmm_vm *vm, const vmm_trap *t);

/* Folds the guest's instructions since the last transition into the
 * current context (call before reading st.ctx_insns). */
void vmm_ctx_sync(vmm_vm *vm);

/* Name of a context ("user", "refill", ...). */
const char *vmm_ctx_name(unsigned ctx);

/* The hop a context's executed instructions are charged to (HOP_N: base). */
unsigned vmm_ctx_hop(unsigned ctx);
/* The VM's ledger (l zeroed first) and base cycles: its executed
 * instructions per context at the model's CPI, idle_cycles as idle, one
 * exc_entry per trap into the monitor, and the monitor's own hops
 * (account.c). */
void vmm_account(vmm_vm *vm, uint64_t idle_cycles, ledger *l, uint64_t *base_cycles);
/* 1 if a run beneath the monitor (swtlb: with the software TLB) can charge
 * hop h: the rows its report lists. */
int vmm_hop_charged(unsigned h, int with_swtlb);

#endif
