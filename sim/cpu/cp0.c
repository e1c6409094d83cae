/*
 * cp0.c - the CP0 registers of the system-mode CPU as QEMU's 24Kf has them:
 * identity (PRId, Config0-3), the writable masks of mtc0, Count and Compare
 * (the timer on IP7), Cause with the interrupt lines, Status and the mode.
 */
#include <string.h>

#include "cpu/sys_priv.h"

/* QEMU 24Kf identity (target/mips/cpu-defs.c.inc), checked against
 * qemu-system-mipsel -cpu 24Kf by guests/sys/cp0_id.c */
#define PRID_24KF 0x00019300u
#define CONFIG0_24KF 0x80000482u  /* M, AR=1 (release 2), MT=1 (TLB), K0=2 */
#define CONFIG1_24KF 0x80190c8fu  /* M, IS/IL/IA, DS/DL/DA, WR CA EP FP; MMU size apart */
#define CONFIG2_24KF 0x80000000u
#define CONFIG3_24KF 0x00000000u
#define INTCTL_24KF 0xe0000000u   /* IPTI = 7, IPPCI = 0 */
#define STATUS_RW 0x3678ff1fu     /* CP0_Status_rw_bitmask */
#define CAUSE_RW 0x08c00300u      /* DC, IV, WP, IP1..0 */
#define EBASE_RW 0x3ffff000u
#define ENTRYHI_RW 0xffffe0ffu
#define ENTRYLO_RW 0x03ffffffu
#define PAGEMASK_RW 0x1fffe000u
#define CONTEXT_RW 0xff800000u
#define HWRENA_RW 0x0000000fu

unsigned sys_mode_of(uint32_t status)
{
	if (status & (ST_EXL | ST_ERL))
		return SYS_KERNEL;
	switch ((status & ST_KSU) >> 3) {
	case 0: return SYS_KERNEL;
	case 1: return SYS_SUPER;
	default: return SYS_USER; /* 2; 3 is reserved: treated as user */
	}
}

void sys_cp0_reset(cpu *c)
{
	struct cpu_sys *s = c->priv->sys;
	s->status = ST_BEV | ST_ERL;
	s->cause = 0;
	s->ebase = 0x80000000u;
	s->config0 = CONFIG0_24KF;
	s->intctl = INTCTL_24KF;
	s->wired = 0;
	s->index = 0;
	s->pagemask = 0;
	s->entryhi = 0;
	s->compare = 0;
	s->count_off = 0;
	s->rand_seed = 1;
	s->rand_prev = 0;
	s->mode = sys_mode_of(s->status);
	c->pc = 0xbfc00000u;
	sys_timer_update(c, 0);
}

uint32_t sys_count(const cpu *c, uint64_t now)
{
	return c->priv->sys->count_off + (uint32_t)(now >> 1);
}

/* The time at which Count next becomes equal to Compare: Count steps on
 * even times; a full period (2^33 cycles) when they are equal now. */
void sys_timer_update(cpu *c, uint64_t now)
{
	struct cpu_sys *s = c->priv->sys;
	uint64_t d = (uint32_t)(s->compare - sys_count(c, now));
	if (d == 0)
		d = UINT64_C(1) << 32;
	s->timer_due = ((now >> 1) + d) << 1;
}

void sys_timer_check(cpu *c, uint64_t now)
{
	struct cpu_sys *s = c->priv->sys;
	while (now >= s->timer_due) {
		s->cause |= CA_TI;
		s->timer_due += UINT64_C(1) << 33;
	}
}

uint32_t sys_cause(const cpu *c)
{
	const struct cpu_sys *s = c->priv->sys;
	uint32_t v = s->cause | s->hw_ip;
	if (v & CA_TI)
		v |= 0x8000u; /* IntCtl.IPTI = 7 */
	return v;
}

uint32_t sys_irq_pending(const cpu *c)
{
	const struct cpu_sys *s = c->priv->sys;
	if ((s->status & (ST_IE | ST_EXL | ST_ERL)) != ST_IE)
		return 0;
	return sys_cause(c) & s->status & ST_IM;
}

void sys_status_changed(cpu *c, uint32_t old)
{
	struct cpu_sys *s = c->priv->sys;
	if ((old ^ s->status) & ST_ERL)
		sys_utlb_flush(s); /* kuseg is unmapped while ERL is set */
	unsigned m = sys_mode_of(s->status);
	if (m != s->mode) {
		sys_ctx_account(c);
		s->mode = m;
		sys_ev(c, TK_MODE, sys_trace_mode(m), 0, 0, 0);
	}
}

static void set_entryhi(cpu *c, uint32_t v)
{
	struct cpu_sys *s = c->priv->sys;
	if ((v ^ s->entryhi) & 0xffu)
		sys_utlb_flush(s); /* another address space */
	s->entryhi = v;
	sys_ev_asid(c);
}

uint32_t sys_mfc0(cpu *c, unsigned reg, unsigned sel, uint64_t now)
{
	struct cpu_sys *s = c->priv->sys;
	switch (reg << 3 | sel) {
	case 0 << 3: return s->index;
	case 1 << 3: return sys_random(c);
	case 2 << 3: return s->entrylo0;
	case 3 << 3: return s->entrylo1;
	case 4 << 3: return s->context;
	case 5 << 3: return s->pagemask;
	case 6 << 3: return s->wired;
	case 7 << 3: return s->hwrena;
	case 8 << 3: return s->badvaddr;
	case 9 << 3: return sys_count(c, now);
	case 10 << 3: return s->entryhi;
	case 11 << 3: return s->compare;
	case 12 << 3: return s->status;
	case 12 << 3 | 1: return s->intctl;
	case 12 << 3 | 2: return 0; /* SRSCtl: one shadow set */
	case 12 << 3 | 3: return 0; /* SRSMap */
	case 13 << 3: return sys_cause(c);
	case 14 << 3: return s->epc;
	case 15 << 3: return PRID_24KF;
	case 15 << 3 | 1: return s->ebase;
	case 16 << 3: return s->config0;
	case 16 << 3 | 1: return CONFIG1_24KF | ((s->ntlb - 1) << 25);
	case 16 << 3 | 2: return CONFIG2_24KF;
	case 16 << 3 | 3: return CONFIG3_24KF;
	case 17 << 3: return (c->priv->lladdr & 0x1fffffffu) >> 4;
	case 18 << 3 | 0: case 18 << 3 | 1: case 18 << 3 | 2: case 18 << 3 | 3:
	case 18 << 3 | 4: case 18 << 3 | 5: case 18 << 3 | 6: case 18 << 3 | 7:
		return s->watchlo[sel];
	case 19 << 3 | 0: case 19 << 3 | 1: case 19 << 3 | 2: case 19 << 3 | 3:
	case 19 << 3 | 4: case 19 << 3 | 5: case 19 << 3 | 6: case 19 << 3 | 7:
		return s->watchhi[sel];
	case 28 << 3: return s->taglo[0];
	case 28 << 3 | 1: return s->taglo[1];
	case 29 << 3: return s->taghi[0];
	case 29 << 3 | 1: return s->taghi[1];
	case 30 << 3: return s->errorepc;
	case 31 << 3: return s->desave;
	default: return 0; /* not implemented: reads 0, as QEMU */
	}
}

void sys_mtc0(cpu *c, unsigned reg, unsigned sel, uint32_t v, uint64_t now)
{
	struct cpu_sys *s = c->priv->sys;
	switch (reg << 3 | sel) {
	case 0 << 3:
		/* an index beyond the TLB is ignored (QEMU) */
		if ((v & 0x7fffffffu) < s->ntlb)
			s->index = (s->index & 0x80000000u) | (v & 0x7fffffffu);
		break;
	case 2 << 3: s->entrylo0 = v & ENTRYLO_RW; break;
	case 3 << 3: s->entrylo1 = v & ENTRYLO_RW; break;
	case 4 << 3: s->context = (s->context & ~CONTEXT_RW) | (v & CONTEXT_RW); break;
	case 5 << 3: s->pagemask = v & PAGEMASK_RW; break;
	case 6 << 3:
		s->wired = v % s->ntlb;
		sys_ev(c, TK_PRIV, TPRIV_MTC0, 6u << 3, 0, s->wired); /* tlbwr's range, for a replay */
		break;
	case 7 << 3: s->hwrena = v & HWRENA_RW; break;
	case 9 << 3:
		s->count_off = v - (uint32_t)(now >> 1);
		sys_timer_update(c, now);
		break;
	case 10 << 3: set_entryhi(c, v & ENTRYHI_RW); break;
	case 11 << 3:
		s->compare = v;
		s->cause &= ~CA_TI;
		sys_timer_update(c, now);
		break;
	case 12 << 3: {
		uint32_t old = s->status;
		s->status = (s->status & ~STATUS_RW) | (v & STATUS_RW);
		sys_status_changed(c, old);
		break; }
	case 12 << 3 | 1: s->intctl = (s->intctl & ~0x3e0u) | (v & 0x3e0u); break;
	case 13 << 3: s->cause = (s->cause & ~CAUSE_RW) | (v & CAUSE_RW); break;
	case 14 << 3: s->epc = v; break;
	case 15 << 3 | 1: s->ebase = (s->ebase & ~EBASE_RW) | (v & EBASE_RW); break;
	case 16 << 3: s->config0 = (s->config0 & ~7u) | (v & 7u); break;
	case 18 << 3 | 0: case 18 << 3 | 1: case 18 << 3 | 2: case 18 << 3 | 3:
	case 18 << 3 | 4: case 18 << 3 | 5: case 18 << 3 | 6: case 18 << 3 | 7:
		s->watchlo[sel] = v & ~7u; /* no watchpoints: I/R/W read back 0 */
		break;
	case 19 << 3 | 0: case 19 << 3 | 1: case 19 << 3 | 2: case 19 << 3 | 3:
	case 19 << 3 | 4: case 19 << 3 | 5: case 19 << 3 | 6: case 19 << 3 | 7: {
		uint32_t m = 0x40ff0ff8u;
		s->watchhi[sel] = (s->watchhi[sel] & ~m) | (v & m);
		s->watchhi[sel] &= ~(v & 7u);
		break; }
	case 28 << 3: s->taglo[0] = v; break;
	case 28 << 3 | 1: s->taglo[1] = v; break;
	case 29 << 3: s->taghi[0] = v; break;
	case 29 << 3 | 1: s->taghi[1] = v; break;
	case 30 << 3: s->errorepc = v; break;
	case 31 << 3: s->desave = v; break;
	default: break; /* read-only or not implemented: ignored */
	}
}

/* ---- the public accessors ------------------------------------------- */

uint32_t cpu_cp0_get(const cpu *c, unsigned reg, unsigned sel)
{
	if (!c->priv->sys)
		return 0;
	return sys_mfc0((cpu *)(uintptr_t)c, reg & 31, sel & 7, cpu_time(c));
}

void cpu_cp0_set(cpu *c, unsigned reg, unsigned sel, uint32_t v)
{
	struct cpu_sys *s = c->priv->sys;
	if (!s)
		return;
	uint64_t now = cpu_time(c);
	reg &= 31;
	sel &= 7;
	switch (reg << 3 | sel) {
	case 0 << 3: s->index = v; break;
	case 2 << 3: s->entrylo0 = v; break;
	case 3 << 3: s->entrylo1 = v; break;
	case 4 << 3: s->context = v; break;
	case 5 << 3: s->pagemask = v; break;
	case 6 << 3: s->wired = v; break;
	case 7 << 3: s->hwrena = v; break;
	case 8 << 3: s->badvaddr = v; break;
	case 10 << 3: set_entryhi(c, v); break;
	case 12 << 3: {
		uint32_t old = s->status;
		s->status = v;
		sys_status_changed(c, old);
		break; }
	case 12 << 3 | 1: s->intctl = v; break;
	case 13 << 3: s->cause = v & ~0x0000fc00u; break; /* IP2..7 are inputs */
	case 4 << 3 | 2: s->userlocal = v; break;
	case 15 << 3 | 1: s->ebase = v; break;
	case 16 << 3: s->config0 = v; break;
	default:
		/* the rest as mtc0 (Count and Compare keep the timer valid) */
		sys_mtc0(c, reg, sel, v, now);
		return;
	}
}

void cpu_set_irq(cpu *c, unsigned line, int level)
{
	struct cpu_sys *s = c->priv->sys;
	if (!s || line < 2 || line > 7)
		return;
	uint32_t bit = 1u << (8 + line);
	if (level)
		s->hw_ip |= bit;
	else
		s->hw_ip &= ~bit;
}
