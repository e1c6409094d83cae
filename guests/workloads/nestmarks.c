/*
 * nestmarks.c - a freestanding kernel (guests/sys/'s runtime) for
 * tests/cli/boot_marks.sh: spans of one name nested in each other
 * ("begin x", "begin x", "end x", "end x") around loops of known lengths,
 * then one after the other.
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
	rt_puts("vmmsim-mark begin x\n");
	work(30000);
	rt_puts("vmmsim-mark begin x\n");
	work(100000);
	rt_puts("vmmsim-mark end x\n");
	work(30000);
	rt_puts("vmmsim-mark end x\n");
	rt_puts("vmmsim-mark begin y\n");
	work(1000);
	rt_puts("vmmsim-mark end y\n");
	rt_puts("vmmsim-mark begin y\n");
	work(2000);
	rt_puts("vmmsim-mark end y\n");
	rt_puts("done\n");
	rt_exit();
}

void test_exception(struct rt_frame *f)
{
	(void)f;
}
