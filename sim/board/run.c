/*
 * run.c - the board's run loop (see run.h).
 *
 * Time is the CPU's clock (cpu_time: one cycle per instruction, plus the
 * cycles idled in `wait`).  The CPU runs in slices that end at the next
 * device event (an RTC update edge, a periodic interrupt), so a device sees
 * every access at the simulated time it happens; between slices the board
 * brings its devices and interrupt lines up to date.  A `wait` idles the
 * CPU to the next event that can end it: the CPU's timer if IP7 is
 * unmasked, a device event if a device line is.  If nothing can end it, the
 * machine is halted (Linux's poweroff without a PIIX4 power-management
 * function ends that way, interrupts disabled).
 */
#include "board/run.h"

/* A slice never exceeds this many instructions, so that console output,
 * input and a stop request are looked at often (a few ms of host time). */
#define SLICE_MAX (1u << 20)
/* Instructions a panicking kernel may run to finish its message. */
#define PANIC_GRACE 200000000u

const char *board_end_name(int end)
{
	static const char *const names[] = { "softres", "halt", "panic", "limit", "signal", "console",
		                             "poweroff", "record" };
	return end >= 0 && end < (int)(sizeof names / sizeof names[0]) ? names[end] : "?";
}

enum { ST_IE = 1u << 0, ST_EXL = 1u << 1, ST_ERL = 1u << 2, CONF7_WII = 1u << 31 };

uint64_t board_idle_cycles(const board *b, const cpu *c, uint64_t now)
{
	uint32_t st = cpu_cp0_get(c, 12, 0);
	int enabled = (st & ST_IE) && !(st & (ST_EXL | ST_ERL));
	/* with interrupts disabled a pending interrupt still ends `wait` on
	 * CPUs whose Config7.WII is set (the 24K family's, for Linux's
	 * r4k_wait_irqoff); without it nothing does */
	if (!enabled && !(cpu_cp0_get(c, 16, 7) & CONF7_WII))
		return 0;
	unsigned im = (st >> 8) & 0xff;
	uint64_t best = UINT64_MAX;
	if (im & (1u << 7))
		best = cpu_cycles_to_timer(c);
	if (im & ((1u << 2) | (1u << 4))) {
		uint64_t ev = board_next_event(b, now);
		if (ev != UINT64_MAX && ev - now < best)
			best = ev - now;
		/* console input may arrive at any time: look every 10 ms */
		if (!b->input_eof && b->cfg.hz / 100 < best)
			best = b->cfg.hz / 100 ? b->cfg.hz / 100 : 1;
	}
	return best == UINT64_MAX ? 0 : (best ? best : 1);
}

int board_wait_ends(const cpu *c)
{
	uint32_t st = cpu_cp0_get(c, 12, 0);
	uint32_t ip = cpu_cp0_get(c, 13, 0) & st & 0xff00u;
	int enabled = (st & ST_IE) && !(st & (ST_EXL | ST_ERL));
	return ip && (enabled || (cpu_cp0_get(c, 16, 7) & CONF7_WII));
}

int board_run(board *b, cpu *c, const board_run_opts *o)
{
	uint64_t panic_at = 0, next_progress = 0;
	uint64_t progress_step = b->cfg.hz / 10 ? b->cfg.hz / 10 : 1;
	int end;
	for (;;) {
		int why = board_stop_reason(b);
		if (why == BOARD_STOP_SOFTRES) {
			end = BOARD_END_SOFTRES;
			break;
		}
		if (why == BOARD_STOP_POWEROFF) {
			end = BOARD_END_POWEROFF;
			break;
		}
		if (why == BOARD_STOP_PANIC) {
			end = BOARD_END_PANIC;
			break;
		}
		if (b->panic && !panic_at)
			panic_at = c->insns;
		if (panic_at && c->insns - panic_at > PANIC_GRACE) {
			end = BOARD_END_PANIC;
			break;
		}
		if (o->stop && *o->stop) {
			end = BOARD_END_SIGNAL;
			break;
		}
		if (o->max_insns && c->insns >= o->max_insns) {
			end = BOARD_END_LIMIT;
			break;
		}
		uint64_t now = cpu_time(c);
		board_advance(b, now);
		if (o->progress && now >= next_progress) {
			o->progress(o->progress_ctx, c);
			next_progress = now + progress_step;
		}
		uint64_t budget = SLICE_MAX;
		uint64_t ev = board_next_event(b, now);
		if (ev != UINT64_MAX && ev - now < budget)
			budget = ev - now ? ev - now : 1;
		if (o->max_insns && o->max_insns - c->insns < budget)
			budget = o->max_insns - c->insns;
		int rc = cpu_run_system(c, budget);
		if (o->drain && c->ev_len && o->drain(o->drain_ctx, c) != 0) {
			end = BOARD_END_RECORD;
			break;
		}
		if (b->out_len && board_flush(b) != 0) {
			end = BOARD_END_CONSOLE;
			break;
		}
		if (b->mark_pending) {
			b->mark_pending = 0;
			if (o->mark)
				o->mark(o->mark_ctx, c, b->mark);
		}
		if (rc == CPU_STOP_WAIT) {
			now = cpu_time(c);
			board_advance(b, now);
			/* a device may have raised an unmasked line meanwhile: run
			 * again, the CPU leaves `wait` - if it can: with interrupts
			 * disabled (and no Config7.WII) a pending line never ends
			 * it, and board_idle_cycles finds the machine halted */
			if (board_wait_ends(c))
				continue;
			uint64_t n = board_idle_cycles(b, c, now);
			if (!n) { /* (after a panic message: the panic's end) */
				end = b->panic ? BOARD_END_PANIC : BOARD_END_HALT;
				break;
			}
			cpu_idle(c, n);
		}
	}
	board_flush(b);
	if (o->drain && c->ev_len && o->drain(o->drain_ctx, c) != 0 && end != BOARD_END_RECORD)
		end = BOARD_END_RECORD;
	return end;
}
