/*
 * uart16550.c - a 16550A UART with FIFOs (see uart16550.h).
 */
#include <string.h>

#include "board/uart16550.h"

enum {
	IER_RDI = 0x01, IER_THRI = 0x02, IER_RLSI = 0x04, IER_MSI = 0x08,
	IIR_NONE = 0x01, IIR_MSI = 0x00, IIR_THRI = 0x02, IIR_RDI = 0x04,
	IIR_RLSI = 0x06, IIR_TIMEOUT = 0x0c, IIR_FIFO = 0xc0,
	FCR_ENABLE = 0x01, FCR_CLEAR_RX = 0x02, FCR_CLEAR_TX = 0x04,
	LCR_DLAB = 0x80,
	MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10,
	LSR_DR = 0x01, LSR_OE = 0x02, LSR_BI = 0x10, LSR_THRE = 0x20, LSR_TEMT = 0x40,
	MSR_DCTS = 0x01, MSR_DDSR = 0x02, MSR_TERI = 0x04, MSR_DDCD = 0x08,
	MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80,
};

static unsigned rx_trigger(const uart16550 *u)
{
	static const unsigned level[4] = { 1, 4, 8, 14 };
	return (u->fcr & FCR_ENABLE) ? level[u->fcr >> 6] : 1;
}

/* The pending interrupt of highest priority (IIR's low nibble). */
static uint8_t iir_source(const uart16550 *u)
{
	if ((u->ier & IER_RLSI) && (u->lsr & (LSR_OE | LSR_BI)))
		return IIR_RLSI;
	if ((u->ier & IER_RDI) && u->rx_len)
		return u->rx_len >= rx_trigger(u) ? IIR_RDI : IIR_TIMEOUT;
	if ((u->ier & IER_THRI) && u->iir_thri)
		return IIR_THRI;
	if ((u->ier & IER_MSI) && (u->msr & 0x0f))
		return IIR_MSI;
	return IIR_NONE;
}

static void update(uart16550 *u)
{
	/* OUT2 gates the interrupt onto the ISA bus on PC serial ports; the
	 * 8250 driver sets it, and QEMU's model ignores it: so do we */
	u->irq = iir_source(u) != IIR_NONE;
}

/* Modem status inputs: in loopback the MCR outputs, else a connected line. */
static uint8_t modem_lines(const uart16550 *u)
{
	if (u->mcr & MCR_LOOP)
		return (uint8_t)(((u->mcr & MCR_RTS) ? MSR_CTS : 0) | ((u->mcr & MCR_DTR) ? MSR_DSR : 0) |
		                 ((u->mcr & MCR_OUT1) ? MSR_RI : 0) | ((u->mcr & MCR_OUT2) ? MSR_DCD : 0));
	return MSR_DCD | MSR_DSR | MSR_CTS;
}

static void set_modem_lines(uart16550 *u)
{
	uint8_t old = u->msr & 0xf0, now = modem_lines(u), delta = 0;
	if ((old ^ now) & MSR_CTS)
		delta |= MSR_DCTS;
	if ((old ^ now) & MSR_DSR)
		delta |= MSR_DDSR;
	if ((old & MSR_RI) && !(now & MSR_RI))
		delta |= MSR_TERI;
	if ((old ^ now) & MSR_DCD)
		delta |= MSR_DDCD;
	u->msr = (uint8_t)(now | (u->msr & 0x0f) | delta);
}

void uart_init(uart16550 *u, uart_sink sink, void *ctx)
{
	memset(u, 0, sizeof *u);
	u->sink = sink;
	u->sink_ctx = ctx;
	u->lsr = LSR_THRE | LSR_TEMT;
	u->msr = modem_lines(u);
	u->divisor = 12; /* 9600 baud from 1.8432 MHz */
	update(u);
}

unsigned uart_rx_room(const uart16550 *u)
{
	unsigned cap = (u->fcr & FCR_ENABLE) ? UART_FIFO : 1;
	return u->rx_len >= cap ? 0 : cap - u->rx_len;
}

void uart_receive(uart16550 *u, uint8_t byte)
{
	if (!uart_rx_room(u)) {
		u->lsr |= LSR_OE;
	} else {
		u->rx[(u->rx_head + u->rx_len) % UART_FIFO] = byte;
		u->rx_len++;
		u->lsr |= LSR_DR;
	}
	update(u);
}

static void transmit(uart16550 *u, uint8_t byte)
{
	if (u->mcr & MCR_LOOP) {
		uart_receive(u, byte);
	} else {
		u->tx_bytes++;
		if (u->sink)
			u->sink(u->sink_ctx, byte);
	}
	/* sent at once: THR and the shift register are empty again */
	u->lsr |= LSR_THRE | LSR_TEMT;
	u->iir_thri = 1;
}

uint8_t uart_read(uart16550 *u, unsigned reg)
{
	uint8_t v = 0;
	switch (reg & 7) {
	case 0:
		if (u->lcr & LCR_DLAB)
			return (uint8_t)u->divisor;
		if (u->rx_len) {
			v = u->rx[u->rx_head];
			u->rx_head = (u->rx_head + 1) % UART_FIFO;
			u->rx_len--;
		}
		if (!u->rx_len)
			u->lsr &= (uint8_t)~LSR_DR;
		break;
	case 1:
		return (u->lcr & LCR_DLAB) ? (uint8_t)(u->divisor >> 8) : u->ier;
	case 2:
		v = iir_source(u);
		if (v == IIR_THRI) /* reading IIR acknowledges THR empty */
			u->iir_thri = 0;
		if (u->fcr & FCR_ENABLE)
			v |= IIR_FIFO;
		break;
	case 3:
		return u->lcr;
	case 4:
		return u->mcr;
	case 5:
		v = u->lsr;
		u->lsr &= (uint8_t)~(LSR_OE | LSR_BI); /* error bits clear on read */
		break;
	case 6:
		v = u->msr;
		u->msr &= 0xf0; /* delta bits clear on read */
		break;
	case 7:
		return u->scr;
	}
	update(u);
	return v;
}

void uart_write(uart16550 *u, unsigned reg, uint8_t val)
{
	switch (reg & 7) {
	case 0:
		if (u->lcr & LCR_DLAB) {
			u->divisor = (uint16_t)((u->divisor & 0xff00) | val);
			return;
		}
		u->iir_thri = 0;
		transmit(u, val);
		break;
	case 1:
		if (u->lcr & LCR_DLAB) {
			u->divisor = (uint16_t)((u->divisor & 0x00ff) | (val << 8));
			return;
		}
		/* enabling the THR-empty interrupt while THR is empty raises it
		 * (the 8250 driver's THRE test relies on it) */
		if ((val & IER_THRI) && !(u->ier & IER_THRI) && (u->lsr & LSR_THRE))
			u->iir_thri = 1;
		u->ier = val & 0x0f;
		break;
	case 2:
		if (val & FCR_CLEAR_RX) {
			u->rx_head = u->rx_len = 0;
			u->lsr &= (uint8_t)~LSR_DR;
		}
		/* FCR_CLEAR_TX: the transmit FIFO is always empty */
		if ((val ^ u->fcr) & FCR_ENABLE) { /* switching FIFO mode clears them */
			u->rx_head = u->rx_len = 0;
			u->lsr &= (uint8_t)~LSR_DR;
		}
		u->fcr = val & 0xc9;
		break;
	case 3:
		u->lcr = val;
		break;
	case 4:
		u->mcr = val & 0x1f;
		set_modem_lines(u);
		break;
	case 5: /* LSR: factory test, writes ignored */
		break;
	case 6: /* MSR: read only */
		break;
	case 7:
		u->scr = val;
		break;
	}
	update(u);
}
