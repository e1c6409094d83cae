/*
 * table.c - sweep results: ordering, recommendation, table, CSV, JSON.
 * The recommendation rule is documented in table.h.
 */
#include "sweep/table.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/csv.h"

static const char *const mode_names[] = {"native", "virt", "swtlb", "hw", "shadow", "nested", "pv"};

const char *sweep_mode_name(unsigned mode)
{
	return mode < 7 ? mode_names[mode] : NULL;
}

void sweep_table_init(sweep_table *t, unsigned nhops, const char *const *hop_names, double within_pct)
{
	memset(t, 0, sizeof *t);
	t->nhops = nhops;
	t->hop_names = hop_names;
	t->within_pct = within_pct;
}

void sweep_table_free(sweep_table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		free(t->rows[i].hop_count);
		free(t->rows[i].hop_cycles);
	}
	for (unsigned i = 0; i < t->ntraces; i++)
		free(t->traces[i]);
	free(t->traces);
	free(t->rows);
	free(t->recs);
	memset(t, 0, sizeof *t);
}

int sweep_table_trace(sweep_table *t, const char *name)
{
	char **n = realloc(t->traces, (t->ntraces + 1) * sizeof *n);
	if (!n)
		return -1;
	t->traces = n;
	if (!(n[t->ntraces] = strdup(name)))
		return -1;
	return (int)t->ntraces++;
}

sweep_row *sweep_table_add(sweep_table *t, const sweep_row *r)
{
	if (t->nrows == t->rowcap) {
		size_t n = t->rowcap ? 2 * t->rowcap : 64;
		sweep_row *rows = realloc(t->rows, n * sizeof *rows);
		if (!rows)
			return NULL;
		t->rows = rows;
		t->rowcap = n;
	}
	sweep_row *d = &t->rows[t->nrows];
	*d = *r;
	d->hop_count = calloc(t->nhops ? t->nhops : 1, sizeof *d->hop_count);
	d->hop_cycles = calloc(t->nhops ? t->nhops : 1, sizeof *d->hop_cycles);
	if (!d->hop_count || !d->hop_cycles) {
		free(d->hop_count);
		free(d->hop_cycles);
		return NULL;
	}
	if (r->hop_count)
		memcpy(d->hop_count, r->hop_count, t->nhops * sizeof *d->hop_count);
	if (r->hop_cycles)
		memcpy(d->hop_cycles, r->hop_cycles, t->nhops * sizeof *d->hop_cycles);
	t->nrows++;
	return d;
}

/* qsort has no context argument: the trace names travel in rows' order
 * keys computed beforehand. */
typedef struct keyed {
	sweep_row row;
	const char *trace;
	size_t seq;
} keyed;

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

/* Associativity order: fully associative first, then ways ascending. */
static uint64_t assoc_key(uint64_t a)
{
	return a == SWEEP_FULL ? 0 : a;
}

static int cmp_keyed(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	int c = strcmp(a->trace, b->trace);
	if (c)
		return c;
	if ((c = cmp_u64(a->row.mode, b->row.mode)))
		return c;
	if ((c = cmp_u64(a->row.tlb_entries, b->row.tlb_entries)))
		return c;
	if ((c = cmp_u64(assoc_key(a->row.swtlb_assoc), assoc_key(b->row.swtlb_assoc))))
		return c;
	if ((c = cmp_u64(a->row.swtlb_entries, b->row.swtlb_entries)))
		return c;
	return cmp_u64(a->seq, b->seq);
}

static const sweep_row *find_row(const sweep_table *t, unsigned trace, unsigned mode,
                                 uint64_t tlb, uint64_t entries, uint64_t assoc)
{
	for (size_t i = 0; i < t->nrows; i++) {
		const sweep_row *r = &t->rows[i];
		if (r->trace == trace && r->mode == mode && r->tlb_entries == tlb &&
		    (mode != SWEEP_SWTLB || (r->swtlb_entries == entries && r->swtlb_assoc == assoc)))
			return r;
	}
	return NULL;
}

static void recommend(sweep_table *t, sweep_recommendation *rec)
{
	const sweep_row *unb = find_row(t, rec->trace, SWEEP_SWTLB, rec->tlb_entries, SWEEP_INF, SWEEP_FULL);
	const sweep_row *virt = find_row(t, rec->trace, SWEEP_VIRT, rec->tlb_entries, 0, 0);
	if (!unb || !virt)
		return;
	rec->valid = 1;
	rec->unb_slowdown = unb->slowdown;
	rec->saved_inf = (int64_t)(virt->cycles - unb->cycles);
	/* cycles(c) <= cycles(inf) * (1 + W/100), W in hundredths of a percent,
	 * in integers */
	__int128 wq = (__int128)(t->within_pct * 100 + 0.5);
	__int128 limit = (__int128)unb->cycles * (10000 + wq);
	/* rows are sorted: capacities ascending within the group */
	for (size_t i = 0; i < t->nrows; i++) {
		sweep_row *r = &t->rows[i];
		if (r->trace != rec->trace || r->mode != SWEEP_SWTLB || r->tlb_entries != rec->tlb_entries ||
		    r->swtlb_assoc != SWEEP_FULL || r->swtlb_entries == SWEEP_INF)
			continue;
		/* never a capacity that costs more than no software TLB (or
		 * saves nothing): it would not be worth its lookups */
		if (!rec->within && r->cycles < virt->cycles && (__int128)r->cycles * 10000 <= limit) {
			rec->within = r->swtlb_entries;
			rec->within_slowdown = r->slowdown;
			r->rec |= SWEEP_REC_WITHIN;
		}
		if (rec->saved_inf > 0) {
			int64_t saved = (int64_t)(virt->cycles - r->cycles);
			/* saved * 100 >= P * saved_inf, exactly (128-bit) */
			__int128 lhs = (__int128)saved * 100;
			if (!rec->cap90 && lhs >= (__int128)90 * rec->saved_inf) {
				rec->cap90 = r->swtlb_entries;
				r->rec |= SWEEP_REC_90;
			}
			if (!rec->cap99 && lhs >= (__int128)99 * rec->saved_inf) {
				rec->cap99 = r->swtlb_entries;
				r->rec |= SWEEP_REC_99;
			}
		}
	}
}

int sweep_table_finish(sweep_table *t)
{
	keyed *k = malloc((t->nrows + 1) * sizeof *k);
	if (!k)
		return -1;
	for (size_t i = 0; i < t->nrows; i++)
		k[i] = (keyed){t->rows[i], t->traces[t->rows[i].trace], i};
	qsort(k, t->nrows, sizeof *k, cmp_keyed);
	for (size_t i = 0; i < t->nrows; i++) {
		t->rows[i] = k[i].row;
		t->rows[i].rec = 0;
	}
	free(k);
	for (size_t i = 0; i < t->nrows; i++) {
		sweep_row *r = &t->rows[i];
		const sweep_row *nat = find_row(t, r->trace, SWEEP_NATIVE, r->tlb_entries, 0, 0);
		r->slowdown = nat && nat->cycles ? (double)r->cycles / (double)nat->cycles : 0;
	}
	/* one recommendation per (trace, tlb) with fully associative rows, in
	 * row order */
	free(t->recs);
	t->recs = calloc(t->nrows + 1, sizeof *t->recs);
	t->nrecs = 0;
	if (!t->recs)
		return -1;
	for (size_t i = 0; t->recs && i < t->nrows; i++) {
		const sweep_row *r = &t->rows[i];
		if (r->mode != SWEEP_SWTLB || r->swtlb_assoc != SWEEP_FULL)
			continue;
		size_t j;
		for (j = 0; j < t->nrecs; j++)
			if (t->recs[j].trace == r->trace && t->recs[j].tlb_entries == r->tlb_entries)
				break;
		if (j < t->nrecs)
			continue;
		t->recs[t->nrecs] = (sweep_recommendation){.trace = r->trace, .tlb_entries = r->tlb_entries};
		recommend(t, &t->recs[t->nrecs++]);
	}
	return 0;
}

/* 1 if some fully associative capacity of rc's group (unbounded
 * included) has fewer cycles than virt. */
static int saves_any(const sweep_table *t, const sweep_recommendation *rc)
{
	const sweep_row *virt = find_row(t, rc->trace, SWEEP_VIRT, rc->tlb_entries, 0, 0);
	for (size_t i = 0; virt && i < t->nrows; i++) {
		const sweep_row *r = &t->rows[i];
		if (r->trace == rc->trace && r->mode == SWEEP_SWTLB && r->tlb_entries == rc->tlb_entries &&
		    r->swtlb_assoc == SWEEP_FULL && r->cycles < virt->cycles)
			return 1;
	}
	return 0;
}

static const char *cap_str(uint64_t v, char *buf, size_t n)
{
	if (v == SWEEP_INF)
		snprintf(buf, n, "inf");
	else
		snprintf(buf, n, "%" PRIu64, v);
	return buf;
}

static const char *assoc_str(const sweep_row *r, char *buf, size_t n)
{
	if (r->mode != SWEEP_SWTLB)
		snprintf(buf, n, "%s", "");
	else if (r->swtlb_assoc == SWEEP_FULL)
		snprintf(buf, n, "full");
	else
		snprintf(buf, n, "%" PRIu64, r->swtlb_assoc);
	return buf;
}

static double hit_rate(const sweep_row *r)
{
	uint64_t n = r->swtlb_hits + r->swtlb_misses;
	return n ? (double)r->swtlb_hits / (double)n : 0;
}

static double mpki(const sweep_row *r)
{
	return r->instructions ? 1000.0 * (double)r->tlb_misses / (double)r->instructions : 0;
}

static void rec_str(unsigned rec, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s%s", rec & SWEEP_REC_WITHIN ? "within" : "",
	         (rec & SWEEP_REC_WITHIN) && (rec & (SWEEP_REC_90 | SWEEP_REC_99)) ? "+" : "",
	         rec & SWEEP_REC_90 ? "capture90" : "",
	         (rec & SWEEP_REC_90) && (rec & SWEEP_REC_99) ? "+" : "",
	         rec & SWEEP_REC_99 ? "capture99" : "");
}

void sweep_write_csv(const sweep_table *t, FILE *f)
{
	fputs("trace,mode,tlb_entries,swtlb_entries,swtlb_assoc,instructions,references,"
	      "base_cycles,cycles,slowdown,tlb_misses,tlb_mpki,page_faults,swtlb_hits,"
	      "swtlb_misses,swtlb_hit_rate,recommend", f);
	for (unsigned h = 0; h < t->nhops; h++)
		fprintf(f, ",%s_count,%s_cycles", t->hop_names[h], t->hop_names[h]);
	fputs(t->every ? ",walks,walk_refs\n" : "\n", f);
	for (size_t i = 0; i < t->nrows; i++) {
		const sweep_row *r = &t->rows[i];
		char a[32], b[32], rec[64];
		util_csv_put(f, t->traces[r->trace]);
		fprintf(f, ",%s,%" PRIu64 ",", mode_names[r->mode], r->tlb_entries);
		if (r->mode == SWEEP_SWTLB)
			fputs(cap_str(r->swtlb_entries, a, sizeof a), f);
		rec_str(r->rec, rec, sizeof rec);
		fprintf(f, ",%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.6f,%" PRIu64
		        ",%.4f,%" PRIu64 ",",
		        assoc_str(r, b, sizeof b), r->instructions, r->references, r->base_cycles,
		        r->cycles, r->slowdown, r->tlb_misses, mpki(r), r->page_faults);
		if (r->mode == SWEEP_SWTLB)
			fprintf(f, "%" PRIu64 ",%" PRIu64 ",%.6f,", r->swtlb_hits, r->swtlb_misses, hit_rate(r));
		else
			fputs(",,,", f);
		fputs(rec, f);
		for (unsigned h = 0; h < t->nhops; h++)
			fprintf(f, ",%" PRIu64 ",%" PRIu64, r->hop_count[h], r->hop_cycles[h]);
		if (t->every && SWEEP_WALKED(r->mode))
			fprintf(f, ",%" PRIu64 ",%" PRIu64, r->walks, r->walk_refs);
		else if (t->every)
			fputs(",,", f);
		fputc('\n', f);
	}
}

static const sweep_row *virt_of(const sweep_table *t, const sweep_row *r)
{
	return find_row(t, r->trace, SWEEP_VIRT, r->tlb_entries, 0, 0);
}

void sweep_write_text(const sweep_table *t, FILE *f)
{
	for (unsigned tr = 0; tr < t->ntraces; tr++) {
		/* traces in row order (sorted) */
		unsigned idx = UINT32_MAX;
		{
			/* the tr-th distinct trace in row order */
			unsigned seen = 0;
			for (size_t i = 0; i < t->nrows; i++)
				if (!i || t->rows[i].trace != t->rows[i - 1].trace) {
					if (seen++ == tr) {
						idx = t->rows[i].trace;
						break;
					}
				}
		}
		if (idx == UINT32_MAX)
			break;
		const sweep_row *first = NULL;
		for (size_t i = 0; i < t->nrows && !first; i++)
			if (t->rows[i].trace == idx)
				first = &t->rows[i];
		fprintf(f, "%strace %s: %" PRIu64 " instructions, %" PRIu64 " references\n",
		        tr ? "\n" : "", t->traces[idx], first->instructions, first->references);
		fprintf(f, "  %-6s %5s %7s %5s %14s %9s %9s %9s %8s\n", "mode", "tlb", "swtlb", "assoc",
		        "cycles", "slowdown", "hit rate", "TLB MPKI", "saved");
		for (size_t i = 0; i < t->nrows; i++) {
			const sweep_row *r = &t->rows[i];
			if (r->trace != idx)
				continue;
			char a[32], b[32], hr[32] = "-", sv[32] = "-";
			if (r->mode == SWEEP_SWTLB) {
				snprintf(hr, sizeof hr, "%.2f%%", 100 * hit_rate(r));
				const sweep_row *v = virt_of(t, r);
				const sweep_row *u = find_row(t, r->trace, SWEEP_SWTLB, r->tlb_entries, SWEEP_INF, SWEEP_FULL);
				if (v && u && v->cycles > u->cycles)
					snprintf(sv, sizeof sv, "%.1f%%",
					         100.0 * ((double)v->cycles - (double)r->cycles) /
					                 ((double)v->cycles - (double)u->cycles));
			}
			fprintf(f, "  %-6s %5" PRIu64 " %7s %5s %14" PRIu64 " %9.4f %9s %9.3f %8s%s\n",
			        mode_names[r->mode], r->tlb_entries,
			        r->mode == SWEEP_SWTLB ? cap_str(r->swtlb_entries, a, sizeof a) : "-",
			        r->mode == SWEEP_SWTLB ? assoc_str(r, b, sizeof b) : "-", r->cycles,
			        r->slowdown, hr, mpki(r), sv, r->rec & SWEEP_REC_WITHIN ? "  <- recommended" : "");
		}
	}
	for (size_t i = 0; i < t->nrecs; i++) {
		const sweep_recommendation *rc = &t->recs[i];
		fprintf(f, "\nrecommendation for %s, %" PRIu64 "-entry hardware TLB, fully associative LRU software TLB:\n",
		        t->traces[rc->trace], rc->tlb_entries);
		if (!rc->valid) {
			fputs("  none: the sweep lacks the virt row or the unbounded (inf) row\n", f);
			continue;
		}
		if (!rc->within && !rc->cap90 && !rc->cap99 && !saves_any(t, rc)) {
			fprintf(f, "  none: no capacity swept, not even an unbounded one, saves cycles against virt (no software TLB): a software TLB does not pay here\n");
			continue;
		}
		if (rc->within)
			fprintf(f, "  %" PRIu64 " entries: the smallest capacity whose slowdown (%.4f) is within %g%% of the unbounded software TLB's (%.4f)\n",
			        rc->within, rc->within_slowdown, t->within_pct, rc->unb_slowdown);
		else
			fprintf(f, "  none of the capacities swept that save cycles against virt has a slowdown within %g%% of the unbounded software TLB's (%.4f): sweep larger capacities\n",
			        t->within_pct, rc->unb_slowdown);
		if (rc->saved_inf <= 0) {
			fprintf(f, "  an unbounded software TLB saves no cycles here (%" PRId64 "), so no capacity captures its savings\n",
			        rc->saved_inf);
			continue;
		}
		char a[32], b[32];
		fprintf(f, "  an unbounded software TLB saves %" PRId64 " cycles against virt; 90%% of that is captured by %s entries, 99%% by %s entries\n",
		        rc->saved_inf, rc->cap90 ? cap_str(rc->cap90, a, sizeof a) : "none of the swept",
		        rc->cap99 ? cap_str(rc->cap99, b, sizeof b) : "none of the swept");
	}
}

static json_t *u64j(uint64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *capj(uint64_t v)
{
	return v == SWEEP_INF ? json_string("inf") : u64j(v);
}

json_t *sweep_json(const sweep_table *t)
{
	json_t *root = json_object(), *rows = json_array(), *recs = json_array();
	json_object_set_new(root, "within_pct", json_real(t->within_pct));
	for (size_t i = 0; i < t->nrows; i++) {
		const sweep_row *r = &t->rows[i];
		json_t *o = json_object(), *hops = json_object();
		char rec[64];
		json_object_set_new(o, "trace", json_string(t->traces[r->trace]));
		json_object_set_new(o, "mode", json_string(mode_names[r->mode]));
		json_object_set_new(o, "tlb_entries", u64j(r->tlb_entries));
		if (r->mode == SWEEP_SWTLB) {
			json_object_set_new(o, "swtlb_entries", capj(r->swtlb_entries));
			json_object_set_new(o, "swtlb_assoc", r->swtlb_assoc == SWEEP_FULL
			                                         ? json_string("full") : u64j(r->swtlb_assoc));
			json_object_set_new(o, "swtlb_hits", u64j(r->swtlb_hits));
			json_object_set_new(o, "swtlb_misses", u64j(r->swtlb_misses));
			json_object_set_new(o, "swtlb_hit_rate", json_real(hit_rate(r)));
		}
		json_object_set_new(o, "instructions", u64j(r->instructions));
		json_object_set_new(o, "references", u64j(r->references));
		json_object_set_new(o, "base_cycles", u64j(r->base_cycles));
		json_object_set_new(o, "cycles", u64j(r->cycles));
		json_object_set_new(o, "slowdown", json_real(r->slowdown));
		json_object_set_new(o, "tlb_misses", u64j(r->tlb_misses));
		json_object_set_new(o, "tlb_mpki", json_real(mpki(r)));
		json_object_set_new(o, "page_faults", u64j(r->page_faults));
		if (SWEEP_WALKED(r->mode)) {
			json_object_set_new(o, "walks", u64j(r->walks));
			json_object_set_new(o, "walk_refs", u64j(r->walk_refs));
		}
		rec_str(r->rec, rec, sizeof rec);
		json_object_set_new(o, "recommend", json_string(rec));
		for (unsigned h = 0; h < t->nhops; h++) {
			if (!r->hop_count[h] && !r->hop_cycles[h])
				continue;
			json_t *hp = json_object();
			json_object_set_new(hp, "count", u64j(r->hop_count[h]));
			json_object_set_new(hp, "cycles", u64j(r->hop_cycles[h]));
			json_object_set_new(hops, t->hop_names[h], hp);
		}
		json_object_set_new(o, "hops", hops);
		json_array_append_new(rows, o);
	}
	for (size_t i = 0; i < t->nrecs; i++) {
		const sweep_recommendation *rc = &t->recs[i];
		json_t *o = json_object();
		json_object_set_new(o, "trace", json_string(t->traces[rc->trace]));
		json_object_set_new(o, "tlb_entries", u64j(rc->tlb_entries));
		json_object_set_new(o, "within", rc->valid && rc->within ? capj(rc->within) : json_null());
		json_object_set_new(o, "capture90", rc->valid && rc->cap90 ? capj(rc->cap90) : json_null());
		json_object_set_new(o, "capture99", rc->valid && rc->cap99 ? capj(rc->cap99) : json_null());
		json_object_set_new(o, "unbounded_slowdown", json_real(rc->unb_slowdown));
		json_object_set_new(o, "saved_cycles_unbounded", json_integer(rc->saved_inf));
		json_array_append_new(recs, o);
	}
	json_object_set_new(root, "rows", rows);
	json_object_set_new(root, "recommendations", recs);
	return root;
}
