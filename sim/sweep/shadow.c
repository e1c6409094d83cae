/*
 * shadow.c - software-TLB configurations alongside a virt account (see
 * shadow.h for why each equals its own swtlb replay).  Every difference to
 * virt comes from the rows of machine/flows.def that the machine charges:
 * per lookup swtlb's REFILL_HIT or REFILL row minus virt's REFILL row, per
 * other trapped write swtlb's row of that flow minus virt's, per timer
 * interrupt the TIMER row.
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
	int64_t d = s->own - (int64_t)S->virt_timers * S->timer_virt;
	if (s->cfg.entries)
		d += S->write_cycles;
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
	const model *m = M->m;
	const flow_row *refill_virt = flow_find(FE_REFILL, FLOW_VIRT, 0);
	int64_t refill = flow_sum(m, refill_virt, 0, 1, NULL);
	S->d_hit = flow_sum(m, flow_find(FE_REFILL_HIT, FLOW_SWTLB, 1), 0, 1, NULL) - refill;
	S->d_miss = flow_sum(m, flow_find(FE_REFILL, FLOW_SWTLB, 1), 0, 1, NULL) - refill;
	for (unsigned ev = 0; ev < FE_N; ev++)
		S->d_write[ev] = flow_sum(m, flow_find(ev, FLOW_SWTLB, 1), 0, 1, NULL) -
		                 flow_sum(m, flow_find(ev, FLOW_VIRT, 0), 0, 1, NULL);
	S->timer_virt = flow_sum(m, flow_find(FE_TIMER, FLOW_VIRT, 0), 0, 1, NULL);
	S->timer_sw = flow_sum(m, flow_find(FE_TIMER, FLOW_SWTLB, 1), 0, 1, NULL);
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
	const int64_t common = -(int64_t)S->virt_timers * S->timer_virt,
	              common_sw = common + S->write_cycles;
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

static void shadow_write(void *h, const mach *M, unsigned event, uint64_t vpn2, uint32_t asid,
                         unsigned valid, unsigned dirty, int global)
{
	shadow_set *S = h;
	(void)M;
	uint64_t key;
	if (S->sd && (key_of(S, vpn2, asid, 1, &key) || stackdist_touch(S->sd, key) < 0))
		S->oom = 1;
	if (event < FE_N) {
		S->writes[event]++;
		S->write_cycles += S->d_write[event];
	}
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
				s->own += s->cfg.entries ? S->timer_sw : S->timer_virt;
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
	/* the differences to virt, hop by hop, from the flows (shadow_init) */
	const model *m = M->m;
	int64_t dn[HOP_N] = {0}, h = (int64_t)s->hits, ms = (int64_t)s->misses;
	const flow_row *refill_virt = flow_find(FE_REFILL, FLOW_VIRT, 0);
	flow_sum(m, flow_find(FE_REFILL_HIT, FLOW_SWTLB, 1), 0, h, dn);
	flow_sum(m, flow_find(FE_REFILL, FLOW_SWTLB, 1), 0, ms, dn);
	flow_sum(m, refill_virt, 0, -(h + ms), dn);
	for (unsigned ev = 0; s->cfg.entries && ev < FE_N; ev++) {
		flow_sum(m, flow_find(ev, FLOW_SWTLB, 1), 0, (int64_t)S->writes[ev], dn);
		flow_sum(m, flow_find(ev, FLOW_VIRT, 0), 0, -(int64_t)S->writes[ev], dn);
	}
	flow_sum(m, flow_find(FE_TIMER, FLOW_SWTLB, s->cfg.entries != 0), 0, (int64_t)s->timers, dn);
	flow_sum(m, flow_find(FE_TIMER, FLOW_VIRT, 0), 0, -(int64_t)S->virt_timers, dn);
	int64_t total = 0;
	for (unsigned k = 0; k < HOP_N; k++) {
		int64_t dc = dn[k] * (int64_t)model_hop_cost(m, k);
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
