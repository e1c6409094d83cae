/*
 * test_flows.c - every flow of machine/flows.def, charged by a direct
 * replay and summed by a sweep shadow: for each event a record stream that
 * takes it (beside a workload that keeps the software TLB busy) is
 * replayed directly in native, virt and swtlb with several software-TLB
 * configurations, and on a virt machine carrying those configurations as
 * shadows.  Checks: every row of flows.def is charged by its mode (each of
 * its hops occurs), every event has a case here, the hop cycles are the
 * model's costs, and every shadow equals its direct replay field by field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "machine/flows.h"
#include "machine/model.h"
#include "replay/replay.h"
#include "sweep/shadow.h"

#define MAXREC 400000

typedef struct stream {
	trace_rec r[MAXREC];
	size_t n;
} stream;

static void put(stream *s, trace_rec r)
{
	assert_true(s->n < MAXREC);
	s->r[s->n++] = r;
}

#define REC(...) put(s, (trace_rec){__VA_ARGS__})

/* Two passes over `pages` mapped data pages with code between: refills,
 * software-TLB hits on the second pass (the hardware TLB is smaller). */
static void workload(stream *s, unsigned pages, int map)
{
	for (unsigned p = 0; map && p < pages; p++)
		REC(.kind = TK_PTE, .x = 1, .addr = 0x20000000 + p * 4096ull, .arg = 500 + p,
		    .sub = TPTE_VALID | TPTE_DIRTY);
	for (unsigned pass = 0; pass < 2; pass++)
		for (unsigned p = 0; p < pages; p++) {
			REC(.kind = TK_FETCH, .addr = 0x400000 + (p % 8) * 4096ull, .arg = 4);
			REC(.kind = TK_LOAD, .addr = 0x20000000 + p * 4096ull + 8, .arg = 4);
		}
}

/* A stream that takes event ev (and, for the timer, needs a fast one). */
static void build(stream *s, unsigned ev)
{
	s->n = 0;
	REC(.kind = TK_ASID, .arg = 1);
	workload(s, 120, 1);
	switch (ev) {
	case FE_REFILL:
	case FE_REFILL_HIT:
	case FE_VMM_PAGE:
		break; /* the workload */
	case FE_PAGE_FAULT:
	case FE_PAGE_ZERO:
	case FE_TLB_MOD:
		/* unmapped pages: demand faults by loads (clean), then stores */
		for (unsigned p = 0; p < 40; p++)
			REC(.kind = TK_LOAD, .addr = 0x30000000 + p * 4096ull, .arg = 4);
		for (unsigned p = 0; p < 40; p++)
			REC(.kind = TK_STORE, .addr = 0x30000000 + p * 4096ull, .arg = 4);
		break;
	case FE_KSEG_MISS:
		for (unsigned p = 0; p < 20; p++)
			REC(.kind = TK_LOAD, .addr = 0x80001000 + p * 4096ull, .arg = 4);
		break;
	case FE_TIMER:
		for (unsigned i = 0; i < 60000; i++)
			REC(.kind = TK_FETCH, .addr = 0x400000 + (i % 1024) * 4ull, .arg = 4);
		break;
	case FE_SYSCALL:
		REC(.kind = TK_TRAP, .sub = TTRAP_SYSCALL, .arg = 4004);
		break;
	case FE_TRAP_FAULT:
		REC(.kind = TK_TRAP, .sub = TTRAP_EXCEPTION, .arg = 2);
		break;
	case FE_TRAP_MOD:
		REC(.kind = TK_TRAP, .sub = TTRAP_EXCEPTION, .arg = 1);
		break;
	case FE_INTERRUPT:
		REC(.kind = TK_TRAP, .sub = TTRAP_INTERRUPT, .arg = 0);
		break;
	case FE_EXCEPTION:
		REC(.kind = TK_TRAP, .sub = TTRAP_EXCEPTION, .arg = 8);
		break;
	case FE_PRIV_TLBW:
		REC(.kind = TK_PRIV, .sub = TPRIV_TLBWR);
		break;
	case FE_ERET:
	case FE_PRIV:
		REC(.kind = TK_PRIV, .sub = TPRIV_MTC0, .x = 12 * 8);
		REC(.kind = TK_PRIV, .sub = TPRIV_ERET);
		break;
	case FE_SYSCALL_OS:
	case FE_ERET_SYSCALL:
	case FE_TRAP_OS:
		/* the OS's code in the stream from here */
		REC(.kind = TK_MODE, .sub = TMODE_KERNEL);
		REC(.kind = TK_TRAP, .sub = TTRAP_SYSCALL, .arg = 4004);
		REC(.kind = TK_PRIV, .sub = TPRIV_ERET);
		REC(.kind = TK_TRAP, .sub = TTRAP_INTERRUPT, .arg = 0);
		REC(.kind = TK_PRIV, .sub = TPRIV_ERET);
		REC(.kind = TK_MODE, .sub = TMODE_USER);
		workload(s, 60, 0);
		break;
	case FE_CONTEXT_SWITCH:
		REC(.kind = TK_ASID, .arg = 2);
		workload(s, 30, 0);
		REC(.kind = TK_ASID, .arg = 1);
		workload(s, 30, 0);
		break;
	case FE_PTE_PROBE:
	case FE_PTE_INVAL:
		/* rewrite pages the TLB holds, and some it does not */
		for (unsigned p = 0; p < 120; p += 3)
			REC(.kind = TK_PTE, .x = 1, .addr = 0x20000000 + p * 4096ull, .arg = 900 + p,
			    .sub = TPTE_VALID);
		workload(s, 120, 0);
		break;
	case FE_MACHINE_SWITCH:
		REC(.kind = TK_VM, .arg = 0);
		workload(s, 40, 0);
		REC(.kind = TK_VM, .arg = 1);
		workload(s, 40, 0);
		break;
	default:
		fail_msg("flows.def has event %s (%u) without a case in test_flows.c", flow_event_name(ev), ev);
	}
	workload(s, 120, 0);
}

static model fast; /* the built-in model with a timer every 20000 cycles */

static const shadow_cfg cfgs[] = {{0, 0}, {1, 0}, {16, 0}, {64, 0}, {SHADOW_INF, 0}, {64, 4}, {16, 2}};
#define NCFG (sizeof cfgs / sizeof cfgs[0])

static replay *mk(unsigned modes, int64_t entries, int64_t assoc)
{
	replay_opts o;
	replay_opts_init(&o);
	o.model = &fast;
	o.tlb_entries = 16;
	if (entries >= 0) {
		o.swtlb_entries = entries;
		o.swtlb_assoc = assoc;
	}
	replay *r;
	char err[256];
	if (replay_new(&r, &o, modes, 1, err, sizeof err))
		fail_msg("%s", err);
	return r;
}

static void feed(replay *r, const stream *s)
{
	for (size_t i = 0; i < s->n; i += 1000)
		assert_int_equal(replay_feed(r, s->r + i, s->n - i < 1000 ? s->n - i : 1000), 0);
	replay_finish(r);
}

static void same(const replay_result *a, const replay_result *b, const char *what)
{
#define EQ(f) if (a->f != b->f) fail_msg("%s: %s %llu != direct %llu", what, #f, \
		(unsigned long long)a->f, (unsigned long long)b->f)
	EQ(instructions); EQ(references); EQ(base_cycles); EQ(cycles); EQ(tlb_misses);
	EQ(tlb_miss_cycles); EQ(kseg_misses); EQ(page_faults); EQ(swtlb_hits); EQ(swtlb_misses);
#undef EQ
	for (unsigned h = 0; h < HOP_N; h++)
		if (a->hops.count[h] != b->hops.count[h] || a->hops.cycles[h] != b->hops.cycles[h])
			fail_msg("%s: hop %s %llu/%llu != direct %llu/%llu", what, ledger_hop_name(h),
			         (unsigned long long)a->hops.count[h], (unsigned long long)a->hops.cycles[h],
			         (unsigned long long)b->hops.count[h], (unsigned long long)b->hops.cycles[h]);
}

/* Row (ev, md) is charged: each of its hops occurs in the ledger, and
 * every hop's cycles are its count times its cost (system calls apart). */
static void charged(const replay_result *x, unsigned ev, unsigned md, int swtlb_on)
{
	const flow_row *row = flow_find(ev, md, swtlb_on);
	for (unsigned i = 0; row && i < row->nsteps; i++) {
		unsigned h = row->steps[i].hop;
		if (flow_count_of(&fast, row->steps[i].count) && !x->hops.count[h])
			fail_msg("flow %s, mode %s: hop %s never charged", flow_event_name(ev),
			         replay_mode_name(md), ledger_hop_name(h));
	}
	for (unsigned h = 0; h < HOP_N; h++)
		if (h != HOP_SYSCALL && x->hops.cycles[h] != x->hops.count[h] * model_hop_cost(&fast, h))
			fail_msg("flow %s, mode %s: hop %s cycles %llu != %llu x cost", flow_event_name(ev),
			         replay_mode_name(md), ledger_hop_name(h), (unsigned long long)x->hops.cycles[h],
			         (unsigned long long)x->hops.count[h]);
}

static void check_event(unsigned ev)
{
	static stream s;
	build(&s, ev);
	/* direct: every mode, and swtlb per configuration */
	replay *all = mk(REPLAY_ALL, 64, 0);
	feed(all, &s);
	for (unsigned md = 0; md < REPLAY_NMODES; md++) {
		replay_result x;
		assert_int_equal(replay_get_result(all, md, 0, &x), 0);
		charged(&x, ev, md, 1);
	}
	replay_free(all);
	/* a sweep: shadows on virt, each against its own direct replay */
	replay *sw = mk(REPLAY_MODE_BIT(REPLAY_NATIVE) | REPLAY_MODE_BIT(REPLAY_VIRT), -1, 0);
	char err[256];
	if (shadow_attach(sw, cfgs, NCFG, err, sizeof err))
		fail_msg("%s", err);
	feed(sw, &s);
	for (size_t c = 0; c < NCFG; c++) {
		replay *d = mk(REPLAY_MODE_BIT(REPLAY_SWTLB),
		               cfgs[c].entries == SHADOW_INF ? 1 << 16 : cfgs[c].entries, cfgs[c].assoc);
		feed(d, &s);
		replay_result a, b;
		assert_int_equal(shadow_result(sw, c, &a), 0);
		assert_int_equal(replay_get_result(d, REPLAY_SWTLB, 0, &b), 0);
		char what[128];
		snprintf(what, sizeof what, "flow %s, %u entries, assoc %u", flow_event_name(ev),
		         cfgs[c].entries, cfgs[c].assoc);
		same(&a, &b, what);
		replay_free(d);
	}
	shadow_detach(sw);
	replay_free(sw);
}

static void test_every_flow(void **st)
{
	(void)st;
	/* every event of a row has a case (build fails otherwise) */
	size_t n;
	const flow_row *rows = flow_rows(&n);
	assert_true(n >= FE_N);
	unsigned seen[FE_N] = {0};
	for (size_t i = 0; i < n; i++) {
		assert_true(rows[i].event < FE_N && rows[i].mode < FLOW_NMODES);
		assert_true(rows[i].nsteps >= 1 && rows[i].nsteps <= FLOW_MAX_STEPS);
		seen[rows[i].event] = 1;
	}
	for (unsigned ev = 0; ev < FE_N; ev++) {
		if (!seen[ev])
			fail_msg("event %s has no row in flows.def", flow_event_name(ev));
		check_event(ev);
	}
}

/* The declared rows are what the README's flow table says of a refill. */
static void test_refill_rows(void **st)
{
	(void)st;
	const unsigned nat[] = {HOP_EXC_ENTRY, HOP_OS_REFILL, HOP_TLB_WRITE, HOP_ERET};
	const unsigned hit[] = {HOP_EXC_ENTRY, HOP_VMM_MISS, HOP_SWTLB_LOOKUP, HOP_SWTLB_HIT};
	const flow_row *a = flow_find(FE_REFILL, FLOW_NATIVE, 0), *b = flow_find(FE_REFILL_HIT, FLOW_SWTLB, 1);
	assert_int_equal(a->nsteps, 4);
	assert_int_equal(b->nsteps, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(a->steps[i].hop, nat[i]);
		assert_int_equal(b->steps[i].hop, hit[i]);
	}
	/* no software TLB: a swtlb account charges virt's rows */
	assert_ptr_equal(flow_find(FE_REFILL, FLOW_SWTLB, 0), flow_find(FE_REFILL, FLOW_VIRT, 0));
	assert_null(flow_find(FE_REFILL_HIT, FLOW_VIRT, 0));
	assert_null(flow_find(FE_KSEG_MISS, FLOW_NATIVE, 0));
}

static int setup(void **st)
{
	(void)st;
	char err[256];
	if (model_load_default(&fast, err, sizeof err))
		return -1;
	fast.timer_period = 20000;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refill_rows),
		cmocka_unit_test(test_every_flow),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
