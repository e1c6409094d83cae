/*
 * cpu_priv.h - the CPU's private state (interpreter, FPU, micro-TLB) and the
 * functions shared by cpu.c, exec.h and fpu.c.
 */
#ifndef VMMSIM_CPU_PRIV_H
#define VMMSIM_CPU_PRIV_H

#include <stdint.h>

#include "cpu/cpu.h"
#include "cpu/isa.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "vmmsim's CPU assumes a little-endian host"
#endif

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Micro-TLB: a direct-mapped cache of host pointers per access kind.  An
 * entry maps the page tag (page address) to addend = host - vaddr, so that
 * a hit is one compare (which also rejects misaligned addresses: the tag has
 * its low bits clear, the compared address keeps its low size-1 bits) and
 * one add.  An empty entry holds UTLB_EMPTY, which no address can match. */
#define UTLB_BITS 8
#define UTLB_N (1u << UTLB_BITS)
#define UTLB_EMPTY 0xfffu

struct utlb_ent {
	uint32_t tag;
	uint32_t writable; /* fetch entries: the page is writable (not cached decoded) */
	uintptr_t add;
};

/* Decoded instructions per pc, direct mapped: (pc, word, op).  Filled only
 * from pages that are not writable, so a guest store cannot make an entry
 * stale; every change of mappings or rights, and mem_write_force, moves the
 * address space's generation, which flushes it (with the micro-TLB).  An
 * empty entry has pc 1, which no fetch address matches. */
#define PCACHE_BITS 12
#define PCACHE_N (1u << PCACHE_BITS)

struct pc_ent {
	uint32_t pc, w, op;
};

/* Decode memo: instruction word -> enum isa_op, direct mapped. */
#define MEMO_BITS 12
#define MEMO_N (1u << MEMO_BITS)

struct memo_ent {
	uint32_t w;
	uint32_t op;
};

/* Dispatch by computed goto (GCC and clang) or by switch: EXEC_GOTO=0
 * selects the switch (see the notes for the measurements). */
#ifndef EXEC_GOTO
#define EXEC_GOTO 1
#endif

/* cpu_run clamps its budget to this (and stops with CPU_STOP_LIMIT), so
 * that the interpreter's "none" marker UINT64_MAX never equals a count. */
#define CPU_BUDGET_MAX (UINT64_C(1) << 62)

/* FCSR fields. */
#define FCSR_RM 0x00000003u
#define FCSR_FLAGS_SHIFT 2
#define FCSR_ENABLES_SHIFT 7
#define FCSR_CAUSE_SHIFT 12
#define FCSR_FCC0 23
#define FCSR_FS (1u << 24)
#define FCSR_WRITABLE 0xff83ffffu /* bits ctc1 can write (qemu 24Kf) */
/* IEEE flag bits, in the order of the FCSR fields: I U O Z V (E in cause). */
enum { FP_I = 1, FP_U = 2, FP_O = 4, FP_Z = 8, FP_V = 16, FP_E = 32 };

/* FIR as on qemu's 24Kf: F64, L, W, D, S, PRID 0x93. */
#define CPU_FIR 0x00739300u

struct cpu_priv {
	struct utlb_ent tlb[3][UTLB_N]; /* indexed by enum mem_access */
	uint64_t mem_gen;               /* mem_generation() when tlb was filled */
	mem *tlb_mem;                   /* address space the tlb caches */

	/* Pipeline state kept across cpu_run calls: valid only while c->pc is
	 * still the pc we stopped at (npc_for), so that an OS setting c->pc
	 * simply starts afresh there. */
	uint32_t npc, npc_for;
	int slot_next;   /* the instruction at pc is a delay slot */
	int annul_next;  /* ... and it is annulled (branch-likely not taken) */
	int bd;          /* the last exception was in a delay slot */

	int llbit;
	uint32_t lladdr;

	/* FPU: FR=0, 32 single registers; doubles in even/odd pairs. */
	uint32_t fpr[32];
	uint32_t fcsr;

	uint32_t pend_exc; /* exception code set by cpu_xlate on failure */

	size_t cs;        /* capstone handle for cpu_step_traced (0: not open) */
	int cs_open;

	struct memo_ent memo[MEMO_N];
	struct pc_ent pcache[PCACHE_N];
	struct cpu_sys *sys;      /* system mode (cpu_new_system), else NULL */
	int stats;                /* cpu_set_stats: count per operation */
	uint64_t count[ISA_NOPS]; /* executed per operation (while stats is on) */
};

/* The one place where every guest access is translated (the micro-TLB
 * caches its answers).  Returns the host pointer for a size-byte access at
 * a, filling the micro-TLB; or NULL with p->pend_exc set (address error or
 * a missing mapping/right). */
uint8_t *cpu_xlate(cpu *c, uint32_t a, unsigned size, enum mem_access acc);

/* The one place where every guest exception is delivered: records it in c
 * (exc, badvaddr, insn, insn_pc, pc = EPC) and returns the stop code.  A
 * guest kernel's vectors and a monitor's intercept go here. */
int cpu_deliver(cpu *c, uint32_t exc, uint32_t badvaddr, uint32_t insn_pc,
                uint32_t insn, int in_slot);

/* FCSR bit of condition code cc (0..7). */
static inline unsigned fcc_bit(unsigned cc)
{
	return cc ? 24 + cc : 23;
}

/* Decodes w through the memo (the slow path of the interpreter's decode). */
uint32_t cpu_decode_fill(struct cpu_priv *p, uint32_t w);

static inline uint32_t memo_hash(uint32_t w)
{
	return (w * 0x9e3779b1u) >> (32 - MEMO_BITS);
}

/* FPU operations too long to inline (fpu.c).  Return 0, or an exception
 * code (CPU_EXC_FPE for an enabled IEEE exception, CPU_EXC_RI for an odd
 * double register or a reserved format). */
uint32_t fpu_exec(cpu *c, uint32_t op, uint32_t w);
/* Writes FCSR (ctc1 $31, and the other views 25, 26, 28); syncs the host
 * rounding mode.  Returns 0, or CPU_EXC_FPE if a cause bit is enabled. */
uint32_t fpu_ctc1(cpu *c, unsigned reg, uint32_t v);
/* Reads an FPU control register for cfc1 (0 FIR, 25, 26, 28, 31). */
int fpu_cfc1(const cpu *c, unsigned reg, uint32_t *v);
/* Sets the host rounding mode to the guest's (on entry to cpu_run) and
 * returns the previous host mode. */
int fpu_enter(const cpu *c);
void fpu_leave(int host_mode);

#endif
