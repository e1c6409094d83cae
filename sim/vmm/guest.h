/*
 * guest.h - one VM as `vmmsim boot --mode virt|swtlb` runs it: a Malta board
 * (its devices: the VM's own), a CPU in system mode whose RAM is the
 * monitor's machine memory, and the monitor's state for the VM, joined by
 * the CPU's exception hook.
 *
 * The board's loader fills the board's RAM (the guest-physical image, as
 * natively); vmm_guest_init copies its non-zero pages into machine pages
 * through the VM's pmap and starts the CPU with the loader's registers.
 * The CPU's physical accesses beyond machine RAM are the VM's: machine
 * VMM_IO_BASE + pa is the board's physical pa.
 */
#ifndef VMMSIM_VMM_GUEST_H
#define VMMSIM_VMM_GUEST_H

#include <stddef.h>
#include <stdint.h>

#include "board/board.h"
#include "board/loader.h"
#include "cpu/cpu_sys.h"
#include "vmm/vmm.h"

typedef struct vmm_guest {
	vmm_vm vm;
	board *b;
	cpu *c;
	int failed;      /* the monitor could not go on (machine memory) */
	uint64_t stolen; /* cycles its clock advanced while other VMs ran (sched.c) */
} vmm_guest;

/* VM id (1..) on board b (kernel loaded, boot contract written into its
 * RAM, registers r), its CPU with tlb_entries entries.  Returns 0, or -1
 * with a message. */
int vmm_guest_init(vmm_guest *g, vmm *m, unsigned id, board *b, const board_boot_regs *r,
                   unsigned tlb_entries, char *err, size_t errlen);
void vmm_guest_free(vmm_guest *g);
/* Seeds the random choices of the guest's machine (--seed; 1 is the
 * default): the real CPU's Random and the virtual CP0's, which picks the
 * guest's tlbwr victims. */
void vmm_guest_seed(vmm_guest *g, uint64_t seed);

/* The VM's ledger and base cycles (vmm_account with the CPU's idle cycles). */
void vmm_guest_account(vmm_guest *g, ledger *l, uint64_t *base_cycles);

#endif
