/*
 * smc.c - code that changes under the CPU: a function rewritten in place
 * (and run through its kseg1 alias), user code whose page is remapped by
 * tlbwi to another physical page, the same virtual page under two ASIDs,
 * and code stored into a page while it is mapped.  Each run must execute
 * the instructions as they are in memory now.
 */
#include "rt.h"

#define P1 0x00500000u
#define P2 0x00501000u
#define KW(pa) ((volatile u32 *)(0x80000000u | (pa)))

static u32 fn_buf[8] __attribute__((aligned(32)));

/* "li $v0, n; jr $ra; nop" */
static void put_fn(volatile u32 *w, u32 n)
{
	w[0] = 0x24020000u | n;
	w[1] = 0x03e00008u;
	w[2] = 0;
}

/* user code: "li $v1, n; li $v0, 0; syscall; nop" */
static void put_user(volatile u32 *w, u32 n)
{
	w[0] = 0x24030000u | n;
	w[1] = 0x24020000u;
	w[2] = 0x0000000cu;
	w[3] = 0;
}

static u32 call(u32 addr)
{
	u32 (*f)(void) = (u32 (*)(void))addr;
	return f();
}

void test_main(void)
{
	rt_puts("smc\n");
	put_fn(fn_buf, 1);
	rt_kv("fn", call((u32)fn_buf));
	put_fn(fn_buf, 2);
	rt_kv("fn rewritten", call((u32)fn_buf));
	put_fn(fn_buf, 3);
	rt_kv("fn via kseg1", call((u32)fn_buf | 0x20000000u));
	put_fn((volatile u32 *)((u32)fn_buf | 0x20000000u), 4);
	rt_kv("fn written via kseg1", call((u32)fn_buf));

	tlb_invalidate_all();
	put_user(KW(P1), 11);
	put_user(KW(P2), 22);
	MTC0(10, 0, 5);
	tlb_write_index(2, 0x00600000u | 5, LO(P1, 0, 1, 0), 0, 0);
	rt_kv("user P1", rt_user_call(0x00600000u, 0, 0, 0));
	tlb_write_index(2, 0x00600000u | 5, LO(P2, 0, 1, 0), 0, 0);
	rt_kv("user remapped to P2", rt_user_call(0x00600000u, 0, 0, 0));
	tlb_write_index(3, 0x00600000u | 6, LO(P1, 0, 1, 0), 0, 0);
	MTC0(10, 0, 6);
	rt_kv("asid 6 (P1)", rt_user_call(0x00600000u, 0, 0, 0));
	MTC0(10, 0, 5);
	rt_kv("asid 5 (P2)", rt_user_call(0x00600000u, 0, 0, 0));
	put_user(KW(P2), 33);
	rt_kv("P2 rewritten", rt_user_call(0x00600000u, 0, 0, 0));
	rt_puts("done\n");
}
