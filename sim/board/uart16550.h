/*
 * uart16550.h - a 16550A UART: the PIIX4's first serial port (ISA 0x3f8,
 * IRQ 4 on the 8259: ttyS0, the console) and the Malta FPGA's CBUS UART
 * (registers 8 bytes apart at 0x1f000900, Cause.IP4).
 *
 * Every register: RBR/THR, IER, IIR/FCR, LCR (DLAB and the divisor latch),
 * MCR (loopback), LSR, MSR (modem lines: DCD, DSR and CTS asserted; in
 * loopback the MCR outputs), SCR.  Receive and transmit FIFOs of 16 bytes.
 * Transmission is immediate (the line is infinitely fast): a byte written to
 * THR is handed to the output sink at once and THR is empty again, raising
 * the THR-empty interrupt when enabled, so an interrupt-driven driver sees
 * the same sequence of register states as on a real UART, only sooner.
 * Received bytes raise the data-available interrupt (the timeout flavour,
 * IIR 0xc, while the FIFO holds fewer bytes than its trigger level).
 */
#ifndef VMMSIM_BOARD_UART16550_H
#define VMMSIM_BOARD_UART16550_H

#include <stddef.h>
#include <stdint.h>

#define UART_FIFO 16

/* Where transmitted bytes go (NULL: discarded). */
typedef void (*uart_sink)(void *ctx, uint8_t byte);

typedef struct uart16550 {
	uint8_t ier, iir_thri, lcr, mcr, lsr, msr, scr, fcr;
	uint16_t divisor;
	uint8_t rx[UART_FIFO];
	unsigned rx_head, rx_len;
	uint64_t tx_bytes;
	uart_sink sink;
	void *sink_ctx;
	int irq;                 /* the interrupt output level */
} uart16550;

void uart_init(uart16550 *u, uart_sink sink, void *ctx);
/* Register access: reg is 0..7. */
uint8_t uart_read(uart16550 *u, unsigned reg);
void uart_write(uart16550 *u, unsigned reg, uint8_t val);
/* Room in the receive FIFO, and a byte arriving on the line (dropped with
 * an overrun when the FIFO is full). */
unsigned uart_rx_room(const uart16550 *u);
void uart_receive(uart16550 *u, uint8_t byte);

#endif
