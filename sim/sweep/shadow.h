/*
 * shadow.h - software-TLB configurations replayed alongside a virt machine,
 * for `vmmsim sweep`: every configuration from one pass, each exactly equal
 * to its own `--mode swtlb` replay.
 *
 * Why this is exact.  Under the monitor a hardware TLB miss on a mapped
 * reference goes: exc_entry, vmm_miss, then
 *   swtlb hit:   swtlb_lookup, swtlb_hit, the real TLB write;
 *   swtlb miss:  swtlb_lookup, reflect, guest_refill, trap_tlbwrite
 *                (+ swtlb_insert), rett, the real TLB write;
 *   virt:        reflect, guest_refill, trap_tlbwrite, rett, the real write.
 * Both software-TLB outcomes install the same entry (the software TLB is
 * kept equal to the guest's page table: every page-table change removes or
 * rewrites the entry) with the same one draw of the replacement policy, so
 * the hardware TLB evolves identically in virt and in swtlb of every
 * capacity and associativity; so do the lookup stream, page faults and
 * machine pages (a hit's frames were backed when its entry was inserted).
 * What differs is cycles: per lookup a constant difference to virt by
 * outcome, per trapped write one swtlb_insert, and therefore the timer
 * interrupts, which fire on the cycle clock.  A shadow is thus a virt
 * machine's result plus a ledger delta: the lookups are classified per
 * configuration (fully associative LRU ones all at once by stack distance,
 * sim/sweep/stackdist.h; set-associative ones each by its own swtlb), and
 * each shadow runs its own timer on its own clock (virt's clock plus its
 * delta) with the engine's rule (the engine recomputes every deadline
 * whenever hop cycles change, so a timer fires at the first instruction
 * boundary where base cycles + hop cycles reach it).  Only one VM: with several, the
 * quantum (cycles) decides when the hardware TLB is flushed.
 * tests/cli/sweep.sh checks every configuration against direct replays.
 */
#ifndef VMMSIM_SHADOW_H
#define VMMSIM_SHADOW_H

#include <stddef.h>
#include <stdint.h>

#include "machine/flows.h"
#include "machine/hmap.h"
#include "machine/ledger.h"
#include "machine/swtlb.h"

#define SHADOW_INF UINT32_MAX /* entries: unbounded (fully associative) */

typedef struct shadow_cfg {
	uint32_t entries; /* SHADOW_INF: unbounded */
	uint32_t assoc;   /* 0: fully associative */
} shadow_cfg;

struct mach;
struct stackdist;

/* Every difference to the virt account is a count times a constant (per
 * lookup by outcome, per trapped write, per timer interrupt), so a shadow
 * keeps counts and one running cycle difference (for its timer); the
 * per-hop differences are derived at the end (shadow_result). */
typedef struct shadow {
	shadow_cfg cfg;
	swtlb sw;                 /* set-associative configurations only */
	uint64_t hits, misses;    /* software-TLB lookups */
	uint64_t timers;          /* its own timer interrupts */
	int64_t own;              /* cycles of hits, misses, timers vs virt */
	uint64_t next_timer;      /* cycle of its next timer interrupt */
} shadow;

typedef struct shadow_set {
	shadow *s;
	size_t n;
	struct stackdist *sd;     /* the fully associative configurations' stack */
	hmap ids;                 /* (vpn2, asid) -> the stack's key */
	uint64_t nids;
	uint64_t writes[FE_N];    /* trapped writes outside refills, by flow */
	int64_t write_cycles;     /* their cycles in swtlb vs virt */
	uint64_t virt_timers;     /* the virt account's timer interrupts */
	/* cycles vs virt of each (flows.def: swtlb's row minus virt's) */
	int64_t d_hit, d_miss, d_write[FE_N];
	int64_t timer_virt, timer_sw; /* a timer interrupt in virt, in swtlb */
	int64_t need;             /* min over shadows of next_timer - their
	                           * cycles relative to virt */
	int oom;
} shadow_set;

/* Sets up n configurations for machine M, whose virt account they follow
 * (one VM; M's model gives the costs).  Returns 0 or -1 (memory). */
int shadow_init(shadow_set *S, const struct mach *M, const shadow_cfg *cfgs, size_t n);
void shadow_free(shadow_set *S);

/* The machine calls them through a mach_hooks (machine/mach.h): refill,
 * write (another trapped TLB write), remove (a page-table change), the virt
 * account's timer, deadline and tick. */

/* ---- on a replay object (replay/replay.h) ---- */
struct replay;
struct replay_result;

/* Attaches n configurations to the virt machine of r (r runs virt, and
 * native for slowdowns, with one VM; call before feeding).  Returns 0, or -1
 * with a message in err. */
int shadow_attach(struct replay *r, const shadow_cfg *cfgs, size_t n, char *err, size_t errlen);
/* The swtlb result configuration i would have had: the virt machine's
 * result plus the configuration's delta, slowdown against native.  After
 * replay_finish.  Returns 0, or -1 (no such configuration, or the shadows
 * ran out of memory). */
int shadow_result(const struct replay *r, size_t i, struct replay_result *out);
/* Frees the configurations of r (before replay_free). */
void shadow_detach(struct replay *r);

#endif
