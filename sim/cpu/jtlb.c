/*
 * jtlb.c - address translation in system mode: the segments (kuseg, kseg0,
 * kseg1, ksseg, kseg3) and their address errors, the joint TLB (lookup,
 * tlbr, tlbwi, tlbwr, tlbp), the per-mode micro-TLB sets it fills, and the
 * bus accesses outside RAM.
 *
 * The micro-TLB (exec.h's fast path) holds, per privilege mode and access
 * kind, host pointers for 4 KiB virtual pages backed by RAM.  An entry is
 * filled only by a successful translation here; it stays valid until the
 * mapping behind it can change: a TLB write drops the pages of the entry it
 * overwrites (and of the new one), an ASID change or an ERL change drops
 * every set.  A mode change only switches sets.  Code is decoded from the
 * word fetched each time (through the decode memo), so a store into code -
 * a kernel copying its refill handler to EBase - is executed as written.
 * A duplicate TLB match takes the lowest index (QEMU does not raise a
 * machine check either).
 */
#include <string.h>

#include "cpu/sys_priv.h"

static void utlb_clear(struct utlb_ent *e)
{
	e->tag = UTLB_EMPTY;
	e->writable = 0;
	e->add = 0;
}

void sys_utlb_flush(struct cpu_sys *s)
{
	for (unsigned m = 0; m < SYS_NMODES; m++)
		for (unsigned k = 0; k < 3; k++)
			for (unsigned i = 0; i < UTLB_N; i++)
				utlb_clear(&s->utlb[m][k][i]);
}

/* Drops the micro-TLB entries of the pages a TLB entry maps. */
static void utlb_drop_entry(struct cpu_sys *s, const struct jtlb_ent *e)
{
	uint32_t span = (e->mask | 0x1fffu) + 1; /* bytes of the pair */
	if (span > 2u * UTLB_N * MEM_PAGE_SIZE) {
		sys_utlb_flush(s);
		return;
	}
	for (uint32_t off = 0; off < span; off += MEM_PAGE_SIZE) {
		uint32_t va = e->vpn2 + off;
		unsigned i = (va >> MEM_PAGE_SHIFT) & (UTLB_N - 1);
		for (unsigned m = 0; m < SYS_NMODES; m++)
			for (unsigned k = 0; k < 3; k++)
				if (s->utlb[m][k][i].tag == va)
					utlb_clear(&s->utlb[m][k][i]);
	}
}

/* The matching TLB entry for a under asid, or -1. */
static int tlb_find(const struct cpu_sys *s, uint32_t a, uint32_t asid)
{
	for (unsigned i = 0; i < s->ntlb; i++) {
		const struct jtlb_ent *e = &s->tlb[i];
		uint32_t m = ~(e->mask | 0x1fffu);
		if ((a & m) == (e->vpn2 & m) && (e->g || e->asid == asid))
			return (int)i;
	}
	return -1;
}

static uint32_t exc_for(enum mem_access acc)
{
	return acc == MEM_STORE ? CPU_EXC_TLBS : CPU_EXC_TLBL;
}

uint8_t *sys_xlate(cpu *c, uint32_t a, unsigned size, enum mem_access acc)
{
	struct cpu_priv *p = c->priv;
	struct cpu_sys *s = p->sys;
	uint32_t pa;
	int writable = 1;
	s->refill = 0;
	if (a & (size - 1)) {
		p->pend_exc = acc == MEM_STORE ? CPU_EXC_ADES : CPU_EXC_ADEL;
		s->align_err = 1; /* BadVAddr only */
		return NULL;
	}
	s->align_err = 0;
	/* beneath a monitor the guest kernel (supervisor mode) maps every
	 * address through the TLB, kseg0/kseg1 included (cpu_vmm.h) */
	int guest_kernel = s->vmm_mode && s->mode == SYS_SUPER;
	if (a >= 0x80000000u && s->mode != SYS_KERNEL && !guest_kernel &&
	    !(s->mode == SYS_SUPER && a >= 0xc0000000u && a < 0xe0000000u)) {
		p->pend_exc = acc == MEM_STORE ? CPU_EXC_ADES : CPU_EXC_ADEL;
		return NULL;
	}
	if (a >= 0x80000000u && a < 0xc0000000u && !guest_kernel) {
		pa = a & 0x1fffffffu;              /* kseg0, kseg1 */
	} else if (a < 0x80000000u && (s->status & ST_ERL)) {
		pa = a;                            /* kuseg unmapped while ERL */
	} else {
		int i = tlb_find(s, a, s->entryhi & 0xffu);
		if (i < 0) {
			s->refill = 1;
			p->pend_exc = exc_for(acc);
			return NULL;
		}
		const struct jtlb_ent *e = &s->tlb[i];
		uint32_t half = (e->mask | 0x1fffu) >> 1; /* offset mask in a page */
		uint32_t lo = e->lo[(a & (half + 1)) != 0];
		if (!(lo & 2)) {
			p->pend_exc = exc_for(acc);
			return NULL;
		}
		writable = (lo & 4) != 0;
		if (acc == MEM_STORE && !writable) {
			p->pend_exc = CPU_EXC_MOD;
			return NULL;
		}
		pa = ((lo >> 6) << 12 & ~half) | (a & half);
	}
	if (pa >= s->bus.ram_size || s->bus.ram_size - pa < size) {
		p->pend_exc = 0;
		s->mmio_pa = pa;
		return NULL;
	}
	uint8_t *h = s->bus.ram + pa;
	if (acc != MEM_STORE || writable) {
		uint32_t page = a & ~(MEM_PAGE_SIZE - 1);
		struct utlb_ent *u = &s->utlb[s->mode][acc][(a >> MEM_PAGE_SHIFT) & (UTLB_N - 1)];
		u->tag = page;
		u->writable = (uint32_t)writable;
		u->add = (uintptr_t)(h - (a - page)) - page;
	}
	return h;
}

int sys_bus_read(cpu *c, unsigned size, uint32_t *v)
{
	struct cpu_sys *s = c->priv->sys;
	if (!s->bus.read || s->bus.read(s->bus.opaque, s->mmio_pa, size, v) != 0)
		return -1;
	return 0;
}

int sys_bus_write(cpu *c, unsigned size, uint32_t v)
{
	struct cpu_sys *s = c->priv->sys;
	if (!s->bus.write || s->bus.write(s->bus.opaque, s->mmio_pa, size, v) != 0)
		return -1;
	return 0;
}

void sys_tlbr(cpu *c)
{
	struct cpu_sys *s = c->priv->sys;
	const struct jtlb_ent *e = &s->tlb[(s->index & 0x7fffffffu) % s->ntlb];
	s->st.tlbr++;
	uint32_t g = e->g ? 1u : 0u;
	uint32_t hi = e->vpn2 | e->asid;
	if ((hi ^ s->entryhi) & 0xffu)
		sys_utlb_flush(s);
	s->entryhi = hi;
	s->pagemask = e->mask;
	s->entrylo0 = e->lo[0] | g;
	s->entrylo1 = e->lo[1] | g;
	sys_ev(c, TK_PRIV, TPRIV_TLBR, 0, 0, 0);
	sys_ev_asid(c);
}

void sys_tlb_set(struct cpu_sys *s, unsigned i, uint32_t hi, uint32_t lo0, uint32_t lo1,
                 uint32_t mask)
{
	struct jtlb_ent *e = &s->tlb[i];
	utlb_drop_entry(s, e);
	e->mask = mask;
	e->vpn2 = hi & ~(e->mask | 0x1fffu);
	e->asid = (uint8_t)(hi & 0xffu);
	e->g = (uint8_t)(lo0 & lo1 & 1u);
	/* the PFN bits below the page size are dropped, as on QEMU */
	uint32_t pfnmask = ~((e->mask >> 13) << 6);
	e->lo[0] = lo0 & ~1u & pfnmask;
	e->lo[1] = lo1 & ~1u & pfnmask;
	utlb_drop_entry(s, e);
}

static void tlb_write(cpu *c, unsigned i, unsigned indexed)
{
	struct cpu_sys *s = c->priv->sys;
	sys_ev(c, TK_TLBW, i | indexed, s->pagemask >> 13, s->entryhi,
	       s->entrylo0 | (uint64_t)s->entrylo1 << 32);
	sys_tlb_set(s, i, s->entryhi, s->entrylo0, s->entrylo1, s->pagemask);
}

void sys_tlbwi(cpu *c)
{
	struct cpu_sys *s = c->priv->sys;
	s->st.tlbwi++;
	tlb_write(c, (s->index & 0x7fffffffu) % s->ntlb, TTLBW_INDEXED);
}

uint32_t sys_random(cpu *c)
{
	/* A pseudo-random index in [Wired, top], never the same twice in a
	 * row (as QEMU's cpu_mips_get_random); deterministic: an LCG kept in
	 * the CPU's state. */
	struct cpu_sys *s = c->priv->sys;
	uint32_t n = s->ntlb - s->wired, idx;
	if (n <= 1)
		return s->ntlb - 1;
	do {
		s->rand_seed = s->rand_seed * 1103515245u + 12345u;
		idx = (s->rand_seed >> 16) % n + s->wired;
	} while (idx == s->rand_prev);
	s->rand_prev = idx;
	return idx;
}

void sys_tlbwr(cpu *c, uint64_t now)
{
	struct cpu_sys *s = c->priv->sys;
	(void)now;
	s->st.tlbwr++;
	tlb_write(c, sys_random(c), 0);
}

void sys_tlbp(cpu *c)
{
	struct cpu_sys *s = c->priv->sys;
	s->st.tlbp++;
	sys_ev(c, TK_PRIV, TPRIV_TLBP, 0, 0, 0);
	for (unsigned i = 0; i < s->ntlb; i++) {
		const struct jtlb_ent *e = &s->tlb[i];
		uint32_t m = ~(e->mask | 0x1fffu);
		if ((s->entryhi & m) == (e->vpn2 & m) && (e->g || e->asid == (s->entryhi & 0xffu))) {
			s->index = i;
			return;
		}
	}
	s->index |= 0x80000000u;
}
