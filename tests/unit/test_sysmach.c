/*
 * test_sysmach.c - the full-system machine (machine/sysmach.h) on
 * hand-written streams: the contexts of the ledger rule, a recorded refill
 * cut when the machine's TLB maps the page (the handler's records, its eret
 * and the faulting instruction's second fetch gone), a refill added when it
 * does not (charged at the recorded handlers' mean length), idle time, a
 * stream fed in runs of fetches counted as fed one by one, a mark (the feed
 * stops there to be sampled), and a stream that is not a recording.  Every expected number is worked out by hand in
 * the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "machine/sysmach.h"

#define MAXR 512
typedef struct stream {
	trace_rec r[MAXR];
	size_t n;
} stream;

static void put(stream *s, unsigned kind, unsigned sub, unsigned x, uint32_t arg, uint64_t addr)
{
	assert_true(s->n < MAXR);
	trace_rec *r = &s->r[s->n++];
	r->kind = (uint8_t)kind;
	r->sub = (uint8_t)sub;
	r->x = (uint16_t)x;
	r->arg = arg;
	r->addr = addr;
}

/* Config1 of a 24Kf with 16 TLB entries (MMUSize = 15) */
#define CONFIG1_16 (0x80190c8fu | 15u << 25)
enum { TLBL = 2, SYS = 8, INT = 0 };

static void start(stream *s)
{
	s->n = 0;
	put(s, TK_PRIV, TPRIV_MFC0, 16u << 3 | 1u, 0, CONFIG1_16);
	put(s, TK_MODE, TMODE_KERNEL, 0, 0, 0);
	put(s, TK_ASID, 0, 0, 1, 0);
}

static void fetch(stream *s, uint64_t a) { put(s, TK_FETCH, 0, 0, 4, a); }
static void load(stream *s, uint64_t a) { put(s, TK_LOAD, 0, 0, 4, a); }

/* the refill handler: 3 instructions at 0x80000000, a tlbwr of the pair
 * of va (ASID 1, valid), eret to epc, back to user mode */
static void refill(stream *s, uint32_t va, uint32_t epc)
{
	put(s, TK_EXC, TLBL, 0x000, va, epc);
	put(s, TK_MODE, TMODE_KERNEL, 0, 0, 0);
	fetch(s, 0x80000000u);
	fetch(s, 0x80000004u);
	put(s, TK_TLBW, 5, 0, (va & ~0x1fffu) | 1u, (uint64_t)0x1007u << 32 | 0x1007u);
	fetch(s, 0x80000008u);
	put(s, TK_PRIV, TPRIV_ERET, 0, 0, epc);
	put(s, TK_MODE, TMODE_USER, 0, 0, 0);
}

static sysmach *run(stream *s, unsigned entries, int policy, char *err)
{
	sysmach_opts o = { .tlb_entries = entries, .policy = policy, .seed = 1 };
	sysmach *m = sysmach_new(&o, err, 256);
	assert_non_null(m);
	size_t at = 0;
	assert_int_equal(sysmach_feed(m, s->r, s->n, &at, err, 256), 0);
	return m;
}

/* user code at 0x400000 (the code pair written by tlbwi first) loads from
 * 0x10000000 (refilled), then again after a syscall, then from 0x10002000
 * (another pair, refilled) */
static void program(stream *s)
{
	start(s);
	/* the code's entry, wired at index 0 */
	put(s, TK_TLBW, 0 | TTLBW_INDEXED, 0, 0x00400000u | 1u, (uint64_t)0x1003u << 32 | 0x1003u);
	fetch(s, 0x80001000u);                       /* kernel: 1 insn */
	put(s, TK_MODE, TMODE_USER, 0, 0, 0);
	fetch(s, 0x400000u);                         /* user: the load faults */
	refill(s, 0x10000000u, 0x400000u);
	fetch(s, 0x400000u);                         /* re-executed */
	load(s, 0x10000000u);
	fetch(s, 0x400004u);                         /* syscall */
	put(s, TK_EXC, SYS, 0x180, 0, 0x400004u);
	put(s, TK_MODE, TMODE_KERNEL, 0, 0, 0);
	fetch(s, 0x80000180u);
	fetch(s, 0x80000184u);
	put(s, TK_PRIV, TPRIV_ERET, 0, 0, 0x400008u);
	put(s, TK_MODE, TMODE_USER, 0, 0, 0);
	fetch(s, 0x400008u);
	load(s, 0x10000004u);                        /* same pair: hit */
	fetch(s, 0x40000cu);
	refill(s, 0x10002000u, 0x40000cu);
	fetch(s, 0x40000cu);
	load(s, 0x10002000u);
	put(s, TK_EXC, INT, 0x200, 0x80, 0x400010u); /* the timer (IP7) */
	put(s, TK_MODE, TMODE_KERNEL, 0, 0, 0);
	fetch(s, 0x80000200u);
	put(s, TK_PRIV, TPRIV_ERET, 0, 0, 0x400010u);
	put(s, TK_MODE, TMODE_USER, 0, 0, 0);
	put(s, TK_IDLE, 0, 0, 0, 1000);
}

static void test_exact(void **state)
{
	(void)state;
	stream s;
	char err[256];
	program(&s);
	sysmach *m = run(&s, 0, SYSMACH_RECORDED, err);
	const sysmach_stats *st = sysmach_get_stats(m);
	assert_int_equal(st->recorded_tlb, 16);
	assert_int_equal(st->tlb_entries, 16);
	assert_true(st->exact);
	/* user: 0x400000 x2, 0x400004, 0x400008, 0x40000c x2 = 6 */
	assert_int_equal(st->k.ctx_insns[SYSACCT_USER], 6);
	assert_int_equal(st->k.ctx_insns[SYSACCT_KERNEL], 1);
	assert_int_equal(st->k.ctx_insns[SYSACCT_REFILL], 6);   /* 2 handlers x 3 */
	assert_int_equal(st->k.ctx_entries[SYSACCT_REFILL], 2);
	assert_int_equal(st->k.ctx_insns[SYSACCT_SYSCALL], 2);
	assert_int_equal(st->k.ctx_insns[SYSACCT_TIMER], 1);
	assert_int_equal(st->k.ctx_entries[SYSACCT_TIMER], 1);
	assert_int_equal(st->k.ctx_insns[SYSACCT_IDLE], 1000);
	assert_int_equal(st->k.exceptions, 4);
	assert_int_equal(st->k.erets, 4);
	assert_int_equal(st->k.tlb_writes, 3);
	assert_int_equal(st->tlb_refills, 2);
	assert_int_equal(st->irq[7], 1);
	assert_int_equal(st->exc[SYS], 1);
	assert_int_equal(st->refills_cut + st->refills_added + st->unknown_refs, 0);
	sysmach_free(m);
}

/* With 64 entries and LRU: the first data pair written earlier in the
 * stream (a write the recording's TLB lost since, but the bigger one
 * keeps), so its recorded refill is cut; the second pair is new, its
 * refill stays. */
static void test_cut(void **state)
{
	(void)state;
	stream s;
	char err[256];
	program(&s);
	/* insert, after the opening records, a write of 0x10000000's pair
	 * (as if the recording's TLB had lost it since) */
	trace_rec w = { .kind = TK_TLBW, .sub = 9 | TTLBW_INDEXED, .x = 0, .arg = 0x10000000u | 1u,
		        .addr = (uint64_t)0x1007u << 32 | 0x1007u };
	memmove(&s.r[4], &s.r[3], (s.n - 3) * sizeof s.r[0]);
	s.r[3] = w;
	s.n++;
	sysmach *m = run(&s, 64, TLB_LRU, err);
	const sysmach_stats *st = sysmach_get_stats(m);
	assert_false(st->exact);
	assert_int_equal(st->refills_cut, 1);
	assert_int_equal(st->refills_added, 0);
	assert_int_equal(st->refill_runs, 2);
	assert_int_equal(st->refill_run_insns, 6);      /* the cut handler's 3 are measured too */
	assert_int_equal(st->tlb_refills, 1);
	assert_int_equal(st->k.ctx_insns[SYSACCT_REFILL], 3);
	/* the faulting load's instruction is not counted twice: 5 user insns */
	assert_int_equal(st->k.ctx_insns[SYSACCT_USER], 5);
	assert_int_equal(st->k.exceptions, 3);
	assert_int_equal(st->k.erets, 3);
	assert_int_equal(st->k.tlb_writes, 3);          /* code, the inserted one, the kept refill's */
	sysmach_free(m);
}

/* One entry: the code pair and the data pairs evict each other, so
 * references the recording made without a refill need one, charged at the
 * recorded handlers' mean length (6 / 2 = 3 instructions each). */
static void test_added(void **state)
{
	(void)state;
	stream s;
	char err[256];
	program(&s);
	sysmach *m = run(&s, 1, TLB_LRU, err);
	const sysmach_stats *st = sysmach_get_stats(m);
	assert_true(st->refills_added > 0);
	uint64_t before = st->k.ctx_insns[SYSACCT_REFILL];
	model md;
	memset(&md, 0, sizeof md);
	md.cpi_milli = 1000;
	sysmach_finish(m, &md);
	assert_int_equal(st->k.ctx_insns[SYSACCT_REFILL], before + 3 * st->refills_added);
	assert_int_equal(st->k.ctx_entries[SYSACCT_REFILL], st->tlb_refills);
	assert_int_equal(st->unknown_refs, 0);
	sysmach_free(m);
}

/* Fetches merged as trace_read_runs merges them: each that starts where the
 * last one ended, within its 1 KiB block, joins its run. */
static void merge_runs(const stream *in, stream *out)
{
	out->n = 0;
	for (size_t i = 0; i < in->n; i++) {
		const trace_rec *r = &in->r[i];
		trace_rec *l = out->n ? &out->r[out->n - 1] : NULL;
		if (r->kind == TK_FETCH && l && l->kind == TK_FETCH && r->addr == l->addr + l->arg &&
		    r->addr / TRACE_RUN_BLOCK == (r->addr + r->arg - 1) / TRACE_RUN_BLOCK &&
		    l->addr / TRACE_RUN_BLOCK == r->addr / TRACE_RUN_BLOCK) {
			l->x++;
			l->arg += r->arg;
			continue;
		}
		out->r[out->n++] = *r;
	}
}

/* A stream whose fetches make runs of every kind the machine must count
 * as the fetches one by one: in user code on a mapped page, on a page no
 * recorded write maps (each reference unknown), in the kernel's unmapped
 * code, across a 1 KiB block, in a refill handler, and the refetch of a
 * cut refill's instruction followed by the next ones on its page. */
static void runs_program(stream *s)
{
	start(s);
	put(s, TK_TLBW, 0 | TTLBW_INDEXED, 0, 0x00400000u | 1u, (uint64_t)0x1003u << 32 | 0x1003u);
	/* a data pair written early (so that a bigger TLB keeps it) */
	put(s, TK_TLBW, 9 | TTLBW_INDEXED, 0, 0x10000000u | 1u, (uint64_t)0x1007u << 32 | 0x1007u);
	for (uint32_t a = 0x80001000u; a < 0x80001010u; a += 4)
		fetch(s, a);
	put(s, TK_MODE, TMODE_USER, 0, 0, 0);
	for (uint32_t a = 0x4003f0u; a < 0x400410u; a += 4) /* across a 1 KiB block */
		fetch(s, a);
	fetch(s, 0x4000f8u);
	fetch(s, 0x4000fcu);
	fetch(s, 0x400100u);                         /* its load faults (the run's last) */
	refill(s, 0x10000000u, 0x400100u);
	for (uint32_t a = 0x400100u; a < 0x400110u; a += 4) /* the refetch, and on */
		fetch(s, a);
	load(s, 0x10000000u);
	for (uint32_t a = 0x500000u; a < 0x500010u; a += 4) /* no recorded write maps it */
		fetch(s, a);
	fetch(s, 0x400200u);
	refill(s, 0x10002000u, 0x400200u);
	fetch(s, 0x400200u);
	load(s, 0x10002000u);
	for (uint32_t a = 0x400204u; a < 0x400224u; a += 4)
		fetch(s, a);
}

/* Fed in runs, the machine's counts are those of the fetches one by one,
 * with every TLB (checked to fail when a run's fetches are counted once,
 * when its unknown references are, and when a dropped refetch drops the
 * rest of its run). */
static void test_runs_same(void **state)
{
	(void)state;
	static const struct { unsigned entries; int policy; } cfg[] = {
		{ 0, SYSMACH_RECORDED }, { 64, TLB_LRU }, { 1, TLB_LRU }, { 2, TLB_FIFO },
		{ 4, TLB_RANDOM }, { 16, TLB_LRU },
	};
	static stream s, m;
	char err[256];
	runs_program(&s);
	merge_runs(&s, &m);
	assert_true(m.n + 20 < s.n); /* (runs there are) */
	for (size_t c = 0; c < sizeof cfg / sizeof cfg[0]; c++) {
		sysmach *a = run(&s, cfg[c].entries, cfg[c].policy, err);
		sysmach *b = run(&m, cfg[c].entries, cfg[c].policy, err);
		const sysmach_stats *sa = sysmach_get_stats(a), *sb = sysmach_get_stats(b);
		assert_memory_equal(sa, sb, sizeof *sa);
		if (c == 1) /* (64 entries keep the early data pair: the refill is cut) */
			assert_int_equal(sa->refills_cut, 1);
		if (c == 0)
			assert_int_equal(sa->unknown_refs, 4);
		sysmach_free(a);
		sysmach_free(b);
	}
	/* a fetch of another size: an error naming the record */
	s.r[7].arg = 2;
	sysmach_opts o = { .policy = SYSMACH_RECORDED, .seed = 1 };
	sysmach *x = sysmach_new(&o, err, sizeof err);
	size_t at = 0;
	assert_int_equal(sysmach_feed(x, s.r, s.n, &at, err, sizeof err), -1);
	assert_int_equal(at, 7);
	assert_non_null(strstr(err, "a fetch of 2 bytes"));
	sysmach_free(x);
}

/* A mark stops the feed after it (SYSMACH_MARK, its index); the sample
 * there has the counts so far, and the rest fed after it gives the counts
 * of the stream without the mark. */
static void test_mark(void **state)
{
	(void)state;
	static stream s, w;
	char err[256];
	program(&s);
	size_t k = 15; /* after the first refill, before its instruction again */
	w = s;
	memmove(&w.r[k + 1], &w.r[k], (w.n - k) * sizeof w.r[0]);
	w.r[k] = (trace_rec){ .kind = TK_MARK, .sub = TMARK_BEGIN, .arg = 0 };
	w.n++;
	sysmach_opts o = { .tlb_entries = 1, .policy = TLB_LRU, .seed = 1 };
	sysmach *a = sysmach_new(&o, err, sizeof err), *b = sysmach_new(&o, err, sizeof err);
	size_t at = 0;
	assert_int_equal(sysmach_feed(a, w.r, w.n, &at, err, sizeof err), SYSMACH_MARK);
	assert_int_equal(at, k);
	assert_int_equal(sysmach_feed(b, s.r, k, &at, err, sizeof err), 0);
	model md;
	memset(&md, 0, sizeof md);
	md.cpi_milli = 1000;
	sysmach_stats sa, sb;
	sysmach_sample(a, &md, &sa);
	sysmach_sample(b, &md, &sb);
	assert_memory_equal(&sa, &sb, sizeof sa);
	assert_true(sa.user_insns > 0);
	assert_int_equal(sysmach_feed(a, w.r + k + 1, w.n - k - 1, &at, err, sizeof err), 0);
	assert_int_equal(sysmach_feed(b, s.r + k, s.n - k, &at, err, sizeof err), 0);
	sysmach_finish(a, &md);
	sysmach_finish(b, &md);
	assert_memory_equal(sysmach_get_stats(a), sysmach_get_stats(b), sizeof sa);
	sysmach_free(a);
	sysmach_free(b);
}

static void test_not_a_recording(void **state)
{
	(void)state;
	stream s = { .n = 0 };
	char err[256];
	size_t at = 99;
	fetch(&s, 0x400000u);
	sysmach_opts o = { .policy = SYSMACH_RECORDED, .seed = 1 };
	sysmach *m = sysmach_new(&o, err, sizeof err);
	assert_non_null(m);
	assert_int_equal(sysmach_feed(m, s.r, s.n, &at, err, sizeof err), -1);
	assert_non_null(strstr(err, "not a full-system recording"));
	assert_int_equal(at, 0);
	sysmach_free(m);
	o.tlb_entries = SYSMACH_MAX_TLB + 1;
	assert_null(sysmach_new(&o, err, sizeof err));
	trace_header h;
	memset(&h, 0, sizeof h);
	h.version_major = 1;
	h.version_minor = 1;
	start(&s);
	assert_true(sysmach_is_recording(&h, &s.r[0]));
	h.version_minor = 0;
	assert_false(sysmach_is_recording(&h, &s.r[0]));
}

/* Idle records: their cycles are the idle context's; a recording that
 * would idle more than SYSMACH_MAX_IDLE cycles in all is refused at the
 * record that crosses it (its counts would wrap, or print negative). */
static void test_idle_bound(void **state)
{
	(void)state;
	stream s;
	char err[256];
	start(&s);
	fetch(&s, 0x80100000u);
	put(&s, TK_IDLE, 0, 0, 0, 1000);
	put(&s, TK_IDLE, 0, 0, 0, SYSMACH_MAX_IDLE - 1000); /* exactly the bound */
	sysmach *m = run(&s, 0, SYSMACH_RECORDED, err);
	assert_int_equal(sysmach_get_stats(m)->k.ctx_insns[SYSACCT_IDLE], SYSMACH_MAX_IDLE);
	assert_int_equal(sysmach_get_stats(m)->k.ctx_entries[SYSACCT_IDLE], 2);
	sysmach_free(m);
	put(&s, TK_IDLE, 0, 0, 0, 1); /* one more */
	put(&s, TK_IDLE, 0, 0, 0, UINT64_MAX);
	sysmach_opts o = { .policy = SYSMACH_RECORDED, .seed = 1 };
	m = sysmach_new(&o, err, sizeof err);
	size_t at = 0;
	assert_int_equal(sysmach_feed(m, s.r, s.n, &at, err, sizeof err), -1);
	assert_int_equal(at, 6);
	assert_non_null(strstr(err, "an idle of 1 cycles"));
	sysmach_free(m);
	/* one record alone beyond the bound (2^64 - 1 wrapped the count to 0) */
	start(&s);
	put(&s, TK_IDLE, 0, 0, 0, UINT64_MAX);
	m = sysmach_new(&o, err, sizeof err);
	assert_int_equal(sysmach_feed(m, s.r, s.n, &at, err, sizeof err), -1);
	assert_int_equal(at, 3);
	sysmach_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_added),
		cmocka_unit_test(test_runs_same),
		cmocka_unit_test(test_mark),
		cmocka_unit_test(test_not_a_recording),
		cmocka_unit_test(test_idle_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
