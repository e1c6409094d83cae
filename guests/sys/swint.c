/*
 * swint.c - software interrupts: Cause.IP0 set with Status.IM0 and IE
 * raises an interrupt on the highest pending line, IP0, three times.
 * vmmsim boot's report counts them on IP0 (text and JSON alike).
 */
#include "rt.h"

static volatile u32 got;

void test_main(void)
{
	rt_puts("swint\n");
	for (int i = 0; i < 3; i++) {
		MTC0(12, 0, (MFC0(12, 0) & ~0xff00u) | 0x0100u | 1u); /* Status: IM0, IE */
		MTC0(13, 0, MFC0(13, 0) | 0x100u);                     /* Cause: IP0 */
		for (volatile int k = 0; k < 10; k++)
			;
	}
	rt_kv("swints", got);
	rt_exit();
}

void test_exception(struct rt_frame *f)
{
	if (exc_code(f) == 0) {
		got++;
		MTC0(13, 0, MFC0(13, 0) & ~0x300u); /* clear IP0, IP1 */
		f->status &= ~1u;                    /* return with interrupts off */
	}
}
