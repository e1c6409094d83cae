/*
 * sys.c - the CPU in system mode: creation, the run loop (cpu_run_system)
 * around the system build of the interpreter (exec.h with EXEC_SYS), time
 * (Count, the timer, idling in wait) and the accessors of cpu_sys.h.
 *
 * cpu_run_system alternates: at an instruction boundary (never between a
 * branch and its delay slot) it raises Cause.TI when Count has reached
 * Compare, delivers an enabled pending interrupt through cpu_deliver, stops
 * if the CPU waits; then it runs the interpreter up to the budget or the
 * timer's deadline, whichever is first.  The interpreter returns early after
 * anything that changes that decision (KICK in exec.h) and after every
 * exception it delivered.
 */
#include <stdlib.h>
#include <string.h>

#include "cpu/sys_priv.h"

#define EXEC_FN exec_sys_le
#define EXEC_BE 0
#define EXEC_EV 0
#define EXEC_ST 0
#define EXEC_SYS 1
#include "cpu/exec.h"

#define EXEC_FN exec_sys_be
#define EXEC_BE 1
#define EXEC_EV 0
#define EXEC_ST 0
#define EXEC_SYS 1
#include "cpu/exec.h"

/* recording (c->ev set): the same, appending the executed stream */
#define EXEC_FN exec_sys_le_ev
#define EXEC_BE 0
#define EXEC_EV 1
#define EXEC_ST 0
#define EXEC_SYS 1
#include "cpu/exec.h"

#define EXEC_FN exec_sys_be_ev
#define EXEC_BE 1
#define EXEC_EV 1
#define EXEC_ST 0
#define EXEC_SYS 1
#include "cpu/exec.h"

cpu *cpu_new_system(const cpu_bus *bus, int big_endian, unsigned tlb_entries)
{
	if (!bus || (bus->ram_size && !bus->ram))
		return NULL;
	if (tlb_entries == 0)
		tlb_entries = 16;
	if (tlb_entries != 16 && tlb_entries != 48 && tlb_entries != 64)
		return NULL;
	cpu *c = cpu_new(NULL, big_endian);
	if (!c)
		return NULL;
	struct cpu_sys *s = calloc(1, sizeof(*s));
	if (!s) {
		cpu_free(c);
		return NULL;
	}
	c->priv->sys = s;
	s->bus = *bus;
	s->ntlb = tlb_entries;
	sys_utlb_flush(s);
	sys_cp0_reset(c);
	return c;
}

int cpu_is_system(const cpu *c)
{
	return c->priv->sys != NULL;
}

uint64_t cpu_time(const cpu *c)
{
	return c->insns + (c->priv->sys ? c->priv->sys->idle : 0);
}

uint64_t cpu_cycles_to_timer(const cpu *c)
{
	const struct cpu_sys *s = c->priv->sys;
	if (!s)
		return UINT64_MAX;
	uint64_t now = cpu_time(c);
	return s->timer_due > now ? s->timer_due - now : 1;
}

void cpu_idle(cpu *c, uint64_t cycles)
{
	struct cpu_sys *s = c->priv->sys;
	if (!s || cycles == 0)
		return;
	sys_ctx_account(c);
	s->idle += cycles;
	s->st.ctx_insns[CPU_CTX_IDLE] += cycles;
	s->st.ctx_entries[CPU_CTX_IDLE]++;
	sys_ev(c, TK_IDLE, 0, 0, 0, cycles);
	sys_timer_check(c, cpu_time(c));
}

void cpu_set_tlb_seed(cpu *c, uint64_t seed)
{
	struct cpu_sys *s = c->priv->sys;
	if (s)
		s->rand_seed = (uint32_t)(seed ^ (seed >> 32));
}

int cpu_sys_record_start(cpu *c)
{
	struct cpu_sys *s = c->priv->sys;
	if (!s || !c->ev || c->ev_cap < 2 * CPU_SYS_EV_RESERVE || c->ev_cap - c->ev_len < 3)
		return -1;
	sys_ev(c, TK_PRIV, TPRIV_MFC0, 16 << 3 | 1, 0, sys_mfc0(c, 16, 1, cpu_time(c)));
	sys_ev(c, TK_MODE, sys_trace_mode(s->mode), 0, 0, 0);
	s->ev_asid = s->entryhi & 0xffu;
	sys_ev(c, TK_ASID, 0, 0, s->ev_asid, 0);
	return 0;
}

uint64_t cpu_sys_record_lost(const cpu *c)
{
	return c->priv->sys ? c->priv->sys->ev_lost : 0;
}

void cpu_request_stop(cpu *c)
{
	if (c->priv->sys)
		c->priv->sys->stop_req = 1;
}

int cpu_waiting(const cpu *c)
{
	return c->priv->sys ? c->priv->sys->waiting : 0;
}

const struct cpu_sys_stats *cpu_sys_stats(const cpu *c)
{
	struct cpu_sys *s = c->priv->sys;
	if (!s)
		return NULL;
	sys_ctx_account((cpu *)(uintptr_t)c);
	return &s->st;
}

void cpu_set_exc_hook(cpu *c, cpu_exc_hook fn, void *opaque)
{
	struct cpu_sys *s = c->priv->sys;
	if (!s)
		return;
	s->hook = fn;
	s->hook_opaque = opaque;
}

int cpu_run_system(cpu *c, uint64_t budget)
{
	struct cpu_priv *p = c->priv;
	struct cpu_sys *s = p->sys;
	if (!s)
		return CPU_STOP_LIMIT;
	if (budget > CPU_BUDGET_MAX)
		budget = CPU_BUDGET_MAX;
	int host_mode = fpu_enter(c);
	uint64_t end = c->insns + budget;
	int r = CPU_STOP_LIMIT;
	s->stop_req = 0;
	for (;;) {
		if (c->ev && c->ev_cap - c->ev_len < CPU_SYS_EV_RESERVE) {
			r = CPU_STOP_EVFULL; /* the caller drains the records */
			break;
		}
		uint64_t now = cpu_time(c);
		sys_timer_check(c, now);
		int slot_pending = c->pc == p->npc_for && (p->slot_next || p->annul_next);
		int irq = sys_irq_pending(c) != 0;
		if (irq && !slot_pending) {
			cpu_deliver(c, CPU_EXC_INT, 0, c->pc, 0, 0);
			irq = 0;
		}
		if (s->waiting) {
			r = CPU_STOP_WAIT;
			break;
		}
		if (c->insns >= end || s->stop_req)
			break;
		uint64_t chunk = end - c->insns;
		if (chunk > s->timer_due - now)
			chunk = s->timer_due - now;
		if (irq) /* the delay slot first, then the interrupt */
			chunk = 1;
		int e;
		if (c->ev)
			e = c->big_endian ? exec_sys_be_ev(c, chunk) : exec_sys_le_ev(c, chunk);
		else
			e = c->big_endian ? exec_sys_be(c, chunk) : exec_sys_le(c, chunk);
		if (e != SYS_RESUME && e != CPU_STOP_LIMIT) {
			r = e;
			break;
		}
	}
	sys_ctx_account(c);
	fpu_leave(host_mode);
	return r;
}
