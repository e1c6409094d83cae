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

static uint64_t deadline_for(const hwmach *H, uint64_t hop_cycles, uint64_t target)
{
	if (target == UINT64_MAX)
		return UINT64_MAX;
	if (target <= hop_cycles)
		return H->insns;
	uint64_t need = target - hop_cycles, cpi = H->m->cpi_milli;
	uint64_t d = need / cpi * 1000 + ((need % cpi) * 1000 + cpi - 1) / cpi;
	while (d > 0 && hwmach_base(H, d - 1) >= need)
		d--;
	while (hwmach_base(H, d) < need)
		d++;
	return d < H->insns ? H->insns : d;
}

static void set_deadline(hwmach *H)
{
	uint64_t d = UINT64_MAX;
	FOR_ACCT(H, A) {
		uint64_t target = A->next_timer;
		if (A->quantum_end && A->quantum_end < target)
			target = A->quantum_end;
		A->deadline = deadline_for(H, A->hop_cycles, target);
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
	for (unsigned k = 0; k < HW_UC; k++)
		H->uc_vpn[k] = NOVPN;
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

static void xlate(hwmach *H, uint64_t vpn)
{
	unsigned s = (unsigned)(vpn % HW_UC);
	if (H->uc_vpn[s] == vpn) {
		unsigned w = H->uc_way[s];
		if (H->t.vpn[w] == vpn && H->t.asid[w] == H->tag) {
			H->t.stamp[w] = ++H->t.clock;
			return;
		}
	}
	if (hwtlb_hit(&H->t, vpn, H->tag))
		goto done;
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
	hwtlb_fill(&H->t, vpn, H->tag);
	set_deadline(H);
done:
	/* remember the way now holding vpn */
	for (unsigned w = (unsigned)(vpn % H->t.sets) * H->t.assoc, e = w + H->t.assoc; w < e; w++)
		if (H->t.vpn[w] == vpn && H->t.asid[w] == H->tag) {
			H->uc_vpn[s] = vpn;
			H->uc_way[s] = w;
		}
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

size_t hwmach_feed(hwmach *H, const trace_rec *r, size_t n)
{
	if (hwmach_expired(H))
		return 0;
	const unsigned sh = H->sh;
	uint64_t *const tvpn = H->t.vpn;
	uint32_t *const tasid = H->t.asid;
	uint64_t *const stamp = H->t.stamp;
	uint64_t insns = H->insns, refs = 0;
	hwvm *const V = &H->vm[H->cur];
	uint32_t skip = V->run_off; /* fetches of r[0] done by its last turn */
	V->run_off = 0;
	const trace_rec *e = r, *const end = r + n;
	for (; e < end; e++, skip = 0) {
		unsigned k = e->kind;
		if (__builtin_expect(k > TK_STORE, 0)) {
			H->insns = insns;
			other(H, e);
			continue;
		}
		/* a fetch record with x = k > 0 is a run of k + 1 fetches within
		 * one TRACE_RUN_BLOCK (trace_read_runs): one page, so each is
		 * charged as the first, with the timer checked before each (and
		 * the running VM's turn: one that ends inside the run leaves the
		 * rest of it for the VM's next turn) */
		uint32_t left = k == TK_FETCH ? e->x - skip : 0; /* fetches after this one */
		for (;;) {
			if (k == TK_FETCH) {
				if (__builtin_expect(insns >= H->deadline, 0)) {
					H->insns = insns;
					if (tick(H)) {
						V->run_off = e->x - left; /* fetches done */
						goto out;
					}
				}
				insns++;
			}
			refs++;
			/* fast path: one page whose TLB way is known and still holds it */
			uint64_t a = e->addr, p = a >> sh;
			uint32_t sz = e->arg;
			unsigned s = (unsigned)(p % HW_UC), w = H->uc_way[s];
			if (__builtin_expect(H->uc_vpn[s] == p && tvpn[w] == p && tasid[w] == H->tag &&
			                     ((a + sz - 1 + (sz == 0)) >> sh) == p, 1)) {
				stamp[w] = ++H->t.clock;
			} else {
				H->insns = insns;
				ref(H, a, sz);
			}
			if (!left--)
				break;
		}
	}
out:
	H->insns = insns;
	H->refs += refs;
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
