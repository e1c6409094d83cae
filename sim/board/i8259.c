/*
 * i8259.c - two cascaded 8259A interrupt controllers (see i8259.h).
 */
#include <string.h>

#include "board/i8259.h"

/* Priority rank (0 highest) of the first set bit of mask, counting from
 * priority_add; 8 if mask is empty. */
static unsigned priority(const i8259_chip *s, uint8_t mask)
{
	if (!mask)
		return 8;
	unsigned p = 0;
	while (!(mask & (1u << ((p + s->priority_add) & 7))))
		p++;
	return p;
}

/* The input this chip would present to the CPU now, or -1. */
static int chip_pending(const i8259_chip *s, int master)
{
	unsigned p = priority(s, s->irr & ~s->imr);
	if (p == 8)
		return -1;
	uint8_t in_service = s->isr;
	if (s->special_mask)
		in_service &= ~s->imr;
	if (master && s->sfnm) /* the slave may interrupt its own service */
		in_service &= ~(1u << 2);
	if (p < priority(s, in_service))
		return (int)((p + s->priority_add) & 7);
	return -1;
}

static void chip_set(i8259_chip *s, unsigned n, int level)
{
	uint8_t m = (uint8_t)(1u << n);
	if (s->elcr & m) { /* level triggered */
		if (level) {
			s->irr |= m;
			s->last_irr |= m;
		} else {
			s->irr &= ~m;
			s->last_irr &= ~m;
		}
	} else { /* edge: a rising edge latches a request */
		if (level) {
			if (!(s->last_irr & m))
				s->irr |= m;
			s->last_irr |= m;
		} else {
			s->last_irr &= ~m;
		}
	}
}

/* Propagates the slave's output to master IR2 and the master's to the CPU. */
static void update(i8259 *p)
{
	chip_set(&p->chip[0], 2, chip_pending(&p->chip[1], 0) >= 0);
	p->output = chip_pending(&p->chip[0], 1) >= 0;
}

static void chip_reset(i8259_chip *s)
{
	uint8_t elcr = s->elcr, elcr_mask = s->elcr_mask;
	uint8_t irr = s->irr & elcr; /* level requests survive ICW1 */
	memset(s, 0, sizeof *s);
	s->elcr = elcr;
	s->elcr_mask = elcr_mask;
	s->irr = irr;
}

void i8259_init(i8259 *p)
{
	memset(p, 0, sizeof *p);
	p->chip[0].elcr_mask = 0xf8; /* IRQ 0, 1, 2 are always edge (PIIX4) */
	p->chip[1].elcr_mask = 0xde; /* IRQ 8 and 13 too */
}

void i8259_set_irq(i8259 *p, unsigned irq, int level)
{
	if (irq >= 16)
		return;
	chip_set(&p->chip[irq >> 3], irq & 7, level);
	update(p);
}

static void intack(i8259_chip *s, unsigned n)
{
	if (s->auto_eoi) {
		if (s->rotate_on_auto_eoi)
			s->priority_add = (uint8_t)((n + 1) & 7);
	} else {
		s->isr |= (uint8_t)(1u << n);
	}
	if (!(s->elcr & (1u << n))) /* an edge request is consumed */
		s->irr &= (uint8_t)~(1u << n);
}

uint8_t i8259_inta(i8259 *p)
{
	i8259_chip *m = &p->chip[0], *sl = &p->chip[1];
	int irq = chip_pending(m, 1);
	uint8_t vec;
	if (irq >= 0) {
		if (irq == 2) {
			int irq2 = chip_pending(sl, 0);
			if (irq2 >= 0)
				intack(sl, (unsigned)irq2);
			else
				irq2 = 7; /* the slave's spurious vector */
			vec = (uint8_t)(sl->irq_base + irq2);
		} else {
			vec = (uint8_t)(m->irq_base + irq);
		}
		intack(m, (unsigned)irq);
	} else {
		vec = (uint8_t)(m->irq_base + 7); /* spurious */
	}
	update(p);
	return vec;
}

/* OCW3 poll command: acknowledges like INTA, returns 0x80 | input or 0. */
static uint8_t poll_read(i8259 *p, int slave)
{
	i8259_chip *s = &p->chip[slave];
	int irq = chip_pending(s, !slave);
	if (irq < 0) {
		update(p);
		return 0;
	}
	if (slave) { /* the master's IR2 request is served with it */
		p->chip[0].isr &= (uint8_t)~(1u << 2);
		p->chip[0].irr &= (uint8_t)~(1u << 2);
	}
	s->irr &= (uint8_t)~(1u << irq);
	s->isr &= (uint8_t)~(1u << irq);
	update(p);
	return (uint8_t)(0x80 | irq);
}

uint8_t i8259_read(i8259 *p, uint16_t port)
{
	switch (port) {
	case 0x4d0:
		return p->chip[0].elcr;
	case 0x4d1:
		return p->chip[1].elcr;
	}
	int slave = (port & 0xfe) == 0xa0;
	i8259_chip *s = &p->chip[slave];
	if (s->poll) {
		s->poll = 0;
		return poll_read(p, slave);
	}
	if (port & 1)
		return s->imr;
	return s->read_isr ? s->isr : s->irr;
}

static void write_cmd(i8259 *p, i8259_chip *s, uint8_t val)
{
	if (val & 0x10) { /* ICW1 */
		chip_reset(s);
		s->init_state = 1;
		s->init4 = val & 1;
		s->single = (val >> 1) & 1;
		/* LTIM (bit 3, level mode for all inputs) is not used on the
		 * PIIX4, whose ELCR selects level mode per input */
		update(p);
		return;
	}
	if (val & 0x08) { /* OCW3 */
		if (val & 0x04)
			s->poll = 1;
		if (val & 0x02)
			s->read_isr = val & 1;
		if (val & 0x40)
			s->special_mask = (val >> 5) & 1;
		update(p);
		return;
	}
	/* OCW2 */
	unsigned cmd = val >> 5, n;
	switch (cmd) {
	case 0: /* rotate in auto-EOI mode: clear */
	case 4: /* ... set */
		s->rotate_on_auto_eoi = (uint8_t)(cmd >> 2);
		break;
	case 1: /* non-specific EOI */
	case 5: /* rotate on non-specific EOI */
		n = priority(s, s->isr);
		if (n != 8) {
			n = (n + s->priority_add) & 7;
			s->isr &= (uint8_t)~(1u << n);
			if (cmd == 5)
				s->priority_add = (uint8_t)((n + 1) & 7);
		}
		break;
	case 3: /* specific EOI */
		s->isr &= (uint8_t)~(1u << (val & 7));
		break;
	case 6: /* set priority: val & 7 becomes the lowest */
		s->priority_add = (uint8_t)((val + 1) & 7);
		break;
	case 7: /* rotate on specific EOI */
		n = val & 7;
		s->isr &= (uint8_t)~(1u << n);
		s->priority_add = (uint8_t)((n + 1) & 7);
		break;
	default: /* 2: no operation */
		break;
	}
	update(p);
}

static void write_data(i8259 *p, i8259_chip *s, uint8_t val)
{
	switch (s->init_state) {
	case 0: /* OCW1: the mask */
		s->imr = val;
		break;
	case 1: /* ICW2: the vector base */
		s->irq_base = val & 0xf8;
		s->init_state = s->single ? (s->init4 ? 3 : 0) : 2;
		break;
	case 2: /* ICW3: cascade wiring (fixed on this board) */
		s->init_state = s->init4 ? 3 : 0;
		break;
	case 3: /* ICW4 */
		s->sfnm = (val >> 4) & 1;
		s->auto_eoi = (val >> 1) & 1;
		s->init_state = 0;
		break;
	}
	update(p);
}

void i8259_write(i8259 *p, uint16_t port, uint8_t val)
{
	switch (port) {
	case 0x4d0:
		p->chip[0].elcr = val & p->chip[0].elcr_mask;
		update(p);
		return;
	case 0x4d1:
		p->chip[1].elcr = val & p->chip[1].elcr_mask;
		update(p);
		return;
	}
	i8259_chip *s = &p->chip[(port & 0xfe) == 0xa0];
	if (port & 1)
		write_data(p, s, val);
	else
		write_cmd(p, s, val);
}
