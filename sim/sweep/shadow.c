/*
 * shadow.c - software-TLB configurations alongside a virt account (see
 * shadow.h for why each equals its own swtlb replay).  The charges mirror
 * mach.c's refill(), trapped_write() and timer() under the monitor.
 */
#include "sweep/shadow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/mach.h"
#include "replay/replay.h"
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

static int is_full(const shadow *s)
{
	return s->cfg.entries && s->cfg.assoc == 0;
}

/* The shadow's hop cycles minus the virt account's. */
static int64_t dcycles(const shadow_set *S, const shadow *s)
{
	int64_t d = s->own - (int64_t)S->virt_timers * S->d_timer;
	if (s->cfg.entries)
		d += (int64_t)S->writes * S->d_write;
	return d;
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
		int64_t x = (int64_t)s->next_timer - dcycles(S, s);
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
	/* mach.c: a refill under the monitor charges vmm_miss, then with a
	 * software TLB swtlb_lookup and on a hit swtlb_hit, else (and in virt)
	 * reflect, guest_refill, trap_tlbwrite (+ swtlb_insert), rett; a
	 * trapped write swtlb_insert; the timer exc_entry, exc_reflect, timer,
	 * timer_priv_ops x trap_priv, exc_rett */
	const uint64_t *c = M->m->cost;
	S->d_hit = (int64_t)(c[HOP_SWTLB_LOOKUP] + c[HOP_SWTLB_HIT]) -
	           (int64_t)(c[HOP_REFLECT] + c[HOP_GUEST_REFILL] + c[HOP_TRAP_TLBWRITE] + c[HOP_RETT]);
	S->d_miss = (int64_t)(c[HOP_SWTLB_LOOKUP] + c[HOP_SWTLB_INSERT]);
	S->d_write = (int64_t)c[HOP_SWTLB_INSERT];
	S->d_timer = (int64_t)(c[HOP_EXC_ENTRY] + c[HOP_EXC_REFLECT] + c[HOP_TIMER] +
	                       M->m->timer_priv_ops * c[HOP_TRAP_PRIV] + c[HOP_EXC_RETT]);
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

static void shadow_refill(void *h, const mach *M, uint64_t vpn2, uint32_t asid, unsigned valid,
                          unsigned dirty, int global)
{
	shadow_set *S = h;
	(void)M;
	int64_t d = 0;
	uint64_t key;
	if (S->sd && (key_of(S, vpn2, asid, 1, &key) || (d = stackdist_access(S->sd, key)) < 0)) {
		S->oom = 1;
		d = 0;
	}
	/* the cycles every shadow shares (see dcycles), once per call */
	const int64_t common = -(int64_t)S->virt_timers * S->d_timer,
	              common_sw = common + (int64_t)S->writes * S->d_write;
	int64_t need = INT64_MAX;
	for (size_t i = 0; i < S->n; i++) {
		shadow *s = &S->s[i];
		if (!s->cfg.entries) {
			/* virt itself: nothing changes */
		} else if (s->cfg.assoc == 0 ? d > 0 && (uint64_t)d <= s->cfg.entries
		                            : swtlb_lookup(&s->sw, vpn2, asid) != NULL) {
			/* a hit: swtlb_hit instead of the reflected refill */
			s->hits++;
			s->own += S->d_hit;
		} else {
			/* a miss: the reflected refill's trapped write inserts
			 * the entry (for the stack, the lookup above did) */
			s->misses++;
			s->own += S->d_miss;
			if (s->cfg.assoc && swtlb_insert(&s->sw, vpn2, asid, valid, dirty, global))
				S->oom = 1;
		}
		int64_t x = (int64_t)s->next_timer - s->own - (s->cfg.entries ? common_sw : common);
		if (s->next_timer != UINT64_MAX && x < need)
			need = x;
	}
	S->need = need;
}

static void shadow_write(void *h, const mach *M, uint64_t vpn2, uint32_t asid, unsigned valid,
                         unsigned dirty, int global)
{
	shadow_set *S = h;
	(void)M;
	uint64_t key;
	if (S->sd && (key_of(S, vpn2, asid, 1, &key) || stackdist_touch(S->sd, key) < 0))
		S->oom = 1;
	S->writes++;
	for (size_t i = 0; i < S->n; i++) {
		shadow *s = &S->s[i];
		if (s->cfg.entries && !is_full(s) && swtlb_insert(&s->sw, vpn2, asid, valid, dirty, global))
			S->oom = 1;
	}
	update_need(S);
}

static void shadow_remove(void *h, uint64_t vpn2, uint32_t asid)
{
	shadow_set *S = h;
	uint64_t key;
	if (S->sd && !key_of(S, vpn2, asid, 0, &key) && stackdist_invalidate(S->sd, key) < 0)
		S->oom = 1;
	for (size_t i = 0; i < S->n; i++)
		if (S->s[i].cfg.entries && !is_full(&S->s[i]))
			swtlb_remove(&S->s[i].sw, vpn2, asid);
}

static void shadow_virt_timer(void *h, const mach *M)
{
	shadow_set *S = h;
	(void)M;
	S->virt_timers++;
	update_need(S);
}

static uint64_t shadow_deadline(void *h, const mach *M, uint64_t virt_hop_cycles)
{
	const shadow_set *S = h;
	if (S->need == INT64_MAX)
		return UINT64_MAX;
	if (S->need <= (int64_t)virt_hop_cycles)
		return M->insns;
	return mach_deadline_for(M, virt_hop_cycles, (uint64_t)S->need);
}

static void shadow_tick(void *h, const mach *M, uint64_t virt_hop_cycles)
{
	shadow_set *S = h;
	const mach_vm *V = &M->vm[M->cur];
	uint64_t base = mach_base(M, M->insns);
	for (size_t i = 0; i < S->n; i++) {
		shadow *s = &S->s[i];
		if (s->next_timer == UINT64_MAX)
			continue;
		int64_t now = (int64_t)(base + virt_hop_cycles) + dcycles(S, s);
		if (now >= (int64_t)s->next_timer) {
			if (!V->os_in_trace) { /* a traced OS carries its own interrupts */
				s->timers++;
				s->own += S->d_timer;
			}
			s->next_timer += M->m->timer_period;
		}
	}
	update_need(S);
}

/* ---- on a replay object ---- */

static const mach_hooks hooks = {
	.refill = shadow_refill,
	.write = shadow_write,
	.remove = shadow_remove,
	.virt_timer = shadow_virt_timer,
	.deadline = shadow_deadline,
	.tick = shadow_tick,
};

static mach *virt_mach(const replay *r)
{
	return replay_machine(r, REPLAY_VIRT);
}

int shadow_attach(replay *r, const shadow_cfg *cfgs, size_t n, char *err, size_t errlen)
{
	mach *M = virt_mach(r);
	if (!M) {
		snprintf(err, errlen, "software-TLB sweeps need the virt machine of a single VM");
		return -1;
	}
	if (M->hooks || M->insns) {
		snprintf(err, errlen, "software-TLB configurations must be attached once, before feeding");
		return -1;
	}
	shadow_set *S = malloc(sizeof *S);
	if (!S || shadow_init(S, M, cfgs, n)) {
		free(S);
		snprintf(err, errlen, "out of memory for %zu software-TLB configurations", n);
		return -1;
	}
	if (mach_set_hooks(M, &hooks, S)) {
		shadow_free(S);
		free(S);
		snprintf(err, errlen, "software-TLB sweeps need the virt machine of a single VM");
		return -1;
	}
	return 0;
}

int shadow_result(const replay *r, size_t i, replay_result *o)
{
	const mach *M = virt_mach(r);
	if (!M || M->hooks != &hooks)
		return -1;
	const shadow_set *S = M->hooks_opaque;
	if (i >= S->n || S->oom)
		return -1;
	const shadow *s = &S->s[i];
	if (replay_get_result(r, REPLAY_VIRT, 0, o))
		return -1;
	/* the differences to virt, hop by hop (see shadow_init) */
	int64_t dn[HOP_N] = {0}, lookups = (int64_t)(s->hits + s->misses), h = (int64_t)s->hits;
	int64_t t = (int64_t)s->timers - (int64_t)S->virt_timers;
	dn[HOP_SWTLB_LOOKUP] = lookups;
	dn[HOP_SWTLB_HIT] = h;
	dn[HOP_REFLECT] = dn[HOP_GUEST_REFILL] = dn[HOP_TRAP_TLBWRITE] = dn[HOP_RETT] = -h;
	dn[HOP_SWTLB_INSERT] = (int64_t)s->misses + (s->cfg.entries ? (int64_t)S->writes : 0);
	dn[HOP_EXC_ENTRY] = dn[HOP_EXC_REFLECT] = dn[HOP_TIMER] = dn[HOP_EXC_RETT] = t;
	dn[HOP_TRAP_PRIV] = t * (int64_t)M->m->timer_priv_ops;
	int64_t total = 0;
	for (unsigned k = 0; k < HOP_N; k++) {
		int64_t dc = dn[k] * (int64_t)M->m->cost[k];
		o->hops.count[k] = (uint64_t)((int64_t)o->hops.count[k] + dn[k]);
		o->hops.cycles[k] = (uint64_t)((int64_t)o->hops.cycles[k] + dc);
		total += dc;
	}
	o->cycles = (uint64_t)((int64_t)o->cycles + total);
	/* the refill path: lookups by outcome (inserts of misses included) */
	o->tlb_miss_cycles = (uint64_t)((int64_t)o->tlb_miss_cycles + h * S->d_hit +
	                                (int64_t)s->misses * S->d_miss);
	o->swtlb_hits = s->hits;
	o->swtlb_misses = s->misses;
	o->slowdown = 0;
	replay_result nat;
	if (!replay_get_result(r, REPLAY_NATIVE, 0, &nat) && nat.cycles)
		o->slowdown = (double)o->cycles / (double)nat.cycles;
	return 0;
}

void shadow_detach(replay *r)
{
	mach *M = virt_mach(r);
	if (!M || M->hooks != &hooks)
		return;
	shadow_set *S = M->hooks_opaque;
	mach_set_hooks(M, NULL, NULL);
	shadow_free(S);
	free(S);
}
