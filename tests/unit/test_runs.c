/*
 * test_runs.c - runs of sequential fetches (trace_read_runs, mach_feed):
 * on seeded random traces shaped like code (basic blocks of sequential
 * fetches of varied sizes, loops, jumps, blocks that cross 1 KiB and page
 * boundaries, fetches of size 0, data references, kseg0 code, ASID and VM
 * switches, traps, privileged operations, page-table records), a replay fed
 * runs gives byte for byte the JSON of a replay fed record by record, in
 * every mode, under several models and options (LRU, tiny TLBs, 1 KiB and
 * 16 KiB pages, a timer every few thousand cycles so that deadlines fall
 * inside runs, mapped kseg0 so that the shared machine splits), with
 * per-window rows, with several VMs scheduled by a short quantum (runs cut
 * by the quantum), and with software-TLB shadows (vmmsim sweep).  The runs
 * themselves expand to exactly the records trace_read gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/report.h"
#include "replay/replay.h"
#include "sweep/shadow.h"
#include "trace/trace.h"

static char dir[4096];

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t *s, uint64_t n)
{
	return rnd(s) % n;
}

/* A code-shaped record stream of about n records. */
static trace_rec *gen(uint64_t seed, size_t n, size_t *len)
{
	trace_rec *v = calloc(n + 64, sizeof *v);
	assert_non_null(v);
	uint64_t s = seed, starts[16] = {0}, pc = 0x400000;
	size_t k = 0, nst = 0;
	int x86 = (int)below(&s, 2);
	while (k < n) {
		/* a basic block */
		unsigned L = 1 + (unsigned)below(&s, 40);
		for (unsigned i = 0; i < L && k < n; i++) {
			uint32_t sz = x86 ? 1 + (uint32_t)below(&s, 15) : 4;
			if (below(&s, 200) == 0)
				sz = 0;
			v[k++] = (trace_rec){ pc, sz, 0, TK_FETCH, 0 };
			pc += sz;
			if (below(&s, 4) == 0) {
				unsigned kind = below(&s, 3) ? TK_LOAD : TK_STORE;
				uint64_t a = 0x10000000 + below(&s, 64) * 4096 + below(&s, 4096);
				if (below(&s, 50) == 0)
					a = 0x80000000u + below(&s, 1u << 20); /* kseg0 data */
				v[k++] = (trace_rec){ a, 1u << below(&s, 4), 0, (uint8_t)kind, 0 };
			}
		}
		if (nst < 16)
			starts[nst++] = pc;
		/* the next block: a loop back, a jump, or close to a boundary */
		switch (below(&s, 8)) {
		case 0: case 1: case 2: case 3:
			pc = starts[below(&s, nst)];
			break;
		case 4:
			pc = 0x400000 + below(&s, 1u << 18);
			break;
		case 5:
			pc = 0x400000 + below(&s, 64) * 1024 - below(&s, 12);
			break;
		case 6:
			if (below(&s, 4) == 0)
				pc = 0x80001000u + below(&s, 8192); /* kseg0 code */
			break;
		default:
			break;
		}
		/* now and then something else */
		if (below(&s, 30) == 0) {
			trace_rec e = {0};
			switch (below(&s, 9)) {
			case 0: e.kind = TK_ASID; e.arg = 1 + (uint32_t)below(&s, 3); break;
			case 1: e.kind = TK_TRAP; e.sub = (uint8_t)below(&s, TTRAP_N); e.arg = 2 + (uint32_t)below(&s, 3); break;
			case 2: e.kind = TK_PRIV; e.sub = (uint8_t)below(&s, TPRIV_N); break;
			case 3: e.kind = TK_PTE; e.addr = 0x10000000 + below(&s, 64) * 4096;
				e.arg = 100 + (uint32_t)below(&s, 50); e.sub = (uint8_t)below(&s, 8);
				e.x = (uint16_t)below(&s, 4); break;
			case 4: e.kind = TK_UNMAP; e.addr = 0x10000000 + below(&s, 64) * 4096;
				e.x = (uint16_t)below(&s, 4); break;
			case 5: e.kind = TK_ZERO; e.arg = (uint32_t)below(&s, 200); break;
			case 6: e.kind = TK_VM; e.arg = (uint32_t)below(&s, 2); break;
			case 7: e.kind = TK_MODE; e.sub = below(&s, 20) ? TMODE_USER : TMODE_KERNEL; break;
			default: e.kind = TK_ASID; e.arg = 1; break;
			}
			v[k++] = e;
		}
	}
	*len = k;
	return v;
}

/* Writes v to path in format version major.x (2.0, or 1.1). */
static void write_trace(const char *path, const trace_rec *v, size_t n, unsigned major)
{
	trace_header h;
	memset(&h, 0, sizeof h);
	h.word_bits = 32;
	h.page_size = 4096;
	snprintf(h.desc, sizeof h.desc, "test_runs");
	trace_writer *w;
	char err[512];
	if (trace_writer_open(&w, path, &h, 1, err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(trace_writer_set_version(w, major), TRACE_OK);
	assert_int_equal(trace_write(w, v, n), TRACE_OK);
	if (trace_writer_finish(w, err, sizeof err))
		fail_msg("%s", err);
}

static char trace_path[3][4200], trace_v1[3][4200], model_path[4200];

static void make_inputs(void)
{
	const char *tmp = getenv("TMPROOT");
	snprintf(dir, sizeof dir, "%s/test_runs.XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	for (unsigned t = 0; t < 3; t++) {
		size_t n;
		trace_rec *v = gen(1000 + t, t == 0 ? 300000 : 60000, &n);
		snprintf(trace_path[t], sizeof trace_path[t], "%s/t%u.zst", dir, t);
		write_trace(trace_path[t], v, n, 2);
		snprintf(trace_v1[t], sizeof trace_v1[t], "%s/t%u-1.1.zst", dir, t);
		write_trace(trace_v1[t], v, n, 1);
		free(v);
	}
	/* the built-in model with a timer every 3000 cycles */
	const char *top = getenv("TOP");
	char src[4200];
	snprintf(src, sizeof src, "%s/models/r4000.ini", top ? top : ".");
	FILE *in = fopen(src, "r");
	assert_non_null(in);
	snprintf(model_path, sizeof model_path, "%s/timer.ini", dir);
	FILE *out = fopen(model_path, "w");
	assert_non_null(out);
	char line[1024];
	int seen = 0;
	while (fgets(line, sizeof line, in)) {
		if (!strncmp(line, "timer_period", 12)) {
			fputs("timer_period = 3000\n", out);
			seen |= 1;
		} else if (!strncmp(line, "hw_tlb_tagged", 13)) {
			/* (the built-in model's is 0: both are compared) */
			fputs("hw_tlb_tagged = 1\n", out);
			seen |= 2;
		} else {
			fputs(line, out);
		}
	}
	assert_int_equal(seen, 3);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void remove_inputs(void)
{
	for (unsigned t = 0; t < 3; t++) {
		unlink(trace_path[t]);
		unlink(trace_v1[t]);
	}
	unlink(model_path);
	rmdir(dir);
}

/* The option sets compared. */
static void opts_of(unsigned c, replay_opts *o)
{
	replay_opts_init(o);
	switch (c) {
	case 1:
		o->model_path = model_path;
		o->tlb_policy = TLB_LRU;
		o->tlb_entries = 8;
		o->pairs = 0;
		break;
	case 2:
		o->model_path = model_path;
		o->page_size = 1024;
		o->kseg_mapped = 1;
		o->tlb_policy = TLB_FIFO;
		o->swtlb_entries = 16;
		break;
	case 3:
		o->page_size = 16384;
		o->tlb_mod = 0;
		o->seed = 7;
		o->shared_tlb = 0;
		break;
	case 4:
		o->model_path = model_path;
		o->tlb_policy = TLB_LRU;
		o->tlb_entries = 4;
		o->kseg_mapped = 1;
		o->swtlb_entries = 8;
		o->swtlb_assoc = 2;
		break;
	default:
		break;
	}
}
#define NOPTS 5

static char *json_of(replay *r)
{
	json_t *j = report_json(r);
	char *s = json_dumps(j, REPORT_JSON_FLAGS);
	json_decref(j);
	assert_non_null(s);
	return s;
}

static char *file_text(FILE *f)
{
	long n = ftell(f);
	char *s = calloc(1, (size_t)n + 1);
	rewind(f);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	return s;
}

/* Replays trace t through the reader directly, in batches of random sizes
 * (seeded), with or without runs; returns the JSON (and the interval rows
 * in *rows if every > 0). */
static char *replay_direct(unsigned t, const replay_opts *o, unsigned modes, int runs,
                           uint64_t seed, uint64_t every, char **rows, size_t *nrecs)
{
	replay *r;
	char err[512];
	if (replay_new(&r, o, modes, 1, err, sizeof err))
		fail_msg("%s", err);
	FILE *f = NULL;
	if (every) {
		f = tmpfile();
		assert_non_null(f);
		replay_set_interval(r, every, f);
	}
	trace_reader *rd;
	if (trace_reader_open(&rd, trace_path[t], err, sizeof err))
		fail_msg("%s", err);
	static trace_rec buf[5000];
	long k;
	size_t total = 0;
	while ((k = (runs ? trace_read_runs : trace_read)(rd, buf, 1 + below(&seed, 5000))) > 0) {
		/* and fed in pieces, so that the machines stop between records */
		size_t at = 0;
		while (at < (size_t)k) {
			size_t m = 1 + below(&seed, (uint64_t)k - at);
			assert_int_equal(replay_feed(r, buf + at, m), REPLAY_OK);
			at += m;
		}
		total += (size_t)k;
	}
	assert_int_equal(k, 0);
	trace_reader_close(rd);
	replay_finish(r);
	char *s = json_of(r);
	if (f) {
		*rows = file_text(f);
		fclose(f);
	}
	replay_free(r);
	if (nrecs)
		*nrecs = total;
	return s;
}

/* Reads path twice, with trace_read and with trace_read_runs (batches of
 * varied sizes), and checks that the runs expand to exactly the records of
 * trace_read; counts the runs and the fetches joined to them. */
static void check_expand(const char *path, uint64_t *runsp, uint64_t *joinedp)
{
	trace_reader *a, *b;
	char err[512];
	assert_int_equal(trace_reader_open(&a, path, err, sizeof err), 0);
	assert_int_equal(trace_reader_open(&b, path, err, sizeof err), 0);
	static trace_rec ba[777], bb[1000];
	long na = 0, ia = 0, nb = 0, ib = 0;
	uint64_t xleft = 0, next = 0, rend = 0, runs = 0, joined = 0, records = 0;
	for (;;) {
		if (ia == na) {
			na = trace_read(a, ba, 777);
			ia = 0;
			if (na <= 0)
				break;
		}
		const trace_rec *x = &ba[ia++];
		records++;
		if (xleft) {
			/* inside a run: the next fetch, where the last ended */
			assert_int_equal(x->kind, TK_FETCH);
			assert_int_equal(x->addr, next);
			assert_true(x->arg > 0);
			next += x->arg;
			if (--xleft == 0)
				assert_int_equal(next, rend); /* the run's size: its fetches' */
			continue;
		}
		if (ib == nb) {
			nb = trace_read_runs(b, bb, 1 + (size_t)(records % 1000));
			ib = 0;
			assert_true(nb > 0);
		}
		const trace_rec *y = &bb[ib++];
		assert_int_equal(y->kind, x->kind);
		assert_int_equal(y->addr, x->addr);
		if (y->kind != TK_FETCH || !y->x) {
			assert_memory_equal(x, y, sizeof *x);
			continue;
		}
		/* a run: within one block, its sizes add up */
		assert_true(x->arg > 0);
		assert_int_equal((y->addr + y->arg - 1) / TRACE_RUN_BLOCK, y->addr / TRACE_RUN_BLOCK);
		runs++;
		joined += y->x;
		xleft = y->x;
		next = x->addr + x->arg;
		rend = y->addr + y->arg;
	}
	assert_int_equal(na, 0);
	assert_int_equal(xleft, 0);
	assert_int_equal(ib, nb);
	assert_int_equal(trace_read_runs(b, bb, 1000), 0);
	assert_int_equal(trace_reader_position(a), trace_reader_position(b));
	trace_reader_close(a);
	trace_reader_close(b);
	*runsp = runs;
	*joinedp = joined;
}

static void test_expand(void **state)
{
	(void)state;
	for (unsigned t = 0; t < 6; t++) {
		uint64_t runs, joined;
		check_expand(t < 3 ? trace_path[t] : trace_v1[t - 3], &runs, &joined);
		/* the traces do have runs, and long ones (format 2.0 and 1.1) */
		assert_true(runs > 1000);
		assert_true(joined > 2 * runs);
	}
}

/* The reader memoises straight lines of predicted fetches and turns them
 * off for a while on code where they do not pay (reader.c, memo_gate);
 * while off, the slots change unwatched, and all lines are dropped when
 * they come back on.  A trace long enough for that: one code region run as
 * long straight lines of 4-byte instructions (lines built); x86-like code
 * with a load after every other instruction and short jumps, first where
 * its slots are others (lines turn off, those of the region stay), then in
 * the region; long lines from the same starts again, of 2-byte
 * instructions, where lines come back on (16 windows of 2^20 records after
 * they went off) over slots that changed meanwhile.  Its runs must expand
 * to exactly its records (a line kept from the first part would give
 * 4-byte fetches: checked to fail without the drop). */
static void test_phases(void **state)
{
	(void)state;
	char path[4200];
	snprintf(path, sizeof path, "%s/phases.zst", dir);
	trace_header h;
	memset(&h, 0, sizeof h);
	h.word_bits = 32;
	h.page_size = 4096;
	snprintf(h.desc, sizeof h.desc, "test_runs phases");
	trace_writer *w;
	char err[512];
	if (trace_writer_open(&w, path, &h, 1, err, sizeof err))
		fail_msg("%s", err);
	/* (the memoised lines are format 1's reader's: written as 1.1) */
	assert_int_equal(trace_writer_set_version(w, 1), TRACE_OK);
	static trace_rec v[1u << 16];
	const uint64_t base = 0x400000, span = 1u << 14;
	const uint64_t ends[3] = { 2000000, 12000000, 24000000 };
	uint64_t s = 77, k = 0, pc = base, ti = 0;
	size_t nv = 0;
	for (unsigned ph = 0; ph < 3; ph++) {
		int x86 = ph == 1;
		while (k < ends[ph]) {
			/* a block from a jump target; the long lines go round 16
			 * targets in a fixed order (all predicted once seen) */
			unsigned L = x86 ? 1 + (unsigned)below(&s, 6) : 20 + (unsigned)(ti * 7 % 40);
			for (unsigned i = 0; i < L; i++) {
				/* x86-like sizes fixed per address, so lines repeat */
				uint64_t hsh = (pc * 0x9E3779B97F4A7C15ull) >> 60;
				uint32_t sz = x86 ? 1 + (uint32_t)(hsh % 7) : ph ? 2 : 4;
				v[nv++] = (trace_rec){ pc, sz, 0, TK_FETCH, 0 };
				pc += sz;
				if (x86 && (hsh & 1))
					v[nv++] = (trace_rec){ 0x10000000 + below(&s, 1u << 16),
					                       4, 0, TK_LOAD, 0 };
				if (nv >= (1u << 16) - 2) {
					assert_int_equal(trace_write(w, v, nv), TRACE_OK);
					k += nv;
					nv = 0;
				}
			}
			ti = x86 ? below(&s, 64) : (ti * 5 + 3) % 16;
			pc = base + ti * (span / 64);
			if (x86 && k < ends[1] - 1000000) /* until 1 M records before its end, */
				pc = base + span / 2 + below(&s, 32) * (span / 64); /* other slots */
		}
	}
	assert_int_equal(trace_write(w, v, nv), TRACE_OK);
	if (trace_writer_finish(w, err, sizeof err))
		fail_msg("%s", err);
	uint64_t runs, joined;
	check_expand(path, &runs, &joined);
	assert_true(runs > 100000);
	assert_true(joined > 2 * runs);
	assert_int_equal(unlink(path), 0);
}

/* The table of lines is indexed by instruction slot, and two addresses can
 * share a slot: a line memoised for one must not be emitted for the other.
 * Here a line starts at a (three 4-byte fetches, then a load, reached by a
 * jump from one place, so predicted and built in the walk); b, in the
 * same slot, is reached by running on from b - 4, where the walk does not
 * build a line (it would cut the open run), and is followed by a + 4 and
 * a + 8, so the slot, and the line, stay as they were.  Its runs must
 * expand to exactly its records (the line of a emitted at b merged a's
 * three fetches into the run of b - 4: checked to fail before the fix). */
static void test_slot_shared(void **state)
{
	(void)state;
	const uint64_t a = 0x400000;
	uint64_t b = 0x500000 + 8;
	while (((b ^ (b >> 14) ^ (b >> 28)) & 0x3fff) != ((a ^ (a >> 14) ^ (a >> 28)) & 0x3fff) ||
	       b % TRACE_RUN_BLOCK < 8 || b % TRACE_RUN_BLOCK > TRACE_RUN_BLOCK - 16)
		b += 4;
	char path[4200];
	snprintf(path, sizeof path, "%s/shared.zst", dir);
	static trace_rec v[2000];
	size_t n = 0;
	for (unsigned i = 0; i < 100; i++) {
		v[n++] = (trace_rec){ 0x600000, 4, 0, TK_FETCH, 0 }; /* (so a is predicted) */
		for (uint64_t f = 0; f < 12; f += 4)
			v[n++] = (trace_rec){ a + f, 4, 0, TK_FETCH, 0 };
		v[n++] = (trace_rec){ 0x10000000, 4, 0, TK_LOAD, 0 };
		v[n++] = (trace_rec){ b - 4, 4, 0, TK_FETCH, 0 };
		v[n++] = (trace_rec){ b, 4, 0, TK_FETCH, 0 };
		v[n++] = (trace_rec){ a + 4, 4, 0, TK_FETCH, 0 };
		v[n++] = (trace_rec){ a + 8, 4, 0, TK_FETCH, 0 };
		v[n++] = (trace_rec){ 0x10000000, 4, 0, TK_LOAD, 0 };
	}
	for (unsigned major = 1; major <= 2; major++) {
		write_trace(path, v, n, major);
		uint64_t runs, joined;
		check_expand(path, &runs, &joined);
		assert_true(runs >= 100);
	}
	assert_int_equal(unlink(path), 0);
}

static void test_direct(void **state)
{
	(void)state;
	static const unsigned modes[] = {
		REPLAY_MODE_BIT(REPLAY_NATIVE), REPLAY_MODE_BIT(REPLAY_VIRT),
		REPLAY_MODE_BIT(REPLAY_SWTLB), REPLAY_ALL,
	};
	for (unsigned c = 0; c < NOPTS; c++)
		for (unsigned m = 0; m < 4; m++)
			for (unsigned t = 0; t < 2; t++) {
				replay_opts o;
				opts_of(c, &o);
				uint64_t every = c == 1 && t == 0 ? 5000 : 0;
				char *ra = NULL, *rb = NULL;
				char *a = replay_direct(t, &o, modes[m], 0, 11 + c, every, &ra, NULL);
				char *b = replay_direct(t, &o, modes[m], 1, 97 + m, every, &rb, NULL);
				if (strcmp(a, b))
					fail_msg("options %u, modes %u, trace %u: runs change the results:\n%s\n%s",
					         c, modes[m], t, a, b);
				if (every) {
					assert_true(strlen(ra) > 100);
					assert_string_equal(ra, rb);
				}
				free(a);
				free(b);
				free(ra);
				free(rb);
			}
}

/* replay_run_files with and without runs, one VM and several, the modes
 * of both machines (the VMs' turns end inside runs). */
static void test_files(void **state)
{
	(void)state;
	const char *paths[3] = { trace_path[0], trace_path[1], trace_path[2] };
	for (unsigned c = 0; c < NOPTS; c++)
		for (unsigned nv = 1; nv <= 3; nv += 2) {
			unsigned modes = c % 2 ? REPLAY_EVERY : REPLAY_ALL;
			char *js[2];
			for (int runs = 0; runs < 2; runs++) {
				replay_opts o;
				opts_of(c, &o);
				o.quantum = 2000 + 777 * c; /* cycles: runs cut by quanta */
				o.runs = runs;
				replay *r;
				char err[512];
				if (replay_new(&r, &o, modes, nv, err, sizeof err))
					fail_msg("%s", err);
				if (replay_run_files(r, paths, nv, NULL, NULL, err, sizeof err))
					fail_msg("%s", err);
				replay_finish(r);
				js[runs] = json_of(r);
				replay_free(r);
			}
			if (strcmp(js[0], js[1]))
				fail_msg("options %u, %u VMs: runs change the results:\n%s\n%s", c, nv, js[0], js[1]);
			free(js[0]);
			free(js[1]);
		}
}

/* Software-TLB shadows (vmmsim sweep) fed runs. */
static void test_shadows(void **state)
{
	(void)state;
	static const shadow_cfg cfg[] = {
		{0, 0}, {4, 0}, {16, 0}, {64, 0}, {SHADOW_INF, 0}, {16, 2}, {64, 4},
	};
	const size_t ncfg = sizeof cfg / sizeof *cfg;
	for (unsigned c = 0; c < NOPTS; c++) {
		replay_result res[2][sizeof cfg / sizeof *cfg];
		for (int runs = 0; runs < 2; runs++) {
			replay_opts o;
			opts_of(c, &o);
			o.kseg_mapped = 0; /* (a split would take virt off the shared machine: fine too) */
			replay *r;
			char err[512];
			if (replay_new(&r, &o, REPLAY_MODE_BIT(REPLAY_NATIVE) | REPLAY_MODE_BIT(REPLAY_VIRT), 1,
			               err, sizeof err))
				fail_msg("%s", err);
			if (shadow_attach(r, cfg, ncfg, err, sizeof err))
				fail_msg("%s", err);
			trace_reader *rd;
			assert_int_equal(trace_reader_open(&rd, trace_path[0], err, sizeof err), 0);
			static trace_rec buf[4096];
			long k;
			while ((k = (runs ? trace_read_runs : trace_read)(rd, buf, 4096)) > 0)
				assert_int_equal(replay_feed(r, buf, (size_t)k), REPLAY_OK);
			assert_int_equal(k, 0);
			trace_reader_close(rd);
			replay_finish(r);
			for (size_t i = 0; i < ncfg; i++) {
				memset(&res[runs][i], 0, sizeof res[runs][i]);
				assert_int_equal(shadow_result(r, i, &res[runs][i]), 0);
			}
			shadow_detach(r);
			replay_free(r);
		}
		for (size_t i = 0; i < ncfg; i++) {
			const replay_result *a = &res[0][i], *b = &res[1][i];
			assert_int_equal(a->instructions, b->instructions);
			assert_int_equal(a->references, b->references);
			assert_int_equal(a->cycles, b->cycles);
			assert_int_equal(a->tlb_misses, b->tlb_misses);
			assert_int_equal(a->tlb_miss_cycles, b->tlb_miss_cycles);
			assert_int_equal(a->swtlb_hits, b->swtlb_hits);
			assert_int_equal(a->swtlb_misses, b->swtlb_misses);
			assert_memory_equal(&a->hops, &b->hops, sizeof a->hops);
			assert_true(a->slowdown == b->slowdown);
		}
	}
}

int main(void)
{
	make_inputs();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_slot_shared),
		cmocka_unit_test(test_direct),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_shadows),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	remove_inputs();
	return rc;
}
