/*
 * cpu_sys.h - the CPU in system mode: MIPS32 release 2 privileged
 * architecture as QEMU's 24Kf on -M malta implements it (CP0, the joint TLB,
 * exceptions delivered to the guest's vectors, interrupts, Count/Compare).
 *
 * The same struct cpu runs either user programs above a modeled OS
 * (cpu_new + cpu_run: exceptions stop the run) or a whole machine
 * (cpu_new_system + cpu_run_system: exceptions go to the guest's vectors,
 * every physical access outside RAM goes to the board through cpu_bus).
 * The contract with the board and the monitor is ../../shared SYSTEM-API.md;
 * see the README's "System mode" section.
 *
 * Time: cpu_time() is one cycle per executed instruction plus the idle
 * cycles added by cpu_idle while the CPU waits; Count = time / 2 (the 24K's
 * Count runs at half the pipeline clock) plus the offset a Count write sets.
 */
#ifndef VMMSIM_CPU_SYS_H
#define VMMSIM_CPU_SYS_H

#include <stdint.h>

#include "cpu/cpu.h"

typedef struct cpu_bus {
	void *opaque;
	uint8_t *ram;        /* guest-physical RAM: physical 0 .. ram_size-1 */
	uint32_t ram_size;
	/* Physical accesses outside RAM (size 1, 2 or 4; the value is a plain
	 * integer, the CPU's byte order already applied).  Return 0, or -1 for
	 * a bus error (the CPU raises DBE for data, IBE for a fetch). */
	int (*read)(void *opaque, uint32_t paddr, unsigned size, uint32_t *val);
	int (*write)(void *opaque, uint32_t paddr, unsigned size, uint32_t val);
} cpu_bus;

/* Stops of cpu_run_system besides CPU_STOP_LIMIT. */
enum {
	CPU_STOP_WAIT = 16, /* `wait` with no enabled interrupt pending (see below) */
};

/* More Cause.ExcCode values (cpu.h has the user-mode ones). */
enum {
	CPU_EXC_INT = 0,
	CPU_EXC_MOD = 1,
	CPU_EXC_IBE = 6,
	CPU_EXC_DBE = 7,
	CPU_EXC_SYS = 8,
	CPU_EXC_MCHECK = 24,
};

/* Contexts for hop attribution (cpu_sys_stats.ctx_*). */
enum cpu_ctx {
	CPU_CTX_USER,      /* user mode */
	CPU_CTX_KERNEL,    /* kernel mode outside any exception: boot, threads */
	CPU_CTX_REFILL,    /* entered through the refill vector */
	CPU_CTX_TLBFAULT,  /* TLBL/TLBS through the general vector */
	CPU_CTX_TLBMOD,    /* Mod */
	CPU_CTX_SYSCALL,   /* Sys */
	CPU_CTX_TIMER,     /* Int with the timer (IP7) the highest pending line */
	CPU_CTX_INTERRUPT, /* other interrupts */
	CPU_CTX_EXCEPTION, /* every other exception */
	CPU_CTX_IDLE,      /* cycles idled in `wait` (cpu_idle) */
	CPU_CTX_N
};

struct cpu_sys_stats {
	uint64_t user_insns, kernel_insns;   /* supervisor counts as kernel */
	uint64_t exc[32];                    /* exceptions taken by ExcCode (0 = Int) */
	uint64_t tlb_refills;                /* delivered to the refill vector (EBase+0) */
	uint64_t tlbwr, tlbwi, tlbp, tlbr, eret;
	uint64_t irq[8];                     /* interrupts taken, by highest pending line */
	/* Instructions per context: the context is decided by the exception that
	 * entered the kernel, until the matching eret (a stack: push at entry,
	 * pop at eret); user mode is CPU_CTX_USER whatever the stack holds. */
	uint64_t ctx_insns[CPU_CTX_N];
	uint64_t ctx_entries[CPU_CTX_N];
};

/* A CPU in system mode: 24Kf identity (PRId, Config0-3 as QEMU's 24Kf),
 * a joint TLB of tlb_entries pairs (16, 48 or 64; 0 means 16), reset state
 * (Status.BEV = ERL = 1, pc = 0xbfc00000).  bus is copied.  NULL on a bad
 * argument or out of memory. */
cpu *cpu_new_system(const cpu_bus *bus, int big_endian, unsigned tlb_entries);
/* 1 if c was made by cpu_new_system. */
int cpu_is_system(const cpu *c);

/* CP0 register (reg, sel) as mfc0/mtc0 number them.  cpu_cp0_get reads as
 * mfc0 does; cpu_cp0_set is a raw write of the stored register (no masks,
 * no side effects besides keeping the CPU's caches and timer valid). */
uint32_t cpu_cp0_get(const cpu *c, unsigned reg, unsigned sel);
void cpu_cp0_set(cpu *c, unsigned reg, unsigned sel, uint32_t v);

/* Hardware interrupt input line 2..7 (Cause.IP2..IP7), level triggered.
 * IP7 is also the CPU's own timer (IntCtl.IPTI = 7): the two are or-ed. */
void cpu_set_irq(cpu *c, unsigned line, int level);

/* Seeds the generator of the Random register (tlbwr's victims; the reset
 * state is seed 1).  Deterministic: the same seed, the same victims. */
void cpu_set_tlb_seed(cpu *c, uint64_t seed);

uint64_t cpu_time(const cpu *c);
/* Cycles from now until Count reaches Compare (at least 1). */
uint64_t cpu_cycles_to_timer(const cpu *c);
/* Lets cycles pass without executing (in `wait`): time, Count, the timer
 * interrupt, and the idle counter advance. */
void cpu_idle(cpu *c, uint64_t cycles);

/* Runs at most budget instructions.  Returns CPU_STOP_LIMIT (budget spent,
 * or stopped early at an instruction boundary), or CPU_STOP_WAIT: the CPU
 * executed `wait` and no enabled interrupt is pending; the caller lets time
 * pass (cpu_idle) or raises a line, then runs again (a CPU in wait with
 * interrupts disabled never wakes: the machine is halted).  Exceptions and
 * interrupts do not stop the run: cpu_deliver sends them to the guest's
 * vectors.  Interrupts are taken at instruction boundaries, never between a
 * branch and its delay slot. */
int cpu_run_system(cpu *c, uint64_t budget);
/* Asks cpu_run_system to return (CPU_STOP_LIMIT) at the next instruction
 * boundary: for the board's callbacks (SOFTRES, a device deadline).  A
 * request made by a bus callback stops right after the accessing
 * instruction; so does a callback's cpu_set_irq that changes a line. */
void cpu_request_stop(cpu *c);
/* 1 while the CPU is stopped in `wait`. */
int cpu_waiting(const cpu *c);

const struct cpu_sys_stats *cpu_sys_stats(const cpu *c);
/* The ExcCode's name ("Int", "Mod", "TLBL", ...), or NULL for a reserved code. */
const char *cpu_exc_name(unsigned code);

/* Recording the executed stream (vmmsim boot --record; the kinds are
 * traces/FORMAT.md's full-system records).  With c->ev set (cpu.h; ev_cap
 * at least 2 * CPU_SYS_EV_RESERVE), cpu_run_system appends every executed
 * instruction's fetch, its completed loads and stores (a faulting access is
 * not recorded; the faulting instruction's fetch is), TK_MODE at each mode
 * change, TK_ASID when EntryHi.ASID changes, TK_EXC for every exception or
 * interrupt taken through the guest's vectors, TK_TLBW for tlbwr/tlbwi,
 * TK_PRIV for eret (addr = the address returned to), tlbp, tlbr, wait and
 * mtc0 of Wired (x = 6 << 3, addr = the new Wired: tlbwr's range),
 * and cpu_idle appends TK_IDLE.  It returns CPU_STOP_EVFULL when fewer than
 * CPU_SYS_EV_RESERVE slots are left, at an instruction boundary: the caller
 * drains ev (ev_len = 0) and runs again.  cpu_sys_record_start appends the
 * opening records: `priv mfc0 16.1 Config1` (the CPU's identity, its TLB
 * size in Config1.MMUSize), the current mode and ASID.  Returns 0, or -1 if
 * c is not a system CPU or ev is too small.  Not for a CPU beneath the
 * monitor (its exceptions go to the hook, not to the recorded vectors). */
#define CPU_SYS_EV_RESERVE 8
int cpu_sys_record_start(cpu *c);
/* Records dropped for want of room: 0 unless the reserve is wrong (a bug). */
uint64_t cpu_sys_record_lost(const cpu *c);

/* The monitor's intercept: called first by cpu_deliver for every exception
 * and interrupt in system mode, with c->exc, c->badvaddr, c->insn (the
 * faulting instruction's word, 0 for an interrupt or a failed fetch) and
 * c->insn_pc = c->pc = the faulting instruction (epc is the branch when
 * in_slot); for TLBL/TLBS, cpu_exc_refill() tells a refill.  Returns 1
 * if it took the exception (it then set c->pc and whatever state it wants;
 * execution resumes at c->pc, afresh), 0 to let the guest's vectors take
 * it.  NULL (the default) when running natively. */
typedef int (*cpu_exc_hook)(void *opaque, cpu *c, uint32_t exc, uint32_t badvaddr,
                            uint32_t epc, int in_slot);
void cpu_set_exc_hook(cpu *c, cpu_exc_hook fn, void *opaque);
/* Inside the hook: 1 if the TLBL/TLBS being delivered found no TLB entry
 * (a refill), 0 if it found an invalid one. */
int cpu_exc_refill(const cpu *c);

#endif
