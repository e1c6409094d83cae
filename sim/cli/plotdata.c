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

/* Writes s as a gnuplot string (double-quoted, noenhanced in the scripts). */
static void gstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s != '\n')
			fputc(*s, f);
	}
	fputc('"', f);
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

int plotdata_sizing(const sweep_csv *c, FILE *data, FILE *prel, char *err, size_t errlen)
{
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
			fprintf(data, "# %s tlb %s\n", traces[t], tlbs[b]);
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
			fprintf(prel, "T[%zu] = ", g);
			if (nb > 1) {
				char buf[512];
				snprintf(buf, sizeof buf, "%s, TLB %s", base(traces[t]), tlbs[b]);
				gstr(prel, buf);
			} else {
				gstr(prel, base(traces[t]));
			}
			fprintf(prel, "\nRecCap[%zu] = %.17g\nRecSlow[%zu] = %.17g\nUnb[%zu] = %.17g\n",
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

static int xy_by_trace(const sweep_csv *c, FILE *data, FILE *prel, const char *xcol,
                       const char *ycol, const char *const *modes, size_t nmodes, char *err,
                       size_t errlen)
{
	int ct = col(c, "trace", err, errlen), cm = col(c, "mode", err, errlen),
	    cx = col(c, xcol, err, errlen), cy = col(c, ycol, err, errlen);
	if (ct < 0 || cm < 0 || cx < 0 || cy < 0)
		return -1;
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
			fprintf(prel, "T[%zu] = ", g);
			gstr(prel, base(traces[t]));
			fprintf(prel, "\nM[%zu] = ", g);
			gstr(prel, modes[m]);
			fputs("\n", prel);
		}
	if (!g) {
		snprintf(err, errlen, "no %s rows to plot", modes[0]);
		return -1;
	}
	fprintf(prel, "n = %zu\nntraces = %zu\n", g, nt);
	return 0;
}

int plotdata_tlb(const sweep_csv *c, FILE *data, FILE *prel, char *err, size_t errlen)
{
	/* one point per distinct hardware TLB size: the native and virt rows
	 * (swtlb rows repeat the virt hardware misses) */
	static const char *const modes[] = {"native", "virt"};
	return xy_by_trace(c, data, prel, "tlb_entries", "tlb_mpki", modes, 2, err, errlen);
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

int plotdata_breakdown(const sweep_csv *c, FILE *data, FILE *prel, char *err, size_t errlen)
{
	int ct = col(c, "trace", err, errlen), cm = col(c, "mode", err, errlen),
	    ct2 = col(c, "tlb_entries", err, errlen), ce = col(c, "swtlb_entries", err, errlen),
	    ci = col(c, "instructions", err, errlen), cc = col(c, "cycles", err, errlen),
	    cr = col(c, "recommend", err, errlen);
	if (ct < 0 || cm < 0 || ct2 < 0 || ce < 0 || ci < 0 || cc < 0 || cr < 0)
		return -1;
	int hops[256];
	size_t nh = hop_cols(c, hops, 256);
	const char *traces[MAXG];
	size_t nt = distinct(c, ct, -1, NULL, traces, MAXG);
	/* Per trace three bars: native and virt at the hardware TLB size of
	 * the recommended swtlb row, and that row. */
	size_t (*bars)[3] = calloc(nt, sizeof *bars);
	int *used = calloc(nh, sizeof *used);
	size_t ng = 0;
	for (size_t t = 0; t < nt; t++) {
		size_t rec = SIZE_MAX;
		for (size_t r = 0; r < c->nrows && rec == SIZE_MAX; r++)
			if (!strcmp(c->rows[r][ct], traces[t]) && !strcmp(c->rows[r][cm], "swtlb") &&
			    has_flag(c->rows[r][cr], "within"))
				rec = r;
		if (rec == SIZE_MAX)
			continue;
		bars[ng][0] = bars[ng][1] = SIZE_MAX;
		bars[ng][2] = rec;
		for (size_t r = 0; r < c->nrows; r++) {
			char **row = c->rows[r];
			if (strcmp(row[ct], traces[t]) || strcmp(row[ct2], c->rows[rec][ct2]))
				continue;
			if (!strcmp(row[cm], "native"))
				bars[ng][0] = r;
			else if (!strcmp(row[cm], "virt"))
				bars[ng][1] = r;
		}
		if (bars[ng][0] == SIZE_MAX || bars[ng][1] == SIZE_MAX)
			continue;
		traces[ng] = traces[t];
		for (size_t b = 0; b < 3; b++)
			for (size_t h = 0; h < nh; h++)
				if (num(c->rows[bars[ng][b]][hops[h]]) > 0)
					used[h] = 1;
		ng++;
	}
	if (!ng) {
		snprintf(err, errlen, "no trace with native, virt and a recommended swtlb row");
		free(bars);
		free(used);
		return -1;
	}
	/* header: label, base, used hops (names without _cycles) */
	fputs("label base", data);
	size_t nu = 0;
	for (size_t h = 0; h < nh; h++)
		if (used[h]) {
			fprintf(data, " %.*s", (int)(strlen(c->head[hops[h]]) - 7), c->head[hops[h]]);
			nu++;
		}
	fputs("\n", data);
	fprintf(prel, "array G[%zu]\narray GX[%zu]\n", ng, ng);
	size_t x = 0;
	for (size_t g = 0; g < ng; g++) {
		if (g) {
			fputs("\"\"", data); /* a gap between groups */
			for (size_t h = 0; h <= nu; h++)
				fputs(" 0", data);
			fputs("\n", data);
			x++;
		}
		fprintf(prel, "G[%zu] = ", g + 1);
		gstr(prel, base(traces[g]));
		fprintf(prel, "\nGX[%zu] = %zu\n", g + 1, x + 1);
		for (size_t b = 0; b < 3; b++, x++) {
			char **row = c->rows[bars[g][b]];
			double ins = num(row[ci]), cyc = num(row[cc]);
			if (!(ins > 0))
				ins = 1;
			double hsum = 0;
			for (size_t h = 0; h < nh; h++)
				if (used[h])
					hsum += num(row[hops[h]]);
			char label[64];
			if (b == 2)
				snprintf(label, sizeof label, "swtlb %s", row[ce]);
			else
				snprintf(label, sizeof label, "%s", b ? "virt" : "native");
			fprintf(data, "\"%s\" %.6f", label, (cyc - hsum) * 1000 / ins);
			for (size_t h = 0; h < nh; h++)
				if (used[h])
					fprintf(data, " %.6f", num(row[hops[h]]) * 1000 / ins);
			fputs("\n", data);
		}
	}
	fprintf(prel, "ng = %zu\nncols = %zu\n", ng, nu + 2);
	free(bars);
	free(used);
	return 0;
}

int plotdata_timeline(const sweep_csv *c, FILE *data, FILE *prel, char *err, size_t errlen)
{
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
