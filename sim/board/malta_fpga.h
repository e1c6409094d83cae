/*
 * malta_fpga.h - the Malta board's FPGA registers at physical 0x1f000000
 * (1 MB): switches and jumpers (all read 0: YAMON's defaults), the board
 * status word, the LED bar and the 8-character ASCII display (written and
 * read back, shown nowhere), SOFTRES (writing 0x42 resets the board: the run
 * ends, as QEMU's -no-reboot ends it), BRKRES, the general purpose and I2C
 * registers (read back).  The CBUS UART at offset 0x900 is a separate
 * device (uart16550.c, registers 8 bytes apart); the board routes it.
 */
#ifndef VMMSIM_BOARD_MALTA_FPGA_H
#define VMMSIM_BOARD_MALTA_FPGA_H

#include <stdint.h>

#define MALTA_FPGA_BASE 0x1f000000u
#define MALTA_FPGA_SIZE 0x100000u
#define MALTA_FPGA_UART 0x900u     /* offset of the CBUS UART */
#define MALTA_SOFTRES_MAGIC 0x42u

typedef struct malta_fpga {
	uint32_t leds, ascii_word, brkres, gpout, i2coe, i2cout, i2csel;
	char ascii[8];
	int reset;               /* SOFTRES was written with 0x42 */
} malta_fpga;

void malta_fpga_init(malta_fpga *f);
uint32_t malta_fpga_read(malta_fpga *f, uint32_t off);
void malta_fpga_write(malta_fpga *f, uint32_t off, uint32_t val);

#endif
