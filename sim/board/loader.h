/*
 * loader.h - loading a kernel into the Malta board's RAM and the boot
 * contract of QEMU's built-in loader (what YAMON would leave).
 *
 * The kernel is a 32-bit little-endian MIPS ELF executable whose loadable
 * segments lie in kseg0 or kseg1 (Debian's self-decompressing vmlinuz, a
 * vmlinux, a freestanding kernel): each is copied to physical address
 * vaddr & 0x1fffffff, its bss zeroed.  The initrd goes high in RAM as QEMU
 * puts it: 128 KB below the top of RAM for the kernel's boot-time
 * allocations, rounded up to 64 KB.
 *
 * The contract (board_boot_contract): at physical 0x2000 a table of 16
 * pointers followed by 256-byte strings: argv[0] "vmlinux"; argv[1] the
 * command line, with "rd_start=0xffffffff8XXXXXXX rd_size=N " in front when
 * there is an initrd; then the environment: memsize, ememsize, modetty0
 * (38400n8r), and a NULL.  Registers: a0 = 2, a1 = 0x80002000 (argv),
 * a2 = 0x80002008 (envp), a3 = the RAM size, sp = 0x80001fc0, Status =
 * 0x00400000 (BEV), pc = the ELF entry.  No random seed is passed (QEMU
 * passes `rngseed`; the run must be reproducible).
 *
 * Errors are one line, "FILE:OFFSET: what" (the offset in the file of the
 * header at fault).
 */
#ifndef VMMSIM_BOARD_LOADER_H
#define VMMSIM_BOARD_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "board/board.h"

#define BOARD_ENV_PADDR 0x2000u
#define BOARD_ENV_ENTRIES 16u
#define BOARD_ENV_ENTRY_SIZE 256u
#define BOARD_CMDLINE_MAX (BOARD_ENV_ENTRY_SIZE - 1)

typedef struct board_kernel {
	uint32_t entry;        /* virtual entry point */
	uint32_t lo, hi;       /* physical extent of the loaded segments */
} board_kernel;

typedef struct board_boot_regs {
	uint32_t a[4], sp, pc, status;
} board_boot_regs;

/* Loads the ELF kernel at path.  Returns 0, or -1 with the message in err. */
int board_load_kernel(board *b, const char *path, board_kernel *k, char *err, size_t errlen);
/* Loads the initrd at path above the kernel.  Returns 0 with its physical
 * address and size, or -1 with the message. */
int board_load_initrd(board *b, const char *path, const board_kernel *k, uint32_t *addr,
                      uint32_t *size, char *err, size_t errlen);
/* Writes the boot table and fills r.  initrd_size 0: no initrd.  Returns
 * 0, or -1 when the command line does not fit (with the message). */
int board_boot_contract(board *b, const board_kernel *k, const char *cmdline,
                        uint32_t initrd_addr, uint32_t initrd_size, board_boot_regs *r,
                        char *err, size_t errlen);

#endif
