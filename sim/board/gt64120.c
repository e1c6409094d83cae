/*
 * gt64120.c - the GT-64120 system controller's registers (see gt64120.h).
 */
#include <string.h>

#include "board/gt64120.h"

enum {
	GT_CPU = 0x000,
	GT_PCI0IOLD = 0x048, GT_PCI0IOHD = 0x050, GT_PCI0M0LD = 0x058, GT_PCI0M0HD = 0x060,
	GT_ISD = 0x068, GT_PCI0M1LD = 0x080, GT_PCI0M1HD = 0x088,
	GT_PCI0IOREMAP = 0x0f0, GT_PCI0M0REMAP = 0x0f8, GT_PCI0M1REMAP = 0x100,
	GT_MULTI = 0x120,
	GT_PCI0_CMD = 0xc00, GT_INTRCAUSE = 0xc18, GT_PCI0_IACK = 0xc34,
	GT_PCI0_CFGADDR = 0xcf8, GT_PCI0_CFGDATA = 0xcfc,
};

/* The registers as the controller resets them (GT-64120 manual, as QEMU's
 * model has them) and then as QEMU's boot loader programs them. */
static const struct { uint16_t off; uint32_t val; } initial[] = {
	/* (registers Linux does not read - SDRAM, device and DMA parameters,
	 * timers - start at zero here) */
	{ GT_CPU, 0x00001000 },          /* little-endian CPU interface */
	{ GT_MULTI, 0x00000003 },
	{ 0x008, 0x00000000 }, { 0x010, 0x00000007 }, /* SCS1:0 decode */
	{ 0x018, 0x00000008 }, { 0x020, 0x0000000f }, /* SCS3:2 */
	{ 0x028, 0x000000e0 }, { 0x030, 0x00000070 }, /* CS2:0 */
	{ 0x038, 0x000000f8 }, { 0x040, 0x0000007f }, /* CS3 and boot */
	/* the loader's PCI windows: I/O 0x18000000-0x181fffff, memory 0x10000000-
	 * 0x17dfffff and 0x18200000-0x1bdfffff, the registers at 0x1be00000 */
	{ GT_PCI0IOLD, 0x000000c0 }, { GT_PCI0IOHD, 0x00000040 },
	{ GT_PCI0M0LD, 0x00000080 }, { GT_PCI0M0HD, 0x0000003f },
	{ GT_ISD, 0x000000df },
	{ GT_PCI0M1LD, 0x000000c1 }, { GT_PCI0M1HD, 0x0000005e },
	{ GT_PCI0IOREMAP, 0x000000c0 }, { GT_PCI0M0REMAP, 0x00000080 },
	{ GT_PCI0M1REMAP, 0x000000c1 },
	{ 0x090, 0x00000100 }, { 0x098, 0x0000000f }, /* PCI1 windows */
	{ 0x0a0, 0x00000110 }, { 0x0a8, 0x0000001f },
	{ 0x0b0, 0x00000120 }, { 0x0b8, 0x0000002f },
	{ 0x0d0, 0x00000000 }, { 0x0d8, 0x00000008 }, /* SCS1:0, SCS3:2 address remap */
	{ 0x0e0, 0x000000e0 }, { 0x0e8, 0x000000f8 }, /* CS2:0, CS3 and boot remap */
	{ 0x108, 0x00000100 }, { 0x110, 0x00000110 }, { 0x118, 0x00000120 }, /* PCI1 remaps */
	{ GT_PCI0_CMD, 0x00000001 },     /* byte swap: little-endian host */
	{ 0xc04, 0x0000070f },            /* PCI0 timeout and retry */
};

void gt64120_init(gt64120 *g, i8259 *pic)
{
	memset(g, 0, sizeof *g);
	g->pic = pic;
	for (unsigned i = 0; i < sizeof initial / sizeof initial[0]; i++)
		g->regs[initial[i].off / 4] = initial[i].val;
}

static uint32_t read_reg(gt64120 *g, uint32_t reg)
{
	switch (reg) {
	case GT_PCI0_IACK:
		return g->pic ? i8259_inta(g->pic) : 0;
	case GT_PCI0_CFGDATA: {
		g->config_cycles++;
		uint32_t a = g->regs[GT_PCI0_CFGADDR / 4], v;
		if ((a & 0x80000000u) && !(a & 0x00ff0000u) && g->cfg_read &&
		    g->cfg_read(g->cfg_ctx, (a >> 8) & 0xff, a & 0xfc, &v) == 0)
			return v;
		return 0xffffffffu; /* no device answers */
	}
	default:
		return g->regs[reg / 4];
	}
}

static void write_reg(gt64120 *g, uint32_t reg, uint32_t val)
{
	switch (reg) {
	case GT_INTRCAUSE: /* bits written as 0 are cleared */
		g->regs[reg / 4] &= val;
		break;
	case GT_PCI0_CFGDATA: {
		g->config_cycles++;
		uint32_t a = g->regs[GT_PCI0_CFGADDR / 4];
		if ((a & 0x80000000u) && !(a & 0x00ff0000u) && g->cfg_write)
			g->cfg_write(g->cfg_ctx, (a >> 8) & 0xff, a & 0xfc, val);
		break;
	}
	case GT_PCI0_IACK:
		break;
	default:
		g->regs[reg / 4] = val;
		break;
	}
}

uint32_t gt64120_read(gt64120 *g, uint32_t off, unsigned size)
{
	off &= GT64120_SIZE - 1;
	uint32_t reg = off & ~3u, shift = (off & 3) * 8;
	uint32_t v = read_reg(g, reg) >> shift;
	return size >= 4 ? v : v & ((1u << (size * 8)) - 1);
}

void gt64120_write(gt64120 *g, uint32_t off, unsigned size, uint32_t val)
{
	off &= GT64120_SIZE - 1;
	uint32_t reg = off & ~3u, shift = (off & 3) * 8;
	if (size < 4) {
		uint32_t mask = ((1u << (size * 8)) - 1) << shift;
		val = (g->regs[reg / 4] & ~mask) | ((val << shift) & mask);
	}
	write_reg(g, reg, val);
}
