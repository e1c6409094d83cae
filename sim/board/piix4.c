/*
 * piix4.c - the PIIX4's PCI functions 0 and 3 and its power-management
 * registers (see piix4.h).
 */
#include <string.h>

#include "board/piix4.h"

enum {
	PMBA = 0x40, PMREGMISC = 0x80,
	PMCNTRL_SUS_EN = 1u << 13, PMCNTRL_SUS_TYP = 7u << 10,
};

static void put16(uint8_t *c, unsigned off, uint16_t v)
{
	c[off] = (uint8_t)v;
	c[off + 1] = (uint8_t)(v >> 8);
}

void piix4_init(piix4 *p)
{
	memset(p, 0, sizeof *p);
	/* function 0: PCI-to-ISA bridge, multi-function header */
	put16(p->cfg0, 0x00, 0x8086);
	put16(p->cfg0, 0x02, 0x7110);
	put16(p->cfg0, 0x04, 0x0007);   /* I/O, memory, bus master */
	put16(p->cfg0, 0x06, 0x0200);   /* DEVSEL medium */
	p->cfg0[0x0a] = 0x01;           /* class 0601: ISA bridge */
	p->cfg0[0x0b] = 0x06;
	p->cfg0[0x0e] = 0x80;           /* multi-function */
	p->cfg0[0x60] = p->cfg0[0x61] = p->cfg0[0x62] = p->cfg0[0x63] = 0x80; /* PIRQ routing off */
	p->cfg0[0x69] = 0x02;           /* top of memory */
	/* function 3: power management */
	put16(p->cfg3, 0x00, 0x8086);
	put16(p->cfg3, 0x02, 0x7113);
	put16(p->cfg3, 0x06, 0x0280);
	p->cfg3[0x08] = 0x03;           /* revision */
	p->cfg3[0x0a] = 0x80;           /* class 0680: other bridge */
	p->cfg3[0x0b] = 0x06;
	p->cfg3[PMBA] = 0x01;           /* an I/O base (bit 0 reads 1) */
}

static uint8_t *space(piix4 *p, unsigned devfn)
{
	if (devfn >> 3 != PIIX4_SLOT)
		return NULL;
	switch (devfn & 7) {
	case 0: return p->cfg0;
	case 3: return p->cfg3;
	default: return NULL;
	}
}

int piix4_config_read(piix4 *p, unsigned devfn, unsigned reg, uint32_t *val)
{
	uint8_t *c = space(p, devfn);
	if (!c)
		return -1;
	reg &= 0xfc;
	*val = c[reg] | (uint32_t)c[reg + 1] << 8 | (uint32_t)c[reg + 2] << 16 | (uint32_t)c[reg + 3] << 24;
	return 0;
}

int piix4_config_write(piix4 *p, unsigned devfn, unsigned reg, uint32_t val)
{
	uint8_t *c = space(p, devfn);
	if (!c)
		return -1;
	reg &= 0xfc;
	for (unsigned i = 0; i < 4; i++) {
		unsigned r = reg + i;
		uint8_t b = (uint8_t)(val >> (8 * i));
		if (r < 0x04 || (r >= 0x06 && r < 0x10) || r == 0x3d)
			continue; /* identity, class, header type, pin: read only */
		if (c == p->cfg3 && r == PMBA)
			b = (uint8_t)((b & 0xc0) | 0x01); /* 64-byte aligned, I/O */
		if (c == p->cfg3 && (r == PMBA + 2 || r == PMBA + 3))
			b = 0;                          /* a 16-bit I/O address */
		if ((r >= 0x10 && r < 0x28) || (r >= 0x30 && r < 0x34))
			b = 0;                          /* no BARs, no ROM */
		c[r] = b;
	}
	return 0;
}

static uint32_t pm_base(const piix4 *p)
{
	return (p->cfg3[PMBA] | (uint32_t)p->cfg3[PMBA + 1] << 8) & 0xffc0u;
}

int piix4_pm_decodes(const piix4 *p, uint32_t port)
{
	uint32_t base = pm_base(p);
	return (p->cfg3[PMREGMISC] & 1) && base && port >= base && port < base + PIIX4_PM_SIZE;
}

uint8_t piix4_pm_read(piix4 *p, uint32_t port)
{
	unsigned off = port - pm_base(p);
	switch (off) {
	case 0: return (uint8_t)p->pmsts;
	case 1: return (uint8_t)(p->pmsts >> 8);
	case 2: return (uint8_t)p->pmen;
	case 3: return (uint8_t)(p->pmen >> 8);
	case 4: return (uint8_t)p->pmcntrl;
	case 5: return (uint8_t)(p->pmcntrl >> 8);
	default: return 0;
	}
}

void piix4_pm_write(piix4 *p, uint32_t port, uint8_t val)
{
	unsigned off = port - pm_base(p);
	switch (off) {
	case 0: /* status bits clear where 1 is written */
		p->pmsts &= (uint16_t)~val;
		break;
	case 1:
		p->pmsts &= (uint16_t)~(val << 8);
		break;
	case 2:
		p->pmen = (uint16_t)((p->pmen & 0xff00) | val);
		break;
	case 3:
		p->pmen = (uint16_t)((p->pmen & 0x00ff) | val << 8);
		break;
	case 4:
		p->pmcntrl = (uint16_t)((p->pmcntrl & 0xff00) | val);
		break;
	case 5:
		p->pmcntrl = (uint16_t)((p->pmcntrl & 0x00ff) | val << 8);
		/* SUS_EN with SUS_TYP 0 (soft off): the board powers off */
		if ((p->pmcntrl & PMCNTRL_SUS_EN) && !(p->pmcntrl & PMCNTRL_SUS_TYP))
			p->poweroff = 1;
		p->pmcntrl &= (uint16_t)~PMCNTRL_SUS_EN; /* self-clearing */
		break;
	default:
		break;
	}
}
