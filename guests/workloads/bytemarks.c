/*
 * bytemarks.c - a freestanding kernel (guests/sys/'s runtime) for
 * tests/cli/boot_marks.sh: marks whose names are any bytes but CR and LF
 * (sim/board/board.h): not UTF-8 (0xff 0xfe), a comma and quotes (CSV), a
 * tab, a space.
 */
#include "rt.h"

static volatile u32 sink;

static void work(u32 n)
{
	for (u32 i = 0; i < n; i++)
		sink += i;
}

void test_main(void)
{
	rt_puts("vmmsim-mark begin \xff\xfe\n");
	work(1000);
	rt_puts("vmmsim-mark end \xff\xfe\n");
	rt_puts("vmmsim-mark begin a,\"b\"\n");
	work(2000);
	rt_puts("vmmsim-mark end a,\"b\"\n");
	rt_puts("vmmsim-mark begin tab\there\n");
	work(10);
	rt_puts("vmmsim-mark end tab\there\n");
	rt_puts("vmmsim-mark begin  \n");
	rt_puts("vmmsim-mark end  \n");
	rt_puts("done\n");
	rt_exit();
}

void test_exception(struct rt_frame *f)
{
	(void)f;
}
