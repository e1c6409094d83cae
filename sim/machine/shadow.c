/*
 * shadow.c - software-TLB configurations alongside a virt account (see
 * shadow.h for why each equals its own swtlb replay).  The charges mirror
 * mach.c's refill(), trapped_write() and timer() under the monitor.
 */
#include "machine/shadow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/mach.h"
#include "machine/replay.h"
#include "machine/replay_int.h"
#include "sweep/stackdist.h"

/* The stack's key of (vpn2, asid): a dense number given on first sight
 * (exact for any address width).  Returns 0, 1 if unknown and not created,
 * -1 out of memory. */
static int key_of(shadow_set *S, uint64_t vpn2, uint32_t asid, int create, uint64_t *key)
{
	uint64_t *p = hmap_get(&S->ids, vpn2, asid);
	if (p) {
		*key = *p;
		return 0;
	}
	if (!create)
		return 1;
	*key = S->nids;
	if (hmap_put(&S->ids, vpn2, asid, S->nids))
		return -1;
	S->nids++;
	return 0;
}

static inline void dch(shadow *s, const mach *M, unsigned hop, int64_t n)
{
	int64_t c = n * (int64_t)M->m->cost[hop];
	s->dcount[hop] += n;
	s->dhop[hop] += c;
	s->dcycles += c;
}

static int is_full(const shadow *s)
{
	return s->cfg.entries && s->cfg.assoc == 0;
}

/* need = min over shadows of next_timer - dcycles: the shadow closest to
 * its timer interrupt, whatever the virt account's hop cycles. */
static void update_need(shadow_set *S)
{
	int64_t need = INT64_MAX;
	for (size_t i = 0; i < S->n; i++) {
		const shadow *s = &S->s[i];
		if (s->next_timer == UINT64_MAX)
			continue;
		int64_t x = (int64_t)s->next_timer - s->dcycles;
		if (x < need)
			need = x;
	}
	S->need = need;
}

int shadow_init(shadow_set *S, const mach *M, const shadow_cfg *cfgs, size_t n)
{
	memset(S, 0, sizeof *S);
	hmap_init(&S->ids);
	S->s = calloc(n ? n : 1, sizeof *S->s);
	if (!S->s)
		return -1;
	S->n = n;
	int full = 0;
	for (size_t i = 0; i < n; i++) {
		shadow *s = &S->s[i];
		s->cfg = cfgs[i];
		s->next_timer = M->m->timer_period ? M->m->timer_period : UINT64_MAX;
		if (cfgs[i].entries == 0)
			continue; /* no software TLB: virt itself */
		if (cfgs[i].entries == SHADOW_INF || cfgs[i].assoc == 0 || cfgs[i].assoc >= cfgs[i].entries) {
			s->cfg.assoc = 0;
			full = 1;
		} else if (swtlb_init(&s->sw, cfgs[i].entries, cfgs[i].assoc)) {
			shadow_free(S);
			return -1;
		}
	}
	if (full && !(S->sd = stackdist_new())) {
		shadow_free(S);
		return -1;
	}
	update_need(S);
	return 0;
}

void shadow_free(shadow_set *S)
{
	for (size_t i = 0; i < S->n; i++)
		swtlb_free(&S->s[i].sw);
	free(S->s);
	stackdist_free(S->sd);
	hmap_free(&S->ids);
	memset(S, 0, sizeof *S);
}

void shadow_refill(shadow_set *S, const mach *M, uint64_t vpn2, uint32_t asid, unsigned valid,
                   unsigned dirty, int global)
{
	int64_t d = 0;
	uint64_t key;
	if (S->sd && (key_of(S, vpn2, asid, 1, &key) || (d = stackdist_access(S->sd, key)) < 0)) {
		S->oom = 1;
		d = 0;
	}
	for (size_t i = 0; i < S->n; i++) {
		shadow *s = &S->s[i];
		if (!s->cfg.entries)
			continue;
		int64_t c0 = s->dcycles;
		dch(s, M, HOP_SWTLB_LOOKUP, 1);
		int hit;
		if (is_full(s))
			hit = d > 0 && (s->cfg.entries == SHADOW_INF || (uint64_t)d <= s->cfg.entries);
		else
			hit = swtlb_lookup(&s->sw, vpn2, asid) != NULL;
		if (hit) {
			/* swtlb_hit instead of the reflected refill virt charges */
			s->hits++;
			dch(s, M, HOP_SWTLB_HIT, 1);
			dch(s, M, HOP_REFLECT, -1);
			dch(s, M, HOP_GUEST_REFILL, -1);
			dch(s, M, HOP_TRAP_TLBWRITE, -1);
			dch(s, M, HOP_RETT, -1);
		} else {
			/* the reflected refill's trapped write inserts the entry
			 * (for the stack, the lookup above already did) */
			s->misses++;
			dch(s, M, HOP_SWTLB_INSERT, 1);
			if (!is_full(s) && swtlb_insert(&s->sw, vpn2, asid, valid, dirty, global))
				S->oom = 1;
		}
		s->dtlb_miss_cycles += s->dcycles - c0;
	}
	update_need(S);
}

void shadow_write(shadow_set *S, const mach *M, uint64_t vpn2, uint32_t asid, unsigned valid,
                  unsigned dirty, int global)
{
	uint64_t key;
	if (S->sd && (key_of(S, vpn2, asid, 1, &key) || stackdist_touch(S->sd, key) < 0))
		S->oom = 1;
	for (size_t i = 0; i < S->n; i++) {
		shadow *s = &S->s[i];
		if (!s->cfg.entries)
			continue;
		dch(s, M, HOP_SWTLB_INSERT, 1);
		if (!is_full(s) && swtlb_insert(&s->sw, vpn2, asid, valid, dirty, global))
			S->oom = 1;
	}
	update_need(S);
}

void shadow_remove(shadow_set *S, uint64_t vpn2, uint32_t asid)
{
	uint64_t key;
	if (S->sd && !key_of(S, vpn2, asid, 0, &key) && stackdist_invalidate(S->sd, key) < 0)
		S->oom = 1;
	for (size_t i = 0; i < S->n; i++)
		if (S->s[i].cfg.entries && !is_full(&S->s[i]))
			swtlb_remove(&S->s[i].sw, vpn2, asid);
}

/* mach.c's timer() under the monitor, n times (n = -1 undoes one). */
static void timer_charges(shadow *s, const mach *M, int64_t n)
{
	dch(s, M, HOP_EXC_ENTRY, n);
	dch(s, M, HOP_EXC_REFLECT, n);
	dch(s, M, HOP_TIMER, n);
	dch(s, M, HOP_TRAP_PRIV, n * (int64_t)M->m->timer_priv_ops);
	dch(s, M, HOP_EXC_RETT, n);
}

void shadow_virt_timer(shadow_set *S, const mach *M)
{
	for (size_t i = 0; i < S->n; i++)
		timer_charges(&S->s[i], M, -1);
	update_need(S);
}

uint64_t shadow_deadline(const shadow_set *S, const mach *M, uint64_t virt_hop_cycles)
{
	if (S->need == INT64_MAX)
		return UINT64_MAX;
	if (S->need <= (int64_t)virt_hop_cycles)
		return M->insns;
	return mach_deadline_for(M, virt_hop_cycles, (uint64_t)S->need);
}

void shadow_tick(shadow_set *S, const mach *M, uint64_t virt_hop_cycles)
{
	const mach_vm *V = &M->vm[M->cur];
	uint64_t base = mach_base(M, M->insns);
	for (size_t i = 0; i < S->n; i++) {
		shadow *s = &S->s[i];
		if (s->next_timer == UINT64_MAX)
			continue;
		int64_t now = (int64_t)(base + virt_hop_cycles) + s->dcycles;
		if (now >= (int64_t)s->next_timer) {
			if (!V->os_in_trace) /* a traced OS carries its own interrupts */
				timer_charges(s, M, 1);
			s->next_timer += M->m->timer_period;
		}
	}
	update_need(S);
}

/* ---- on a replay object ---- */

static mach *virt_mach(const replay *r)
{
	for (unsigned j = 0; j < r->nms; j++)
		if (mach_acct(r->ms[j], REPLAY_VIRT))
			return r->ms[j];
	return NULL;
}

int shadow_attach(replay *r, const shadow_cfg *cfgs, size_t n, char *err, size_t errlen)
{
	mach *M = virt_mach(r);
	if (!M || r->nvms != 1) {
		snprintf(err, errlen, "software-TLB sweeps need the virt machine of a single VM");
		return -1;
	}
	if (M->shadows || M->insns) {
		snprintf(err, errlen, "software-TLB configurations must be attached once, before feeding");
		return -1;
	}
	shadow_set *S = malloc(sizeof *S);
	if (!S || shadow_init(S, M, cfgs, n)) {
		free(S);
		snprintf(err, errlen, "out of memory for %zu software-TLB configurations", n);
		return -1;
	}
	M->shadows = S;
	mach_shadows_changed(M);
	return 0;
}

int shadow_result(const replay *r, size_t i, replay_result *o)
{
	const mach *M = virt_mach(r);
	if (!M || !M->shadows || i >= M->shadows->n || M->shadows->oom)
		return -1;
	const shadow *s = &M->shadows->s[i];
	if (replay_get_result(r, REPLAY_VIRT, 0, o))
		return -1;
	o->cycles = (uint64_t)((int64_t)o->cycles + s->dcycles);
	o->tlb_miss_cycles = (uint64_t)((int64_t)o->tlb_miss_cycles + s->dtlb_miss_cycles);
	o->swtlb_hits = s->hits;
	o->swtlb_misses = s->misses;
	for (unsigned h = 0; h < HOP_N; h++) {
		o->hops.count[h] = (uint64_t)((int64_t)o->hops.count[h] + s->dcount[h]);
		o->hops.cycles[h] = (uint64_t)((int64_t)o->hops.cycles[h] + s->dhop[h]);
	}
	o->slowdown = 0;
	replay_result nat;
	if (!replay_get_result(r, REPLAY_NATIVE, 0, &nat) && nat.cycles)
		o->slowdown = (double)o->cycles / (double)nat.cycles;
	return 0;
}

void shadow_detach(replay *r)
{
	mach *M = virt_mach(r);
	if (!M || !M->shadows)
		return;
	shadow_free(M->shadows);
	free(M->shadows);
	M->shadows = NULL;
	mach_shadows_changed(M);
}
