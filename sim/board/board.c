/*
 * board.c - the Malta board's physical memory map, the ISA port decode and
 * the interrupt wiring between the devices and the CPU (see board.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board/board.h"

static const char panic_text[] = "Kernel panic";

static uint64_t now_of(const board *b)
{
	return b->cfg.clock ? b->cfg.clock(b->cfg.ctx) : 0;
}

/* A console line ended: a mark if it starts with BOARD_MARK_PREFIX. */
static void line_end(board *b)
{
	size_t n = sizeof BOARD_MARK_PREFIX - 1;
	if (!b->line_over && b->line_len > n && b->line_len - n <= BOARD_MARK_MAX &&
	    !memcmp(b->line, BOARD_MARK_PREFIX, n)) {
		if (b->mark_pending) {
			b->marks_lost++;
		} else {
			memcpy(b->mark, b->line + n, b->line_len - n);
			b->mark[b->line_len - n] = 0;
			b->mark_pending = 1;
			if (b->cfg.request_stop)
				b->cfg.request_stop(b->cfg.ctx);
		}
	}
	b->line_len = 0;
	b->line_over = 0;
}

/* Console output: buffered, and scanned for the kernel's panic message and
 * for marks. */
static void console_put(void *ctx, uint8_t c)
{
	board *b = ctx;
	if (c == '\n' || c == '\r')
		line_end(b);
	else if (b->line_len < sizeof b->line)
		b->line[b->line_len++] = (char)c;
	else
		b->line_over = 1;
	if (b->out_len == sizeof b->out)
		board_flush(b);
	b->out[b->out_len++] = c;
	b->console_bytes++;
	if (b->panic >= 2 && c == '\n' && !b->panic_done) {
		b->panic_done = 1;
		if (b->cfg.request_stop)
			b->cfg.request_stop(b->cfg.ctx);
	}
	/* "Kernel panic" has no repeated prefix: a mismatch restarts at 0 or 1 */
	if ((char)c == panic_text[b->panic_match]) {
		if (++b->panic_match == sizeof panic_text - 1) {
			b->panic++; /* the message, then "---[ end Kernel panic ..." */
			b->panic_match = 0;
		}
	} else {
		b->panic_match = (char)c == panic_text[0];
	}
}

int board_flush(board *b)
{
	int rc = 0;
	if (b->out_len && b->cfg.console && !b->console_error) {
		if (fwrite(b->out, 1, b->out_len, b->cfg.console) != b->out_len || fflush(b->cfg.console)) {
			b->console_error = errno ? errno : EIO;
			rc = -1;
		}
	}
	b->out_len = 0;
	return rc;
}

/* Drives the CPU's interrupt lines from the devices' outputs. */
static void wire(board *b)
{
	i8259_set_irq(&b->pic, 4, b->uart0.irq);
	i8259_set_irq(&b->pic, 8, b->rtc.irq);
	int lines = (b->pic.output ? 1 << 2 : 0) | (b->uart_cbus.irq ? 1 << 4 : 0);
	int changed = lines ^ b->cpu_lines;
	b->cpu_lines = lines;
	for (unsigned n = 2; n <= 4; n += 2)
		if ((changed & (1 << n)) && b->cfg.set_irq)
			b->cfg.set_irq(b->cfg.ctx, n, (lines >> n) & 1);
}

static int cfg_read(void *ctx, unsigned devfn, unsigned reg, uint32_t *val)
{
	return piix4_config_read(ctx, devfn, reg, val);
}

static int cfg_write(void *ctx, unsigned devfn, unsigned reg, uint32_t val)
{
	return piix4_config_write(ctx, devfn, reg, val);
}

int board_init(board *b, const board_config *cfg, char *err, size_t errlen)
{
	memset(b, 0, sizeof *b);
	if (cfg->ram_mb < 1 || cfg->ram_mb > BOARD_RAM_MAX_MB) {
		snprintf(err, errlen, "RAM size %u MB: must be 1 to %u", cfg->ram_mb, BOARD_RAM_MAX_MB);
		return -1;
	}
	b->cfg = *cfg;
	if (!b->cfg.hz)
		b->cfg.hz = 1;
	b->ram_size = cfg->ram_mb << 20;
	b->ram = calloc(1, b->ram_size);
	if (!b->ram) {
		snprintf(err, errlen, "cannot allocate %u MB of guest RAM", cfg->ram_mb);
		return -1;
	}
	i8259_init(&b->pic);
	uart_init(&b->uart0, console_put, b);
	uart_init(&b->uart_cbus, NULL, NULL); /* QEMU shows it nowhere either */
	mc146818_init(&b->rtc, b->cfg.hz);
	gt64120_init(&b->gt, &b->pic);
	piix4_init(&b->piix4);
	b->gt.cfg_read = cfg_read;
	b->gt.cfg_write = cfg_write;
	b->gt.cfg_ctx = &b->piix4;
	malta_fpga_init(&b->fpga);
	b->input_eof = cfg->input_fd < 0;
	return 0;
}

void board_free(board *b)
{
	free(b->ram);
	b->ram = NULL;
}

/* ---- ISA I/O ports ---------------------------------------------------- */

static uint8_t isa_read(board *b, uint32_t port)
{
	switch (port) {
	case 0x20: case 0x21: case 0xa0: case 0xa1: case 0x4d0: case 0x4d1:
		return i8259_read(&b->pic, (uint16_t)port);
	case 0x70: case 0x71: {
		uint8_t v = mc146818_read(&b->rtc, (uint16_t)port, now_of(b));
		return v;
	}
	default:
		if (port >= 0x3f8 && port <= 0x3ff)
			return uart_read(&b->uart0, port - 0x3f8);
		if (piix4_pm_decodes(&b->piix4, port))
			return piix4_pm_read(&b->piix4, port);
		return 0xff; /* nothing answers: the bus floats high */
	}
}

static void isa_write(board *b, uint32_t port, uint8_t val)
{
	switch (port) {
	case 0x20: case 0x21: case 0xa0: case 0xa1: case 0x4d0: case 0x4d1:
		i8259_write(&b->pic, (uint16_t)port, val);
		return;
	case 0x70: case 0x71:
		mc146818_write(&b->rtc, (uint16_t)port, val, now_of(b));
		return;
	default:
		if (port >= 0x3f8 && port <= 0x3ff) {
			unsigned reg = port - 0x3f8;
			/* a write to THR lowers the THR-empty request before it is
			 * raised again: an edge for the edge-triggered 8259 */
			if (reg == 0 && !(b->uart0.lcr & 0x80))
				i8259_set_irq(&b->pic, 4, 0);
			uart_write(&b->uart0, reg, val);
		} else if (piix4_pm_decodes(&b->piix4, port)) {
			piix4_pm_write(&b->piix4, port, val);
			if (b->piix4.poweroff && b->cfg.request_stop)
				b->cfg.request_stop(b->cfg.ctx);
		}
		return;
	}
}

/* ---- the memory map --------------------------------------------------- */

static uint32_t sub(uint32_t word, uint32_t addr, unsigned size)
{
	word >>= (addr & 3) * 8;
	return size >= 4 ? word : word & ((1u << (size * 8)) - 1);
}

int board_bus_read(void *opaque, uint32_t paddr, unsigned size, uint32_t *val)
{
	board *b = opaque;
	b->io_reads++;
	if (paddr >= BOARD_ISA_BASE && paddr < BOARD_ISA_BASE + 0x200000) {
		uint32_t v = 0;
		for (unsigned i = 0; i < size; i++)
			v |= (uint32_t)isa_read(b, paddr - BOARD_ISA_BASE + i) << (8 * i);
		*val = v;
		wire(b);
		return 0;
	}
	if (paddr >= GT64120_BASE && paddr < GT64120_BASE + GT64120_SIZE) {
		*val = gt64120_read(&b->gt, paddr - GT64120_BASE, size);
		wire(b);
		return 0;
	}
	if (paddr >= MALTA_FPGA_BASE && paddr < MALTA_FPGA_BASE + MALTA_FPGA_SIZE) {
		uint32_t off = paddr - MALTA_FPGA_BASE;
		if (off >= MALTA_FPGA_UART && off < MALTA_FPGA_UART + 0x40) {
			*val = (off & 7) ? 0 : uart_read(&b->uart_cbus, (off - MALTA_FPGA_UART) / 8);
			wire(b);
		} else {
			*val = sub(malta_fpga_read(&b->fpga, off & ~3u), off, size);
		}
		return 0;
	}
	if ((paddr & ~3u) == BOARD_REVISION_ADDR) {
		*val = sub(BOARD_REVISION, paddr, size);
		return 0;
	}
	if (paddr < 0x20000000u) {
		*val = 0;
		return 0;
	}
	b->bus_errors++;
	return -1;
}

int board_bus_write(void *opaque, uint32_t paddr, unsigned size, uint32_t val)
{
	board *b = opaque;
	b->io_writes++;
	if (paddr >= BOARD_ISA_BASE && paddr < BOARD_ISA_BASE + 0x200000) {
		for (unsigned i = 0; i < size; i++)
			isa_write(b, paddr - BOARD_ISA_BASE + i, (uint8_t)(val >> (8 * i)));
		wire(b);
		return 0;
	}
	if (paddr >= GT64120_BASE && paddr < GT64120_BASE + GT64120_SIZE) {
		gt64120_write(&b->gt, paddr - GT64120_BASE, size, val);
		wire(b);
		return 0;
	}
	if (paddr >= MALTA_FPGA_BASE && paddr < MALTA_FPGA_BASE + MALTA_FPGA_SIZE) {
		uint32_t off = paddr - MALTA_FPGA_BASE;
		if (off >= MALTA_FPGA_UART && off < MALTA_FPGA_UART + 0x40) {
			if (!(off & 7))
				uart_write(&b->uart_cbus, (off - MALTA_FPGA_UART) / 8, (uint8_t)val);
			wire(b);
		} else {
			/* registers are 32 bits wide; a narrower write lands in
			 * the bytes it covers */
			uint32_t shift = (off & 3) * 8;
			uint32_t word = size >= 4 ? val : val << shift;
			if (size < 4) {
				uint32_t mask = ((1u << (size * 8)) - 1) << shift;
				word = (malta_fpga_read(&b->fpga, off & ~3u) & ~mask) | (word & mask);
			}
			malta_fpga_write(&b->fpga, off & ~3u, word);
			if (b->fpga.reset && b->cfg.request_stop)
				b->cfg.request_stop(b->cfg.ctx);
		}
		return 0;
	}
	if (paddr < 0x20000000u)
		return 0; /* the boot ROM, empty windows: dropped */
	b->bus_errors++;
	return -1;
}

/* ---- time --------------------------------------------------------------- */

/* Moves bytes from the input file to ttyS0 while its FIFO has room. */
static void poll_input(board *b)
{
	if (b->input_eof)
		return;
	unsigned room = uart_rx_room(&b->uart0);
	if (!room)
		return;
	struct pollfd p = { .fd = b->cfg.input_fd, .events = POLLIN };
	if (poll(&p, 1, 0) <= 0)
		return;
	if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) {
		return;
	}
	uint8_t buf[UART_FIFO];
	ssize_t n = read(b->cfg.input_fd, buf, room);
	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			b->input_eof = 1;
		return;
	}
	for (ssize_t i = 0; i < n; i++)
		uart_receive(&b->uart0, buf[i]);
}

void board_advance(board *b, uint64_t now)
{
	mc146818_advance(&b->rtc, now);
	poll_input(b);
	wire(b);
}

uint64_t board_next_event(const board *b, uint64_t now)
{
	return mc146818_next_event(&b->rtc, now);
}

int board_stop_reason(const board *b)
{
	/* a kernel that panicked, then reset or powered off the board (Linux's
	 * panic=N: "Rebooting in N seconds..", before its end line) panicked */
	if (b->panic && (b->fpga.reset || b->piix4.poweroff))
		return BOARD_STOP_PANIC;
	if (b->fpga.reset)
		return BOARD_STOP_SOFTRES;
	if (b->piix4.poweroff)
		return BOARD_STOP_POWEROFF;
	if (b->panic_done)
		return BOARD_STOP_PANIC;
	return BOARD_RUNNING;
}
