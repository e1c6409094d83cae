/*
 * timer.c - Count/Compare: Cause.TI and IP7 raised when Count reaches
 * Compare (polled with interrupts off), cleared by a Compare write; timer
 * interrupts through the interrupt vector (Cause.IV: EBase + 0x200), taken
 * in a busy loop and to wake `wait`; a software interrupt (Cause.IP0).
 */
#include "rt.h"

#define PERIOD 200000u

static volatile u32 ticks, swint, vec_seen;

void test_exception(struct rt_frame *f)
{
	if (exc_code(f) != 0) {
		rt_puts("unexpected exception\n");
		rt_exit();
	}
	vec_seen |= 1u << f->vec;
	u32 pend = f->cause & f->status & 0xff00u;
	if (pend & 0x8000u) {
		ticks++;
		MTC0(11, 0, MFC0(9, 0) + PERIOD);
	}
	if (pend & 0x0100u) {
		swint++;
		MTC0(13, 0, MFC0(13, 0) & ~0x100u);
	}
}

/* On QEMU, Count follows the host clock: a loaded host can let Count pass
 * Compare before the write lands, and the interrupt would come 2^32 counts
 * later.  Re-arm then (never the case on a simulated clock). */
static void rearm_if_missed(void)
{
	u32 cnt = MFC0(9, 0), cmp = MFC0(11, 0);
	if ((int)(cnt - cmp) > 0 && (int)(cnt - cmp) < 0x40000000 && !(MFC0(13, 0) & 0x40000000u))
		MTC0(11, 0, MFC0(9, 0) + PERIOD);
}

void test_main(void)
{
	rt_puts("timer\n");
	rt_kv("intctl.ipti", MFC0(12, 1) >> 29);
	MTC0(11, 0, MFC0(9, 0) + 1000000u); /* (10 ms on QEMU: room for translating) */
	while (!(MFC0(13, 0) & 0x40000000u))
		(void)MFC0(9, 0); /* (QEMU notices an expired Compare on a Count read) */
	u32 cause = MFC0(13, 0);
	rt_kv("ti", cause >> 30 & 1);
	rt_kv("ip7", cause >> 15 & 1);
	MTC0(11, 0, MFC0(9, 0) - 1);
	cause = MFC0(13, 0);
	rt_kv("ti after compare write", cause >> 30 & 1);
	rt_kv("ip7 after compare write", cause >> 15 & 1);

	/* timer interrupts in a busy loop */
	MTC0(11, 0, MFC0(9, 0) + PERIOD);
	MTC0(12, 0, (MFC0(12, 0) & ~0xff00u) | 0x8001u);
	while (ticks < 3)
		rearm_if_missed();
	rt_kv("ticks", ticks);
	/* ... and to wake wait */
	while (ticks < 6) {
		rearm_if_missed();
		__asm__ volatile("wait");
	}
	rt_kv("ticks after wait", ticks >= 6);
	MTC0(12, 0, MFC0(12, 0) & ~1u);
	rt_kv("vectors seen", vec_seen);

	/* software interrupt 0: pending in Cause, taken when enabled */
	MTC0(13, 0, MFC0(13, 0) | 0x100u);
	rt_kv("ip0 pending", MFC0(13, 0) >> 8 & 1);
	MTC0(12, 0, (MFC0(12, 0) & ~0xff00u) | 0x0101u);
	__asm__ volatile("nop\n\tnop");
	MTC0(12, 0, MFC0(12, 0) & ~1u);
	rt_kv("software interrupts", swint);
	rt_puts("done\n");
}
