/*
 * except.c - exception and interrupt delivery in system mode (the body of
 * cpu_deliver when the CPU is a system CPU), eret, and the statistics and
 * hop contexts they drive.
 *
 * Delivery as MIPS32r2 (and QEMU's mips_cpu_do_interrupt): with EXL clear,
 * EPC = the faulting instruction (the branch when it sat in a delay slot,
 * Cause.BD set) and the offset is 0x000 for a TLB refill, 0x200 for an
 * interrupt with Cause.IV, 0x180 otherwise; with EXL already set EPC and BD
 * are kept and everything goes to 0x180.  The base is 0xbfc00200 while
 * Status.BEV is set, else EBase.  TLB exceptions and segment address errors
 * set BadVAddr, Context.BadVPN2 and EntryHi.VPN2; alignment errors only
 * BadVAddr.
 */
#include "cpu/sys_priv.h"

static const char *const exc_names[32] = {
	[0] = "Int", [1] = "Mod", [2] = "TLBL", [3] = "TLBS", [4] = "AdEL",
	[5] = "AdES", [6] = "IBE", [7] = "DBE", [8] = "Sys", [9] = "Bp",
	[10] = "RI", [11] = "CpU", [12] = "Ov", [13] = "Tr", [15] = "FPE",
	[18] = "C2E", [23] = "WATCH", [24] = "MCheck", [30] = "CacheErr",
};

int cpu_exc_refill(const cpu *c)
{
	return c->priv->sys ? c->priv->sys->refill : 0;
}

const char *cpu_exc_name(unsigned code)
{
	return code < 32 ? exc_names[code] : NULL;
}

static unsigned ctx_current(const struct cpu_sys *s)
{
	if (s->mode == SYS_USER)
		return CPU_CTX_USER;
	if (s->ctx_depth == 0)
		return CPU_CTX_KERNEL;
	unsigned d = s->ctx_depth <= sizeof(s->ctx_stack) ? s->ctx_depth : sizeof(s->ctx_stack);
	return s->ctx_stack[d - 1];
}

void sys_ctx_account(cpu *c)
{
	struct cpu_sys *s = c->priv->sys;
	uint64_t n = c->insns - s->ctx_mark;
	s->ctx_mark = c->insns;
	s->st.ctx_insns[ctx_current(s)] += n;
	if (s->mode == SYS_USER)
		s->st.user_insns += n;
	else
		s->st.kernel_insns += n;
}

static void ctx_push(struct cpu_sys *s, unsigned ctx)
{
	if (s->ctx_depth < sizeof(s->ctx_stack))
		s->ctx_stack[s->ctx_depth] = (uint8_t)ctx;
	s->ctx_depth++;
	s->st.ctx_entries[ctx]++;
}

int sys_deliver(cpu *c, uint32_t exc, uint32_t badvaddr, uint32_t insn_pc, int in_slot)
{
	struct cpu_priv *p = c->priv;
	struct cpu_sys *s = p->sys;
	uint32_t epc = in_slot ? insn_pc - 4 : insn_pc;
	int refill = (exc == CPU_EXC_TLBL || exc == CPU_EXC_TLBS) && s->refill;
	s->refill = refill; /* for cpu_exc_refill, inside the hook */
	s->waiting = 0;
	p->npc_for = 1;
	p->slot_next = 0;
	p->annul_next = 0;
	p->bd = in_slot;
	c->exc = exc;
	c->badvaddr = badvaddr;
	c->insn_pc = insn_pc;
	sys_ctx_account(c);
	if (s->hook) {
		c->pc = insn_pc;
		int taken = s->hook(s->hook_opaque, c, exc, badvaddr, epc, in_slot);
		if (taken) {
			s->refill = 0;
			return SYS_RESUME;
		}
	}
	s->refill = 0;

	if (exc == CPU_EXC_MOD || exc == CPU_EXC_TLBL || exc == CPU_EXC_TLBS ||
	    ((exc == CPU_EXC_ADEL || exc == CPU_EXC_ADES) && !s->align_err)) {
		s->badvaddr = badvaddr;
		s->context = (s->context & 0xff800000u) | ((badvaddr >> 9) & 0x007ffff0u);
		s->entryhi = (s->entryhi & 0xffu) | (badvaddr & 0xffffe000u);
	} else if (exc == CPU_EXC_ADEL || exc == CPU_EXC_ADES) {
		s->badvaddr = badvaddr;
	}
	uint32_t off = 0x180;
	unsigned ctx;
	switch (exc) {
	case CPU_EXC_INT: {
		off = (s->cause & CA_IV) ? 0x200 : 0x180;
		uint32_t pend = sys_irq_pending(c) >> 8;
		unsigned line = 0;
		while (pend >>= 1)
			line++;
		s->st.irq[line]++;
		ctx = line == 7 ? CPU_CTX_TIMER : CPU_CTX_INTERRUPT;
		break; }
	case CPU_EXC_MOD: ctx = CPU_CTX_TLBMOD; break;
	case CPU_EXC_TLBL:
	case CPU_EXC_TLBS: ctx = refill ? CPU_CTX_REFILL : CPU_CTX_TLBFAULT; break;
	case CPU_EXC_SYS: ctx = CPU_CTX_SYSCALL; break;
	default: ctx = CPU_CTX_EXCEPTION; break;
	}
	if (!(s->status & ST_EXL)) {
		s->epc = epc;
		if (in_slot)
			s->cause |= CA_BD;
		else
			s->cause &= ~CA_BD;
		if (refill) {
			off = 0;
			s->st.tlb_refills++;
		}
	} else if (exc != CPU_EXC_INT) {
		off = 0x180;
	}
	/* a TLB miss with EXL set goes to the general vector: its handler's
	 * code, not the refill handler, runs */
	if (ctx == CPU_CTX_REFILL && off != 0)
		ctx = CPU_CTX_TLBFAULT;
	if (c->ev) {
		uint32_t arg = 0;
		if (exc == CPU_EXC_INT)
			arg = (sys_irq_pending(c) >> 8) & 0xffu;
		else if (exc == CPU_EXC_MOD || exc == CPU_EXC_TLBL || exc == CPU_EXC_TLBS ||
		         exc == CPU_EXC_ADEL || exc == CPU_EXC_ADES)
			arg = badvaddr;
		sys_ev(c, TK_EXC, exc & 31, off, arg, epc);
	}
	s->cause = (s->cause & ~CA_EXC) | (exc << 2);
	if (exc == CPU_EXC_CPU) /* (CE is left as it was by the others, as QEMU) */
		s->cause = (s->cause & ~CA_CE) | (s->ce & 3u) << 28;
	s->st.exc[exc & 31]++;
	uint32_t old = s->status;
	s->status |= ST_EXL;
	sys_status_changed(c, old);
	ctx_push(s, ctx);
	uint32_t base = (s->status & ST_BEV) ? 0xbfc00200u : (s->ebase & 0xfffff000u);
	c->pc = base + off;
	return SYS_RESUME;
}

uint32_t sys_eret(cpu *c)
{
	struct cpu_priv *p = c->priv;
	struct cpu_sys *s = p->sys;
	uint32_t old = s->status, pc;
	sys_ctx_account(c);
	s->st.eret++;
	if (s->status & ST_ERL) {
		pc = s->errorepc;
		s->status &= ~ST_ERL;
	} else {
		pc = s->epc;
		s->status &= ~ST_EXL;
	}
	if (s->ctx_depth)
		s->ctx_depth--;
	p->llbit = 0;
	sys_ev(c, TK_PRIV, TPRIV_ERET, 0, 0, pc);
	sys_status_changed(c, old);
	return pc;
}
