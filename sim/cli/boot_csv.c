/*
 * boot_csv.c - a boot's report as the replay's CSV (see boot_csv.h).
 *
 * A row per mode for the base cycles (the guest's user mode; count = its
 * instructions) and one per hop its ledger lists.  tlb_misses is the
 * native run's TLB refills and, beneath the monitor, its misses on the
 * guest's pages (vmm_misses: refill reflections, reloads from the guest's
 * TLB, software-TLB hits, invalid/modified reflections; not the kseg
 * misses).  slowdown is against the native mode if it ran, else the first
 * mode.  A span between two marks is the difference of their samples: the
 * instructions, cycles and hops of what ran between the two console lines.
 */
#include "cli/boot_csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "machine/ledger.h"
#include "util/util.h"

static const char *const mode_names[] = { "native", "virt", "swtlb", "none" };
#define NMODES (sizeof mode_names / sizeof mode_names[0])

static int64_t geti(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

static int64_t hopv(json_t *o, const char *hop, const char *key)
{
	return geti(json_object_get(json_object_get(o, "hops"), hop), key);
}

static int64_t misses(json_t *o)
{
	json_t *mon = json_object_get(o, "monitor");
	return mon ? geti(mon, "vmm_misses") : geti(o, "tlb_refills");
}

/* The sample named name in m's marks, from index *from on (NULL: none);
 * *from is left just after it. */
static json_t *find_mark(json_t *m, const char *name, size_t *from)
{
	json_t *a = json_object_get(m, "marks");
	for (size_t i = *from; i < json_array_size(a); i++) {
		json_t *s = json_array_get(a, i);
		if (!strcmp(json_string_value(json_object_get(s, "name")) ? json_string_value(json_object_get(s, "name")) : "", name)) {
			*from = i + 1;
			return s;
		}
	}
	return NULL;
}

/* The mark that ends the span "begin x" opens, the begin being the one
 * just before index from in m's marks: the first "end x" after it at which
 * as many "end x" as "begin x" have come (spans of one name may nest), or
 * NULL. */
static json_t *find_end(json_t *m, const char *x, size_t from)
{
	json_t *a = json_object_get(m, "marks");
	size_t open = 1;
	for (size_t i = from; i < json_array_size(a); i++) {
		json_t *s = json_array_get(a, i);
		const char *nm = json_string_value(json_object_get(s, "name"));
		if (!nm)
			continue;
		if (!strncmp(nm, "begin ", 6) && !strcmp(nm + 6, x))
			open++;
		else if (!strncmp(nm, "end ", 4) && !strcmp(nm + 4, x) && --open == 0)
			return s;
	}
	return NULL;
}

/* The span's rows: e minus b (b NULL: from the start) in each mode. */
static void span_rows(FILE *f, const char *label, json_t *const b[NMODES], json_t *const e[NMODES])
{
	int ref = -1;
	for (unsigned md = 0; md < NMODES; md++)
		if (e[md] && ref < 0)
			ref = (int)md;
	if (ref < 0)
		return;
#define D(md, k) (geti(e[md], k) - (b[md] ? geti(b[md], k) : 0))
	int64_t ref_cycles = D(ref, "cycles");
	for (unsigned md = 0; md < NMODES; md++) {
		if (!e[md])
			continue;
		int64_t ins = D(md, "instructions"), cyc = D(md, "cycles");
		int64_t miss = misses(e[md]) - (b[md] ? misses(b[md]) : 0);
		double slow = ref_cycles ? (double)cyc / (double)ref_cycles : 0.0;
		for (int h = -1; h < HOP_N; h++) {
			const char *hop = h < 0 ? "base" : ledger_hop_name((unsigned)h);
			if (h >= 0 && !json_object_get(json_object_get(e[md], "hops"), hop))
				continue;
			int64_t cnt = h < 0 ? ins : hopv(e[md], hop, "count") - (b[md] ? hopv(b[md], hop, "count") : 0);
			int64_t hc = h < 0 ? D(md, "base_cycles")
			                   : hopv(e[md], hop, "cycles") - (b[md] ? hopv(b[md], hop, "cycles") : 0);
			util_csv_put(f, label);
			fprintf(f, ",all,%s,%s,%lld,%lld,%.6f,%lld,%lld,%lld,%.6f\n", mode_names[md], hop, (long long)cnt,
			        (long long)hc, cyc ? (double)hc / (double)cyc : 0.0, (long long)ins, (long long)cyc,
			        (long long)miss, slow);
		}
	}
#undef D
}

int boot_csv_to(json_t *modes, const char *label, const char *path, FILE *f)
{
	json_t *m[NMODES];
	int first = -1;
	for (unsigned md = 0; md < NMODES; md++) {
		m[md] = json_object_get(modes, mode_names[md]);
		if (m[md] && !json_object_get(m[md], "cycles"))
			m[md] = NULL; /* --mode none: no ledger */
		if (m[md] && first < 0)
			first = (int)md;
	}
	if (first < 0) {
		util_error("%s: --csv needs a ledger (--mode native, virt, swtlb or all)", path);
		return -1;
	}
	fputs("trace,vm,mode,hop,count,cycles,share,instructions,total_cycles,tlb_misses,slowdown\n", f);
	json_t *none[NMODES] = {0};
	span_rows(f, label, none, m);
	/* the spans, in the first mode's order */
	json_t *marks = json_object_get(m[first], "marks");
	for (size_t i = 0; i < json_array_size(marks); i++) {
		const char *nm = json_string_value(json_object_get(json_array_get(marks, i), "name"));
		if (!nm || strncmp(nm, "begin ", 6))
			continue;
		json_t *b[NMODES] = {0}, *e[NMODES] = {0};
		int ok = 1;
		for (unsigned md = 0; md < NMODES; md++) {
			if (!m[md])
				continue;
			size_t at = 0;
			/* the same occurrence of the begin mark as in the first mode */
			for (size_t k = 0; k <= i && ok; k++) {
				const char *nk = json_string_value(json_object_get(json_array_get(marks, k), "name"));
				if (nk && !strcmp(nk, nm))
					ok = (b[md] = find_mark(m[md], nm, &at)) != NULL;
			}
			if (ok)
				ok = (e[md] = find_end(m[md], nm + 6, at)) != NULL;
		}
		if (ok)
			span_rows(f, nm + 6, b, e);
	}
	if (fflush(f) || ferror(f)) {
		util_error("%s: cannot write", path);
		return -1;
	}
	return 0;
}
