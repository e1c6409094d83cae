/*
 * sched.h - several VMs on one machine: the monitor's round robin.
 *
 * One machine clock (cycles of guest execution and idling) is shared by the
 * VMs; a VM's own clock (its CPU's time: Count, its board's devices) is
 * brought up to the machine clock when it next runs, as a guest's clock
 * follows real time under Disco.  Each VM runs for a quantum of the
 * machine clock, then the monitor switches machines: `machine_switch`,
 * charged to the VM switched to, whose real TLB is flushed as Disco did.
 *
 * A VM that executes `wait` with nothing pending:
 *   - idle detection on (the default): it gives the CPU away until its next
 *     virtual interrupt (its timer, a device event); when every VM waits,
 *     the machine idles to the earliest of their events;
 *   - off: it keeps the CPU to the end of its quantum or its interrupt,
 *     the cycles spent charged to its `idle` hop.
 * A VM leaves the schedule when its run ends (SOFTRES, halt, panic).
 */
#ifndef VMMSIM_VMM_SCHED_H
#define VMMSIM_VMM_SCHED_H

#include <signal.h>
#include <stdint.h>

#include "vmm/guest.h"

enum vmm_vm_end {
	VMM_END_RUNNING = 0,
	VMM_END_SOFTRES,  /* the guest wrote SOFTRES */
	VMM_END_HALT,     /* wait that nothing can end */
	VMM_END_PANIC,    /* the kernel panicked */
	VMM_END_FAIL,     /* the monitor ran out of machine memory */
	VMM_END_CONSOLE,  /* its console could not be written */
	VMM_END_POWEROFF, /* the guest powered its board off (PIIX4) */
};

/* The name of an end ("running", "softres", "halt", "panic", "fail",
 * "console", "poweroff"). */
const char *vmm_end_name(int end);

/* The shortest quantum: each turn starts with the real TLB flushed, and a
 * turn of a few cycles may end before the instruction it refilled the TLB
 * for is done, for ever (1 to 3 cycles did, for two small kernels). */
#define VMM_SCHED_MIN_QUANTUM 1000u

typedef struct vmm_sched_opts {
	uint64_t quantum;                  /* machine cycles per turn (>= VMM_SCHED_MIN_QUANTUM) */
	int idle_detect;
	uint64_t max_cycles;               /* machine clock limit, 0: none */
	volatile sig_atomic_t *stop;       /* set asynchronously to stop (may be NULL) */
} vmm_sched_opts;

typedef struct vmm_sched_stats {
	uint64_t machine_cycles;           /* the machine clock at the end */
	uint64_t switches;                 /* machine switches (a VM to another) */
	uint64_t turns;                    /* quanta handed out */
	uint64_t machine_idle;             /* cycles every VM waited */
	int stopped;                       /* by max_cycles or the stop flag */
	uint64_t finish[VMM_MAX_VMS];      /* machine time each VM's run ended */
} vmm_sched_stats;

/* Runs the n VMs (their guests set up, boards loaded) until each has ended
 * or the limit; end[i] gets VM i's enum vmm_vm_end. */
void vmm_sched_run(vmm_guest **g, unsigned n, const vmm_sched_opts *o, int *end, vmm_sched_stats *st);

#endif
