/*
 * vmm_hooks.c - the CPU's side of a monitor beneath the guest (cpu_vmm.h).
 */
#include "cpu/cpu_vmm.h"
#include "cpu/sys_priv.h"

void cpu_set_vmm_mode(cpu *c, int on)
{
	struct cpu_sys *s = c->priv->sys;
	if (!s || s->vmm_mode == (on != 0))
		return;
	s->vmm_mode = on != 0;
	sys_utlb_flush(s); /* supervisor-mode translations change meaning */
}

void cpu_exc_detail(const cpu *c, struct cpu_exc_detail *d)
{
	const struct cpu_sys *s = c->priv->sys;
	d->insn = c->insn;
	d->next_pc = s ? s->exc_next : 0;
	d->ce = s ? s->ce & 3u : 0;
	d->refill = cpu_exc_refill(c);
}

void cpu_tlb_set(cpu *c, unsigned i, uint32_t hi, uint32_t lo0, uint32_t lo1, uint32_t mask)
{
	struct cpu_sys *s = c->priv->sys;
	if (!s || i >= s->ntlb)
		return;
	sys_tlb_set(s, i, hi, lo0, lo1, mask);
}

void cpu_ll_clear(cpu *c)
{
	c->priv->llbit = 0;
}

void cpu_enter_wait(cpu *c)
{
	if (c->priv->sys)
		c->priv->sys->waiting = 1;
}
