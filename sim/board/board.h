/*
 * board.h - the Malta board as vmmsim simulates it for `vmmsim boot`: the
 * physical memory map, the devices behind it and their interrupt wiring.
 *
 * Physical memory map (the CPU reaches RAM directly; every other physical
 * access comes to board_bus_read/board_bus_write):
 *
 *   0x00000000  RAM (--mem MB, at most 256)
 *   0x10000000  PCI memory windows: no device, reads 0
 *   0x18000000  PCI I/O window = ISA I/O port space, port P at 0x18000000 + P:
 *                 0x20-0x21, 0xa0-0xa1, 0x4d0-0x4d1  the 8259 pair (i8259.c)
 *                 0x70-0x71                          the RTC (mc146818.c)
 *                 0x3f8-0x3ff                        ttyS0 (uart16550.c), IRQ 4
 *                 PMBA (0x1000 once Linux sets it)   PIIX4 power management (piix4.c)
 *               any other port reads all ones, writes are dropped
 *   0x1be00000  GT-64120 system controller (gt64120.c); behind its PCI
 *               configuration cycles the PIIX4's functions 0 and 3 at 00:0a
 *               (piix4.c), nothing else
 *   0x1f000000  Malta FPGA (malta_fpga.c); its CBUS UART at 0x1f000900
 *   0x1fc00000  boot ROM: the word at 0x1fc00010 is 0x420 (a CoreLV card:
 *               Linux then drives the GT-64120), the rest reads 0
 *   other addresses below 0x20000000 read 0 (the GT-64120 decodes them);
 *   above, a bus error.
 *
 * Interrupts: the 8259 pair's output is the CPU's IP2, the CBUS UART's IP4
 * (IP7 is the CPU's own timer).  ttyS0 is IRQ 4 and the RTC IRQ 8.
 *
 * Time: every device reads simulated time (CPU cycles) through the clock
 * callback, never the host's clock; board_next_event says when a device's
 * state next changes on its own, so the run loop ends its CPU slices there.
 */
#ifndef VMMSIM_BOARD_H
#define VMMSIM_BOARD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "board/gt64120.h"
#include "board/i8259.h"
#include "board/malta_fpga.h"
#include "board/mc146818.h"
#include "board/piix4.h"
#include "board/uart16550.h"

#define BOARD_RAM_MAX_MB 256u
/* The simulated CPU clock: 100 MHz (Count at 50 MHz).  A Malta CoreLV 24K
 * card ran its CPU at 50-100 MHz; with one cycle per instruction this keeps
 * Linux's RTC calibration (which spins up to two simulated seconds) and the
 * 250 Hz timer in proportion to the work executed. */
#define BOARD_CPU_HZ 100000000u
#define BOARD_ISA_BASE 0x18000000u
#define BOARD_BOOTROM_BASE 0x1fc00000u
#define BOARD_REVISION_ADDR 0x1fc00010u
#define BOARD_REVISION 0x00000420u  /* CoreLV with the GT-64120 */
/* A console line that starts with this marks a point of the run (`vmmsim
 * boot` samples its counters there); the rest of the line, up to
 * BOARD_MARK_MAX bytes, is the mark's name. */
#define BOARD_MARK_PREFIX "vmmsim-mark "
#define BOARD_MARK_MAX 63

/* Why a run ends (board_stop_reason). */
enum board_stop {
	BOARD_RUNNING = 0,
	BOARD_STOP_SOFTRES,   /* 0x42 written to the FPGA's SOFTRES */
	BOARD_STOP_POWEROFF,  /* the PIIX4's PMCNTRL written with SUS_EN, soft off */
	BOARD_STOP_PANIC,     /* "Kernel panic" appeared on the console and
	                       * its "---[ end Kernel panic" line is complete,
	                       * or the board was reset or powered off after it */
};

typedef struct board_config {
	uint32_t ram_mb;          /* 1..BOARD_RAM_MAX_MB */
	uint64_t hz;              /* simulated CPU clock (cycles per second) */
	FILE *console;            /* ttyS0's output (NULL: discarded) */
	int input_fd;             /* ttyS0's input (-1: none) */
	/* simulated time in cycles, and the CPU's interrupt lines */
	uint64_t (*clock)(void *ctx);
	void (*set_irq)(void *ctx, unsigned line, int level);
	/* asks the CPU to return at the next instruction boundary (the run
	 * must end: SOFTRES, the end of a panic message); may be NULL */
	void (*request_stop)(void *ctx);
	void *ctx;
} board_config;

typedef struct board {
	board_config cfg;
	uint8_t *ram;
	uint32_t ram_size;
	i8259 pic;
	uart16550 uart0, uart_cbus;
	mc146818 rtc;
	gt64120 gt;
	piix4 piix4;
	malta_fpga fpga;
	int cpu_lines;            /* levels last given to the CPU (bit n = IPn) */
	/* console output, flushed by board_flush */
	uint8_t out[4096];
	size_t out_len;
	uint64_t console_bytes;
	int console_error;        /* writing the console failed (errno kept) */
	/* panic detection: how much of "Kernel panic" the output ends with */
	unsigned panic_match;
	int panic;                /* times seen (the panic, then its end line) */
	int panic_done;           /* the end line is complete */
	int input_eof;
	/* marks: a console line "vmmsim-mark NAME" (BOARD_MARK_PREFIX) stops
	 * the CPU at the next instruction boundary and leaves NAME here, for
	 * the run loop to hand to its mark callback */
	char line[BOARD_MARK_MAX + 16];
	size_t line_len;
	int line_over;            /* the line is longer than line[] */
	char mark[BOARD_MARK_MAX + 1];
	int mark_pending;
	uint64_t marks_lost;      /* a second mark before the first was taken */
	/* counters for the report */
	uint64_t io_reads, io_writes, bus_errors;
} board;

/* Builds the board with zeroed RAM.  Returns 0, or -1 with a message. */
int board_init(board *b, const board_config *cfg, char *err, size_t errlen);
void board_free(board *b);

/* The cpu_bus callbacks (opaque = the board): accesses outside RAM, size
 * 1, 2 or 4, values as plain integers.  Return 0, or -1 for a bus error. */
int board_bus_read(void *opaque, uint32_t paddr, unsigned size, uint32_t *val);
int board_bus_write(void *opaque, uint32_t paddr, unsigned size, uint32_t val);

/* Brings time-driven device state up to now (RTC flags, console input),
 * then the interrupt lines. */
void board_advance(board *b, uint64_t now);
/* The next simulated time after now at which a device changes on its own
 * (UINT64_MAX: none). */
uint64_t board_next_event(const board *b, uint64_t now);
/* Cycles from now until something can end the wait of CPU c on this board
 * (its timer, a device's next event, console input), or 0 if nothing ever
 * can: with interrupts disabled, only a CPU whose Config7.WII is set wakes
 * on a pending interrupt.  The board's run loop and the monitor's scheduler
 * idle this long. */
struct cpu;
uint64_t board_idle_cycles(const board *b, const struct cpu *c, uint64_t now);
/* 1 if CPU c, stopped in `wait`, leaves it now: an unmasked interrupt line
 * is pending and interrupts are enabled (or Config7.WII is set).  0: it
 * waits on (board_idle_cycles says for how long, or that it never ends). */
int board_wait_ends(const struct cpu *c);
/* Whether the run must end (enum board_stop). */
int board_stop_reason(const board *b);
/* Writes buffered console output.  Returns 0, or -1 (errno set). */
int board_flush(board *b);

#endif
