/*
 * plotdata.c - result CSV -> gnuplot data for the plots/ scripts.
 *
 * Sweep CSV columns read here (written by cmd_sweep.c, documented there):
 * trace, mode, tlb_entries, swtlb_entries, swtlb_assoc, instructions, cycles,
 * slowdown, tlb_mpki, swtlb_hit_rate, recommend, and HOP_cycles for each hop.
 */
#include "cli/plotdata.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAXG 64 /* curves/groups per plot */

static int col(const sweep_csv *c, const char *name, char *err, size_t errlen)
{
	int i = sweep_csv_col(c, name);
	if (i < 0 && !err[0])
		snprintf(err, errlen, "no column '%s' (not a %s CSV?)", name,
		         !strcmp(name, "window") || !strncmp(name, "t_", 2) ? "replay --interval" : "sweep");
	return i;
}

static double num(const char *s)
{
	if (!strcmp(s, "inf"))
		return INFINITY;
	char *end;
	double v = strtod(s, &end);
	return (*s && !*end) ? v : NAN;
}

void plotdata_str(plotdata_out *po, const char *var, const char *s, int full)
{
	size_t n = strlen(s), cut = n;
	if (!full && n > PLOTDATA_MAX_LABEL) {
		/* cut before a UTF-8 continuation byte's sequence, keep "..." */
		cut = PLOTDATA_MAX_LABEL - 3;
		while (cut && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	fputc('x', po->strs);
	for (size_t i = 0; i < cut; i++) {
		unsigned char b = (unsigned char)s[i];
		if (!full && (b < 0x20 || b == 0x7f))
			b = '?';
		fprintf(po->strs, "%02x", b);
	}
	if (cut < n)
		fputs("2e2e2e", po->strs);
	fputc('\n', po->strs);
	fprintf(po->prel, "%s = S[%zu]\n", var, ++po->nstr);
}

/* plotdata_str for a label var[i]. */
static void label(plotdata_out *po, const char *var, size_t i, const char *s)
{
	char v[32];
	snprintf(v, sizeof v, "%s[%zu]", var, i);
	plotdata_str(po, v, s, 0);
}

/* The trace's display name: its file name without directories. */
static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* Distinct values of column ci in order of first appearance (rows where
 * filter column fi equals fv, if fi >= 0). */
static size_t distinct(const sweep_csv *c, int ci, int fi, const char *fv, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t r = 0; r < c->nrows; r++) {
		if (fi >= 0 && strcmp(c->rows[r][fi], fv))
			continue;
		const char *v = c->rows[r][ci];
		size_t k;
		for (k = 0; k < n; k++)
			if (!strcmp(out[k], v))
				break;
		if (k == n && n < max)
			out[n++] = v;
	}
	return n;
}

static int has_flag(const char *rec, const char *flag)
{
	size_t n = strlen(flag);
	for (const char *p = rec; (p = strstr(p, flag)); p += n)
		if ((p == rec || p[-1] == '+') && (p[n] == 0 || p[n] == '+'))
			return 1;
	return 0;
}

int plotdata_sizing(const sweep_csv *c, plotdata_out *po, char *err, size_t errlen)
{
	FILE *data = po->data, *prel = po->prel;
	int ct = col(c, "trace", err, errlen), cm = col(c, "mode", err, errlen),
	    ct2 = col(c, "tlb_entries", err, errlen), ce = col(c, "swtlb_entries", err, errlen),
	    ca = col(c, "swtlb_assoc", err, errlen), cs = col(c, "slowdown", err, errlen),
	    ch = col(c, "swtlb_hit_rate", err, errlen), cr = col(c, "recommend", err, errlen);
	if (ct < 0 || cm < 0 || ct2 < 0 || ce < 0 || ca < 0 || cs < 0 || ch < 0 || cr < 0)
		return -1;
	const char *traces[MAXG], *tlbs[MAXG];
	size_t nt = distinct(c, ct, cm, "swtlb", traces, MAXG);
	size_t nb = distinct(c, ct2, cm, "swtlb", tlbs, MAXG);
	if (!nt) {
		snprintf(err, errlen, "no swtlb rows to plot");
		return -1;
	}
	size_t g = 0;
	fprintf(prel, "array T[%zu]\narray RecCap[%zu]\narray RecSlow[%zu]\narray Unb[%zu]\n",
	        nt * nb, nt * nb, nt * nb, nt * nb);
	for (size_t t = 0; t < nt; t++)
		for (size_t b = 0; b < nb; b++) {
			double rc = NAN, rs = NAN, unb = NAN, lo = INFINITY, hi = 0;
			size_t n = 0;
			for (size_t r = 0; r < c->nrows; r++) {
				char **row = c->rows[r];
				if (strcmp(row[cm], "swtlb") || strcmp(row[ct], traces[t]) ||
				    strcmp(row[ct2], tlbs[b]) || strcmp(row[ca], "full"))
					continue;
				double cap = num(row[ce]), s = num(row[cs]), h = num(row[ch]);
				if (isinf(cap)) {
					unb = s;
					continue;
				}
				if (!(cap >= 1) || isnan(s) || isnan(h))
					continue;
				fprintf(data, "%.0f %.6f %.4f\n", cap, s, 100 * h);
				n++;
				lo = cap < lo ? cap : lo;
				hi = cap > hi ? cap : hi;
				if (has_flag(row[cr], "within")) {
					rc = cap;
					rs = s;
				}
			}
			if (!n)
				continue;
			fputs("\n\n", data);
			g++;
			if (nb > 1) {
				char buf[2 * PLOTDATA_MAX_LABEL];
				snprintf(buf, sizeof buf, "%.*s, TLB %.*s", PLOTDATA_MAX_LABEL, base(traces[t]),
				         PLOTDATA_MAX_LABEL / 2, tlbs[b]);
				label(po, "T", g, buf);
			} else {
				label(po, "T", g, base(traces[t]));
			}
			fprintf(prel, "RecCap[%zu] = %.17g\nRecSlow[%zu] = %.17g\nUnb[%zu] = %.17g\n",
			        g, isnan(rc) ? -1.0 : rc, g, isnan(rs) ? -1.0 : rs, g,
			        isnan(unb) ? -1.0 : unb);
			/* the unbounded line spans the plotted capacities */
			fprintf(data, "%.0f %.6f\n%.0f %.6f\n\n\n", lo, isnan(unb) ? NAN : unb, hi,
			        isnan(unb) ? NAN : unb);
		}
	if (!g) {
		snprintf(err, errlen, "no fully associative swtlb rows with a finite capacity to plot");
		return -1;
	}
	fprintf(prel, "n = %zu\n", g);
	return 0;
}

static int xy_by_trace(const sweep_csv *c, plotdata_out *po, const char *xcol,
                       const char *ycol, const char *const *modes, size_t nmodes, char *err,
                       size_t errlen)
{
	int ct = col(c, "trace", err, errlen), cm = col(c, "mode", err, errlen),
	    cx = col(c, xcol, err, errlen), cy = col(c, ycol, err, errlen);
	if (ct < 0 || cm < 0 || cx < 0 || cy < 0)
		return -1;
	FILE *data = po->data, *prel = po->prel;
	const char *traces[MAXG];
	size_t nt = distinct(c, ct, -1, NULL, traces, MAXG), g = 0;
	fprintf(prel, "array T[%zu]\narray M[%zu]\n", nt * nmodes, nt * nmodes);
	for (size_t m = 0; m < nmodes; m++)
		for (size_t t = 0; t < nt; t++) {
			size_t n = 0;
			for (size_t r = 0; r < c->nrows; r++) {
				char **row = c->rows[r];
				if (strcmp(row[cm], modes[m]) || strcmp(row[ct], traces[t]))
					continue;
				double x = num(row[cx]), y = num(row[cy]);
				if (isnan(x) || isinf(x) || isnan(y))
					continue;
				fprintf(data, "%.17g %.17g\n", x, y);
				n++;
			}
			if (!n)
				continue;
			fputs("\n\n", data);
			g++;
			label(po, "T", g, base(traces[t]));
			label(po, "M", g, modes[m]);
		}
	if (!g) {
		snprintf(err, errlen, "no %s rows to plot", modes[0]);
		return -1;
	}
	fprintf(prel, "n = %zu\nntraces = %zu\n", g, nt);
	return 0;
}

int plotdata_tlb(const sweep_csv *c, plotdata_out *po, char *err, size_t errlen)
{
	/* one point per distinct hardware TLB size: the native and virt rows
	 * (swtlb rows repeat the virt hardware misses) */
	static const char *const modes[] = {"native", "virt"};
	return xy_by_trace(c, po, "tlb_entries", "tlb_mpki", modes, 2, err, errlen);
}

/* The hop columns of a sweep CSV: every "*_cycles" except base/total. */
static size_t hop_cols(const sweep_csv *c, int *cols, size_t max)
{
	size_t n = 0;
	for (int i = 0; i < c->ncol && n < max; i++) {
		size_t l = strlen(c->head[i]);
		if (l > 7 && !strcmp(c->head[i] + l - 7, "_cycles") && strcmp(c->head[i], "base_cycles"))
			cols[n++] = i;
	}
	return n;
}

/* ---- breakdown ---------------------------------------------------------- */

#define BD_MAXHOP 64
#define BD_MAXG 32

/* Bars to draw: per group (trace or VM) up to seven bars (native, virt,
 * swtlb, pv, hw, shadow, nested, those present in this order), each the cycles
 * per 1000 instructions of every hop. */
#define BD_MAXM 7
typedef struct bd {
	size_t nhop, ng;
	char hop[BD_MAXHOP][64];
	char group[BD_MAXG][512];
	unsigned nbar[BD_MAXG];
	const char *label[BD_MAXG][BD_MAXM];
	double v[BD_MAXG][BD_MAXM][BD_MAXHOP];
	double base_lo, base_hi; /* base cycles per 1000 instructions over the bars
	                          * (one value unless the rows' models differ) */
	int have_base;
} bd;

static void bd_base(bd *B, double v)
{
	if (isnan(v))
		return;
	if (!B->have_base || v < B->base_lo)
		B->base_lo = v;
	if (!B->have_base || v > B->base_hi)
		B->base_hi = v;
	B->have_base = 1;
}

static int bd_hop(bd *B, const char *name)
{
	for (size_t h = 0; h < B->nhop; h++)
		if (!strcmp(B->hop[h], name))
			return (int)h;
	if (B->nhop == BD_MAXHOP)
		return -1;
	snprintf(B->hop[B->nhop], sizeof B->hop[0], "%s", name);
	return (int)B->nhop++;
}

/* Writes the bars: hops reaching 2% of the tallest bar on their own, the
 * rest summed as "other hops". */
static void bd_write(const bd *B, plotdata_out *po)
{
	FILE *data = po->data, *prel = po->prel;
	double peak[BD_MAXHOP] = {0}, tallest = 0;
	for (size_t g = 0; g < B->ng; g++)
		for (unsigned b = 0; b < B->nbar[g]; b++) {
			double sum = 0;
			for (size_t h = 0; h < B->nhop; h++) {
				sum += B->v[g][b][h];
				if (B->v[g][b][h] > peak[h])
					peak[h] = B->v[g][b][h];
			}
			if (sum > tallest)
				tallest = sum;
		}
	int own[BD_MAXHOP] = {0}, other = 0;
	size_t nown = 0;
	for (size_t h = 0; h < B->nhop; h++) {
		if (peak[h] > 0 && peak[h] >= 0.02 * tallest) {
			own[h] = 1;
			nown++;
		} else if (peak[h] > 0) {
			other = 1;
		}
	}
	/* H[j]: the title of data column j (column 1 is the bar's number) */
	size_t x = 0, ncols = nown + (size_t)other, j = 1;
	fprintf(prel, "array H[%zu]\n", ncols + 1);
	label(po, "H", j++, "bar");
	for (size_t h = 0; h < B->nhop; h++)
		if (own[h])
			label(po, "H", j++, B->hop[h]);
	if (other)
		label(po, "H", j++, "other hops");
	/* L[x]: the label under bar x (0-based row x of the data) */
	size_t nbars = 0;
	for (size_t g = 0; g < B->ng; g++)
		nbars += B->nbar[g] + (g > 0);
	fprintf(prel, "array G[%zu]\narray GX[%zu]\narray L[%zu]\n", B->ng, B->ng, nbars);
	for (size_t g = 0; g < B->ng; g++) {
		if (g) {
			fprintf(data, "%zu", x); /* a gap between groups */
			for (size_t h = 0; h < ncols; h++)
				fputs(" 0", data);
			fputs("\n", data);
			label(po, "L", ++x, "");
		}
		label(po, "G", g + 1, B->group[g]);
		fprintf(prel, "GX[%zu] = %.1f\n", g + 1, (double)x + (B->nbar[g] - 1) / 2.0);
		for (unsigned b = 0; b < B->nbar[g]; b++, x++) {
			double rest = 0;
			fprintf(data, "%zu", x);
			label(po, "L", x + 1, B->label[g][b]);
			for (size_t h = 0; h < B->nhop; h++) {
				if (own[h])
					fprintf(data, " %.6f", B->v[g][b][h]);
				else
					rest += B->v[g][b][h];
			}
			if (other)
				fprintf(data, " %.6f", rest);
			fputs("\n", data);
		}
	}
	fprintf(prel, "ng = %zu\nncols = %zu\nother_col = %zu\nbase_per_k = %.1f\nbase_hi = %.1f\n", B->ng,
	        ncols + 1, other ? ncols + 1 : 0, B->base_lo, B->base_hi);
}

static const char *const bd_modes[BD_MAXM] = {"native", "virt", "swtlb", "pv", "hw", "shadow", "nested"};

/* From a replay CSV (trace,vm,mode,hop,count,cycles,...,instructions,...):
 * one group per VM (or the single trace). */
static int bd_replay(const sweep_csv *c, bd *B, char *err, size_t errlen)
{
	int ct = col(c, "trace", err, errlen), cv = col(c, "vm", err, errlen),
	    cm = col(c, "mode", err, errlen), ch = col(c, "hop", err, errlen),
	    cy = col(c, "cycles", err, errlen), ci = col(c, "instructions", err, errlen);
	if (ct < 0 || cv < 0 || cm < 0 || ch < 0 || cy < 0 || ci < 0)
		return -1;
	int per_vm = 0;
	for (size_t r = 0; r < c->nrows; r++)
		per_vm |= strcmp(c->rows[r][cv], "all") != 0;
	for (size_t r = 0; r < c->nrows; r++) {
		char **row = c->rows[r];
		if (per_vm ? !strcmp(row[cv], "all") : !strcmp(row[ct], "all"))
			continue;
		int m;
		for (m = 0; m < BD_MAXM && strcmp(row[cm], bd_modes[m]); m++)
			;
		if (m == BD_MAXM)
			continue;
		char gname[512];
		if (per_vm)
			snprintf(gname, sizeof gname, "%s (VM %s)", base(row[ct]), row[cv]);
		else
			snprintf(gname, sizeof gname, "%s", base(row[ct]));
		size_t g;
		for (g = 0; g < B->ng && strcmp(B->group[g], gname); g++)
			;
		if (g == B->ng) {
			if (B->ng == BD_MAXG)
				continue;
			snprintf(B->group[B->ng++], sizeof B->group[0], "%s", gname);
		}
		/* per 1000 of the group's native instructions when it has them
		 * (a boot's modes execute different numbers: the guest's refill
		 * handler does not run for a software-TLB hit), else the row's */
		double ins = num(row[ci]) > 0 ? num(row[ci]) : 1;
		for (size_t r2 = 0; r2 < c->nrows; r2++) {
			char **o = c->rows[r2];
			if (!strcmp(o[cm], "native") && !strcmp(o[ct], row[ct]) && !strcmp(o[cv], row[cv]) &&
			    num(o[ci]) > 0) {
				ins = num(o[ci]);
				break;
			}
		}
		double v = num(row[cy]) * 1000 / ins;
		B->label[g][m] = bd_modes[m];
		if ((unsigned)m + 1 > B->nbar[g])
			B->nbar[g] = (unsigned)m + 1;
		if (!strcmp(row[ch], "base")) {
			bd_base(B, v);
			continue;
		}
		int h = bd_hop(B, row[ch]);
		if (h >= 0 && !isnan(v))
			B->v[g][m][h] = v;
	}
	/* the modes present, in mode order: a replay of --mode hw,nested draws
	 * two bars */
	for (size_t g = 0; g < B->ng; g++) {
		unsigned k = 0;
		for (unsigned b = 0; b < B->nbar[g]; b++) {
			if (!B->label[g][b])
				continue;
			if (k != b) {
				B->label[g][k] = B->label[g][b];
				memcpy(B->v[g][k], B->v[g][b], sizeof B->v[g][k]);
			}
			k++;
		}
		B->nbar[g] = k;
	}
	(void)err;
	(void)errlen;
	return 0;
}

/* From a sweep CSV: per trace, the recommended swtlb row (the largest
 * hardware TLB's, if the sweep has several) and native and virt at its
 * hardware TLB size. */
static int bd_sweep(const sweep_csv *c, bd *B, char *err, size_t errlen)
{
	int ct = col(c, "trace", err, errlen), cm = col(c, "mode", err, errlen),
	    ct2 = col(c, "tlb_entries", err, errlen), ce = col(c, "swtlb_entries", err, errlen),
	    ci = col(c, "instructions", err, errlen), cb = col(c, "base_cycles", err, errlen),
	    cr = col(c, "recommend", err, errlen);
	if (ct < 0 || cm < 0 || ct2 < 0 || ce < 0 || ci < 0 || cb < 0 || cr < 0)
		return -1;
	int hops[256], hidx[256];
	size_t nh = hop_cols(c, hops, 256);
	for (size_t h = 0; h < nh; h++) {
		/* the hop's name: the column without "_cycles" */
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(strlen(c->head[hops[h]]) - 7), c->head[hops[h]]);
		hidx[h] = bd_hop(B, name);
	}
	const char *traces[MAXG];
	size_t nt = distinct(c, ct, -1, NULL, traces, MAXG);
	for (size_t t = 0; t < nt && B->ng < BD_MAXG; t++) {
		size_t rec = SIZE_MAX, bars[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
		for (size_t r = 0; r < c->nrows; r++)
			if (!strcmp(c->rows[r][ct], traces[t]) && !strcmp(c->rows[r][cm], "swtlb") &&
			    has_flag(c->rows[r][cr], "within") &&
			    (rec == SIZE_MAX || num(c->rows[r][ct2]) > num(c->rows[rec][ct2])))
				rec = r;
		if (rec == SIZE_MAX)
			continue;
		bars[2] = rec;
		for (size_t r = 0; r < c->nrows; r++) {
			char **row = c->rows[r];
			if (strcmp(row[ct], traces[t]) || strcmp(row[ct2], c->rows[rec][ct2]))
				continue;
			if (!strcmp(row[cm], "native"))
				bars[0] = r;
			else if (!strcmp(row[cm], "virt"))
				bars[1] = r;
		}
		if (bars[0] == SIZE_MAX || bars[1] == SIZE_MAX)
			continue;
		size_t g = B->ng++;
		snprintf(B->group[g], sizeof B->group[g], "%s (swtlb: %s entries)", base(traces[t]),
		         c->rows[rec][ce]);
		B->nbar[g] = 3;
		for (unsigned b = 0; b < 3; b++) {
			char **row = c->rows[bars[b]];
			double ins = num(row[ci]) > 0 ? num(row[ci]) : 1;
			B->label[g][b] = bd_modes[b];
			bd_base(B, num(row[cb]) * 1000 / ins);
			for (size_t h = 0; h < nh; h++)
				if (hidx[h] >= 0)
					B->v[g][b][hidx[h]] = num(row[hops[h]]) * 1000 / ins;
		}
	}
	if (!B->ng) {
		snprintf(err, errlen, "no trace with native, virt and a recommended swtlb row");
		return -1;
	}
	return 0;
}

int plotdata_breakdown(const sweep_csv *c, plotdata_out *po, char *err, size_t errlen)
{
	bd *B = calloc(1, sizeof *B);
	if (!B) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = sweep_csv_col(c, "hop") >= 0 ? bd_replay(c, B, err, errlen) : bd_sweep(c, B, err, errlen);
	if (!rc && !B->ng) {
		snprintf(err, errlen, "no native, virt or swtlb rows to plot");
		rc = -1;
	}
	if (!rc)
		bd_write(B, po);
	free(B);
	return rc;
}

int plotdata_timeline(const sweep_csv *c, plotdata_out *po, char *err, size_t errlen)
{
	FILE *data = po->data, *prel = po->prel;
	/* replay --interval rows: window,instructions,native_cycles,virt_cycles,
	 * swtlb_cycles,virt_overhead,swtlb_overhead (overheads: cycles of the
	 * window over native's, minus 1) */
	int ci = col(c, "instructions", err, errlen), cw = col(c, "window", err, errlen),
	    cv = col(c, "virt_overhead", err, errlen), cs = col(c, "swtlb_overhead", err, errlen);
	if (ci < 0 || cw < 0 || cv < 0 || cs < 0)
		return -1;
	size_t n = 0;
	int hv = 0, hs = 0;
	double prev = 0, last_v = NAN, last_s = NAN;
	for (size_t r = 0; r < c->nrows; r++) {
		char **row = c->rows[r];
		double ins = num(row[ci]), v = num(row[cv]), s = num(row[cs]);
		if (isnan(ins) || ins <= prev)
			continue;
		/* one step per window: from its first to its last instruction,
		 * in millions; overheads in percent */
		fprintf(data, "%.6f %.6f %.4f %.4f\n", prev / 1e6, ins / 1e6, 100 * v, 100 * s);
		prev = ins;
		last_v = 100 * v;
		last_s = 100 * s;
		n++;
		hv |= !isnan(v);
		hs |= !isnan(s);
	}
	/* the last window's end, so that its step is drawn */
	if (n)
		fprintf(data, "%.6f %.6f %.4f %.4f\n", prev / 1e6, prev / 1e6, last_v, last_s);
	if (!n || (!hv && !hs)) {
		snprintf(err, errlen, "no interval rows with virt or swtlb overheads to plot");
		return -1;
	}
	fprintf(prel, "nwin = %zu\nhave_virt = %d\nhave_swtlb = %d\n", n, hv, hs);
	return 0;
}
