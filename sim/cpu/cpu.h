/*
 * cpu.h - the MIPS32 release 2 CPU (user ISA with the FPU).
 *
 * cpu_run executes until something needs the world outside the CPU: a
 * system call, a break or trap, an exception, the end of the instruction
 * budget, or a full event buffer.  The modeled OS (sim/os/) handles the stop
 * and calls cpu_run again.  Guest exceptions are data: every exception is
 * delivered in one place inside the CPU (which stops with CPU_STOP_EXC here;
 * a guest kernel's vectors and a monitor's intercept go there later), and
 * every memory access is translated in one place.
 *
 * Events: when ev is not NULL, every fetch, load and store is appended to
 * ev as a trace_rec (TK_FETCH/TK_LOAD/TK_STORE, addr, size); the CPU stops
 * with CPU_STOP_EVFULL before ev_len can exceed ev_cap, at an instruction
 * boundary, so the caller drains it and continues.  When ev is NULL no event
 * work is done at all (a separate build of the loop, not a test per access).
 */
#ifndef VMMSIM_CPU_H
#define VMMSIM_CPU_H

#include <stdint.h>

#include "cpu/mem.h"
#include "trace/trace.h"

enum cpu_stop {
	CPU_STOP_SYSCALL = 1, /* syscall executed: pc is past it, number in r[2] */
	CPU_STOP_BREAK,       /* break: code in c->code, pc at the instruction */
	CPU_STOP_TRAP,        /* conditional trap (teq...) taken: code in c->code */
	CPU_STOP_EXC,         /* exception: c->exc, c->badvaddr, pc at the instruction */
	CPU_STOP_LIMIT,       /* the budget of cpu_run is spent */
	CPU_STOP_EVFULL,      /* ev is full: drain it (set ev_len = 0) and continue */
};

/* MIPS Cause.ExcCode values used in c->exc. */
enum cpu_exc {
	CPU_EXC_TLBL = 2,  /* load/fetch from an unmapped page or without the right */
	CPU_EXC_TLBS = 3,  /* store to an unmapped page or without the right */
	CPU_EXC_ADEL = 4,  /* misaligned load/fetch */
	CPU_EXC_ADES = 5,  /* misaligned store */
	CPU_EXC_BP = 9,    /* break (stops with CPU_STOP_BREAK) */
	CPU_EXC_RI = 10,   /* reserved instruction */
	CPU_EXC_CPU = 11,  /* coprocessor unusable */
	CPU_EXC_OV = 12,   /* integer overflow */
	CPU_EXC_TR = 13,   /* conditional trap (stops with CPU_STOP_TRAP) */
	CPU_EXC_FPE = 15,  /* floating-point exception */
};

typedef struct cpu {
	uint32_t r[32];
	uint32_t pc;         /* next instruction to execute */
	uint32_t hi, lo;
	uint32_t ulr;        /* UserLocal, read by rdhwr $29 (set_thread_area) */
	int big_endian;
	mem *mem;            /* current address space (the OS swaps it) */
	uint64_t insns;      /* instructions executed, delay slots included */

	/* stop details */
	uint32_t code;       /* break/trap/syscall code field */
	uint32_t exc;        /* enum cpu_exc */
	uint32_t badvaddr;
	uint32_t insn;       /* the instruction word that stopped with EXC/BREAK/TRAP */
	uint32_t insn_pc;    /* its address (pc is the branch's when it sat in a
	                      * delay slot, as EPC with Cause.BD; see cpu_in_delay_slot) */

	/* event output (see above) */
	trace_rec *ev;
	uint32_t ev_len, ev_cap;

	struct cpu_priv *priv; /* interpreter state: FPU, delay slot, micro-TLB, ... */
} cpu;

/* Returns a CPU with all registers zero for address space m, or NULL. */
cpu *cpu_new(mem *m, int big_endian);
void cpu_free(cpu *c);
/* Copies all architectural state (fork); the copy uses address space m. */
cpu *cpu_clone(const cpu *c, mem *m);
/* Switches the CPU to address space m (flushes its micro-TLB). */
void cpu_set_mem(cpu *c, mem *m);
/* Tells the CPU that mappings of its address space changed (munmap, mprotect). */
void cpu_flush(cpu *c);

/* Runs at most budget instructions; returns an enum cpu_stop.  A stop
 * never falls between a branch and its delay slot (the branch is undone
 * and runs, with its slot, in the next run), so c->pc alone says where
 * execution resumes: the OS may save and restore it (signal frames) or
 * assign it.  The one exception is single-stepping: a run of budget 1 on a
 * branch executes the branch alone, and the next cpu_run executes the slot
 * if c->pc was left as it was.  With events, ev_cap must be at least 4.
 *
 * On CPU_STOP_EXC/BREAK/TRAP, c->pc is the faulting instruction, or the
 * branch before it when it sat in a delay slot (EPC); c->insn and
 * c->insn_pc are the instruction itself.  The faulting instruction is
 * counted in c->insns (as qemu's exec log counts it), a failed fetch not.
 * c->code: for break, Linux's reading of the code field (break 7 -> 7); for
 * teq..tne the 10-bit code (7: divide by zero, SIGFPE); 0 for teqi...
 * For CPU_EXC_FPE, fpu_fcsr() shows the cause bits. */
int cpu_run(cpu *c, uint64_t budget);

/* 1 if the last exception stop happened in a delay slot (Cause.BD). */
int cpu_in_delay_slot(const cpu *c);

/* FPU control and status register (FCSR, cfc1 $31), and a setter that
 * behaves as ctc1 $31 (the host rounding mode follows it during cpu_run). */
uint32_t cpu_fcsr(const cpu *c);
void cpu_set_fcsr(cpu *c, uint32_t v);
/* FPU register n (0..31) as a 32-bit word (FR=0: a double is the pair
 * 2k (low word), 2k+1 (high word)). */
uint32_t cpu_fpr(const cpu *c, unsigned n);
void cpu_set_fpr(cpu *c, unsigned n, uint32_t v);

/* Executed-instruction counts of the event-recording build, per class of
 * the ISA table (enum isa_class in cpu/isa.h; n entries at most): returns
 * the number of classes filled. */
unsigned cpu_class_counts(const cpu *c, uint64_t *out, unsigned n);

/* Disassembles one instruction word at pc into buf ("addiu sp,sp,-32"). */
void cpu_disasm(uint32_t insn, uint32_t pc, char *buf, size_t len);

/* For --trace-insns: formats the line of the instruction about to execute
 * ("0x00400110: 24080001  addiu $t0, $zero, 1", with " (annulled)" for an
 * annulled delay slot and "(unmapped)" when the word cannot be read), then
 * executes it: returns as cpu_run(c, 1).  Slow (a debugging aid). */
int cpu_step_traced(cpu *c, char *buf, size_t len);

#endif
