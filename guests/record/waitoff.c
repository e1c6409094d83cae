/*
 * waitoff.c - `wait` with interrupts disabled while the timer's line is
 * pending and unmasked: on a CPU without Config7.WII (the 24Kf as vmmsim
 * models it) nothing can end that wait, so the machine is halted - the run
 * must end ("halt"), not spin (tests/cli/boot_record.sh).
 */
#include "rt.h" /* guests/sys/rt.h: linked with guests/sys/start.S, rt.c, sys.ld */

void test_exception(struct rt_frame *f)
{
	(void)f;
	rt_puts("unexpected exception\n");
	rt_exit();
}

void test_main(void)
{
	rt_puts("waitoff\n");
	MTC0(11, 0, MFC0(9, 0) + 1000);
	MTC0(12, 0, (MFC0(12, 0) & ~0xff01u) | 0x8000u); /* IM7, IE clear */
	while (!(MFC0(13, 0) & 0x8000u))
		;
	__asm__ volatile("wait");
	rt_puts("woke\n");
}
