/*
 * hwmach.c - the hardware-walked machine: where the hops of modes hw,
 * shadow and nested are charged (see hwmach.h and the README).
 *
 * A TLB miss: each mode walks its table (hw: the guest's; shadow: the
 * shadow table, taking a hidden fault - vm_exit, shadow_hidden_fault,
 * vm_entry - and walking again wherever the guest has a mapping the shadow
 * lacks; nested: the two-dimensional walk), one walk_ref per memory
 * reference.  When the guest has no mapping either, the guest OS takes a
 * demand page fault (natively in hw and nested; reflected by the monitor in
 * shadow, whose PTE write then traps), maps a new frame, and every mode
 * walks again.
 */
#include "machine/hwmach.h"

#include <stdlib.h>
#include <string.h>

#define FOR_ACCT(H, A) for (hwacct *A = (H)->a; A < (H)->a + (H)->nacct; A++)
#define NOVPN UINT64_MAX

/* MIPS Cause.ExcCode values with a handler of their own in the model. */
enum { EXC_MOD = 1, EXC_TLBL = 2, EXC_TLBS = 3 };

/* The fast loop's hit test (feed_fast): a reference's last byte lies at
 * most `span` pages of the smallest size after its first; the slots must
 * tell apart residues that far apart both ways. */
_Static_assert((HW_UC & (HW_UC - 1)) == 0 &&
               HW_UC >= 2 * ((TRACE_RUN_BLOCK - 1 + TRACE_MAX_SIZE - 1) / TRACE_RUN_BLOCK),
               "HW_UC too small for feed_fast's hit test");

uint64_t hwmach_base(const hwmach *H, uint64_t insns)
{
	uint64_t c = H->m->cpi_milli;
	return insns / 1000 * c + insns % 1000 * c / 1000;
}

/* Charges event ev's flow (flows.def) in account A; a system call's
 * handler costs syscall_cost. */
static void charge_sys(const hwmach *H, hwacct *A, unsigned ev, uint64_t syscall_cost)
{
	const flow_row *row = A->fl[ev];
	for (unsigned i = 0; row && i < row->nsteps; i++) {
		unsigned h = row->steps[i].hop;
		uint64_t n = flow_count_of(H->m, row->steps[i].count);
		uint64_t c = n * (h == HOP_SYSCALL ? syscall_cost : model_hop_cost(H->m, h));
		ledger_charge(&A->led, h, n, c);
		A->hop_cycles += c;
	}
}

static inline void charge(const hwmach *H, hwacct *A, unsigned ev)
{
	charge_sys(H, A, ev, 0);
}


/* ---- time ------------------------------------------------------------------ */

static void set_deadline(hwmach *H)
{
	uint64_t d = UINT64_MAX;
	FOR_ACCT(H, A) {
		uint64_t target = A->next_timer;
		if (A->quantum_end && A->quantum_end < target)
			target = A->quantum_end;
		A->deadline = model_deadline(H->m, H->insns, A->hop_cycles, target);
		if (A->deadline < d)
			d = A->deadline;
	}
	H->deadline = d;
}

/* At a deadline: the timer, the end of the running VM's turn.  Returns 1
 * if the turn is over. */
static int tick(hwmach *H)
{
	int expired = 0;
	FOR_ACCT(H, A) {
		if (A->deadline > H->insns)
			continue;
		uint64_t now = hwmach_base(H, H->insns) + A->hop_cycles;
		if (A->next_timer != UINT64_MAX && now >= A->next_timer) {
			if (!H->vm[H->cur].os_in_trace)
				charge(H, A, FE_TIMER);
			A->next_timer += H->m->timer_period;
			now = hwmach_base(H, H->insns) + A->hop_cycles;
		}
		if (A->quantum_end && now >= A->quantum_end)
			A->quantum_expired = 1;
		expired |= A->quantum_expired;
	}
	set_deadline(H);
	return expired;
}

/* ---- the last-translation cache (hwmach.h) -------------------------------- */

static void uc_clear(hwmach *H)
{
	for (unsigned s = 0; s < HW_UC; s++)
		H->uc_vpn[s] = NOVPN;
}

/* Before the way holding vpn changes (refilled, invalidated): forget it.
 * (The way may hold vpn under another tag: dropping the slot then costs
 * one slower lookup, nothing else.) */
static inline void uc_drop(hwmach *H, uint64_t vpn)
{
	unsigned s = (unsigned)(vpn % HW_UC);
	if (H->uc_vpn[s] == vpn)
		H->uc_vpn[s] = NOVPN;
}

/* ---- setup ------------------------------------------------------------------ */

int hwmach_init(hwmach *H, const unsigned *kinds, unsigned n, const model *m, unsigned nvm)
{
	memset(H, 0, sizeof *H);
	H->m = m;
	while ((1ull << H->sh) < m->page_size)
		H->sh++;
	ptw_geom g = {m->pt_levels, m->pt_index_bits};
	ptw_table_init(&H->gpt, g);
	hmap_init(&H->pfn);
	uc_clear(H);
	if (n > HW_NMODES || nvm < 1 || nvm > HW_MAX_VMS || (nvm > 1 && n != 1) ||
	    hwtlb_init(&H->t, m->hw_tlb_entries, m->hw_tlb_assoc))
		return -1;
	H->last_vmid = UINT64_MAX;
	H->vm = calloc(nvm, sizeof *H->vm);
	if (!H->vm)
		return -1;
	H->nvm = nvm;
	for (unsigned v = 0; v < nvm; v++)
		H->vm[v].word_bits = 32;
	for (unsigned k = 0; k < n; k++) {
		hwacct *A = &H->a[k];
		H->nacct = k + 1;
		A->kind = kinds[k];
		for (unsigned ev = 0; ev < FE_N; ev++)
			A->fl[ev] = flow_find(ev, FLOW_HW + A->kind, 0);
		A->walk_cost = model_hop_cost(m, HOP_WALK_REF);
		A->next_timer = m->timer_period ? m->timer_period : UINT64_MAX;
		A->pend_ret = FE_ERET;
		A->quantum_end = nvm > 1 ? m->quantum : 0;
		ptw_table_init(&A->shadow, g);
		hmap_init(&A->pmap);
		if (ptw_lru_init(&A->pwc, m->pwc_entries))
			return -1;
		if (A->kind == HW_MODE_NESTED &&
		    ptw_nested_init(&A->nest, g, m->pwc_entries, m->nested_tlb_entries))
			return -1;
	}
	set_deadline(H);
	return 0;
}

void hwmach_free(hwmach *H)
{
	FOR_ACCT(H, A) {
		ptw_lru_free(&A->pwc);
		ptw_table_free(&A->shadow);
		if (A->kind == HW_MODE_NESTED)
			ptw_nested_free(&A->nest);
		hmap_free(&A->pmap);
	}
	ptw_table_free(&H->gpt);
	hmap_free(&H->pfn);
	for (unsigned v = 0; H->vm && v < H->nvm; v++)
		free(H->vm[v].freel);
	free(H->vm);
	hwtlb_free(&H->t);
	memset(H, 0, sizeof *H);
}

void hwmach_set_source(hwmach *H, unsigned vm, unsigned word_bits, int os_in_trace)
{
	if (vm >= H->nvm)
		return;
	H->vm[vm].word_bits = word_bits == 64 ? 64 : 32;
	H->vm[vm].os_in_trace = os_in_trace;
}

const hwacct *hwmach_acct(const hwmach *H, unsigned k)
{
	for (unsigned i = 0; i < H->nacct; i++)
		if (H->a[i].kind == k)
			return &H->a[i];
	return NULL;
}

/* ---- memory ------------------------------------------------------------------ */

/* kseg0/kseg1 (and xkphys) bypass translation, as on the MIPS machine. */
static int unmapped(const hwmach *H, uint64_t a)
{
	if (H->vm[H->cur].word_bits == 32) {
		uint32_t x = (uint32_t)a;
		return x >= 0x80000000u && x < 0xc0000000u;
	}
	return (a >= 0xffffffff80000000ull && a < 0xffffffffc0000000ull) || (a >> 62) == 2;
}

/* The host backs a guest frame on its first touch: a machine page, zeroed
 * (under nested paging an EPT/NPT violation exit around it). */
static void pmap_touch(hwmach *H, hwacct *A, uint64_t pfn)
{
	if (A->kind == HW_MODE_HW || hmap_get(&A->pmap, pfn, H->cur))
		return;
	if (hmap_put(&A->pmap, pfn, H->cur, 1))
		H->oom = 1;
	charge(H, A, FE_VMM_PAGE);
}

static uint64_t pfn_of(const hwmach *H, uint64_t vpn)
{
	const uint64_t *p = hmap_get(&H->pfn, vpn, H->tag);
	return p ? *p : 0;
}

/* One walk by account A; returns 1 if it reached a present leaf. */
static int walk_once(hwmach *H, hwacct *A, uint64_t vpn)
{
	int complete = 0;
	unsigned refs;
	switch (A->kind) {
	case HW_MODE_SHADOW:
		refs = ptw_walk(&A->shadow, &A->pwc, vpn, H->tag, &complete);
		break;
	case HW_MODE_NESTED:
		refs = ptw_nested_walk(&A->nest, &H->gpt, vpn, H->tag, pfn_of(H, vpn), H->cur,
		                       &complete, &H->oom);
		break;
	default:
		refs = ptw_walk(&H->gpt, &A->pwc, vpn, H->tag, &complete);
		break;
	}
	A->walks++;
	A->walk_refs += refs;
	ledger_charge(&A->led, HOP_WALK_REF, refs, refs * A->walk_cost);
	A->hop_cycles += refs * A->walk_cost;
	return complete;
}

/* The walks of a TLB miss as far as the guest's table allows: under shadow
 * paging a hidden fault fills the shadow wherever the guest has the page. */
static void miss_walks(hwmach *H, hwacct *A, uint64_t vpn)
{
	uint64_t c0 = A->hop_cycles;
	while (!walk_once(H, A, vpn) && A->kind == HW_MODE_SHADOW &&
	       ptw_mapped(&H->gpt, vpn, H->tag)) {
		charge(H, A, FE_HIDDEN_FAULT);
		if (ptw_map(&A->shadow, vpn, H->tag))
			H->oom = 1;
	}
	A->tlb_miss_cycles += A->hop_cycles - c0;
}

/* A guest PTE write (or unmap) of (vpn, tag) seen by account A: traps
 * under shadow paging (the shadow entry is dropped; the next use takes a
 * hidden fault). */
static void pte_write(hwmach *H, hwacct *A, uint64_t vpn, uint32_t tag)
{
	if (A->kind != HW_MODE_SHADOW)
		return;
	charge(H, A, FE_PTE_WRITE);
	ptw_unmap(&A->shadow, vpn, tag);
}

/* The guest OS's demand page fault on vpn, given frame pfn (under shadow
 * paging the monitor intercepts it first - a VM exit - finds that the
 * guest lacks the page too, and reflects it): the handler, the zeroing of
 * the new frame (which the host backs on its first touch), the PTE write. */
static void demand_fault(hwmach *H, hwacct *A, uint64_t vpn, uint64_t pfn)
{
	charge(H, A, FE_PAGE_FAULT);
	pmap_touch(H, A, pfn);
	charge(H, A, FE_PAGE_ZERO);
	pte_write(H, A, vpn, H->tag);
}

/* A guest frame of the running VM. */
static uint64_t frame_alloc(hwmach *H)
{
	hwvm *V = &H->vm[H->cur];
	if (V->nfree)
		return V->freel[--V->nfree];
	return V->next_pfn++;
}

/* A TLB miss on vpn: the walks, the faults, the fill.  Returns the way
 * filled. */
static unsigned tlb_miss(hwmach *H, uint64_t vpn)
{
	H->tlb_misses++;
	int os_in_trace = H->vm[H->cur].os_in_trace;
	int mapped = ptw_mapped(&H->gpt, vpn, H->tag);
	FOR_ACCT(H, A)
		miss_walks(H, A, vpn);
	if (!mapped) {
		H->page_faults += !os_in_trace;
		uint64_t pfn = frame_alloc(H);
		if (hmap_put(&H->pfn, vpn, H->tag, pfn) || ptw_map(&H->gpt, vpn, H->tag))
			H->oom = 1;
		/* with the OS's code in the stream its fault handler is in it:
		 * only the hardware's walks and the monitor's work are charged */
		FOR_ACCT(H, A)
			if (!os_in_trace)
				demand_fault(H, A, vpn, pfn);
			else
				pmap_touch(H, A, pfn);
		FOR_ACCT(H, A)
			miss_walks(H, A, vpn);
	}
	/* the host backs the frame the new entry maps on its first use (a
	 * frame a PTE record gave, or one the modeled fault just backed) */
	uint64_t pfn = pfn_of(H, vpn);
	FOR_ACCT(H, A)
		pmap_touch(H, A, pfn);
	unsigned w = hwtlb_victim(&H->t, vpn);
	uc_drop(H, H->t.vpn[w]); /* the entry evicted */
	hwtlb_put(&H->t, w, vpn, H->tag);
	set_deadline(H);
	return w;
}

/* A reference to mapped page vpn: a hit (the entry made most recent), or
 * a miss; the page then in the last-translation cache. */
static void xlate(hwmach *H, uint64_t vpn)
{
	unsigned s = (unsigned)(vpn % HW_UC);
	if (H->uc_vpn[s] == vpn && !H->careful) {
		H->t.stamp[H->uc_way[s]] = ++H->t.clock;
		return;
	}
	int w = hwtlb_find(&H->t, vpn, H->tag);
	if (w < 0)
		w = (int)tlb_miss(H, vpn);
	H->uc_vpn[s] = vpn;
	H->uc_way[s] = (uint32_t)w;
}

static void ref(hwmach *H, uint64_t a, uint32_t size)
{
	uint64_t p0 = a >> H->sh, p1 = (a + (size ? size - 1 : 0)) >> H->sh;
	if (p1 < p0)
		p1 = p0;
	H->vm[H->cur].started = 1;
	for (uint64_t p = p0;; p++) {
		if (!unmapped(H, p << H->sh))
			xlate(H, p);
		if (p == p1)
			break;
	}
}

/* ---- other records ------------------------------------------------------- */

static void trap(hwmach *H, unsigned sub, uint32_t arg)
{
	int body = !H->vm[H->cur].os_in_trace;
	int pf = sub == TTRAP_EXCEPTION && (arg == EXC_TLBL || arg == EXC_TLBS);
	int mod = sub == TTRAP_EXCEPTION && arg == EXC_MOD;
	if (pf)
		H->page_faults++;
	FOR_ACCT(H, A) {
		if (sub == TTRAP_SYSCALL) {
			if (body) {
				charge_sys(H, A, FE_SYSCALL, model_syscall_cost(H->m, arg));
			} else {
				charge(H, A, FE_SYSCALL_OS);
				A->pend_ret = FE_ERET_SYSCALL;
			}
		} else if (body) {
			charge(H, A, pf ? FE_TRAP_FAULT : mod ? FE_TRAP_MOD
			             : sub == TTRAP_INTERRUPT ? FE_INTERRUPT : FE_EXCEPTION);
		} else {
			charge(H, A, FE_TRAP_OS);
			A->pend_ret = FE_ERET;
		}
	}
}

static void priv_rec(hwmach *H, unsigned op)
{
	FOR_ACCT(H, A) {
		if (op == TPRIV_ERET) {
			charge(H, A, A->pend_ret);
			A->pend_ret = FE_ERET;
		} else {
			charge(H, A, op == TPRIV_WAIT ? FE_WAIT
			             : op == TPRIV_TLBWR || op == TPRIV_TLBWI ? FE_PRIV_TLBW : FE_PRIV);
		}
	}
}

/* A page-table update of (vpn, tag): invlpg, and the shadow's trap. */
static void pte_update(hwmach *H, uint64_t vpn, uint32_t tag)
{
	uc_drop(H, vpn);
	hwtlb_inval(&H->t, vpn, tag);
	FOR_ACCT(H, A) {
		if (!H->vm[H->cur].os_in_trace)
			charge(H, A, FE_PTE_PROBE); /* invlpg */
		pte_write(H, A, vpn, tag);
	}
}

static void unmap(hwmach *H, uint64_t vpn, uint32_t tag)
{
	hwvm *V = &H->vm[H->cur];
	uint64_t *p = hmap_get(&H->pfn, vpn, tag);
	if (p && ptw_mapped(&H->gpt, vpn, tag)) {
		if (V->nfree == V->capfree) {
			size_t nc = V->capfree ? V->capfree * 2 : 64;
			uint64_t *nf = realloc(V->freel, nc * sizeof *nf);
			if (!nf) {
				H->oom = 1;
				return;
			}
			V->freel = nf;
			V->capfree = nc;
		}
		V->freel[V->nfree++] = *p;
	}
	hmap_del(&H->pfn, vpn, tag);
	ptw_unmap(&H->gpt, vpn, tag);
}

/* A switch of VMs on untagged hardware: the TLB, the page-walk caches and
 * the nested TLB forget everything. */
static void flush_all(hwmach *H)
{
	hwtlb_flush(&H->t);
	uc_clear(H);
	FOR_ACCT(H, A) {
		ptw_lru_clear(&A->pwc);
		if (A->kind == HW_MODE_NESTED)
			ptw_nested_flush(&A->nest);
	}
}

/* The tag of the running VM's address space asid. */
static inline uint32_t tag_of(const hwmach *H, uint32_t asid)
{
	return (uint32_t)H->cur << 16 | asid;
}

static void other(hwmach *H, const trace_rec *e)
{
	const model *m = H->m;
	hwvm *V = &H->vm[H->cur];
	switch (e->kind) {
	case TK_MODE:
		if (e->sub != TMODE_USER)
			V->os_in_trace = 1;
		break;
	case TK_ASID:
		if (e->arg != V->asid) {
			FOR_ACCT(H, A) {
				if (V->started && !V->os_in_trace)
					charge(H, A, FE_CONTEXT_SWITCH);
				if (V->started)
					charge(H, A, FE_PTBASE); /* traps under shadow paging */
				if (!m->hw_tlb_tagged) {
					ptw_lru_clear(&A->pwc);
					if (A->kind == HW_MODE_NESTED)
						ptw_nested_switch(&A->nest);
				}
			}
			if (!m->hw_tlb_tagged)
				hwtlb_flush(&H->t);
			V->asid = e->arg;
			H->tag = tag_of(H, V->asid);
			uc_clear(H); /* it holds the old tag's pages */
		}
		V->started = 1;
		break;
	case TK_TRAP:
		trap(H, e->sub, e->arg);
		break;
	case TK_PRIV:
		priv_rec(H, e->sub);
		break;
	case TK_PTE: {
		uint64_t vpn = e->addr >> H->sh;
		uint32_t tag = tag_of(H, e->x);
		if (e->sub & TPTE_VALID) {
			if (hmap_put(&H->pfn, vpn, tag, e->arg) || ptw_map(&H->gpt, vpn, tag))
				H->oom = 1;
		} else {
			unmap(H, vpn, tag);
		}
		pte_update(H, vpn, tag);
		break;
	}
	case TK_UNMAP: {
		uint64_t vpn = e->addr >> H->sh;
		uint32_t tag = tag_of(H, e->x);
		unmap(H, vpn, tag);
		pte_update(H, vpn, tag);
		break;
	}
	case TK_ZERO:
		FOR_ACCT(H, A) {
			pmap_touch(H, A, e->arg);
			if (!V->os_in_trace) /* else the zeroing's stores are in the stream */
				charge(H, A, FE_PAGE_ZERO);
		}
		break;
	case TK_VM:
		/* VMs interleaved in one stream (its address spaces are theirs):
		 * the monitor's switch; the TLB, which the three modes share,
		 * and the caches flushed unless tagged */
		if (H->last_vmid != UINT64_MAX && e->arg != H->last_vmid) {
			FOR_ACCT(H, A)
				charge(H, A, FE_MACHINE_SWITCH);
			if (!m->hw_tlb_tagged)
				flush_all(H);
		}
		H->last_vmid = e->arg;
		break;
	default: /* TK_MARK: no cost */
		break;
	}
	set_deadline(H);
}

/* ---- the loop over a batch -------------------------------------------- */

/* 1 if the reference (a, sz) lies in one page that the last-translation
 * cache holds; *w is then its TLB way.  Exact (HW_UC): slots hold only
 * pages of their own residue, and a reference's last byte lies 0..64
 * pages after its first (a size of 0 at a page's start, or a wrap past the
 * top of the address space, names a page of another residue: a miss,
 * which takes the full path). */
static inline int uc_hit(const hwmach *H, uint64_t a, uint32_t sz, unsigned *w)
{
	unsigned s = (unsigned)((a >> H->sh) % HW_UC);
	*w = H->uc_way[s];
	return ((a + sz - 1) >> H->sh) == H->uc_vpn[s];
}

/* One record the careful way (a record of another kind, a reference that
 * misses the last-translation cache or crosses a page, a deadline among a
 * fetch record's fetches), `skip` fetches of it done by the running VM's
 * last turn.  Returns 1 if it was consumed, 0 if the VM's turn ended
 * inside it (V->run_off: its fetches done).
 *
 * A fetch record with x > 0 is a run of x + 1 fetches (trace_read_runs),
 * each charged as the first one, with the timer (and the running VM's
 * turn) checked before each.  Once one of them hits the last-translation
 * cache, so does every later one (hits change no translation), so they
 * go in bulk up to the next deadline: they stamp their entry with
 * consecutive clock values, of which only the last remains. */
static __attribute__((noinline)) int feed_one(hwmach *H, hwvm *V, const trace_rec *e,
                                              uint32_t skip)
{
	unsigned k = e->kind;
	if (k > TK_STORE) {
		other(H, e);
		return 1;
	}
	uint64_t a = e->addr;
	uint32_t sz = e->arg, last = k == TK_FETCH ? e->x : 0; /* the record's last fetch */
	for (uint32_t i = skip; i <= last;) {
		if (k == TK_FETCH && H->insns >= H->deadline && tick(H)) {
			V->run_off = i; /* fetches done */
			return 0;
		}
		uint64_t n = 1; /* references made now */
		unsigned w;
		if (uc_hit(H, a, sz, &w) && !H->careful) {
			/* the later fetches before the next deadline hit too */
			if (H->deadline > H->insns + 1) {
				uint64_t room = H->deadline - H->insns - 1;
				n += last - i < room ? last - i : room;
			}
			H->t.stamp[w] = H->t.clock += n;
		} else {
			ref(H, a, sz);
		}
		H->insns += k == TK_FETCH ? n : 0;
		H->refs += n;
		i += (uint32_t)n;
	}
	return 1;
}

/* Per record kind, for feed_fast: a mask that keeps a fetch record's
 * count of instructions (x + 1: a run's fetches) and zeroes a data
 * reference's; 1 for a data reference (a load or store: a reference, no
 * instruction); and for every other kind a count of instructions that no
 * room covers. */
#define HW_NOFIT (UINT64_C(1) << 62)
static const uint64_t kind_fetch_mask[256] = { [TK_FETCH] = UINT64_MAX };
static const uint64_t kind_data[256] = { [TK_LOAD] = 1, [TK_STORE] = 1 };
#define NF4 HW_NOFIT, HW_NOFIT, HW_NOFIT, HW_NOFIT
#define NF16 NF4, NF4, NF4, NF4
static const uint64_t kind_nofit[256] = {
	0, 0, 0, HW_NOFIT, NF4, NF4, NF4,             /* TK_FETCH, TK_LOAD, TK_STORE: 0 */
	NF16, NF16, NF16, NF16, NF16, NF16, NF16, NF16, NF16, NF16, NF16, NF16, NF16, NF16, NF16
};
#undef NF16
#undef NF4
_Static_assert(TK_FETCH == 0 && TK_LOAD == 1 && TK_STORE == 2, "kind_nofit's first row");
_Static_assert(sizeof ((trace_rec *)0)->kind == 1, "kind indexes 256-entry tables");

/* One record of feed_fast (below): returns 0 if it needs more than
 * counting.  A hit stamps its entry as its references one by one would:
 * the clock advances by one per reference (a run's fetches stamp the same
 * entry, so only the last stamp remains). */
static inline __attribute__((always_inline)) int
fast_one(const uint64_t *uc_vpn, const uint32_t *uc_way, unsigned sh, uint64_t *stamp,
         const trace_rec *e, int64_t *left, uint64_t *clock)
{
	unsigned k = e->kind;
	uint64_t a = e->addr;
	size_t s = (size_t)(a >> sh) % HW_UC;
	if (__builtin_expect(((a + e->arg - 1) >> sh) != uc_vpn[s], 0))
		return 0;
	int64_t ni = (int64_t)((((uint64_t)e->x + 1) & kind_fetch_mask[k]) + kind_nofit[k]);
	if (__builtin_expect(ni > *left, 0))
		return 0;
	*left -= ni;
	stamp[uc_way[s]] = *clock += (uint64_t)ni + kind_data[k];
	return 1;
}

/* The records from e on that need nothing but counting: references that
 * hit the last-translation cache (uc_hit) with no deadline among their
 * fetches.  Returns the first record that needs more (or end).
 *
 * Exact, with no test of the kind or of the deadline of its own: a record
 * of another kind has a count of instructions (HW_NOFIT) above any room;
 * a record's fetches run at instruction counts insns .. insns + ni - 1
 * (ni: 1 + x for a fetch record, 0 for a load or store), which are all
 * below the deadline, as record by record, exactly when the instructions
 * left before it (`left`) cover ni.  A run is a hit as a whole: its first
 * fetch is, and the rest are the same reference.  A hit changes nothing
 * but its entry's stamp, the clock and the counts: no deadline moves (no
 * cycles are charged), no translation changes.  Every reference advances
 * the clock by one, so the references made are the clock's advance.  The
 * counts are summed in registers and stored once, on the way out; the
 * loop takes two records a turn (one loop test for both). */
static const trace_rec *feed_fast(hwmach *H, const trace_rec *e, const trace_rec *const end)
{
	const unsigned sh = H->sh;
	const uint64_t *const uc_vpn = H->uc_vpn;
	const uint32_t *const uc_way = H->uc_way;
	uint64_t *const stamp = H->t.stamp;
	uint64_t gap = H->deadline - H->insns, clock = H->t.clock;
	/* (-1: at or past the deadline, no fetch fits; a far one is capped
	 * below HW_NOFIT so that the count cannot wrap) */
	int64_t room = H->insns >= H->deadline ? -1
	             : gap > HW_NOFIT / 2 ? (int64_t)(HW_NOFIT / 2) : (int64_t)gap;
	int64_t left = room;
	const trace_rec *const last = end - 1;
	for (; e < last; e += 2) {
		if (!fast_one(uc_vpn, uc_way, sh, stamp, e, &left, &clock))
			goto out;
		if (!fast_one(uc_vpn, uc_way, sh, stamp, e + 1, &left, &clock)) {
			e++;
			goto out;
		}
	}
	if (e < end && fast_one(uc_vpn, uc_way, sh, stamp, e, &left, &clock))
		e++;
out:
	H->insns += (uint64_t)(room - left);
	H->refs += clock - H->t.clock;
	H->t.clock = clock;
	return e;
}

size_t hwmach_feed(hwmach *H, const trace_rec *r, size_t n)
{
	if (hwmach_expired(H))
		return 0;
	hwvm *const V = &H->vm[H->cur];
	uint32_t skip = V->run_off; /* fetches of r[0] done by its last turn */
	V->run_off = 0;
	const trace_rec *e = r, *const end = r + n;
	while (e < end) {
		if (!skip && !H->careful)
			e = feed_fast(H, e, end);
		if (e == end || !feed_one(H, V, e, skip))
			break;
		e++;
		skip = 0;
	}
	return (size_t)(e - r);
}

int hwmach_expired(const hwmach *H)
{
	for (unsigned i = 0; i < H->nacct; i++)
		if (H->a[i].quantum_expired)
			return 1;
	return 0;
}

/* The machine's counts now in account i. */
static void counts_now(const hwmach *H, unsigned i, hwmach_counts *c)
{
	const hwacct *A = &H->a[i];
	c->insns = H->insns;
	c->refs = H->refs;
	c->tlb_misses = H->tlb_misses;
	c->page_faults = H->page_faults;
	c->walks = A->walks;
	c->walk_refs = A->walk_refs;
	c->tlb_miss_cycles = A->tlb_miss_cycles;
	c->led = A->led;
}

/* *d += a - b, field by field. */
static void counts_add_diff(hwmach_counts *d, const hwmach_counts *a, const hwmach_counts *b)
{
	d->insns += a->insns - b->insns;
	d->refs += a->refs - b->refs;
	d->tlb_misses += a->tlb_misses - b->tlb_misses;
	d->page_faults += a->page_faults - b->page_faults;
	d->walks += a->walks - b->walks;
	d->walk_refs += a->walk_refs - b->walk_refs;
	d->tlb_miss_cycles += a->tlb_miss_cycles - b->tlb_miss_cycles;
	for (unsigned h = 0; h < HOP_N; h++) {
		d->led.count[h] += a->led.count[h] - b->led.count[h];
		d->led.cycles[h] += a->led.cycles[h] - b->led.cycles[h];
	}
}

void hwmach_renew(hwmach *H)
{
	FOR_ACCT(H, A) {
		A->quantum_expired = 0;
		A->quantum_end = hwmach_base(H, H->insns) + A->hop_cycles + H->m->quantum;
	}
	set_deadline(H);
}

void hwmach_switch(hwmach *H, unsigned vm)
{
	if (vm >= H->nvm)
		return;
	/* the running VM's counts since it started; the next one's from here */
	for (unsigned i = 0; i < H->nacct; i++) {
		hwmach_counts now;
		counts_now(H, i, &now);
		counts_add_diff(&H->vm[H->cur].c[i], &now, &H->snap[i]);
		H->snap[i] = now;
	}
	H->cur = vm;
	H->tag = tag_of(H, H->vm[vm].asid);
	uc_clear(H); /* it holds the old tag's pages */
	FOR_ACCT(H, A)
		charge(H, A, FE_MACHINE_SWITCH);
	if (!H->m->hw_tlb_tagged)
		flush_all(H);
	hwmach_renew(H);
}

int hwmach_counts_of(const hwmach *H, unsigned k, unsigned vm, hwmach_counts *out)
{
	const hwacct *A = hwmach_acct(H, k);
	if (!A || vm >= H->nvm)
		return -1;
	unsigned i = (unsigned)(A - H->a);
	*out = H->vm[vm].c[i];
	if (vm == H->cur) {
		hwmach_counts now;
		counts_now(H, i, &now);
		counts_add_diff(out, &now, &H->snap[i]);
	}
	return 0;
}
