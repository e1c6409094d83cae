/*
 * cpu_vmm.h - what a monitor beneath the guest kernel needs from the
 * system-mode CPU (sim/vmm/ is the monitor), beside cpu_set_exc_hook:
 *
 *   - a mode in which the guest kernel runs in supervisor mode and every
 *     address it uses, kseg0/kseg1 included, goes through the TLB (Disco
 *     relinked its kernel into mapped space; here the monitor maps kseg0
 *     and kseg1 for it, missing as ordinary TLB refills it handles);
 *     with Status.CU0 = 0 every privileged instruction then raises CpU,
 *     delivered to the hook like every other exception;
 *   - the details of the exception the hook is handling: the instruction
 *     word, where execution would continue after it (the branch target
 *     when it sat in a delay slot), whether a TLB exception was a refill,
 *     the coprocessor of a CpU;
 *   - writing a TLB entry directly (the monitor owns the real TLB), and
 *     stopping in `wait` on behalf of the guest.
 */
#ifndef VMMSIM_CPU_VMM_H
#define VMMSIM_CPU_VMM_H

#include <stdint.h>

#include "cpu/cpu_sys.h"

/* Supervisor mode is the guest kernel's: every address mapped. */
void cpu_set_vmm_mode(cpu *c, int on);

struct cpu_exc_detail {
	uint32_t insn;     /* the instruction word (0 for an interrupt or a failed fetch) */
	uint32_t next_pc;  /* where execution goes once it completes */
	uint32_t ce;       /* Cause.CE of a CpU exception */
	int refill;        /* a TLBL/TLBS for want of a matching entry */
};
/* Valid inside the exception hook. */
void cpu_exc_detail(const cpu *c, struct cpu_exc_detail *d);

/* Writes TLB entry i (EntryHi, EntryLo0/1, PageMask words, as tlbwi would
 * from those registers), keeping the CPU's caches valid. */
void cpu_tlb_set(cpu *c, unsigned i, uint32_t hi, uint32_t lo0, uint32_t lo1, uint32_t mask);

/* eret's effect on ll/sc: the LLbit is cleared (the monitor's emulated eret). */
void cpu_ll_clear(cpu *c);

/* From the hook: the CPU stops in `wait` (cpu_run_system returns
 * CPU_STOP_WAIT) as if the guest's wait had executed natively. */
void cpu_enter_wait(cpu *c);

#endif
