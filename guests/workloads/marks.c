/*
 * marks.c - a freestanding kernel (guests/sys/'s runtime) for
 * tests/cli/boot_marks.sh: console lines that are marks for vmmsim boot
 * (sim/board/board.h: "vmmsim-mark NAME") around a loop of a known length,
 * and lines that are not marks (the prefix not at the line's start, a name
 * longer than 63 bytes, the prefix alone).
 */
#include "rt.h"

static volatile u32 sink;

/* n iterations of a loop of a few instructions */
static void work(u32 n)
{
	for (u32 i = 0; i < n; i++)
		sink += i;
}

void test_main(void)
{
	rt_puts("vmmsim-mark begin short\n");
	work(1000);
	rt_puts("vmmsim-mark end short\n");
	rt_puts("not a mark: vmmsim-mark begin x\n");
	rt_puts("vmmsim-mark 0123456789012345678901234567890123456789012345678901234567890123456789\n");
	rt_puts("vmmsim-mark \n");
	rt_puts("vmmsim-mark begin long\r\n");
	work(100000);
	rt_puts("vmmsim-mark end long\r\n");
	rt_puts("done\n");
	rt_exit();
}

void test_exception(struct rt_frame *f)
{
	(void)f;
}
