/*
 * mach.c - one mode's machine: the flows of DESIGN.md, hop by hop.
 *
 * Native TLB miss (seeds/ table 101.4): exc_entry, os_refill, tlb_write, eret.
 * Under the monitor (table 101.5): exc_entry, vmm_miss, [swtlb_lookup and on
 * a hit swtlb_hit, done], reflect, guest_refill, trap_tlbwrite [swtlb_insert],
 * rett.  System calls (tables 101.2/101.3): exc_entry, syscall, priv ops, eret
 * natively; exc_entry, syscall_reflect, syscall, trapped priv ops,
 * syscall_rett under the monitor.  Page faults, TLB-modified exceptions,
 * interrupts and the modeled timer follow the same pattern (reflected with
 * exc_reflect/exc_rett).  Every cost comes from the model.
 */
#include "machine/mach.h"

#include <stdlib.h>
#include <string.h>

enum { M_NATIVE = 0, M_VIRT = 1, M_SWTLB = 2 }; /* = enum replay_mode */
enum { SEG_MAPPED = 0, SEG_UNMAPPED = 1 };

#define PTE_PFN(p) ((p) >> 8)
#define NOVPN UINT64_MAX

uint64_t mach_base(const mach *M, uint64_t insns)
{
	return insns / 1000 * M->m->cpi_milli + insns % 1000 * M->m->cpi_milli / 1000;
}

uint64_t mach_clock(const mach *M)
{
	return mach_base(M, M->insns) + M->hop_cycles;
}

static inline void chc(mach *M, mach_vm *V, unsigned hop, uint64_t count, uint64_t cycles)
{
	ledger_charge(&V->led, hop, count, cycles);
	M->hop_cycles += cycles;
}

static inline void ch(mach *M, mach_vm *V, unsigned hop, uint64_t n)
{
	chc(M, V, hop, n, n * M->cost[hop]);
}

static void uc_clear(mach *M)
{
	M->uc_vpn[0] = M->uc_vpn[1] = M->uc_vpn[2] = NOVPN;
}

static void set_deadline(mach *M)
{
	uint64_t target = M->next_timer;
	if (M->quantum_end && M->quantum_end < target)
		target = M->quantum_end;
	uint64_t d = UINT64_MAX;
	if (target != UINT64_MAX) {
		if (target <= M->hop_cycles) {
			d = M->insns;
		} else {
			/* smallest insns with base(insns) + hop_cycles >= target */
			uint64_t need = target - M->hop_cycles, cpi = M->m->cpi_milli;
			d = need / cpi * 1000 + ((need % cpi) * 1000 + cpi - 1) / cpi;
			while (d > 0 && mach_base(M, d - 1) >= need)
				d--;
			while (mach_base(M, d) < need)
				d++;
			if (d < M->insns)
				d = M->insns;
		}
	}
	if (M->interval && M->next_mark < d)
		d = M->next_mark;
	M->deadline = d;
}

int mach_init(mach *M, unsigned mode, const model *m, unsigned nvm, uint64_t seed)
{
	memset(M, 0, sizeof *M);
	M->mode = mode;
	M->virt = mode != M_NATIVE;
	M->swtlb_on = mode == M_SWTLB && m->swtlb_entries > 0;
	M->m = m;
	memcpy(M->cost, m->cost, sizeof M->cost);
	M->zero_cost = m->page_zero_per_kb * (m->page_size / 1024);
	M->vzero_cost = m->vmm_page_zero_per_kb * (m->page_size / 1024);
	while ((1ull << M->sh) < m->page_size)
		M->sh++;
	if (tlb_init(&M->t, m->tlb_entries, m->tlb_wired, m->tlb_pairs, m->tlb_policy, seed))
		return -1;
	M->nvm = nvm;
	M->vm = calloc(nvm, sizeof *M->vm);
	if (!M->vm)
		return -1;
	for (unsigned v = 0; v < nvm; v++) {
		mach_vm *V = &M->vm[v];
		hmap_init(&V->pt);
		hmap_init(&V->pmap);
		V->word_bits = 32;
		V->pend_ret = M->virt ? HOP_EXC_RETT : HOP_ERET;
		V->last_vmid = UINT64_MAX;
		if (M->swtlb_on && swtlb_init(&V->sw, m->swtlb_entries, m->swtlb_assoc))
			return -1;
	}
	uc_clear(M);
	M->next_timer = m->timer_period ? m->timer_period : UINT64_MAX;
	M->quantum_end = nvm > 1 && M->virt ? m->quantum : 0;
	set_deadline(M);
	return 0;
}

void mach_free(mach *M)
{
	if (M->vm)
		for (unsigned v = 0; v < M->nvm; v++) {
			hmap_free(&M->vm[v].pt);
			hmap_free(&M->vm[v].pmap);
			swtlb_free(&M->vm[v].sw);
			free(M->vm[v].freel);
		}
	free(M->vm);
	free(M->marks);
	tlb_free(&M->t);
	memset(M, 0, sizeof *M);
}

void mach_set_source(mach *M, unsigned vm, unsigned word_bits, int os_in_trace)
{
	M->vm[vm].word_bits = word_bits == 64 ? 64 : 32;
	M->vm[vm].os_in_trace = os_in_trace;
}

void mach_set_interval(mach *M, uint64_t every)
{
	M->interval = every;
	M->next_mark = every;
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

/* The monitor's first touch of a guest frame: a machine page, zeroed. */
static void pmap_touch(mach *M, mach_vm *V, uint64_t pfn)
{
	if (!M->virt || hmap_get(&V->pmap, pfn, 0))
		return;
	if (hmap_put(&V->pmap, pfn, 0, 1))
		M->oom = 1;
	ch(M, V, HOP_VMM_PAGE_ALLOC, 1);
	chc(M, V, HOP_VMM_PAGE_ZERO, 1, M->vzero_cost);
}

static uint64_t pte_get(const mach_vm *V, uint64_t vpn, uint32_t asid)
{
	uint64_t *p = hmap_get(&V->pt, vpn, asid);
	return p ? *p : 0;
}

/* The TLB entry the OS's refill handler builds from the page table. */
static void entry_of(const mach *M, const mach_vm *V, uint64_t vpn, unsigned *valid,
                     unsigned *dirty, int *global)
{
	unsigned np = M->t.pairs ? 2 : 1, g = 1, anyv = 0;
	uint64_t base = vpn & ~(uint64_t)M->t.pairs;
	*valid = *dirty = 0;
	for (unsigned h = 0; h < np; h++) {
		uint64_t p = pte_get(V, base + h, V->asid);
		if (p & TPTE_VALID) {
			*valid |= 1u << h;
			anyv = 1;
			if (p & TPTE_DIRTY)
				*dirty |= 1u << h;
			if (!(p & TPTE_GLOBAL))
				g = 0;
		}
	}
	*global = (int)(anyv && g);
}

/* A guest TLB write trapped by the monitor: pmap lookup of every valid
 * page's guest frame, the real write, the software TLB update. */
static void trapped_write(mach *M, mach_vm *V, uint64_t vpn, unsigned valid, unsigned dirty,
                          int global)
{
	ch(M, V, HOP_TRAP_TLBWRITE, 1);
	uint64_t base = vpn & ~(uint64_t)M->t.pairs;
	for (unsigned h = 0; h < 2; h++)
		if (valid & (1u << h))
			pmap_touch(M, V, PTE_PFN(pte_get(V, base + h, V->asid)));
	if (M->swtlb_on) {
		ch(M, V, HOP_SWTLB_INSERT, 1);
		if (swtlb_insert(&V->sw, tlb_vpn2(&M->t, vpn), V->asid, valid, dirty, global))
			M->oom = 1;
	}
}

/* ---- flows ------------------------------------------------------------ */

/* Refill miss on a mapped reference: returns the entry written. */
static unsigned refill(mach *M, mach_vm *V, uint64_t vpn)
{
	uint64_t c0 = M->hop_cycles;
	unsigned valid, dirty;
	int global;
	V->tlb_misses++;
	entry_of(M, V, vpn, &valid, &dirty, &global);
	ch(M, V, HOP_EXC_ENTRY, 1);
	if (!M->virt) {
		ch(M, V, HOP_OS_REFILL, 1);
		ch(M, V, HOP_TLB_WRITE, 1);
		ch(M, V, HOP_ERET, 1);
	} else {
		ch(M, V, HOP_VMM_MISS, 1);
		const swtlb_way *w = NULL;
		if (M->swtlb_on) {
			ch(M, V, HOP_SWTLB_LOOKUP, 1);
			w = swtlb_lookup(&V->sw, tlb_vpn2(&M->t, vpn), V->asid);
			if (w) {
				V->sw_hits++;
				ch(M, V, HOP_SWTLB_HIT, 1);
				valid = w->valid;
				dirty = w->dirty;
				global = w->global;
			} else {
				V->sw_misses++;
			}
		}
		if (!w) {
			ch(M, V, HOP_REFLECT, 1);
			ch(M, V, HOP_GUEST_REFILL, 1);
			trapped_write(M, V, vpn, valid, dirty, global);
			ch(M, V, HOP_RETT, 1);
		}
	}
	unsigned i = tlb_victim(&M->t);
	tlb_write(&M->t, i, vpn, V->asid, global, valid, dirty);
	uc_clear(M);
	V->tlb_miss_cycles += M->hop_cycles - c0;
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
	uint64_t p = pte_get(V, vpn, V->asid);
	int fresh = !(p & TPTE_VALID);
	ch(M, V, HOP_EXC_ENTRY, 1);
	if (M->virt)
		ch(M, V, HOP_EXC_REFLECT, 1);
	ch(M, V, HOP_PAGE_FAULT, 1);
	ch(M, V, M->virt ? HOP_TRAP_PRIV : HOP_PRIV_OP, m->page_fault_priv_ops);
	if (fresh) {
		uint64_t pfn = frame_alloc(V);
		p = pfn << 8 | TPTE_VALID | (store || !m->tlb_mod ? TPTE_DIRTY : 0);
		if (hmap_put(&V->pt, vpn, V->asid, p))
			M->oom = 1;
		pmap_touch(M, V, pfn); /* the guest's zeroing is the frame's first touch */
		chc(M, V, HOP_PAGE_ZERO, 1, M->zero_cost);
	}
	unsigned valid, dirty;
	int global;
	entry_of(M, V, vpn, &valid, &dirty, &global);
	if (M->virt)
		trapped_write(M, V, vpn, valid, dirty, global);
	else
		ch(M, V, HOP_TLB_WRITE, 1);
	ch(M, V, M->virt ? HOP_EXC_RETT : HOP_ERET, 1);
	tlb_write(&M->t, i, vpn, V->asid, global, valid, dirty);
	uc_clear(M);
}

/* First store to a clean page: the OS marks the PTE dirty. */
static void tlb_mod(mach *M, mach_vm *V, uint64_t vpn, unsigned i)
{
	const model *m = M->m;
	uint64_t *p = hmap_get(&V->pt, vpn, V->asid);
	if (p)
		*p |= TPTE_DIRTY;
	ch(M, V, HOP_EXC_ENTRY, 1);
	if (M->virt)
		ch(M, V, HOP_EXC_REFLECT, 1);
	ch(M, V, HOP_TLB_MOD, 1);
	ch(M, V, M->virt ? HOP_TRAP_PRIV : HOP_PRIV_OP, m->tlb_mod_priv_ops);
	unsigned valid, dirty;
	int global;
	entry_of(M, V, vpn, &valid, &dirty, &global);
	if (!p) /* no PTE (cannot happen with a valid entry): make the page writable */
		dirty |= 1u << tlb_half(&M->t, vpn);
	if (M->virt)
		trapped_write(M, V, vpn, valid, dirty, global);
	else
		ch(M, V, HOP_TLB_WRITE, 1);
	ch(M, V, M->virt ? HOP_EXC_RETT : HOP_ERET, 1);
	tlb_write(&M->t, i, vpn, V->asid, global, valid, dirty);
	uc_clear(M);
}

static void kseg_ref(mach *M, mach_vm *V, unsigned kind, uint64_t vpn)
{
	if (!M->virt || !M->m->kseg_mapped) {
		M->uc_vpn[kind] = vpn;
		M->uc_idx[kind] = M->t.n; /* spare stamp slot */
		return;
	}
	int i = tlb_lookup(&M->t, vpn, V->asid);
	if (i < 0) {
		V->kseg_misses++;
		ch(M, V, HOP_EXC_ENTRY, 1);
		ch(M, V, HOP_KSEG_MISS, 1);
		pmap_touch(M, V, unmapped_pfn(M, vpn << M->sh));
		i = (int)tlb_victim(&M->t);
		tlb_write(&M->t, (unsigned)i, vpn, V->asid, 1, 3, 3);
		uc_clear(M);
	} else {
		tlb_touch(&M->t, (unsigned)i);
	}
	M->uc_vpn[kind] = vpn;
	M->uc_idx[kind] = (unsigned)i;
}

static void xlate(mach *M, mach_vm *V, unsigned kind, uint64_t vpn)
{
	if (segment(V, vpn << M->sh) == SEG_UNMAPPED) {
		kseg_ref(M, V, kind, vpn);
		return;
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
	M->uc_vpn[kind] = vpn;
	M->uc_idx[kind] = i;
}

static void ref_slow(mach *M, mach_vm *V, unsigned kind, uint64_t a, uint32_t size)
{
	uint64_t p0 = a >> M->sh, p1 = (a + (size ? size - 1 : 0)) >> M->sh;
	if (p1 < p0) /* wraps at the top of the address space */
		p1 = p0;
	V->started = 1;
	for (uint64_t p = p0;; p++) {
		xlate(M, V, kind, p);
		if (p == p1)
			break;
	}
}

/* A page-table update: the OS probes the TLB (tlbp) and invalidates an
 * entry it finds (tlbwi); the monitor drops its software TLB entry. */
static void flush_page(mach *M, mach_vm *V, uint64_t vpn, uint32_t asid)
{
	int charge = !V->os_in_trace;
	int i = tlb_lookup(&M->t, vpn, asid);
	if (charge)
		ch(M, V, M->virt ? HOP_TRAP_PRIV : HOP_PRIV_OP, 1);
	if (i >= 0) {
		tlb_inval(&M->t, (unsigned)i);
		if (charge)
			ch(M, V, M->virt ? HOP_TRAP_TLBWRITE : HOP_TLB_WRITE, 1);
	}
	if (M->swtlb_on)
		swtlb_remove(&V->sw, tlb_vpn2(&M->t, vpn), asid);
	uc_clear(M);
}

static void trap(mach *M, mach_vm *V, unsigned sub, uint32_t arg)
{
	const model *m = M->m;
	int body = !V->os_in_trace; /* the handler's code is not in the stream */
	ch(M, V, HOP_EXC_ENTRY, 1);
	if (sub == TTRAP_SYSCALL) {
		if (M->virt)
			ch(M, V, HOP_SYSCALL_REFLECT, 1);
		if (body) {
			chc(M, V, HOP_SYSCALL, 1, model_syscall_cost(m, arg));
			ch(M, V, M->virt ? HOP_TRAP_PRIV : HOP_PRIV_OP, m->syscall_priv_ops);
			ch(M, V, M->virt ? HOP_SYSCALL_RETT : HOP_ERET, 1);
		} else {
			V->pend_ret = M->virt ? HOP_SYSCALL_RETT : HOP_ERET;
		}
		return;
	}
	if (M->virt)
		ch(M, V, HOP_EXC_REFLECT, 1);
	if (body) {
		ch(M, V, sub == TTRAP_INTERRUPT ? HOP_INTERRUPT : HOP_EXCEPTION, 1);
		ch(M, V, M->virt ? HOP_EXC_RETT : HOP_ERET, 1);
	} else {
		V->pend_ret = M->virt ? HOP_EXC_RETT : HOP_ERET;
	}
}

static void timer(mach *M, mach_vm *V)
{
	const model *m = M->m;
	ch(M, V, HOP_EXC_ENTRY, 1);
	if (M->virt)
		ch(M, V, HOP_EXC_REFLECT, 1);
	ch(M, V, HOP_TIMER, 1);
	ch(M, V, M->virt ? HOP_TRAP_PRIV : HOP_PRIV_OP, m->timer_priv_ops);
	ch(M, V, M->virt ? HOP_EXC_RETT : HOP_ERET, 1);
}

static void priv(mach *M, mach_vm *V, unsigned op)
{
	switch (op) {
	case TPRIV_TLBWR:
	case TPRIV_TLBWI:
		ch(M, V, M->virt ? HOP_TRAP_TLBWRITE : HOP_TLB_WRITE, 1);
		break;
	case TPRIV_ERET:
		ch(M, V, V->pend_ret, 1);
		V->pend_ret = M->virt ? HOP_EXC_RETT : HOP_ERET;
		break;
	default:
		ch(M, V, M->virt ? HOP_TRAP_PRIV : HOP_PRIV_OP, 1);
		break;
	}
}

static void other(mach *M, mach_vm *V, const trace_rec *e)
{
	const model *m = M->m;
	switch (e->kind) {
	case TK_MODE:
		if (e->sub != TMODE_USER)
			V->os_in_trace = 1;
		break;
	case TK_ASID:
		if (e->arg != V->asid) {
			if (V->started && !V->os_in_trace) {
				ch(M, V, HOP_CONTEXT_SWITCH, 1);
				ch(M, V, M->virt ? HOP_TRAP_PRIV : HOP_PRIV_OP, m->context_switch_priv_ops);
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
		priv(M, V, e->sub);
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
		pmap_touch(M, V, e->arg);
		chc(M, V, HOP_PAGE_ZERO, 1, M->zero_cost);
		break;
	case TK_VM:
		if (M->virt && V->last_vmid != UINT64_MAX && e->arg != V->last_vmid) {
			ch(M, V, HOP_MACHINE_SWITCH, 1);
			tlb_flush(&M->t);
			uc_clear(M);
		}
		V->last_vmid = e->arg;
		break;
	default: /* TK_MARK and unknown kinds: no cost */
		break;
	}
	set_deadline(M);
}

/* At an instruction boundary where the deadline passed: interval marks,
 * the timer interrupt, the end of the quantum.  Returns 1 if the quantum
 * expired (the instruction is then not consumed). */
static int tick(mach *M)
{
	mach_vm *V = &M->vm[M->cur];
	while (M->interval && M->insns >= M->next_mark) {
		if (M->nmarks == M->capmarks) {
			size_t nc = M->capmarks ? M->capmarks * 2 : 64;
			uint64_t *nm = realloc(M->marks, nc * sizeof *nm);
			if (!nm) {
				M->oom = 1;
				M->interval = 0;
				break;
			}
			M->marks = nm;
			M->capmarks = nc;
		}
		M->marks[M->nmarks++] = mach_clock(M);
		M->next_mark += M->interval;
	}
	uint64_t now = mach_clock(M);
	if (M->next_timer != UINT64_MAX && now >= M->next_timer) {
		if (!V->os_in_trace) /* a traced OS carries its own interrupts */
			timer(M, V);
		M->next_timer += M->m->timer_period;
		now = mach_clock(M);
	}
	if (M->quantum_end && now >= M->quantum_end)
		M->quantum_expired = 1;
	set_deadline(M);
	return M->quantum_expired;
}

void mach_switch(mach *M, unsigned vm)
{
	mach_vm *V = &M->vm[vm];
	M->cur = vm;
	ch(M, V, HOP_MACHINE_SWITCH, 1);
	tlb_flush(&M->t);
	uc_clear(M);
	M->quantum_expired = 0;
	M->quantum_end = mach_clock(M) + M->m->quantum;
	if (M->quantum_end == 0)
		M->quantum_end = 1;
	set_deadline(M);
}

void mach_renew(mach *M)
{
	M->quantum_expired = 0;
	M->quantum_end = mach_clock(M) + M->m->quantum;
	set_deadline(M);
}

size_t mach_feed(mach *M, const trace_rec *r, size_t n)
{
	mach_vm *V = &M->vm[M->cur];
	const unsigned sh = M->sh;
	uint64_t *stamp = M->t.stamp;
	if (M->quantum_expired)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const trace_rec *e = &r[i];
		unsigned k = e->kind;
		if (k <= TK_STORE) {
			if (k == TK_FETCH) {
				if (M->insns >= M->deadline && tick(M))
					return i;
				M->insns++;
				V->insns++;
			}
			V->refs++;
			uint64_t a = e->addr, p = a >> sh;
			if (p == M->uc_vpn[k] && ((a + e->arg - 1) >> sh) == p && e->arg) {
				stamp[M->uc_idx[k]] = ++M->t.clock;
				continue;
			}
			ref_slow(M, V, k, a, e->arg);
		} else {
			other(M, V, e);
		}
	}
	return n;
}
