/*
 * sched.c - several VMs on one machine (see sched.h).
 */
#include "vmm/sched.h"

#include <stdlib.h>

#include "vmm/vmm_int.h"

/* A slice never exceeds this many instructions (console output, a stop
 * request are looked at between slices). */
#define SLICE_MAX (1u << 20)

const char *vmm_end_name(int end)
{
	static const char *const names[] = {"running", "softres", "halt", "panic", "fail", "console", "poweroff"};
	return end >= 0 && end < (int)(sizeof names / sizeof names[0]) ? names[end] : "?";
}

typedef struct vmslot {
	vmm_guest *g;
	int end;
	int waiting;
	uint64_t wake_at;   /* machine time at which a waiting VM can go on */
} vmslot;

/* The VM's end, if its board says the run is over. */
static int board_end(vmslot *v)
{
	switch (board_stop_reason(v->g->b)) {
	case BOARD_STOP_SOFTRES: return VMM_END_SOFTRES;
	case BOARD_STOP_POWEROFF: return VMM_END_POWEROFF;
	case BOARD_STOP_PANIC: return VMM_END_PANIC;
	default: return v->g->b->console_error ? VMM_END_CONSOLE : VMM_END_RUNNING;
	}
}

/* VM v's turn from machine time now to at most limit.  Returns the machine
 * time at its end. */
static uint64_t turn(vmslot *v, uint64_t now, uint64_t limit, const vmm_sched_opts *o)
{
	vmm_guest *g = v->g;
	cpu *c = g->c;
	board *b = g->b;
	uint64_t t = cpu_time(c);
	if (t < now) { /* the VM's clock follows the machine's */
		cpu_idle(c, now - t);
		g->stolen += now - t;
	}
	v->waiting = 0;
	for (;;) {
		if ((v->end = board_end(v)) != VMM_END_RUNNING)
			break;
		t = cpu_time(c);
		if (t >= limit)
			break;
		board_advance(b, t);
		uint64_t budget = limit - t, ev = board_next_event(b, t);
		if (budget > SLICE_MAX)
			budget = SLICE_MAX;
		if (ev != UINT64_MAX && ev - t < budget)
			budget = ev - t ? ev - t : 1;
		int rc = cpu_run_system(c, budget);
		if (b->out_len && board_flush(b) != 0) {
			v->end = VMM_END_CONSOLE;
			break;
		}
		if (g->failed) {
			v->end = VMM_END_FAIL;
			break;
		}
		if (rc != CPU_STOP_WAIT)
			continue;
		t = cpu_time(c);
		board_advance(b, t);
		if (board_wait_ends(c)) /* (with interrupts off a pending line does not) */
			continue;
		uint64_t n = board_idle_cycles(b, c, t);
		if (!n) { /* (after a panic message: the panic's end) */
			v->end = b->panic ? VMM_END_PANIC : VMM_END_HALT;
			break;
		}
		if (o->idle_detect) { /* the CPU goes to another VM */
			v->waiting = 1;
			v->wake_at = t + n;
			break;
		}
		cpu_idle(c, n < limit - t ? n : limit - t); /* spins: its idle */
	}
	board_flush(b);
	t = cpu_time(c);
	return t > now ? t : now;
}

void vmm_sched_run(vmm_guest **g, unsigned n, const vmm_sched_opts *o, int *end, vmm_sched_stats *st)
{
	vmslot *v = calloc(n, sizeof *v);
	st->machine_cycles = st->switches = st->turns = st->machine_idle = 0;
	st->stopped = 0;
	for (unsigned i = 0; i < VMM_MAX_VMS; i++)
		st->finish[i] = 0;
	if (!v)
		return;
	for (unsigned i = 0; i < n; i++)
		v[i].g = g[i];
	uint64_t now = 0;
	unsigned cur = n - 1, last = n; /* last: the VM that ran last (n: none) */
	for (;;) {
		if ((o->stop && *o->stop) || (o->max_cycles && now >= o->max_cycles)) {
			st->stopped = 1;
			break;
		}
		/* the next runnable VM after cur, round robin */
		unsigned pick = n, live = 0;
		uint64_t wake = UINT64_MAX;
		for (unsigned k = 1; k <= n; k++) {
			vmslot *s = &v[(cur + k) % n];
			if (s->end != VMM_END_RUNNING)
				continue;
			live++;
			if (s->waiting && s->wake_at > now) {
				if (s->wake_at < wake)
					wake = s->wake_at;
				continue;
			}
			if (pick == n)
				pick = (cur + k) % n;
		}
		if (!live)
			break;
		if (pick == n) { /* every VM waits: the machine idles */
			st->machine_idle += wake - now;
			now = wake;
			continue;
		}
		cur = pick;
		if (last != n && last != cur) {
			vmm_vm_enter(&v[cur].g->vm, 1); /* machine_switch: save, restore, flush */
			st->switches++;
		}
		last = cur;
		st->turns++;
		uint64_t limit = o->quantum < UINT64_MAX - now ? now + o->quantum : UINT64_MAX;
		if (o->max_cycles && limit > o->max_cycles)
			limit = o->max_cycles;
		now = turn(&v[cur], now, limit, o);
		if (v[cur].end != VMM_END_RUNNING && cur < VMM_MAX_VMS)
			st->finish[cur] = now;
	}
	st->machine_cycles = now;
	for (unsigned i = 0; i < n; i++)
		end[i] = v[i].end;
	free(v);
}
