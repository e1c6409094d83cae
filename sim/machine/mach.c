/*
 * mach.c - the machine models: the flows of DESIGN.md, hop by hop.
 *
 * Native TLB miss (seeds/ table 101.4): exc_entry, os_refill, tlb_write, eret.
 * Under the monitor (table 101.5): exc_entry, vmm_miss, [swtlb_lookup and on
 * a hit swtlb_hit, done], reflect, guest_refill, trap_tlbwrite [swtlb_insert],
 * rett.  System calls (tables 101.2/101.3): exc_entry, syscall, priv ops, eret
 * natively; exc_entry, syscall_reflect, syscall, trapped priv ops,
 * syscall_rett under the monitor.  Page faults, TLB-modified exceptions,
 * interrupts and the modeled timer follow the same pattern (reflected with
 * exc_reflect/exc_rett).  Every cost comes from the model.
 *
 * The core (TLB, page tables) changes once per event; every account then
 * charges the event in its own mode (the loops `for (A ...)`).
 */
#include "machine/mach.h"

#include <stdlib.h>
#include <string.h>

enum { M_NATIVE = 0, M_VIRT = 1, M_SWTLB = 2, M_PV = 6 }; /* = enum replay_mode */
enum { SEG_MAPPED = 0, SEG_UNMAPPED = 1 };

/* feed_loop's hit test (see MACH_UC): a reference's last byte lies at most
 * `span` pages of the smallest size after its first; the slots must tell
 * apart residues that far apart both ways. */
_Static_assert((MACH_UC & (MACH_UC - 1)) == 0 &&
               MACH_UC >= 2 * ((TRACE_RUN_BLOCK - 1 + TRACE_MAX_SIZE - 1) / TRACE_RUN_BLOCK),
               "MACH_UC too small for feed_loop's hit test");

#define PTE_PFN(p) ((p) >> 8)
#define NOVPN UINT64_MAX
#define FOR_ACCT(M, A) for (macct *A = (M)->a; A < (M)->a + (M)->nacct; A++)

uint64_t mach_base(const mach *M, uint64_t insns)
{
	return insns / 1000 * M->m->cpi_milli + insns % 1000 * M->m->cpi_milli / 1000;
}

uint64_t mach_clock(const mach *M, const macct *A)
{
	return mach_base(M, M->insns) + A->hop_cycles;
}

static inline acct_vm *AV(const mach *M, macct *A)
{
	return &A->vm[M->cur];
}

/* Charges flow ev of account A (flows.def) to the current VM. */
static inline void charge(mach *M, macct *A, unsigned ev)
{
	const flow_c *f = &A->fl[ev];
	ledger *l = &AV(M, A)->led;
	for (unsigned i = 0; i < f->n; i++) {
		l->count[f->hop[i]] += f->cnt[i];
		l->cycles[f->hop[i]] += f->cyc[i];
	}
	A->hop_cycles += f->total;
}

/* ... a flow with a system call handler costing `cost` cycles. */
static void charge_syscall(mach *M, macct *A, unsigned ev, uint64_t cost)
{
	const flow_c *f = &A->fl[ev];
	ledger *l = &AV(M, A)->led;
	uint64_t total = 0;
	for (unsigned i = 0; i < f->n; i++) {
		uint64_t c = i == f->sys ? f->cnt[i] * cost : f->cyc[i];
		l->count[f->hop[i]] += f->cnt[i];
		l->cycles[f->hop[i]] += c;
		total += c;
	}
	A->hop_cycles += total;
}

/* Resolves every flow for account A under model m. */
static void flows_compile(macct *A, const model *m)
{
	for (unsigned ev = 0; ev < FE_N; ev++) {
		flow_c *f = &A->fl[ev];
		const flow_row *row = flow_find(ev, A->mode, A->swtlb_on);
		memset(f, 0, sizeof *f);
		f->sys = 0xff;
		for (unsigned i = 0; row && i < row->nsteps; i++) {
			unsigned h = row->steps[i].hop;
			f->hop[i] = (uint16_t)h;
			f->cnt[i] = (uint32_t)flow_count_of(m, row->steps[i].count);
			f->cyc[i] = f->cnt[i] * model_hop_cost(m, h);
			if (h == HOP_SYSCALL)
				f->sys = (uint8_t)i;
			f->total += f->cyc[i];
			f->n = (uint8_t)(i + 1);
		}
	}
}

/* ---- last-translation caches ------------------------------------------ */

static void uc_clear(mach *M)
{
	for (unsigned c = 0; c < MACH_UC_CLASSES; c++)
		for (unsigned s = 0; s < MACH_UC; s++)
			M->uc->vpn[c][s] = NOVPN;
}

/* A new (empty) block of last-translation caches for M.  Returns 0 or -1. */
static int uc_new(mach *M)
{
	mach_uc *u = M->uc = calloc(1, sizeof *M->uc);
	if (!u)
		return -1;
	for (unsigned s = 0; s < MACH_UC; s++)
		u->vpn[MACH_UC_CLASSES][s] = NOVPN; /* forever */
	for (unsigned k = 0; k < 256; k++) {
		unsigned c = k < MACH_UC_CLASSES ? k : MACH_UC_CLASSES; /* TK_FETCH..TK_STORE: 0..2 */
		u->row[k] = u->vpn[c];
		u->irow[k] = u->idx[c];
	}
	uc_clear(M);
	return 0;
}

/* Before entry i changes: forget the cached pages that point to it. */
static void uc_drop(mach *M, unsigned i)
{
	uint64_t tag = M->t.tag[i];
	if (tag == TLB_NOTAG)
		return;
	for (unsigned h = 0; h <= M->t.pairs; h++) {
		uint64_t page = (tag << M->t.pairs) + h;
		for (unsigned c = 0; c < MACH_UC_CLASSES; c++)
			if (M->uc->vpn[c][page % MACH_UC] == page)
				M->uc->vpn[c][page % MACH_UC] = NOVPN;
	}
}

static void uc_set(mach *M, unsigned kind, uint64_t vpn, unsigned i)
{
	unsigned c = kind; /* TK_FETCH, TK_LOAD, TK_STORE: 0, 1, 2 */
	M->uc->vpn[c][vpn % MACH_UC] = vpn;
	M->uc->idx[c][vpn % MACH_UC] = i;
}

static void t_write(mach *M, unsigned i, uint64_t vpn, uint32_t asid, int global, unsigned valid,
                    unsigned dirty)
{
	uc_drop(M, i);
	tlb_write(&M->t, i, vpn, asid, global, valid, dirty);
}

/* ---- time --------------------------------------------------------------- */

uint64_t mach_deadline_for(const mach *M, uint64_t hop_cycles, uint64_t target)
{
	return model_deadline(M->m, M->insns, hop_cycles, target);
}

static void acct_deadline(mach *M, macct *A)
{
	uint64_t target = A->next_timer;
	if (A->quantum_end && A->quantum_end < target)
		target = A->quantum_end;
	uint64_t d = mach_deadline_for(M, A->hop_cycles, target);
	if (A->interval && A->next_mark < d)
		d = A->next_mark;
	A->deadline = d;
}

/* The virt account, which observers (mach_hooks) follow. */
static macct *virt_acct(mach *M)
{
	FOR_ACCT(M, A)
		if (A->mode == M_VIRT)
			return A;
	return NULL;
}

static void set_deadline(mach *M)
{
	uint64_t d = UINT64_MAX;
	FOR_ACCT(M, A) {
		acct_deadline(M, A);
		if (A->deadline < d)
			d = A->deadline;
	}
	if (M->hooks) {
		uint64_t s = M->hooks->deadline(M->hooks_opaque, M, virt_acct(M)->hop_cycles);
		if (s < d)
			d = s;
	}
	M->deadline = d;
}

int mach_set_hooks(mach *M, const mach_hooks *h, void *opaque)
{
	if (h && (!virt_acct(M) || M->nvm != 1))
		return -1;
	M->hooks = h;
	M->hooks_opaque = h ? opaque : NULL;
	set_deadline(M);
	return 0;
}

/* ---- setup -------------------------------------------------------------- */

static int acct_init(macct *A, unsigned mode, const model *m, unsigned nvm, int multi)
{
	memset(A, 0, sizeof *A);
	A->mode = mode;
	A->virt = mode != M_NATIVE;
	A->pv = mode == M_PV;
	A->swtlb_on = mode == M_SWTLB && m->swtlb_entries > 0;
	flows_compile(A, m);
	A->next_timer = m->timer_period ? m->timer_period : UINT64_MAX;
	A->quantum_end = multi && A->virt ? m->quantum : 0;
	A->vm = calloc(nvm, sizeof *A->vm);
	if (!A->vm)
		return -1;
	for (unsigned v = 0; v < nvm; v++) {
		acct_vm *X = &A->vm[v];
		hmap_init(&X->pmap);
		X->pend_ret = FE_ERET;
		if (A->swtlb_on && swtlb_init(&X->sw, m->swtlb_entries, m->swtlb_assoc))
			return -1;
	}
	return 0;
}

static void acct_free(macct *A, unsigned nvm)
{
	if (A->vm)
		for (unsigned v = 0; v < nvm; v++) {
			hmap_free(&A->vm[v].pmap);
			swtlb_free(&A->vm[v].sw);
		}
	free(A->vm);
	free(A->marks);
	memset(A, 0, sizeof *A);
}

int mach_init(mach *M, const unsigned *modes, unsigned nmodes, const model *m, unsigned nvm,
              uint64_t seed)
{
	memset(M, 0, sizeof *M);
	M->m = m;
	while ((1ull << M->sh) < m->page_size)
		M->sh++;
	if (tlb_init(&M->t, m->tlb_entries, m->tlb_wired, m->tlb_pairs, m->tlb_policy, seed))
		return -1;
	M->nvm = nvm;
	M->vm = calloc(nvm, sizeof *M->vm);
	if (!M->vm)
		return -1;
	for (unsigned v = 0; v < nvm; v++) {
		hmap_init(&M->vm[v].pt);
		M->vm[v].word_bits = 32;
		M->vm[v].last_vmid = UINT64_MAX;
	}
	if (nmodes > MACH_MAX_ACCT)
		return -1;
	for (unsigned k = 0; k < nmodes; k++) {
		M->nacct = k + 1;
		if (acct_init(&M->a[k], modes[k], m, nvm, nvm > 1))
			return -1;
	}
	if (uc_new(M))
		return -1;
	set_deadline(M);
	return 0;
}

void mach_free(mach *M)
{
	for (unsigned k = 0; k < M->nacct; k++)
		acct_free(&M->a[k], M->nvm);
	if (M->vm)
		for (unsigned v = 0; v < M->nvm; v++) {
			hmap_free(&M->vm[v].pt);
			free(M->vm[v].freel);
		}
	free(M->vm);
	free(M->uc);
	tlb_free(&M->t);
	memset(M, 0, sizeof *M);
}

int mach_split(mach *M, unsigned k, mach *out)
{
	memset(out, 0, sizeof *out);
	out->m = M->m;
	out->sh = M->sh;
	if (tlb_init(&out->t, M->t.n, M->t.wired, M->t.pairs, M->t.policy, 1))
		return -1;
	tlb_copy(&out->t, &M->t);
	out->nvm = M->nvm;
	out->cur = M->cur;
	out->vm = calloc(M->nvm, sizeof *out->vm);
	if (!out->vm || uc_new(out))
		return -1;
	for (unsigned v = 0; v < M->nvm; v++) {
		mach_vm *a = &M->vm[v], *b = &out->vm[v];
		*b = *a;
		hmap_init(&b->pt);
		b->freel = NULL;
		b->capfree = b->nfree = 0;
		if (hmap_copy(&b->pt, &a->pt))
			return -1;
		if (a->nfree) {
			b->freel = malloc(a->nfree * sizeof *b->freel);
			if (!b->freel)
				return -1;
			memcpy(b->freel, a->freel, a->nfree * sizeof *b->freel);
			b->nfree = b->capfree = a->nfree;
		}
	}
	out->a[0] = M->a[k];
	out->nacct = 1;
	for (unsigned j = k; j + 1 < M->nacct; j++)
		M->a[j] = M->a[j + 1];
	M->nacct--;
	memset(&M->a[M->nacct], 0, sizeof M->a[0]);
	out->insns = M->insns;
	M->diverged = out->diverged = 0;
	set_deadline(M);
	set_deadline(out);
	return 0;
}

macct *mach_acct(mach *M, unsigned md)
{
	FOR_ACCT(M, A)
		if (A->mode == md)
			return A;
	return NULL;
}

void mach_set_source(mach *M, unsigned vm, unsigned word_bits, int os_in_trace)
{
	M->vm[vm].word_bits = word_bits == 64 ? 64 : 32;
	M->vm[vm].os_in_trace = os_in_trace;
}

void mach_set_interval(mach *M, uint64_t every)
{
	FOR_ACCT(M, A) {
		A->interval = every;
		A->next_mark = every;
	}
	set_deadline(M);
}

/* ---- address space ---------------------------------------------------- */

static int segment(const mach_vm *V, uint64_t a)
{
	if (V->word_bits == 32) {
		uint32_t x = (uint32_t)a;
		return x >= 0x80000000u && x < 0xc0000000u ? SEG_UNMAPPED : SEG_MAPPED;
	}
	if (a >= 0xffffffff80000000ull && a < 0xffffffffc0000000ull)
		return SEG_UNMAPPED; /* ckseg0, ckseg1 */
	if ((a >> 62) == 2)
		return SEG_UNMAPPED; /* xkphys */
	return SEG_MAPPED;
}

/* The physical frame behind an unmapped-segment address. */
static uint64_t unmapped_pfn(const mach *M, uint64_t a)
{
	if ((a >> 62) == 2 && a < 0xffffffff80000000ull)
		return (a & 0x07ffffffffffffffull) >> M->sh;
	return (a & 0x1fffffffu) >> M->sh;
}

/* The monitor's first touch of a guest frame: a machine page, zeroed.
 * Returns 1 if it backed the frame now. */
static int pmap_touch(mach *M, macct *A, uint64_t pfn)
{
	acct_vm *X = AV(M, A);
	if (!A->virt || hmap_get(&X->pmap, pfn, 0))
		return 0;
	if (hmap_put(&X->pmap, pfn, 0, 1))
		M->oom = 1;
	charge(M, A, FE_VMM_PAGE);
	return 1;
}

/* The guest zeroes a frame: a para-virtualized guest does not zero one the
 * monitor has just given it zeroed (no double zeroing). */
static void guest_zero(mach *M, macct *A, uint64_t pfn)
{
	if (!pmap_touch(M, A, pfn) || !A->pv)
		charge(M, A, FE_PAGE_ZERO);
}

/* pv: a page-table update joins the batch; every pv_batch-th one, and a
 * context switch with updates pending, makes the hypercall. */
static void pv_queue(mach *M, macct *A, int flush)
{
	acct_vm *X = AV(M, A);
	if (!flush)
		X->pv_queued++;
	if (X->pv_queued && (flush || X->pv_queued >= M->m->pv_batch)) {
		charge(M, A, FE_PV_FLUSH);
		X->pv_queued = 0;
	}
}

static uint64_t pte_get(const mach_vm *V, uint64_t vpn, uint32_t asid)
{
	uint64_t *p = hmap_get(&V->pt, vpn, asid);
	return p ? *p : 0;
}

/* A TLB entry as the OS's refill handler builds it from the page table,
 * with the PTEs it read (page h of the pair; 0 where none). */
typedef struct tlbent {
	unsigned valid, dirty;
	int global;
	uint64_t pte[2];
} tlbent;

static void entry_of(const mach *M, const mach_vm *V, uint64_t vpn, tlbent *en)
{
	unsigned np = M->t.pairs ? 2 : 1, g = 1, anyv = 0;
	uint64_t base = vpn & ~(uint64_t)M->t.pairs;
	en->valid = en->dirty = 0;
	en->pte[1] = 0;
	for (unsigned h = 0; h < np; h++) {
		uint64_t p = en->pte[h] = pte_get(V, base + h, V->asid);
		if (p & TPTE_VALID) {
			en->valid |= 1u << h;
			anyv = 1;
			if (p & TPTE_DIRTY)
				en->dirty |= 1u << h;
			if (!(p & TPTE_GLOBAL))
				g = 0;
		}
	}
	en->global = (int)(anyv && g);
}

/* A guest TLB write trapped by the monitor (its hops are in the flow that
 * traps it): pmap lookup of every valid page's guest frame (the PTEs
 * entry_of read: nothing changes the page table in between), the real
 * write, the software TLB update. */
static void trapped_write(mach *M, macct *A, const mach_vm *V, uint64_t vpn, const tlbent *en)
{
	for (unsigned h = 0; h < 2; h++)
		if (en->valid & (1u << h))
			pmap_touch(M, A, PTE_PFN(en->pte[h]));
	if (A->swtlb_on && swtlb_insert(&AV(M, A)->sw, tlb_vpn2(&M->t, vpn), V->asid, en->valid,
	                                en->dirty, en->global))
		M->oom = 1;
}

/* ---- flows ------------------------------------------------------------ */

/* Refill miss on a mapped reference: returns the entry written. */
static unsigned refill(mach *M, mach_vm *V, uint64_t vpn)
{
	tlbent en;
	V->tlb_misses++;
	entry_of(M, V, vpn, &en);
	FOR_ACCT(M, A) {
		uint64_t c0 = A->hop_cycles;
		acct_vm *X = AV(M, A);
		if (!A->virt) {
			charge(M, A, FE_REFILL);
		} else {
			int hit = 0;
			if (A->swtlb_on) {
				/* a hit holds what the guest would write again: the
				 * entry is invalidated whenever the guest changes it */
				hit = swtlb_lookup(&X->sw, tlb_vpn2(&M->t, vpn), V->asid) != NULL;
				if (hit)
					X->sw_hits++;
				else
					X->sw_misses++;
			}
			charge(M, A, hit ? FE_REFILL_HIT : FE_REFILL);
			if (!hit)
				trapped_write(M, A, V, vpn, &en);
		}
		X->tlb_miss_cycles += A->hop_cycles - c0;
	}
	if (M->hooks)
		M->hooks->refill(M->hooks_opaque, M, tlb_vpn2(&M->t, vpn), V->asid, en.valid, en.dirty,
		                 en.global);
	unsigned i = tlb_victim(&M->t);
	t_write(M, i, vpn, V->asid, en.global, en.valid, en.dirty);
	return i;
}

static uint64_t frame_alloc(mach_vm *V)
{
	if (V->nfree)
		return V->freel[--V->nfree];
	return V->next_pfn++;
}

/* TLB invalid exception on entry i: the page has no valid PTE (a demand
 * fault: new frame, zeroed) or it has one the entry lacks (a quick fault). */
static void page_fault(mach *M, mach_vm *V, uint64_t vpn, unsigned i, int store)
{
	const model *m = M->m;
	V->page_faults++;
	uint64_t p = pte_get(V, vpn, V->asid), pfn = 0;
	int fresh = !(p & TPTE_VALID);
	if (fresh) {
		pfn = frame_alloc(V);
		p = pfn << 8 | TPTE_VALID | (store || !m->tlb_mod ? TPTE_DIRTY : 0);
		if (hmap_put(&V->pt, vpn, V->asid, p))
			M->oom = 1;
	}
	tlbent en;
	entry_of(M, V, vpn, &en);
	FOR_ACCT(M, A) {
		charge(M, A, FE_PAGE_FAULT);
		if (fresh)
			guest_zero(M, A, pfn); /* the guest's zeroing: the frame's first touch */
		if (A->virt)
			trapped_write(M, A, V, vpn, &en);
	}
	if (M->hooks)
		M->hooks->write(M->hooks_opaque, M, FE_PAGE_FAULT, tlb_vpn2(&M->t, vpn), V->asid, en.valid,
		                en.dirty, en.global);
	t_write(M, i, vpn, V->asid, en.global, en.valid, en.dirty);
}

/* First store to a clean page: the OS marks the PTE dirty. */
static void tlb_mod(mach *M, mach_vm *V, uint64_t vpn, unsigned i)
{
	uint64_t *p = hmap_get(&V->pt, vpn, V->asid);
	if (p)
		*p |= TPTE_DIRTY;
	tlbent en;
	entry_of(M, V, vpn, &en);
	if (!p) /* no PTE (cannot happen with a valid entry): make the page writable */
		en.dirty |= 1u << tlb_half(&M->t, vpn);
	FOR_ACCT(M, A) {
		charge(M, A, FE_TLB_MOD);
		if (A->virt)
			trapped_write(M, A, V, vpn, &en);
	}
	if (M->hooks)
		M->hooks->write(M->hooks_opaque, M, FE_TLB_MOD, tlb_vpn2(&M->t, vpn), V->asid, en.valid,
		                en.dirty, en.global);
	t_write(M, i, vpn, V->asid, en.global, en.valid, en.dirty);
}

/* A kseg0/kseg1 reference.  Returns -1 if the accounts must part first. */
static int kseg_ref(mach *M, mach_vm *V, unsigned kind, uint64_t vpn)
{
	int mapped = M->a[0].virt && M->m->kseg_mapped;
	FOR_ACCT(M, A)
		if ((A->virt && M->m->kseg_mapped) != mapped) {
			M->diverged = 1;
			return -1;
		}
	if (!mapped) {
		uc_set(M, kind, vpn, M->t.n); /* spare stamp slot */
		return 0;
	}
	int i = tlb_lookup(&M->t, vpn, V->asid);
	if (i < 0) {
		FOR_ACCT(M, A) {
			AV(M, A)->kseg_misses++;
			charge(M, A, FE_KSEG_MISS);
			pmap_touch(M, A, unmapped_pfn(M, vpn << M->sh));
		}
		i = (int)tlb_victim(&M->t);
		t_write(M, (unsigned)i, vpn, V->asid, 1, 3, 3);
	} else {
		tlb_touch(&M->t, (unsigned)i);
	}
	uc_set(M, kind, vpn, (unsigned)i);
	return 0;
}

/* A mapped reference while the stream carries the OS's own code: the
 * stream shows the OS's refills, page faults, zeroing and TLB-modified
 * handling (traps, handler instructions, tlbwr, eret, PTE records), so none
 * is derived or charged here.  The hardware TLB is still simulated (a miss
 * counts in tlb_misses; the entry comes from the page table, the page made
 * valid and writable as the stream's OS evidently did), and under the
 * monitor a guest frame the entry maps for the first time still costs the
 * monitor its machine page (vmm_page, what the monitor adds). */
static void xlate_os(mach *M, mach_vm *V, unsigned kind, uint64_t vpn)
{
	int r = tlb_lookup(&M->t, vpn, V->asid);
	unsigned bit = 1u << tlb_half(&M->t, vpn);
	if (r >= 0 && (M->t.valid[r] & M->t.dirty[r] & bit)) {
		tlb_touch(&M->t, (unsigned)r);
		uc_set(M, kind, vpn, (unsigned)r);
		return;
	}
	unsigned i;
	tlbent en;
	entry_of(M, V, vpn, &en);
	en.valid |= bit;
	en.dirty |= bit;
	if (r < 0) {
		V->tlb_misses++;
		i = tlb_victim(&M->t);
	} else {
		i = (unsigned)r;
		tlb_touch(&M->t, i);
	}
	FOR_ACCT(M, A)
		for (unsigned h = 0; A->virt && h < 2; h++)
			if ((en.valid & (1u << h)) && (en.pte[h] & TPTE_VALID))
				pmap_touch(M, A, PTE_PFN(en.pte[h]));
	t_write(M, i, vpn, V->asid, en.global, en.valid, en.dirty);
	uc_set(M, kind, vpn, i);
}

static int xlate(mach *M, mach_vm *V, unsigned kind, uint64_t vpn)
{
	if (segment(V, vpn << M->sh) == SEG_UNMAPPED)
		return kseg_ref(M, V, kind, vpn);
	if (V->os_in_trace) {
		xlate_os(M, V, kind, vpn);
		return 0;
	}
	int r = tlb_lookup(&M->t, vpn, V->asid);
	unsigned i;
	if (r < 0) {
		i = refill(M, V, vpn);
	} else {
		i = (unsigned)r;
		tlb_touch(&M->t, i);
	}
	unsigned bit = 1u << tlb_half(&M->t, vpn);
	int store = kind == TK_STORE;
	if (!(M->t.valid[i] & bit))
		page_fault(M, V, vpn, i, store);
	if (store && !(M->t.dirty[i] & bit))
		tlb_mod(M, V, vpn, i);
	uc_set(M, kind, vpn, i);
	return 0;
}

/* Returns -1 if the accounts must part before this reference. */
static int ref_slow(mach *M, mach_vm *V, unsigned kind, uint64_t a, uint32_t size)
{
	uint64_t p0 = a >> M->sh, p1 = (a + (size ? size - 1 : 0)) >> M->sh;
	if (p1 < p0) /* wraps at the top of the address space */
		p1 = p0;
	if (M->nacct > 1)
		for (uint64_t p = p0;; p++) { /* check before changing anything */
			if (segment(V, p << M->sh) == SEG_UNMAPPED && M->m->kseg_mapped) {
				int v = 0, n = 0;
				FOR_ACCT(M, A) {
					v |= A->virt;
					n |= !A->virt;
				}
				if (v && n) {
					M->diverged = 1;
					return -1;
				}
			}
			if (p == p1)
				break;
		}
	V->started = 1;
	uint64_t before = 0, after = 0;
	FOR_ACCT(M, A)
		before += A->hop_cycles;
	for (uint64_t p = p0;; p++) {
		xlate(M, V, kind, p);
		if (p == p1)
			break;
	}
	FOR_ACCT(M, A)
		after += A->hop_cycles;
	if (after != before) /* a deadline moves only with the clock */
		set_deadline(M);
	return 0;
}

/* A page-table update: the OS probes the TLB (tlbp) and invalidates an
 * entry it finds (tlbwi); the monitor drops its software TLB entry. */
static void flush_page(mach *M, mach_vm *V, uint64_t vpn, uint32_t asid)
{
	int charged = !V->os_in_trace;
	int i = tlb_lookup(&M->t, vpn, asid);
	FOR_ACCT(M, A) {
		if (charged && A->pv) {
			pv_queue(M, A, 0);
		} else if (charged) {
			charge(M, A, FE_PTE_PROBE);
			if (i >= 0)
				charge(M, A, FE_PTE_INVAL);
		}
		if (A->swtlb_on)
			swtlb_remove(&AV(M, A)->sw, tlb_vpn2(&M->t, vpn), asid);
	}
	if (M->hooks)
		M->hooks->remove(M->hooks_opaque, tlb_vpn2(&M->t, vpn), asid);
	if (i >= 0) {
		uc_drop(M, (unsigned)i);
		tlb_inval(&M->t, (unsigned)i);
	}
}

/* MIPS Cause.ExcCode values with a handler of their own in the model. */
enum { EXC_MOD = 1, EXC_TLBL = 2, EXC_TLBS = 3 };

static void trap(mach *M, mach_vm *V, unsigned sub, uint32_t arg)
{
	int body = !V->os_in_trace; /* the handler's code is not in the stream */
	/* a traced TLB exception is a page fault (a trace is TLB-independent:
	 * refills are derived, so a TLBL/TLBS the OS saw found no valid PTE) */
	int pf = sub == TTRAP_EXCEPTION && (arg == EXC_TLBL || arg == EXC_TLBS);
	int mod = sub == TTRAP_EXCEPTION && arg == EXC_MOD;
	if (pf)
		V->page_faults++;
	FOR_ACCT(M, A) {
		if (sub == TTRAP_SYSCALL) {
			if (body) {
				charge_syscall(M, A, FE_SYSCALL, model_syscall_cost(M->m, arg));
			} else {
				charge(M, A, FE_SYSCALL_OS);
				AV(M, A)->pend_ret = FE_ERET_SYSCALL;
			}
		} else if (body) {
			charge(M, A, pf ? FE_TRAP_FAULT : mod ? FE_TRAP_MOD
			                 : sub == TTRAP_INTERRUPT ? FE_INTERRUPT : FE_EXCEPTION);
		} else {
			charge(M, A, FE_TRAP_OS);
			AV(M, A)->pend_ret = FE_ERET;
		}
	}
}

static void timer(mach *M, macct *A)
{
	charge(M, A, FE_TIMER);
}

static void priv(mach *M, unsigned op)
{
	FOR_ACCT(M, A) {
		switch (op) {
		case TPRIV_TLBWR:
		case TPRIV_TLBWI:
			charge(M, A, FE_PRIV_TLBW);
			break;
		case TPRIV_ERET:
			charge(M, A, AV(M, A)->pend_ret);
			AV(M, A)->pend_ret = FE_ERET;
			break;
		case TPRIV_WAIT:
			charge(M, A, FE_WAIT);
			break;
		default:
			charge(M, A, FE_PRIV);
			break;
		}
	}
}
/* Returns -1 if the accounts must part before this record. */
static int other(mach *M, mach_vm *V, const trace_rec *e)
{
	const model *m = M->m;
	switch (e->kind) {
	case TK_MODE:
		if (e->sub != TMODE_USER)
			V->os_in_trace = 1;
		break;
	case TK_ASID:
		if (e->arg != V->asid) {
			if (V->started && !V->os_in_trace)
				FOR_ACCT(M, A) {
					if (A->pv)
						pv_queue(M, A, 1);
					charge(M, A, FE_CONTEXT_SWITCH);
				}
			V->asid = e->arg;
			uc_clear(M);
		}
		V->started = 1;
		break;
	case TK_TRAP:
		trap(M, V, e->sub, e->arg);
		break;
	case TK_PRIV:
		priv(M, e->sub);
		break;
	case TK_PTE: {
		uint64_t vpn = e->addr >> M->sh, p = (uint64_t)e->arg << 8 | (e->sub & 7);
		if (!m->tlb_mod && (p & TPTE_VALID))
			p |= TPTE_DIRTY;
		if (hmap_put(&V->pt, vpn, e->x, p))
			M->oom = 1;
		flush_page(M, V, vpn, e->x);
		break;
	}
	case TK_UNMAP: {
		uint64_t vpn = e->addr >> M->sh, *p = hmap_get(&V->pt, vpn, e->x);
		if (p) {
			if (*p & TPTE_VALID) {
				if (V->nfree == V->capfree) {
					size_t nc = V->capfree ? V->capfree * 2 : 64;
					uint64_t *nf = realloc(V->freel, nc * sizeof *nf);
					if (!nf) {
						M->oom = 1;
						break;
					}
					V->freel = nf;
					V->capfree = nc;
				}
				V->freel[V->nfree++] = PTE_PFN(*p);
			}
			hmap_del(&V->pt, vpn, e->x);
		}
		flush_page(M, V, vpn, e->x);
		break;
	}
	case TK_ZERO:
		FOR_ACCT(M, A) {
			int backed = pmap_touch(M, A, e->arg);
			/* with OS code in the stream the zeroing's stores are in it */
			if (!V->os_in_trace && !(A->pv && backed))
				charge(M, A, FE_PAGE_ZERO);
		}
		break;
	case TK_VM:
		if (V->last_vmid != UINT64_MAX && e->arg != V->last_vmid) {
			int v = 0, n = 0;
			FOR_ACCT(M, A) {
				v |= A->virt;
				n |= !A->virt;
			}
			if (v && n) {
				M->diverged = 1;
				return -1;
			}
			if (v) {
				FOR_ACCT(M, A)
					charge(M, A, FE_MACHINE_SWITCH);
				tlb_flush(&M->t);
				uc_clear(M);
			}
		}
		V->last_vmid = e->arg;
		break;
	default: /* TK_MARK and unknown kinds: no cost */
		break;
	}
	set_deadline(M);
	return 0;
}

static void marks_push(mach *M, macct *A)
{
	if (A->nmarks == A->capmarks) {
		size_t nc = A->capmarks ? A->capmarks * 2 : 64;
		uint64_t *nm = realloc(A->marks, nc * sizeof *nm);
		if (!nm) {
			M->oom = 1;
			A->interval = 0;
			return;
		}
		A->marks = nm;
		A->capmarks = nc;
	}
	A->marks[A->nmarks++] = mach_clock(M, A);
}

/* At an instruction boundary where a deadline passed: interval marks,
 * the timer interrupt, the end of the quantum.  Returns 1 if a quantum
 * expired (the instruction is then not consumed). */
static int tick(mach *M)
{
	mach_vm *V = &M->vm[M->cur];
	int expired = 0;
	FOR_ACCT(M, A) {
		if (A->deadline > M->insns)
			continue;
		while (A->interval && M->insns >= A->next_mark) {
			marks_push(M, A);
			A->next_mark += A->interval;
		}
		uint64_t now = mach_clock(M, A);
		if (A->next_timer != UINT64_MAX && now >= A->next_timer) {
			if (!V->os_in_trace) { /* a traced OS carries its own interrupts */
				timer(M, A);
				if (M->hooks && A->mode == M_VIRT)
					M->hooks->virt_timer(M->hooks_opaque, M);
			}
			A->next_timer += M->m->timer_period;
			now = mach_clock(M, A);
		}
		if (A->quantum_end && now >= A->quantum_end)
			A->quantum_expired = 1;
		expired |= A->quantum_expired;
	}
	if (M->hooks)
		M->hooks->tick(M->hooks_opaque, M, virt_acct(M)->hop_cycles);
	set_deadline(M);
	return expired;
}

void mach_switch(mach *M, unsigned vm)
{
	M->cur = vm;
	FOR_ACCT(M, A) {
		charge(M, A, FE_MACHINE_SWITCH);
		A->quantum_expired = 0;
		A->quantum_end = mach_clock(M, A) + M->m->quantum;
	}
	tlb_flush(&M->t);
	uc_clear(M);
	set_deadline(M);
}

void mach_renew(mach *M)
{
	FOR_ACCT(M, A) {
		A->quantum_expired = 0;
		A->quantum_end = mach_clock(M, A) + M->m->quantum;
	}
	set_deadline(M);
}

/* ---- the loop over a batch -------------------------------------------- */

/* What the loop over a batch carries from record to record. */
typedef struct feed_st {
	uint64_t insns, deadline, clock; /* M->insns, M->deadline, M->t.clock */
	uint64_t extra;  /* references beyond one per consumed record */
	uint64_t others; /* consumed records that are not references */
	uint32_t skip;   /* fetches of the current record done by the last call */
} feed_st;

/* One record the careful way: a tick where a deadline passed, a record of
 * another kind, a miss of the last-translation cache, a run with a
 * deadline inside.  Specialised for LRU (the only policy whose state
 * changes on a hit: the entry's recency stamp) by `lru`.  Returns 1 if the
 * record was consumed, 0 if the batch stops before it (a quantum expired,
 * or the accounts must part).
 *
 * A run of fetches (a fetch record with x > 0, trace_read_runs) is charged
 * as its x + 1 fetches one by one would be: they lie in one page, so the
 * first takes the usual path (translation, refill, faults) and leaves the
 * page in the last-translation cache; every later one is a hit there, so
 * it only counts an instruction (and, under LRU, stamps the entry).  They
 * are counted in bulk up to the next deadline, where the tick runs at the
 * same instruction as it would record by record.  A quantum ending inside
 * a run leaves V->run_off fetches of it done: the record is then not
 * consumed, and the next call goes on from that fetch. */
static __attribute__((noinline)) int feed_one(mach *M, mach_vm *V, feed_st *f,
                                              const trace_rec *e, const int lru)
{
	unsigned k = e->kind;
	if (k > TK_STORE) {
		M->insns = f->insns;
		M->t.clock = f->clock;
		if (other(M, V, e))
			return 0; /* (skip is 0: not a fetch) */
		f->others++;
		f->deadline = M->deadline;
		f->clock = M->t.clock;
		return 1;
	}
	unsigned fetch = k == TK_FETCH;
	if (f->insns >= f->deadline && fetch) {
		M->insns = f->insns;
		M->t.clock = f->clock;
		if (tick(M)) {
			V->run_off = f->skip;
			return 0;
		}
		f->deadline = M->deadline;
	}
	f->insns += fetch;
	uint64_t a = e->addr;
	uint32_t sz = e->arg;
	unsigned s = (unsigned)((a >> M->sh) % MACH_UC);
	/* a hit: the page of the reference's last byte is the one cached in
	 * the slot of its first byte's page.  Exact (MACH_UC): slots hold only
	 * pages of their own residue, and a reference's last byte lies 0..64
	 * pages after its first (a size of 0 at a page's start, or a wrap past
	 * the top of the address space, names a page of another residue: a
	 * miss, which takes the full path) */
	if (((a + sz - 1) >> M->sh) == M->uc->vpn[k][s]) {
		if (lru)
			M->t.stamp[M->uc->idx[k][s]] = ++f->clock;
	} else {
		M->insns = f->insns;
		M->t.clock = f->clock;
		if (ref_slow(M, V, k, a, sz)) {
			f->insns -= fetch;
			V->run_off = f->skip;
			return 0;
		}
		f->deadline = M->deadline;
		f->clock = M->t.clock;
	}
	if (!fetch || !e->x)
		return 1;
	/* the rest of a run: hits in the page the first one left cached */
	uint64_t left = (uint64_t)e->x - f->skip, done = 1;
	uint64_t *stamp = &M->t.stamp[M->uc->idx[TK_FETCH][s]];
	if (f->insns + left <= f->deadline) {
		/* no deadline inside: all of it at once */
		f->insns += left;
		f->extra += left;
		if (lru)
			*stamp = f->clock += left;
		return 1;
	}
	while (left) {
		if (f->insns >= f->deadline) {
			M->insns = f->insns;
			M->t.clock = f->clock;
			if (tick(M)) {
				/* the record stays unconsumed: count what was done of it */
				V->run_off = f->skip + (uint32_t)done;
				f->extra += done;
				return 0;
			}
			f->deadline = M->deadline;
			f->clock = M->t.clock;
			f->insns++;
			left--;
			done++;
			if (lru)
				*stamp = ++f->clock;
			continue;
		}
		uint64_t step = f->deadline - f->insns < left ? f->deadline - f->insns : left;
		f->insns += step;
		left -= step;
		done += step;
		if (lru)
			*stamp = f->clock += step;
	}
	f->extra += done - 1;
	return 1;
}

/* Per record kind: a mask that keeps a fetch record's count of
 * instructions (x + 1: a run's fetches) and zeroes any other's; and 1 for
 * a data reference (a load or store: a reference, no instruction). */
static const uint64_t kind_fetch_mask[256] = { [TK_FETCH] = UINT64_MAX };
static const uint64_t kind_data[256] = { [TK_LOAD] = 1, [TK_STORE] = 1 };
_Static_assert(sizeof ((trace_rec *)0)->kind == 1, "kind indexes 256-entry tables");

/* One record of feed_fast (below): returns 0 if it needs more than
 * counting.  Under LRU the hit stamps its entry as its references one by
 * one would: the clock advances by one per reference (a run's fetches
 * stamp the same entry, so only the last stamp remains). */
static inline __attribute__((always_inline)) int fast_one(const mach_uc *uc, unsigned sh,
                                                          uint64_t *stamp, const trace_rec *e,
                                                          int64_t *left, uint64_t *data,
                                                          uint64_t *clock, const int lru)
{
	unsigned k = e->kind;
	uint64_t a = e->addr;
	size_t s = (size_t)(a >> sh) % MACH_UC;
	if (__builtin_expect(((a + e->arg - 1) >> sh) != uc->row[k][s], 0))
		return 0;
	int64_t ni = (int64_t)(((uint64_t)e->x + 1) & kind_fetch_mask[k]);
	if (__builtin_expect(ni > *left, 0))
		return 0;
	*left -= ni;
	*data += kind_data[k];
	if (lru)
		stamp[uc->irow[k][s]] = *clock += (uint64_t)ni + kind_data[k];
	return 1;
}

/* The records from e on that need nothing but counting: references that
 * hit the last-translation cache (see feed_one) with no deadline among
 * their fetches.  Returns the first record that needs more (or end).
 *
 * Exact, with no test of the kind or of the deadline of its own: a record
 * of another kind looks in a row of the cache that holds no page, so it
 * misses; a record's fetches run at instruction counts insns ..
 * insns + ni - 1 (ni: 1 + x for a fetch record, 0 otherwise), which are
 * all below the deadline, as record by record, exactly when the
 * instructions left before it (`left`) cover ni.  A run is a hit as a
 * whole: its first fetch is, and the rest lie in the same page.  The
 * counts are summed in registers and stored once, on the way out; the
 * loop takes two records a turn (one loop test for both).  e < end. */
static inline __attribute__((always_inline)) const trace_rec *
feed_fast(mach *M, feed_st *f, const trace_rec *e, const trace_rec *const end, const int lru)
{
	const unsigned sh = M->sh;
	const mach_uc *const uc = M->uc;
	uint64_t *const stamp = M->t.stamp;
	uint64_t gap = f->deadline - f->insns, data = 0, clock = f->clock;
	/* (-1: past the deadline, nothing fits; a far one is capped so that
	 * the count below cannot wrap) */
	int64_t room = f->insns > f->deadline ? -1 : gap > INT64_MAX / 2 ? INT64_MAX / 2 : (int64_t)gap;
	int64_t left = room;
	const trace_rec *const e0 = e, *const last = end - 1;
	for (; e < last; e += 2) {
		if (!fast_one(uc, sh, stamp, e, &left, &data, &clock, lru))
			goto out;
		if (!fast_one(uc, sh, stamp, e + 1, &left, &data, &clock, lru)) {
			e++;
			goto out;
		}
	}
	if (e < end && fast_one(uc, sh, stamp, e, &left, &data, &clock, lru))
		e++;
out:;
	/* instructions: the fetches; references: those and the data ones */
	uint64_t ni = (uint64_t)(room - left);
	f->insns += ni;
	f->extra += ni + data - (uint64_t)(e - e0);
	f->clock = clock;
	return e;
}

/* The loop over a batch: the fast loop while it can, one record the
 * careful way where it cannot (r[0] too if a quantum cut it in the last
 * call). */
static inline __attribute__((always_inline)) size_t feed_loop(mach *M, const trace_rec *r,
                                                              size_t n, const int lru)
{
	mach_vm *V = &M->vm[M->cur];
	feed_st f = { M->insns, M->deadline, M->t.clock, 0, 0, V->run_off };
	uint64_t vi0 = f.insns;
	V->run_off = 0;
	const trace_rec *e = r, *const end = r + n;
	while (e < end) {
		if (!f.skip)
			e = feed_fast(M, &f, e, end, lru);
		if (e == end || !feed_one(M, V, &f, e, lru))
			break;
		e++;
		f.skip = 0;
	}
	size_t used = (size_t)(e - r);
	M->insns = f.insns;
	M->t.clock = f.clock;
	V->insns += f.insns - vi0;
	V->refs += used - f.others + f.extra;
	return used;
}

size_t mach_feed(mach *M, const trace_rec *r, size_t n)
{
	if (M->diverged)
		return 0;
	FOR_ACCT(M, A)
		if (A->quantum_expired)
			return 0;
	return M->t.policy == TLB_LRU ? feed_loop(M, r, n, 1) : feed_loop(M, r, n, 0);
}
