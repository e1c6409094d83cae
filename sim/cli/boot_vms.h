/*
 * boot_vms.h - several VMs beneath the monitor (boot_vms.c).
 */
#ifndef VMMSIM_BOOT_VMS_H
#define VMMSIM_BOOT_VMS_H

#include <signal.h>
#include <stdint.h>

#include "machine/model.h"

typedef struct boot_vms_opts {
	const char *const *vm;   /* KERNEL[,INITRD[,APPEND]] each */
	unsigned nvm;
	const char *append;      /* default command line */
	uint32_t mem_mb, tlb_entries;
	int swtlb;
	uint32_t swtlb_entries, swtlb_assoc;
	const model *model;
	uint64_t quantum;
	int idle_detect;
	const char *console_dir; /* NULL: VM 1 on stdout, the others dropped */
	const char *json;
	int quiet;
	uint64_t seed;           /* --seed (1: the default) */
	uint64_t max_insns;      /* machine cycles, 0: none */
	volatile sig_atomic_t *stop;
} boot_vms_opts;

/* KERNEL[,INITRD[,APPEND]] into its parts (in place): no initrd is NULL,
 * no command line default_append. */
void boot_vms_split(char *spec, const char **kernel, const char **initrd, const char **append,
                    const char *default_append);

/* Runs the VMs; returns the exit status (0 every VM ended cleanly, 3 a
 * panic, 124 the limit, 1 an error, 2 a bad configuration). */
int boot_vms(const boot_vms_opts *o);

#endif
