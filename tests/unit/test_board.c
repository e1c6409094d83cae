/*
 * test_board.c - the Malta board's devices against hand-worked cases from
 * their datasheets (Intel 8259A, NS16550A, MC146818A, GT-64120) and Linux's
 * use of them, the physical memory map, the kernel loader's errors and the
 * YAMON boot table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board/account.h"
#include "board/board.h"
#include "board/loader.h"

/* ---- 8259 -------------------------------------------------------------- */

/* Linux's init_8259A (arch/mips/kernel/i8259.c), vector base 0 and 8. */
static void pic_linux_init(i8259 *p)
{
	i8259_init(p);
	i8259_write(p, 0x21, 0xff);
	i8259_write(p, 0xa1, 0xff);
	i8259_write(p, 0x20, 0x11); /* ICW1: edge, cascade, ICW4 */
	i8259_write(p, 0x21, 0x00); /* ICW2: vectors 0-7 */
	i8259_write(p, 0x21, 0x04); /* ICW3: slave on IR2 */
	i8259_write(p, 0x21, 0x01); /* ICW4: normal EOI */
	i8259_write(p, 0xa0, 0x11);
	i8259_write(p, 0xa1, 0x08);
	i8259_write(p, 0xa1, 0x02);
	i8259_write(p, 0xa1, 0x01);
	i8259_write(p, 0x21, 0xfb); /* all masked but the cascade */
	i8259_write(p, 0xa1, 0xff);
}

static void test_pic_basic(void **state)
{
	(void)state;
	i8259 p;
	pic_linux_init(&p);
	assert_int_equal(i8259_read(&p, 0x21), 0xfb);
	i8259_set_irq(&p, 4, 1);
	assert_int_equal(p.output, 0);             /* masked */
	assert_int_equal(i8259_read(&p, 0x20), 0x10); /* IRR shows it */
	i8259_write(&p, 0x21, 0xeb);               /* unmask IRQ 4 */
	assert_int_equal(p.output, 1);
	assert_int_equal(i8259_inta(&p), 4);
	assert_int_equal(p.output, 0);             /* edge consumed, in service */
	i8259_write(&p, 0x20, 0x0b);               /* OCW3: read ISR */
	assert_int_equal(i8259_read(&p, 0x20), 0x10);
	i8259_write(&p, 0x20, 0x0a);               /* OCW3: read IRR */
	assert_int_equal(i8259_read(&p, 0x20), 0x00);
	/* the line stays high: no new edge, no new request */
	i8259_set_irq(&p, 4, 1);
	i8259_write(&p, 0x20, 0x64);               /* specific EOI 4 */
	assert_int_equal(p.output, 0);
	i8259_set_irq(&p, 4, 0);
	i8259_set_irq(&p, 4, 1);                   /* a new edge */
	assert_int_equal(p.output, 1);
	/* nothing pending at INTA time: the spurious IR7 vector */
	i8259 q;
	pic_linux_init(&q);
	assert_int_equal(i8259_inta(&q), 7);
}

static void test_pic_priority_and_nesting(void **state)
{
	(void)state;
	i8259 p;
	pic_linux_init(&p);
	i8259_write(&p, 0x21, 0x00);
	i8259_set_irq(&p, 6, 1);
	i8259_set_irq(&p, 3, 1);
	assert_int_equal(i8259_inta(&p), 3);       /* lower number first */
	/* IRQ 6 waits while 3 is in service (lower priority) */
	assert_int_equal(p.output, 0);
	i8259_set_irq(&p, 1, 1);                   /* higher priority nests */
	assert_int_equal(p.output, 1);
	assert_int_equal(i8259_inta(&p), 1);
	i8259_write(&p, 0x20, 0x20);               /* non-specific EOI: ends 1 */
	i8259_write(&p, 0x20, 0x0b);
	assert_int_equal(i8259_read(&p, 0x20), 0x08);
	i8259_write(&p, 0x20, 0x20);               /* ends 3 */
	assert_int_equal(p.output, 1);             /* 6 now */
	assert_int_equal(i8259_inta(&p), 6);
	i8259_write(&p, 0x20, 0x20);
	/* rotation: set priority makes 5 the lowest, 6 the highest */
	i8259_write(&p, 0x20, 0xc5);
	i8259_set_irq(&p, 6, 0);
	i8259_set_irq(&p, 0, 0);
	i8259_set_irq(&p, 0, 1);
	i8259_set_irq(&p, 6, 1);
	assert_int_equal(i8259_inta(&p), 6);
}

static void test_pic_cascade(void **state)
{
	(void)state;
	i8259 p;
	pic_linux_init(&p);
	i8259_write(&p, 0xa1, 0xfe);               /* unmask IRQ 8 */
	i8259_set_irq(&p, 8, 1);
	assert_int_equal(p.output, 1);
	assert_int_equal(i8259_inta(&p), 8);       /* slave base 8 + 0 */
	i8259_write(&p, 0xa0, 0x0b);
	assert_int_equal(i8259_read(&p, 0xa0), 0x01);
	i8259_write(&p, 0x20, 0x0b);
	assert_int_equal(i8259_read(&p, 0x20), 0x04); /* master IR2 in service */
	i8259_write(&p, 0xa0, 0x60);               /* specific EOI slave 0 */
	i8259_write(&p, 0x20, 0x62);               /* and master 2 */
	assert_int_equal(i8259_read(&p, 0x20), 0x00);
	/* level mode through the ELCR: the request follows the line */
	i8259_write(&p, 0x4d1, 0xff);
	assert_int_equal(i8259_read(&p, 0x4d1), 0xde);
	/* a slave request withdrawn before INTA: the slave's spurious vector */
	i8259_write(&p, 0xa1, 0xfd);
	i8259_set_irq(&p, 9, 1);
	assert_int_equal(p.output, 1);
	p.chip[1].imr = 0xff;                      /* masked behind the master's back */
	assert_int_equal(i8259_inta(&p), 15);
	/* poll mode */
	i8259 q;
	pic_linux_init(&q);
	i8259_write(&q, 0x21, 0x00);
	i8259_set_irq(&q, 5, 1);
	i8259_write(&q, 0x20, 0x0c);
	assert_int_equal(i8259_read(&q, 0x20), 0x85);
	assert_int_equal(q.output, 0);
}

/* ---- 16550A ------------------------------------------------------------ */

typedef struct sinkbuf {
	char b[64];
	size_t n;
} sinkbuf;

static void sink(void *ctx, uint8_t c)
{
	sinkbuf *s = ctx;
	if (s->n < sizeof s->b)
		s->b[s->n++] = (char)c;
}

static void test_uart(void **state)
{
	(void)state;
	uart16550 u;
	sinkbuf out = { { 0 }, 0 };
	uart_init(&u, sink, &out);
	assert_int_equal(uart_read(&u, 5), 0x60);  /* THRE | TEMT */
	assert_int_equal(uart_read(&u, 2), 0x01);  /* no interrupt, no FIFO */
	/* divisor latch */
	uart_write(&u, 3, 0x83);
	uart_write(&u, 0, 3);
	uart_write(&u, 1, 0);
	assert_int_equal(uart_read(&u, 0), 3);
	uart_write(&u, 3, 0x03);
	/* IER keeps its low nibble (8250 autoconfig reads it back) */
	uart_write(&u, 1, 0xff);
	assert_int_equal(uart_read(&u, 1), 0x0f);
	uart_write(&u, 1, 0);
	/* FIFO: IIR's top bits say 16550A */
	uart_write(&u, 2, 0xc7);
	assert_int_equal(uart_read(&u, 2) & 0xc0, 0xc0);
	/* loopback: the modem lines follow MCR (autoconfig wants 0x90) */
	uart_write(&u, 4, 0x1a);
	assert_int_equal(uart_read(&u, 6) & 0xf0, 0x90);
	uart_write(&u, 0, 'L');                    /* looped into the receiver */
	assert_int_equal(uart_read(&u, 5) & 1, 1);
	assert_int_equal(uart_read(&u, 0), 'L');
	assert_int_equal(out.n, 0);
	uart_write(&u, 4, 0x0b);
	assert_int_equal(uart_read(&u, 6) & 0xf0, 0xb0); /* DCD, DSR, CTS */
	/* transmit, and the THR-empty interrupt */
	uart_write(&u, 0, 'h');
	uart_write(&u, 0, 'i');
	assert_int_equal(out.n, 2);
	assert_memory_equal(out.b, "hi", 2);
	assert_int_equal(u.irq, 0);
	uart_write(&u, 1, 0x02);                   /* ETBEI with THR empty: raised */
	assert_int_equal(u.irq, 1);
	assert_int_equal(uart_read(&u, 2), 0xc2);
	assert_int_equal(u.irq, 0);                /* reading IIR acknowledged it */
	assert_int_equal(uart_read(&u, 2), 0xc1);
	uart_write(&u, 0, '!');                    /* sent at once: empty again */
	assert_int_equal(u.irq, 1);
	uart_write(&u, 1, 0x00);
	assert_int_equal(u.irq, 0);
	/* receive: data available below the trigger level is a timeout */
	uart_write(&u, 1, 0x01);
	uart_receive(&u, 'a');
	assert_int_equal(u.irq, 1);
	assert_int_equal(uart_read(&u, 2), 0xcc);
	for (int i = 0; i < 12; i++)
		uart_receive(&u, (uint8_t)('b' + i));
	assert_int_equal(uart_read(&u, 2), 0xcc); /* 13 bytes: FCR 0xc7 triggers at 14 */
	uart_receive(&u, 'z');
	assert_int_equal(uart_read(&u, 2), 0xc4);
}

static void test_uart_fifo(void **state)
{
	(void)state;
	uart16550 u;
	uart_init(&u, NULL, NULL);
	uart_write(&u, 2, 0x81);                   /* FIFO on, trigger 8 */
	uart_write(&u, 1, 0x05);                   /* RDI and line status */
	for (int i = 0; i < 7; i++)
		uart_receive(&u, (uint8_t)i);
	assert_int_equal(uart_read(&u, 2), 0xcc);
	uart_receive(&u, 7);
	assert_int_equal(uart_read(&u, 2), 0xc4);
	assert_int_equal(uart_rx_room(&u), 8);
	for (int i = 8; i < 17; i++)
		uart_receive(&u, (uint8_t)i);        /* the 17th overruns */
	assert_int_equal(uart_read(&u, 2), 0xc6);  /* line status first */
	assert_int_equal(uart_read(&u, 5) & 0x03, 0x03);
	assert_int_equal(uart_read(&u, 5) & 0x02, 0); /* OE clears on read */
	for (int i = 0; i < 16; i++)
		assert_int_equal(uart_read(&u, 0), i);
	assert_int_equal(uart_read(&u, 5) & 1, 0);
	assert_int_equal(u.irq, 0);
	uart_write(&u, 7, 0x5a);
	assert_int_equal(uart_read(&u, 7), 0x5a);
}

/* ---- MC146818 ---------------------------------------------------------- */

#define HZ 1000000u /* 1 MHz: one cycle per microsecond */

static uint8_t cmos(mc146818 *r, uint8_t reg, uint64_t now)
{
	mc146818_write(r, 0x70, reg, now);
	return mc146818_read(r, 0x71, now);
}

static void test_rtc_uip(void **state)
{
	(void)state;
	mc146818 r;
	mc146818_init(&r, HZ);
	/* UIP during the last 244 us of each second */
	assert_int_equal(cmos(&r, 10, 0) & 0x80, 0);
	assert_int_equal(cmos(&r, 10, HZ - 245) & 0x80, 0);
	assert_int_equal(cmos(&r, 10, HZ - 244) & 0x80, 0x80);
	assert_int_equal(cmos(&r, 10, HZ - 1) & 0x80, 0x80);
	assert_int_equal(cmos(&r, 10, HZ) & 0x80, 0);
	assert_int_equal(cmos(&r, 10, 3 * HZ - 100) & 0x80, 0x80);
	assert_int_equal(mc146818_next_event(&r, 0), HZ - 244);
	assert_int_equal(mc146818_next_event(&r, HZ - 244), HZ);
	/* Linux's estimate_frequencies: fall, rise, fall, rise = one second */
	uint64_t t = 0, start;
	while (cmos(&r, 10, t) & 0x80) t++;
	while (!(cmos(&r, 10, t) & 0x80)) t++;
	start = t;
	while (cmos(&r, 10, t) & 0x80) t++;
	while (!(cmos(&r, 10, t) & 0x80)) t++;
	assert_int_equal(t - start, HZ);
	/* the divider stopped (DV != 010): no UIP, no edges */
	mc146818_write(&r, 0x70, 10, 0);
	mc146818_write(&r, 0x71, 0x70, 0);
	assert_int_equal(cmos(&r, 10, HZ - 1), 0x70);
	assert_true(mc146818_next_event(&r, 0) == UINT64_MAX);
	/* defaults */
	mc146818 s;
	mc146818_init(&s, HZ);
	assert_int_equal(cmos(&s, 10, 0), 0x26);
	assert_int_equal(cmos(&s, 11, 0), 0x02);
	assert_int_equal(cmos(&s, 13, 0), 0x80);
}

static void test_rtc_time(void **state)
{
	(void)state;
	mc146818 r;
	mc146818_init(&r, HZ);
	/* the epoch, BCD: 2000-01-01 00:00:00, a Saturday (7) */
	uint8_t want[10] = { 0x00, 0, 0x00, 0, 0x00, 0, 0x07, 0x01, 0x01, 0x00 };
	for (int i = 0; i < 10; i += 2)
		assert_int_equal(cmos(&r, (uint8_t)i, 0), want[i]);
	for (int i = 6; i < 10; i++)
		assert_int_equal(cmos(&r, (uint8_t)i, 0), want[i]);
	/* 1 day, 13:59:58 later: Sunday 2000-01-02 13:59:58 */
	uint64_t t = (86400ull + 13 * 3600 + 59 * 60 + 58) * HZ + 5;
	assert_int_equal(cmos(&r, 0, t), 0x58);
	assert_int_equal(cmos(&r, 2, t), 0x59);
	assert_int_equal(cmos(&r, 4, t), 0x13);
	assert_int_equal(cmos(&r, 6, t), 0x01);
	assert_int_equal(cmos(&r, 7, t), 0x02);
	/* binary, 12-hour mode */
	mc146818_write(&r, 0x70, 11, t);
	mc146818_write(&r, 0x71, 0x04, t);
	assert_int_equal(cmos(&r, 4, t), 0x80 | 1); /* 1 pm */
	assert_int_equal(cmos(&r, 0, t), 58);
	/* setting the year to 2024 (binary 24) keeps the rest */
	mc146818_write(&r, 0x70, 9, t);
	mc146818_write(&r, 0x71, 24, t);
	assert_int_equal(cmos(&r, 9, t), 24);
	assert_int_equal(cmos(&r, 8, t), 1);
	assert_int_equal(cmos(&r, 7, t), 2);
	assert_int_equal(cmos(&r, 6, t), 3);     /* 2024-01-02 is a Tuesday */
	assert_int_equal(cmos(&r, 0, t + HZ), 59);
	/* NVRAM */
	mc146818_write(&r, 0x70, 0x40, t);
	mc146818_write(&r, 0x71, 0xa5, t);
	assert_int_equal(cmos(&r, 0x40, t), 0xa5);
	assert_int_equal(cmos(&r, 0x7f, t), 0x00);
}

static void test_rtc_flags(void **state)
{
	(void)state;
	mc146818 r;
	mc146818_init(&r, HZ);
	assert_int_equal(cmos(&r, 12, 10), 0x00);
	/* update-ended flag at the second, IRQ only when enabled */
	/* (PF too: the periodic flag runs at register A's rate, 1024 Hz,
	 * whether or not its interrupt is enabled) */
	assert_int_equal(cmos(&r, 12, HZ + 1), 0x50);
	assert_int_equal(cmos(&r, 12, HZ + 2), 0x00);  /* read clears */
	mc146818_write(&r, 0x70, 11, HZ + 2);
	mc146818_write(&r, 0x71, 0x12, HZ + 2);       /* UIE, 24h */
	mc146818_advance(&r, 2 * HZ);
	assert_int_equal(r.irq, 1);
	assert_int_equal(cmos(&r, 12, 2 * HZ), 0xd0);
	assert_int_equal(r.irq, 0);
	/* alarm at 00:00:05 */
	mc146818_write(&r, 0x70, 1, 2 * HZ);
	mc146818_write(&r, 0x71, 0x05, 2 * HZ);
	mc146818_write(&r, 0x70, 3, 2 * HZ);
	mc146818_write(&r, 0x71, 0xc0, 2 * HZ);
	mc146818_write(&r, 0x70, 5, 2 * HZ);
	mc146818_write(&r, 0x71, 0xc0, 2 * HZ);
	assert_int_equal(cmos(&r, 12, 4 * HZ) & 0x20, 0);
	assert_int_equal(cmos(&r, 12, 5 * HZ) & 0x20, 0x20);
	/* periodic at 1024 Hz (rate 6): 976 cycles at 1 MHz */
	mc146818_write(&r, 0x70, 11, 5 * HZ);
	mc146818_write(&r, 0x71, 0x42, 5 * HZ);
	assert_int_equal(mc146818_next_event(&r, 5 * HZ), (5 * HZ / 976 + 1) * 976);
	assert_int_equal(cmos(&r, 12, 5 * HZ + 1000) & 0xc0, 0xc0);
}

/* ---- the board --------------------------------------------------------- */

typedef struct fake_cpu {
	uint64_t now;
	int line[8];
} fake_cpu;

static uint64_t fake_clock(void *ctx) { return ((fake_cpu *)ctx)->now; }
static void fake_irq(void *ctx, unsigned line, int level) { ((fake_cpu *)ctx)->line[line] = level; }

static void make_board(board *b, fake_cpu *fc, FILE *console)
{
	board_config cfg = { .ram_mb = 16, .hz = HZ, .console = console, .input_fd = -1,
		             .clock = fake_clock, .set_irq = fake_irq, .ctx = fc };
	char err[256];
	assert_int_equal(board_init(b, &cfg, err, sizeof err), 0);
}

static uint32_t rd(board *b, uint32_t pa, unsigned size)
{
	uint32_t v = 0xdeadbeef;
	assert_int_equal(board_bus_read(b, pa, size, &v), 0);
	return v;
}

static void test_board_map(void **state)
{
	(void)state;
	fake_cpu fc = { 0, { 0 } };
	board b;
	make_board(&b, &fc, NULL);
	assert_int_equal(rd(&b, 0x1fc00010, 4), 0x420);
	assert_int_equal(rd(&b, 0x1fc00010, 1), 0x20);
	assert_int_equal(rd(&b, 0x1fc00011, 1), 0x04);
	assert_int_equal(rd(&b, 0x1fc00014, 4), 0);
	/* absent ISA ports float high */
	assert_int_equal(rd(&b, 0x18000060, 1), 0xff);  /* i8042 */
	assert_int_equal(rd(&b, 0x180002fd, 1), 0xff);  /* ttyS1 LSR */
	assert_int_equal(rd(&b, 0x18000040, 2), 0xffff);
	/* the GT-64120: the I/O base Linux reads, PCI config of nothing */
	assert_int_equal(rd(&b, GT64120_BASE + 0x48, 4), 0xc0);
	assert_int_equal(rd(&b, GT64120_BASE + 0x000, 4) & 0x1000, 0x1000);
	assert_int_equal(board_bus_write(&b, GT64120_BASE + 0xcf8, 4, 0x80000000u | (18 << 11)), 0);
	assert_int_equal(rd(&b, GT64120_BASE + 0xcfc, 4), 0xffffffffu);
	assert_int_equal(rd(&b, GT64120_BASE + 0xcf8, 4), 0x80000000u | (18 << 11));
	assert_int_equal(rd(&b, GT64120_BASE + 0xc18, 4), 0);
	/* the FPGA: jumpers read 0, SOFTRES ends the run */
	assert_int_equal(rd(&b, 0x1f000210, 4), 0);
	assert_int_equal(board_stop_reason(&b), BOARD_RUNNING);
	board_bus_write(&b, 0x1f000500, 4, 0x41);
	assert_int_equal(board_stop_reason(&b), BOARD_RUNNING);
	board_bus_write(&b, 0x1f000500, 4, 0x42);
	assert_int_equal(board_stop_reason(&b), BOARD_STOP_SOFTRES);
	/* nothing above 0x20000000 */
	uint32_t v;
	assert_int_equal(board_bus_read(&b, 0x20000000, 4, &v), -1);
	assert_int_equal(board_bus_write(&b, 0xfffffffc, 4, 0), -1);
	assert_int_equal(rd(&b, 0x1e000000, 4), 0);      /* decoded, empty */
	board_free(&b);
}

static void test_board_irq_path(void **state)
{
	(void)state;
	fake_cpu fc = { 0, { 0 } };
	char *text = NULL;
	size_t len = 0;
	FILE *con = open_memstream(&text, &len);
	board b;
	make_board(&b, &fc, con);
	/* Linux-style 8259 setup through the ISA window */
	static const uint16_t ports[] = { 0x21, 0xa1, 0x20, 0x21, 0x21, 0x21, 0xa0, 0xa1, 0xa1, 0xa1, 0x21, 0xa1 };
	static const uint8_t vals[] = { 0xff, 0xff, 0x11, 0x00, 0x04, 0x01, 0x11, 0x08, 0x02, 0x01, 0xeb, 0xff };
	for (unsigned i = 0; i < sizeof ports / sizeof ports[0]; i++)
		board_bus_write(&b, BOARD_ISA_BASE + ports[i], 1, vals[i]);
	/* ttyS0 with THR-empty interrupts: IRQ 4 -> 8259 -> IP2 */
	board_bus_write(&b, BOARD_ISA_BASE + 0x3f9, 1, 0x02);
	assert_int_equal(fc.line[2], 1);
	assert_int_equal(rd(&b, GT64120_BASE + 0xc34, 4), 4);  /* IACK */
	assert_int_equal(fc.line[2], 0);
	assert_int_equal(rd(&b, BOARD_ISA_BASE + 0x3fa, 1), 0x02);
	board_bus_write(&b, BOARD_ISA_BASE + 0x20, 1, 0x64);   /* EOI */
	/* each THR write is a new edge, so a new interrupt */
	board_bus_write(&b, BOARD_ISA_BASE + 0x3f8, 1, 'o');
	assert_int_equal(fc.line[2], 1);
	assert_int_equal(rd(&b, GT64120_BASE + 0xc34, 4), 4);
	board_bus_write(&b, BOARD_ISA_BASE + 0x20, 1, 0x64);
	board_bus_write(&b, BOARD_ISA_BASE + 0x3f8, 1, 'k');
	board_bus_write(&b, BOARD_ISA_BASE + 0x3f9, 1, 0x00);
	assert_int_equal(b.console_bytes, 2);
	/* the RTC's update interrupt: IRQ 8 via the slave */
	board_bus_write(&b, BOARD_ISA_BASE + 0xa1, 1, 0xfe);
	board_bus_write(&b, BOARD_ISA_BASE + 0x70, 1, 11);
	board_bus_write(&b, BOARD_ISA_BASE + 0x71, 1, 0x12);
	fc.now = HZ;
	board_advance(&b, fc.now);
	assert_int_equal(fc.line[2], 1);
	assert_int_equal(rd(&b, GT64120_BASE + 0xc34, 4), 8);
	/* the kernel's panic message ends the run after its end line */
	board_bus_write(&b, BOARD_ISA_BASE + 0x3f9, 1, 0x00);
	const char *msg = "\nKernel panic - not syncing: test\n---[ end Kernel panic - not syncing: test ]---\n";
	for (const char *p = msg; *p; p++) {
		assert_int_equal(board_stop_reason(&b), BOARD_RUNNING);
		board_bus_write(&b, BOARD_ISA_BASE + 0x3f8, 1, (uint8_t)*p);
	}
	assert_int_equal(board_stop_reason(&b), BOARD_STOP_PANIC);
	assert_int_equal(board_flush(&b), 0);
	fclose(con);
	assert_int_equal(len, 2 + strlen(msg));
	assert_memory_equal(text, "ok", 2);
	free(text);
	board_free(&b);
}

/* ---- loader and boot contract ------------------------------------------ */

static int have_cross(void)
{
	return system("mipsel-linux-gnu-gcc --version >/dev/null 2>&1") == 0;
}

static char tmpdir[64];

/* Builds a tiny kernel with its text at addr (a linker script: no header
 * segment in user space, no MIPS option sections). */
static char paths[8][256];
static unsigned npaths;

static const char *build_kernel(const char *name, const char *gcc, uint32_t addr)
{
	char *path = paths[npaths++ % 8];
	char cmd[2048];
	snprintf(path, 256, "%s/%s", tmpdir, name);
	snprintf(cmd, sizeof cmd,
	         "printf '.globl _start\\n_start: b _start\\n nop\\n.data\\n.word 0x12345678\\n.bss\\n.space 64\\n' > %s/k.s && "
	         "printf 'ENTRY(_start)\\nSECTIONS { . = 0x%08x; .text : { *(.text*) } .data : { *(.data*) } "
	         ".bss : { *(.bss*) } /DISCARD/ : { *(.MIPS.abiflags) *(.reginfo) *(.note*) *(.gnu*) *(.pdr) } }\\n' > %s/%s.ld && "
	         "%s -ffreestanding -nostdlib -static -no-pie -fno-pic -mno-abicalls -G0 -Wl,--build-id=none "
	         "-Wl,-T,%s/%s.ld -o %s %s/k.s",
	         tmpdir, addr, tmpdir, name, gcc, tmpdir, name, path, tmpdir);
	assert_int_equal(system(cmd), 0);
	return path;
}

static void test_loader(void **state)
{
	(void)state;
	if (!have_cross())
		skip();
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_board.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	fake_cpu fc = { 0, { 0 } };
	board b;
	make_board(&b, &fc, NULL);
	char err[512];
	board_kernel k;
	const char *good = build_kernel("good", "mipsel-linux-gnu-gcc", 0x80100000);
	assert_int_equal(board_load_kernel(&b, good, &k, err, sizeof err), 0);
	assert_int_equal(k.entry, 0x80100000u);
	assert_int_equal(b.ram[0x100000], 0xff); /* "b _start": 0x1000ffff */
	assert_int_equal(b.ram[0x100003], 0x10);
	assert_true(k.lo == 0x100000 && k.hi > 0x100000);
	/* outside RAM (16 MB): 0x81000000 is 16 MB */
	const char *high = build_kernel("high", "mipsel-linux-gnu-gcc", 0x81000000);
	assert_int_equal(board_load_kernel(&b, high, &k, err, sizeof err), -1);
	assert_non_null(strstr(err, "outside RAM (16 MB)"));
	assert_non_null(strstr(err, ":52: ")); /* the first program header */
	/* user space is no place for a kernel */
	const char *user = build_kernel("user", "mipsel-linux-gnu-gcc", 0x00400000);
	assert_int_equal(board_load_kernel(&b, user, &k, err, sizeof err), -1);
	assert_non_null(strstr(err, "not in kseg0 or kseg1"));
	/* not an ELF file; a directory; a missing file */
	char junk[256];
	snprintf(junk, sizeof junk, "%s/junk", tmpdir);
	FILE *f = fopen(junk, "w");
	fputs("hello, world\n", f);
	fclose(f);
	assert_int_equal(board_load_kernel(&b, junk, &k, err, sizeof err), -1);
	assert_non_null(strstr(err, "junk:0: not an ELF file"));
	assert_int_equal(board_load_kernel(&b, tmpdir, &k, err, sizeof err), -1);
	assert_int_equal(board_load_kernel(&b, "/nonexistent/k", &k, err, sizeof err), -1);
	/* big-endian and other machines */
	if (system("mips-linux-gnu-gcc --version >/dev/null 2>&1") == 0) {
		const char *be = build_kernel("be", "mips-linux-gnu-gcc", 0x80100000);
		assert_int_equal(board_load_kernel(&b, be, &k, err, sizeof err), -1);
		assert_non_null(strstr(err, "big-endian kernel"));
	}
	char host[256];
	snprintf(host, sizeof host, "%s/host", tmpdir);
	snprintf(err, sizeof err, "cp /bin/true %s", host);
	assert_int_equal(system(err), 0);
	assert_int_equal(board_load_kernel(&b, host, &k, err, sizeof err), -1);
	assert_true(strstr(err, "32-bit") || strstr(err, "wrong machine"));
	/* a truncated file: the segment's bytes are beyond the end */
	snprintf(err, sizeof err, "head -c 100 %s > %s/trunc", good, tmpdir);
	assert_int_equal(system(err), 0);
	snprintf(junk, sizeof junk, "%s/trunc", tmpdir);
	assert_int_equal(board_load_kernel(&b, junk, &k, err, sizeof err), -1);

	/* the initrd: QEMU's placement, 16 MB - (size + 128 KB) rounded up to 64 KB */
	assert_int_equal(board_load_kernel(&b, good, &k, err, sizeof err), 0);
	char rd_path[256];
	snprintf(rd_path, sizeof rd_path, "%s/initrd", tmpdir);
	f = fopen(rd_path, "w");
	for (int i = 0; i < 100000; i++)
		fputc(i & 0xff, f);
	fclose(f);
	uint32_t rd_at, rd_size;
	assert_int_equal(board_load_initrd(&b, rd_path, &k, &rd_at, &rd_size, err, sizeof err), 0);
	assert_int_equal(rd_size, 100000);
	assert_int_equal(rd_at, ((16u << 20) - (100000 + (128u << 10)) + 0xffff) & ~0xffffu);
	assert_int_equal(b.ram[rd_at + 300], 300 & 0xff);
	/* the boot table */
	board_boot_regs r;
	assert_int_equal(board_boot_contract(&b, &k, "console=ttyS0", rd_at, rd_size, &r, err, sizeof err), 0);
	assert_int_equal(r.a[0], 2);
	assert_int_equal(r.a[1], 0x80002000u);
	assert_int_equal(r.a[2], 0x80002008u);
	assert_int_equal(r.a[3], 16u << 20);
	assert_int_equal(r.sp, 0x80001fc0u);
	assert_int_equal(r.pc, 0x80100000u);
	assert_int_equal(r.status, 0x00400000u);
	uint32_t p1 = b.ram[0x2004] | b.ram[0x2005] << 8 | b.ram[0x2006] << 16 | (uint32_t)b.ram[0x2007] << 24;
	assert_int_equal(p1, 0x80002000u + 64 + 256);
	char want[128];
	snprintf(want, sizeof want, "rd_start=0xffffffff%08x rd_size=100000 console=ttyS0", 0x80000000u + rd_at);
	assert_string_equal((char *)b.ram + (p1 - 0x80000000u), want);
	const char *envs[] = { "memsize", "16777216", "ememsize", "16777216", "modetty0", "38400n8r" };
	for (int i = 0; i < 6; i++) {
		uint32_t p = b.ram[0x2008 + 4 * i] | b.ram[0x2009 + 4 * i] << 8 |
		             b.ram[0x200a + 4 * i] << 16 | (uint32_t)b.ram[0x200b + 4 * i] << 24;
		assert_string_equal((char *)b.ram + (p - 0x80000000u), envs[i]);
	}
	assert_int_equal(b.ram[0x2020] | b.ram[0x2021] | b.ram[0x2022] | b.ram[0x2023], 0); /* NULL */
	char longline[400];
	memset(longline, 'x', sizeof longline - 1);
	longline[sizeof longline - 1] = 0;
	assert_int_equal(board_boot_contract(&b, &k, longline, 0, 0, &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "command line too long"));
	/* an initrd too big for RAM */
	assert_int_equal(truncate(rd_path, 15 << 20), 0);
	assert_int_equal(board_load_initrd(&b, rd_path, &k, &rd_at, &rd_size, err, sizeof err), -1);
	board_free(&b);
	snprintf(err, sizeof err, "rm -rf %s", tmpdir);
	assert_int_equal(system(err), 0);
}

/* ---- the PIIX4 ---------------------------------------------------------- */

static uint32_t cfg(board *b, unsigned devfn, unsigned reg)
{
	board_bus_write(b, GT64120_BASE + 0xcf8, 4, 0x80000000u | devfn << 8 | reg);
	return rd(b, GT64120_BASE + 0xcfc, 4);
}

static void cfg_w(board *b, unsigned devfn, unsigned reg, uint32_t v)
{
	board_bus_write(b, GT64120_BASE + 0xcf8, 4, 0x80000000u | devfn << 8 | reg);
	board_bus_write(b, GT64120_BASE + 0xcfc, 4, v);
}

static void test_piix4(void **state)
{
	(void)state;
	fake_cpu fc = { 0, { 0 } };
	board b;
	make_board(&b, &fc, NULL);
	/* 00:0a.0 ISA bridge (multi-function), 00:0a.3 power management */
	assert_int_equal(cfg(&b, 10 << 3, 0x00), 0x71108086u);
	assert_int_equal(cfg(&b, 10 << 3, 0x0c) >> 16 & 0x80, 0x80);
	assert_int_equal(cfg(&b, 10 << 3, 0x08) >> 8, 0x060100u);
	assert_int_equal(cfg(&b, 10 << 3 | 3, 0x00), 0x71138086u);
	assert_int_equal(cfg(&b, 10 << 3 | 1, 0x00), 0xffffffffu); /* no IDE */
	assert_int_equal(cfg(&b, 11 << 3, 0x00), 0xffffffffu);
	/* without the enable bit a cycle reaches nothing */
	board_bus_write(&b, GT64120_BASE + 0xcf8, 4, 10u << 11);
	assert_int_equal(rd(&b, GT64120_BASE + 0xcfc, 4), 0xffffffffu);
	/* identity and BARs do not change; BAR sizing reads 0 */
	cfg_w(&b, 10 << 3 | 3, 0x00, 0);
	assert_int_equal(cfg(&b, 10 << 3 | 3, 0x00), 0x71138086u);
	cfg_w(&b, 10 << 3 | 3, 0x10, 0xffffffffu);
	assert_int_equal(cfg(&b, 10 << 3 | 3, 0x10), 0);
	cfg_w(&b, 10 << 3 | 3, 0x30, 0xfffff800u);
	assert_int_equal(cfg(&b, 10 << 3 | 3, 0x30), 0);
	/* the PM block appears at PMBA once PMREGMISC enables it */
	assert_int_equal(cfg(&b, 10 << 3 | 3, 0x40), 1);
	cfg_w(&b, 10 << 3 | 3, 0x40, 0x1000);
	assert_int_equal(cfg(&b, 10 << 3 | 3, 0x40), 0x1001);
	assert_int_equal(rd(&b, BOARD_ISA_BASE + 0x1004, 2), 0xffff);   /* not enabled yet */
	cfg_w(&b, 10 << 3 | 3, 0x80, 1);
	assert_int_equal(rd(&b, BOARD_ISA_BASE + 0x1004, 2), 0);
	/* Linux's piix4_poweroff: PMCNTRL = SUS_TYP soft off | SUS_EN */
	board_bus_write(&b, BOARD_ISA_BASE + 0x1004, 2, 1u << 13 | 1u << 12); /* SUS_EN, SUS_TYP 4: not off */
	assert_int_equal(board_stop_reason(&b), BOARD_RUNNING);
	board_bus_write(&b, BOARD_ISA_BASE + 0x1004, 2, 1u << 13);
	assert_int_equal(board_stop_reason(&b), BOARD_STOP_POWEROFF);
	board_free(&b);
}

/* ---- the native ledger -------------------------------------------------- */

static void test_account(void **state)
{
	(void)state;
	model m;
	char err[256];
	assert_int_equal(model_load_default(&m, err, sizeof err), 0);
	m.cpi_milli = 1500;
	m.cost[HOP_EXC_ENTRY] = 8;
	m.cost[HOP_ERET] = 4;
	m.cost[HOP_TLB_WRITE] = 3;
	struct cpu_sys_stats st;
	memset(&st, 0, sizeof st);
	st.ctx_insns[CPU_CTX_USER] = 1000;
	st.ctx_insns[CPU_CTX_KERNEL] = 2001;  /* x 1.5 = 3001.5: rounds to 3002 */
	st.ctx_insns[CPU_CTX_REFILL] = 230;   st.ctx_entries[CPU_CTX_REFILL] = 10;
	st.ctx_insns[CPU_CTX_TLBFAULT] = 400; st.ctx_entries[CPU_CTX_TLBFAULT] = 2;
	st.ctx_insns[CPU_CTX_TLBMOD] = 100;   st.ctx_entries[CPU_CTX_TLBMOD] = 1;
	st.ctx_insns[CPU_CTX_SYSCALL] = 600;  st.ctx_entries[CPU_CTX_SYSCALL] = 3;
	st.ctx_insns[CPU_CTX_TIMER] = 50;     st.ctx_entries[CPU_CTX_TIMER] = 1;
	st.ctx_insns[CPU_CTX_INTERRUPT] = 70; st.ctx_entries[CPU_CTX_INTERRUPT] = 1;
	st.ctx_insns[CPU_CTX_EXCEPTION] = 20; st.ctx_entries[CPU_CTX_EXCEPTION] = 1;
	st.ctx_insns[CPU_CTX_IDLE] = 5000;    st.ctx_entries[CPU_CTX_IDLE] = 2;
	st.exc[0] = 2; st.exc[2] = 11; st.exc[1] = 1; st.exc[8] = 3; st.exc[10] = 1;
	st.eret = 18;
	st.tlbwr = 10;
	st.tlbwi = 2;
	ledger l;
	uint64_t base;
	board_account_native(&st, &m, &l, &base);
	assert_int_equal(base, 1500);
	assert_int_equal(l.cycles[HOP_KERNEL], 3002);
	assert_int_equal(l.cycles[HOP_OS_REFILL], 345);
	assert_int_equal(l.count[HOP_OS_REFILL], 10);
	assert_int_equal(l.cycles[HOP_PAGE_FAULT], 600);
	assert_int_equal(l.cycles[HOP_TLB_MOD], 150);
	assert_int_equal(l.cycles[HOP_SYSCALL], 900);
	assert_int_equal(l.count[HOP_SYSCALL], 3);
	assert_int_equal(l.cycles[HOP_TIMER], 75);
	assert_int_equal(l.cycles[HOP_INTERRUPT], 105);
	assert_int_equal(l.cycles[HOP_EXCEPTION], 30);
	assert_int_equal(l.cycles[HOP_IDLE], 5000);      /* idle cycles, not x CPI */
	assert_int_equal(l.count[HOP_IDLE], 2);
	assert_int_equal(l.count[HOP_EXC_ENTRY], 18);
	assert_int_equal(l.cycles[HOP_EXC_ENTRY], 144);
	assert_int_equal(l.cycles[HOP_ERET], 72);
	assert_int_equal(l.count[HOP_TLB_WRITE], 12);
	assert_int_equal(l.cycles[HOP_TLB_WRITE], 36);
	assert_int_equal(ledger_total(&l), 3002 + 345 + 600 + 150 + 900 + 75 + 105 + 30 + 5000 + 144 + 72 + 36);
	/* the hops a boot ledger lists: those, and none of the monitor's */
	assert_true(board_hop_charged(HOP_KERNEL) && board_hop_charged(HOP_IDLE) && board_hop_charged(HOP_OS_REFILL));
	assert_false(board_hop_charged(HOP_PAGE_ZERO) || board_hop_charged(HOP_VMM_MISS) ||
	             board_hop_charged(HOP_CONTEXT_SWITCH));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pic_basic),
		cmocka_unit_test(test_pic_priority_and_nesting),
		cmocka_unit_test(test_pic_cascade),
		cmocka_unit_test(test_uart),
		cmocka_unit_test(test_uart_fifo),
		cmocka_unit_test(test_rtc_uip),
		cmocka_unit_test(test_rtc_time),
		cmocka_unit_test(test_rtc_flags),
		cmocka_unit_test(test_board_map),
		cmocka_unit_test(test_board_irq_path),
		cmocka_unit_test(test_piix4),
		cmocka_unit_test(test_loader),
		cmocka_unit_test(test_account),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
