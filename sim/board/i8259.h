/*
 * i8259.h - the PIIX4's two cascaded 8259A interrupt controllers (ISA ports
 * 0x20-0x21 master, 0xa0-0xa1 slave, 0x4d0-0x4d1 the edge/level control
 * registers).  The slave's output is the master's input IR2; the master's
 * output drives the CPU's Cause.IP2 on the Malta board.
 *
 * Implemented as the Intel 8259A datasheet describes it: initialization
 * words ICW1-ICW4 (ICW2 gives the vector base, ICW4 auto-EOI and special
 * fully nested mode), the mask register (OCW1), EOI commands (OCW2:
 * non-specific, specific, rotating, set priority), OCW3 (read IRR or ISR,
 * poll, special mask), edge detection on each input (level mode through the
 * ELCR), rotating priority, and the interrupt acknowledge cycle, which
 * returns the vector of the highest-priority request (the slave's when it
 * is IR2) or the spurious vector of IR7 when nothing is pending.
 */
#ifndef VMMSIM_BOARD_I8259_H
#define VMMSIM_BOARD_I8259_H

#include <stdint.h>

typedef struct i8259_chip {
	uint8_t irr, isr, imr;   /* request, in-service, mask registers */
	uint8_t last_irr;        /* input levels seen (edge detection) */
	uint8_t elcr, elcr_mask; /* level-triggered inputs (PIIX4 ELCR) */
	uint8_t priority_add;    /* the input of highest priority */
	uint8_t irq_base;        /* ICW2 & 0xf8 */
	uint8_t init_state;      /* 0 ready, 1-3 expecting ICW2-ICW4 */
	uint8_t read_isr;        /* OCW3 RR/RIS: 1 reads ISR, 0 IRR */
	uint8_t poll, special_mask, auto_eoi, rotate_on_auto_eoi;
	uint8_t sfnm, init4, single;
} i8259_chip;

typedef struct i8259 {
	i8259_chip chip[2];      /* 0 master, 1 slave */
	int output;              /* the master's INT output (CPU IP2) */
} i8259;

void i8259_init(i8259 *p);
/* Sets the level of input line irq (0-15; 8-15 are the slave's). */
void i8259_set_irq(i8259 *p, unsigned irq, int level);
/* ISA port access: port 0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1. */
uint8_t i8259_read(i8259 *p, uint16_t port);
void i8259_write(i8259 *p, uint16_t port, uint8_t val);
/* The interrupt acknowledge cycle (the GT-64120's PCI IACK register):
 * returns the vector (irq_base + input) and moves the request to service. */
uint8_t i8259_inta(i8259 *p);

#endif
