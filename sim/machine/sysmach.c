/*
 * sysmach.c - the full-system machine (see sysmach.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/hmap.h"
#include "machine/sysmach.h"

#define STACK_N 64         /* the CPU's context stack (cpu/sys_priv.h) */
#define SHADOW_GLOBAL 0x100u /* the shadow's ASID key of a global entry */
#define NMASKS 16          /* distinct PageMasks the shadow looks up */

struct tent {
	uint32_t vpn2, mask; /* mask: PageMask | 0x1fff */
	uint8_t asid, g, used;
	uint64_t stamp;      /* FIFO: written; LRU: last used */
};

struct sysmach {
	sysmach_opts o;
	sysmach_stats st;
	int started, policy, oom;
	unsigned mode;       /* enum trace_mode */
	uint32_t asid;
	uint8_t stack[STACK_N];
	unsigned depth;
	struct tent tlb[SYSMACH_MAX_TLB];
	unsigned n, wired;   /* wired: the recorded Wired (tlbwr's range starts there) */
	uint64_t clock, rng, gen;
	unsigned last_victim;
	hmap shadow;         /* (vpn2, ASID or SHADOW_GLOBAL) -> PageMask >> 13 | 1 << 16 */
	uint32_t masks[NMASKS];
	unsigned nmasks;
	/* a cut refill: skipping its records up to its eret */
	int cutting;
	unsigned cut_nest;
	int drop_refetch;
	uint64_t refetch;
	uint64_t last_fetch;
	/* the last hit: 4 KB page and ASID, valid while gen is unchanged */
	uint32_t hit_page, hit_asid;
	uint64_t hit_gen;
};

int sysmach_is_recording(const trace_header *h, const trace_rec *r)
{
	return (h->version_major > 1 || h->version_minor >= 1) && r->kind == TK_PRIV &&
	       r->sub == TPRIV_MFC0 && r->x == (16u << 3 | 1u);
}

sysmach *sysmach_new(const sysmach_opts *o, char *err, size_t errlen)
{
	if (o->tlb_entries > SYSMACH_MAX_TLB || o->policy < SYSMACH_RECORDED || o->policy > TLB_LRU) {
		snprintf(err, errlen, "a full-system replay's TLB has 1 to %u entries", SYSMACH_MAX_TLB);
		return NULL;
	}
	sysmach *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->o = *o;
	s->rng = o->seed * 0x9E3779B97F4A7C15ull + 1;
	s->hit_gen = UINT64_MAX;
	s->last_victim = UINT32_MAX;
	hmap_init(&s->shadow);
	return s;
}

void sysmach_free(sysmach *s)
{
	if (!s)
		return;
	hmap_free(&s->shadow);
	free(s);
}

const sysmach_stats *sysmach_get_stats(const sysmach *s)
{
	return &s->st;
}

static unsigned ctx_now(const sysmach *s)
{
	if (s->mode == TMODE_USER)
		return SYSACCT_USER;
	if (s->depth == 0)
		return SYSACCT_KERNEL;
	return s->stack[(s->depth <= STACK_N ? s->depth : STACK_N) - 1];
}

static int tent_match(const struct tent *e, uint32_t a, uint32_t asid)
{
	return e->used && (a & ~e->mask) == e->vpn2 && (e->g || e->asid == asid);
}

static int tlb_find(const sysmach *s, uint32_t a, uint32_t asid)
{
	for (unsigned i = 0; i < s->n; i++)
		if (tent_match(&s->tlb[i], a, asid))
			return (int)i;
	return -1;
}

/* tlbwr's victim among the entries from Wired up: random as the hardware's
 * Random register (any entry, used or not, never the same twice in a row),
 * or the oldest written (FIFO) or used (LRU; an unused entry first) */
static unsigned victim(sysmach *s)
{
	unsigned lo = s->wired < s->n ? s->wired : s->n - 1;
	if (s->policy == TLB_FIFO || s->policy == TLB_LRU) {
		unsigned best = lo;
		for (unsigned i = lo; i < s->n; i++) {
			if (!s->tlb[i].used)
				return i;
			if (s->tlb[i].stamp < s->tlb[best].stamp)
				best = i;
		}
		return best;
	}
	unsigned span = s->n - lo, i;
	if (span <= 1)
		return lo;
	do {
		s->rng ^= s->rng << 13;
		s->rng ^= s->rng >> 7;
		s->rng ^= s->rng << 17;
		i = lo + (unsigned)(s->rng % span);
	} while (i == s->last_victim);
	s->last_victim = i;
	return i;
}

static void tlb_put(sysmach *s, unsigned i, uint32_t vpn2, uint32_t mask, uint32_t asid, unsigned g)
{
	struct tent *e = &s->tlb[i];
	e->vpn2 = vpn2;
	e->mask = mask;
	e->asid = (uint8_t)asid;
	e->g = (uint8_t)g;
	e->used = 1;
	e->stamp = ++s->clock;
	s->gen++;
}

static int shadow_put(sysmach *s, uint32_t vpn2, uint32_t mask, uint32_t asid, unsigned g)
{
	unsigned k;
	for (k = 0; k < s->nmasks && s->masks[k] != mask; k++)
		;
	if (k == s->nmasks && k < NMASKS)
		s->masks[s->nmasks++] = mask;
	return hmap_put(&s->shadow, vpn2, g ? SHADOW_GLOBAL : asid, (mask >> 13) | 1u << 16);
}

/* The entry the recording wrote last for a, or 0 (then *vpn2, *mask, *g). */
static int shadow_get(const sysmach *s, uint32_t a, uint32_t asid, uint32_t *vpn2, uint32_t *mask,
                      unsigned *g)
{
	for (unsigned k = 0; k < s->nmasks; k++) {
		uint32_t v = a & ~s->masks[k];
		for (unsigned gl = 0; gl < 2; gl++) {
			const uint64_t *p = hmap_get(&s->shadow, v, gl ? SHADOW_GLOBAL : asid);
			if (p && ((*p & 0xffffu) << 13 | 0x1fffu) == s->masks[k]) {
				*vpn2 = v;
				*mask = s->masks[k];
				*g = gl;
				return 1;
			}
		}
	}
	return 0;
}

static int mapped(const sysmach *s, uint32_t a)
{
	if (s->mode == TMODE_USER)
		return a < 0x80000000u;
	return a < 0x80000000u || a >= 0xc0000000u;
}

/* A recorded reference, or n of them to one page (a run of fetches): in
 * the machine's TLB, or a refill added (by the first). */
static int reference(sysmach *s, uint64_t addr, unsigned kind, uint64_t n)
{
	uint32_t a = (uint32_t)addr;
	if (!mapped(s, a))
		return 0;
	if (s->hit_gen == s->gen && s->hit_page == a >> 12 && s->hit_asid == s->asid)
		return 0;
	int i = tlb_find(s, a, s->asid);
	if (i < 0) {
		uint32_t vpn2, mask;
		unsigned g;
		if (!shadow_get(s, a, s->asid, &vpn2, &mask, &g)) {
			s->st.unknown_refs += n; /* (each looks again: none is cached) */
			return 0;
		}
		i = (int)victim(s);
		tlb_put(s, (unsigned)i, vpn2, mask, s->asid, g);
		s->st.refills_added++;
		s->st.exc[kind == TK_STORE ? SYSACCT_EXC_TLBS : SYSACCT_EXC_TLBL]++;
		s->st.tlb_refills++;
		s->st.tlbwr++;
		s->st.eret++;
		s->st.k.exceptions++;
		s->st.k.erets++;
		s->st.k.tlb_writes++;
		s->st.k.ctx_entries[SYSACCT_REFILL]++;
	} else if (s->policy == TLB_LRU) {
		s->tlb[i].stamp = ++s->clock;
	}
	s->hit_page = a >> 12;
	s->hit_asid = s->asid;
	s->hit_gen = s->gen;
	return 0;
}

/* A fetch, or a run of x + 1 sequential ones (trace_read_runs: within one
 * 1 KiB block, so one page), 4 bytes each (sysmach_feed checks). */
static void fetch(sysmach *s, const trace_rec *r)
{
	uint64_t n = 1u + r->x;
	if (s->drop_refetch) {
		s->drop_refetch = 0;
		if (r->addr == s->refetch) { /* the cut refill's instruction again */
			if (n == 1)
				return;
			n--; /* (the rest of the run: on the same page) */
		}
	}
	unsigned ctx = ctx_now(s);
	s->st.k.ctx_insns[ctx] += n;
	if (ctx == SYSACCT_REFILL)
		s->st.refill_run_insns += n;
	if (s->mode == TMODE_USER)
		s->st.user_insns += n;
	else
		s->st.kernel_insns += n;
	s->last_fetch = r->addr + r->arg - 4;
	reference(s, r->addr, TK_FETCH, n);
}

static void tlb_write(sysmach *s, const trace_rec *r)
{
	uint32_t hi = r->arg, lo0 = (uint32_t)r->addr, lo1 = (uint32_t)(r->addr >> 32);
	uint32_t mask = ((uint32_t)r->x << 13) | 0x1fffu;
	uint32_t vpn2 = hi & ~mask, asid = hi & 0xffu;
	unsigned g = lo0 & lo1 & 1u, idx = r->sub & 0x7fu;
	int indexed = (r->sub & TTLBW_INDEXED) != 0;
	if (indexed)
		s->st.tlbwi++;
	else
		s->st.tlbwr++;
	s->st.k.tlb_writes++;
	if (shadow_put(s, vpn2, mask, asid, g))
		s->oom = 1;
	unsigned i;
	if (s->policy == SYSMACH_RECORDED) {
		i = idx % s->n;
	} else {
		/* another TLB: the entry of the same pair if there is one (the
		 * OS probed for it), else the recorded index (tlbwi) or the
		 * machine's own victim (tlbwr) */
		int f = -1;
		for (unsigned j = 0; j < s->n && f < 0; j++) {
			const struct tent *e = &s->tlb[j];
			if (e->used && e->vpn2 == vpn2 && e->mask == mask && (g ? e->g : e->asid == asid))
				f = (int)j;
		}
		i = f >= 0 ? (unsigned)f : indexed ? idx % s->n : victim(s);
	}
	tlb_put(s, i, vpn2, mask, asid, g);
}

static void exception(sysmach *s, const trace_rec *r)
{
	unsigned code = r->sub & 31u;
	int refill = (code == SYSACCT_EXC_TLBL || code == SYSACCT_EXC_TLBS) && r->x == 0;
	if (refill) {
		s->st.refill_runs++;
		if (!s->st.exact && mapped(s, r->arg) && tlb_find(s, r->arg, s->asid) >= 0) {
			/* the machine's TLB maps it: no refill here */
			s->cutting = 1;
			s->cut_nest = 0;
			s->st.refills_cut++;
			s->drop_refetch = s->last_fetch == r->addr;
			s->refetch = r->addr;
			return;
		}
		s->st.tlb_refills++;
	}
	s->st.exc[code]++;
	if (code == SYSACCT_EXC_INT) {
		unsigned line = 0, p = r->arg & 0xffu;
		while (p >>= 1)
			line++;
		s->st.irq[line]++;
	}
	s->st.k.exceptions++;
	unsigned ctx = sysacct_exc_ctx(code, r->x, r->arg & 0xffu);
	if (s->depth < STACK_N)
		s->stack[s->depth] = (uint8_t)ctx;
	s->depth++;
	s->st.k.ctx_entries[ctx]++;
}

/* A record inside a cut refill handler: counted as the handler's length,
 * otherwise skipped up to the handler's eret. */
static void cut(sysmach *s, const trace_rec *r)
{
	switch (r->kind) {
	case TK_FETCH:
		s->st.refill_run_insns += 1u + r->x;
		break;
	case TK_EXC:
		s->cut_nest++;
		break;
	case TK_PRIV:
		if (r->sub == TPRIV_ERET) {
			if (s->cut_nest == 0)
				s->cutting = 0;
			else
				s->cut_nest--;
		}
		break;
	case TK_MODE:
		s->mode = r->sub;
		break;
	case TK_ASID:
		s->asid = r->arg;
		break;
	default:
		break;
	}
}

int sysmach_feed(sysmach *s, const trace_rec *recs, size_t n, size_t *at, char *err,
                 size_t errlen)
{
	for (size_t j = 0; j < n; j++) {
		const trace_rec *r = &recs[j];
		if (!s->started) {
			if (r->kind != TK_PRIV || r->sub != TPRIV_MFC0 || r->x != (16u << 3 | 1u)) {
				*at = j;
				snprintf(err, errlen, "not a full-system recording (no CPU identity first)");
				return -1;
			}
			s->st.recorded_tlb = ((unsigned)(r->addr >> 25) & 63u) + 1;
			s->n = s->o.tlb_entries ? s->o.tlb_entries : s->st.recorded_tlb;
			s->policy = s->o.policy;
			if (s->policy == SYSMACH_RECORDED && s->n != s->st.recorded_tlb)
				s->policy = TLB_RANDOM;
			s->st.tlb_entries = s->n;
			s->st.exact = s->policy == SYSMACH_RECORDED;
			s->mode = TMODE_KERNEL;
			s->started = 1;
			continue;
		}
		if (r->kind == TK_MARK) {
			*at = j;
			return SYSMACH_MARK;
		}
		if (r->kind == TK_FETCH && r->arg != 4u + 4u * r->x) {
			*at = j;
			if (r->x)
				snprintf(err, errlen, "%u fetches of %u bytes in all (a full-system "
				         "recording's instructions are 4 bytes each)", 1u + r->x, r->arg);
			else
				snprintf(err, errlen, "a fetch of %u bytes (a full-system recording's "
				         "instructions are 4 bytes each)", r->arg);
			return -1;
		}
		if (s->cutting) {
			cut(s, r);
			continue;
		}
		switch (r->kind) {
		case TK_FETCH:
			fetch(s, r);
			break;
		case TK_LOAD:
		case TK_STORE:
			s->drop_refetch = 0;
			reference(s, r->addr, r->kind, 1);
			break;
		case TK_MODE:
			s->mode = r->sub;
			break;
		case TK_ASID:
			s->asid = r->arg;
			break;
		case TK_EXC:
			exception(s, r);
			break;
		case TK_TLBW:
			tlb_write(s, r);
			break;
		case TK_PRIV:
			switch (r->sub) {
			case TPRIV_ERET:
				s->st.eret++;
				s->st.k.erets++;
				if (s->depth)
					s->depth--;
				break;
			case TPRIV_MTC0:
				if (r->x == 6u << 3)
					s->wired = (unsigned)r->addr;
				break;
			case TPRIV_TLBP: s->st.tlbp++; break;
			case TPRIV_TLBR: s->st.tlbr++; break;
			default: break;
			}
			break;
		case TK_IDLE:
			if (r->addr > SYSMACH_MAX_IDLE - s->st.k.ctx_insns[SYSACCT_IDLE]) {
				*at = j;
				snprintf(err, errlen, "an idle of %llu cycles: more than 2^62 idle cycles in all "
				         "(a corrupt recording)", (unsigned long long)r->addr);
				return -1;
			}
			s->st.k.ctx_insns[SYSACCT_IDLE] += r->addr;
			s->st.k.ctx_entries[SYSACCT_IDLE]++;
			break;
		default: /* marks; kinds a full-system recording does not have */
			break;
		}
	}
	if (s->oom) {
		*at = n ? n - 1 : 0;
		snprintf(err, errlen, "out of memory for the recorded TLB entries");
		return -1;
	}
	return 0;
}

/* Charges the refills added (see sysmach_finish) into st. */
static void charge_added(sysmach_stats *st, const model *m)
{
	uint64_t add = st->refills_added, insns;
	if (!add)
		return;
	if (st->refill_runs)
		insns = (add * st->refill_run_insns + st->refill_runs / 2) / st->refill_runs;
	else
		insns = add * m->cost[HOP_OS_REFILL] * 1000 / (m->cpi_milli ? m->cpi_milli : 1000);
	st->k.ctx_insns[SYSACCT_REFILL] += insns;
	st->kernel_insns += insns;
}

void sysmach_finish(sysmach *s, const model *m)
{
	charge_added(&s->st, m);
}

void sysmach_sample(const sysmach *s, const model *m, sysmach_stats *out)
{
	*out = s->st;
	charge_added(out, m);
}
