/*
 * malta_fpga.c - the Malta FPGA's registers (see malta_fpga.h).
 */
#include <string.h>

#include "board/malta_fpga.h"

enum {
	F_SWITCH = 0x200, F_STATUS = 0x208, F_JMPRS = 0x210,
	F_LEDBAR = 0x400, F_ASCIIWORD = 0x408, F_ASCIIPOS0 = 0x410, F_ASCIIPOS7 = 0x448,
	F_SOFTRES = 0x500, F_BRKRES = 0x508,
	F_GPOUT = 0xa00, F_GPINP = 0xa08, F_I2CINP = 0xb00, F_I2COE = 0xb08,
	F_I2COUT = 0xb10, F_I2CSEL = 0xb18,
};

void malta_fpga_init(malta_fpga *f)
{
	memset(f, 0, sizeof *f);
	memset(f->ascii, ' ', sizeof f->ascii);
}

uint32_t malta_fpga_read(malta_fpga *f, uint32_t off)
{
	off &= MALTA_FPGA_SIZE - 1;
	if (off >= F_ASCIIPOS0 && off <= F_ASCIIPOS7 && !(off & 7))
		return (uint8_t)f->ascii[(off - F_ASCIIPOS0) / 8];
	switch (off & ~3u) {
	case F_SWITCH:
		return 0;      /* all switches closed */
	case F_STATUS:
		return 0x10;   /* little-endian board (bit 1 would say big) */
	case F_JMPRS:
		return 0;
	case F_LEDBAR:
		return f->leds;
	case F_ASCIIWORD:
		return f->ascii_word;
	case F_SOFTRES:
		return 0;
	case F_BRKRES:
		return f->brkres;
	case F_GPOUT:
		return f->gpout;
	case F_GPINP:
		return 0;
	case F_I2CINP:
		return 0;
	case F_I2COE:
		return f->i2coe;
	case F_I2COUT:
		return f->i2cout;
	case F_I2CSEL:
		return f->i2csel;
	default:
		return 0;
	}
}

void malta_fpga_write(malta_fpga *f, uint32_t off, uint32_t val)
{
	off &= MALTA_FPGA_SIZE - 1;
	if (off >= F_ASCIIPOS0 && off <= F_ASCIIPOS7 && !(off & 7)) {
		f->ascii[(off - F_ASCIIPOS0) / 8] = (char)val;
		return;
	}
	switch (off & ~3u) {
	case F_LEDBAR:
		f->leds = val & 0xff;
		break;
	case F_ASCIIWORD:
		f->ascii_word = val;
		break;
	case F_SOFTRES:
		if (val == MALTA_SOFTRES_MAGIC)
			f->reset = 1;
		break;
	case F_BRKRES:
		f->brkres = val;
		break;
	case F_GPOUT:
		f->gpout = val;
		break;
	case F_I2COE:
		f->i2coe = val;
		break;
	case F_I2COUT:
		f->i2cout = val;
		break;
	case F_I2CSEL:
		f->i2csel = val;
		break;
	default: /* switches, status, jumpers: read only */
		break;
	}
}
