/*
 * rt.c - the runtime of the freestanding test kernels (see rt.h).
 */
#include "rt.h"

#define UART_THR ((volatile unsigned char *)0xb80003f8)
#define UART_LSR ((volatile unsigned char *)0xb80003fd)
#define SOFTRES ((volatile u32 *)0xbf000500)

u32 rt_user_ksu = 0x10;
u32 rt_kctx[12];
u32 rt_depth, rt_vec_scratch;
u32 rt_exc_stack[4 * 1024] __attribute__((aligned(16)));
extern u32 rt_vec_stub[2];
extern char rt_user_return[];

void rt_putc(char ch)
{
	while (!(*UART_LSR & 0x20))
		;
	*UART_THR = (unsigned char)ch;
}

void rt_puts(const char *s)
{
	while (*s) {
		if (*s == '\n')
			rt_putc('\r');
		rt_putc(*s++);
	}
}

void rt_hex(u32 v)
{
	for (int i = 28; i >= 0; i -= 4)
		rt_putc("0123456789abcdef"[(v >> i) & 15]);
}

void rt_dec(u32 v)
{
	char b[12];
	int n = 0;
	do {
		b[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		rt_putc(b[--n]);
}

void rt_kv(const char *k, u32 v)
{
	rt_puts(k);
	rt_puts("=0x");
	rt_hex(v);
	rt_puts("\n");
}

void rt_exit(void)
{
	*SOFTRES = 0x42;
	for (;;)
		;
}

u32 tlb_entries(void)
{
	return ((MFC0(16, 1) >> 25) & 63) + 1;
}

void tlb_write_index(u32 index, u32 hi, u32 lo0, u32 lo1, u32 pagemask)
{
	MTC0(0, 0, index);
	MTC0(10, 0, hi);
	MTC0(2, 0, lo0);
	MTC0(3, 0, lo1);
	MTC0(5, 0, pagemask);
	__asm__ volatile("tlbwi\n\tehb" ::: "memory");
}

void tlb_read_index(u32 index, u32 *hi, u32 *lo0, u32 *lo1, u32 *pagemask)
{
	MTC0(0, 0, index);
	__asm__ volatile("tlbr\n\tehb" ::: "memory");
	*hi = MFC0(10, 0);
	*lo0 = MFC0(2, 0);
	*lo1 = MFC0(3, 0);
	*pagemask = MFC0(5, 0);
}

u32 tlb_probe(u32 hi)
{
	MTC0(10, 0, hi);
	__asm__ volatile("tlbp\n\tehb" ::: "memory");
	return MFC0(0, 0);
}

void tlb_invalidate_all(void)
{
	u32 n = tlb_entries();
	for (u32 i = 0; i < n; i++)
		tlb_write_index(i, 0x80000000u + (i << 13), 0, 0, 0);
	MTC0(10, 0, 0);
}

__attribute__((weak)) void test_exception(struct rt_frame *f)
{
	rt_puts("unexpected exception: vec ");
	rt_dec(f->vec);
	rt_puts(" code ");
	rt_dec(exc_code(f));
	rt_kv(" epc", f->epc);
	rt_kv("badvaddr", f->badvaddr);
	rt_exit();
}

void rt_exception(struct rt_frame *f);
void rt_exception(struct rt_frame *f)
{
	if (f->vec == 1 && exc_code(f) == 8 && (f->status & 0x18) != 0 && f->r[2] == 0) {
		/* the end of rt_user_call: back to kernel mode, EXL kept for the eret */
		f->epc = (u32)rt_user_return;
		f->status &= ~0x18u;
		return;
	}
	test_exception(f);
}

static void set_vector(u32 off, u32 n)
{
	volatile u32 *v = (volatile u32 *)(0x80000000u + off);
	v[0] = rt_vec_stub[0];
	v[1] = (rt_vec_stub[1] & ~0xffffu) | n;
}

void rt_main(void);
void rt_main(void)
{
	set_vector(0x000, 0);
	set_vector(0x180, 1);
	set_vector(0x200, 2);
	MTC0(15, 1, 0x80000000u);                 /* EBase */
	MTC0(13, 0, 1u << 23);                    /* Cause.IV */
	MTC0(12, 0, MFC0(12, 0) & ~(1u << 22));  /* clear BEV */
	test_main();
	rt_exit();
}
