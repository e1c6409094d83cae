/*
 * gt64120.h - the Galileo GT-64120 system controller of the Malta CoreLV
 * card, at physical 0x1be00000 (4 KB of 32-bit little-endian registers).
 *
 * Its register file starts as QEMU's built-in boot loader leaves it (the
 * controller's reset values, then the PCI windows the loader programs: I/O
 * at 0x18000000, memory at 0x10000000 and 0x18200000), which is where Linux
 * reads the ISA I/O base.  PCI configuration cycles go through 0xcf8
 * (address) and 0xcfc (data) to the devices behind the config callbacks
 * (the board's PIIX4); where no device answers a read returns all ones and
 * a write is dropped (no master abort is reported in the interrupt cause
 * register, as on QEMU).  Reading
 * 0xc34, the PCI interrupt acknowledge register, performs the 8259's
 * interrupt acknowledge cycle and returns the vector.  Other registers
 * read back what was written.
 */
#ifndef VMMSIM_BOARD_GT64120_H
#define VMMSIM_BOARD_GT64120_H

#include <stdint.h>

#include "board/i8259.h"

#define GT64120_BASE 0x1be00000u
#define GT64120_SIZE 0x1000u

typedef struct gt64120 {
	uint32_t regs[GT64120_SIZE / 4];
	i8259 *pic;              /* answers the interrupt acknowledge */
	/* configuration cycles on bus 0 (devfn, dword register): return 0, or
	 * -1 where no device answers; NULL: no devices */
	int (*cfg_read)(void *ctx, unsigned devfn, unsigned reg, uint32_t *val);
	int (*cfg_write)(void *ctx, unsigned devfn, unsigned reg, uint32_t val);
	void *cfg_ctx;
	uint64_t config_cycles;  /* PCI configuration accesses (for the report) */
} gt64120;

void gt64120_init(gt64120 *g, i8259 *pic);
/* Register access; off is the offset in the 4 KB block, size 1, 2 or 4
 * (a narrower access reads or writes those bytes of the little-endian
 * register). */
uint32_t gt64120_read(gt64120 *g, uint32_t off, unsigned size);
void gt64120_write(gt64120 *g, uint32_t off, unsigned size, uint32_t val);

#endif
