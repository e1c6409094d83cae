/*
 * idle.c - an idle guest for the information gap: 40 timer ticks (one
 * every 200,000 cycles at Count's rate), each awaited with `wait`, then
 * SOFTRES.  Beside a busy guest, a monitor that notices `wait` gives the
 * CPU to the busy one (vmmsim boot --vm ... --idle-detect on); one that
 * does not lets this guest spin through its turns (idle cycles).  Built
 * with guests/sys's runtime (start.S, rt.c, sys.ld).
 */
#include "rt.h"

#define PERIOD 100000u /* Count ticks: 200,000 cycles */
#define TICKS 40u

static volatile u32 ticks;

void test_exception(struct rt_frame *f)
{
	if (exc_code(f) != 0 || !(f->cause & f->status & 0x8000u)) {
		rt_puts("unexpected exception\n");
		rt_exit();
	}
	ticks++;
	MTC0(11, 0, MFC0(11, 0) + PERIOD);
}

void test_main(void)
{
	rt_puts("idle\n");
	MTC0(11, 0, MFC0(9, 0) + PERIOD);
	MTC0(12, 0, (MFC0(12, 0) & ~0xff00u) | 0x8001u);
	while (ticks < TICKS)
		__asm__ volatile("wait");
	MTC0(12, 0, MFC0(12, 0) & ~1u);
	rt_kv("ticks", ticks);
	rt_puts("done\n");
}
