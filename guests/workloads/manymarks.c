/*
 * manymarks.c - a freestanding kernel (guests/sys/'s runtime) for
 * tests/cli/boot_marks.sh: more marks than vmmsim boot samples
 * (BOOT_MARKS_MAX, sim/cli/boot_report.h: 10000), each its own console line.
 */
#include "rt.h"

void test_main(void)
{
	for (u32 i = 0; i < 10005; i++)
		rt_puts("vmmsim-mark begin m\n");
	rt_puts("done\n");
	rt_exit();
}

void test_exception(struct rt_frame *f)
{
	(void)f;
}
