/*
 * cmd_plot.c - vmmsim plot KIND RESULT.csv -o OUT.png|.svg|.pdf
 *
 * Reads a result CSV, writes the figures a plot needs as plain gnuplot data
 * files in a temporary directory, and runs gnuplot (an external program),
 * in that directory, on a prelude that sets the variables (data file,
 * output, terminal, titles) followed by the kind's script plots/KIND.gp.
 * gnuplot writes a temporary file beside OUT, renamed into place only if
 * gnuplot succeeded: no half-written plot.
 *
 * No byte of the CSV (nor of the output's name) becomes gnuplot code:
 * the prelude is our own text and numbers; every string is written
 * hex-encoded into the file "strings", which the prelude reads with
 * "stats" as data and decodes (plotdata.h).  gnuplot runs backquotes and
 * system() in code, never in data.
 *
 * Kinds and the CSV each reads:
 *   breakdown  sweep CSV (or replay CSV): stacked cycles per hop per 1000
 *              instructions, native / virt / swtlb bars, one group per trace
 *   sizing     sweep CSV: slowdown and software-TLB hit rate against
 *              capacity (fully associative rows), recommended capacity marked
 *   tlb        sweep CSV: hardware TLB misses per 1000 instructions against
 *              hardware TLB entries (native rows)
 *   timeline   replay interval CSV (vmmsim ... --interval N --interval-csv
 *              FILE): overhead per window, virt and swtlb against native
 *
 * Scripts are looked up in $VMMSIM_PLOTS, then in plots/ of the source tree
 * beside the binary's build directory (BINDIR/../plots), then in
 * VMMSIM_DATADIR/plots (the installed copy).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/plotdata.h"
#include "sweep/csv.h"
#include "util/util.h"

#ifndef VMMSIM_DATADIR
#define VMMSIM_DATADIR "/usr/local/share/vmmsim"
#endif

#define PLOT_W 960 /* default size of raster and SVG plots, pixels */
#define PLOT_H 600

static const char *const kinds[] = {"breakdown", "sizing", "tlb", "timeline"};

static void usage(FILE *f)
{
	fputs("usage: vmmsim plot KIND RESULT.csv -o OUT.png|OUT.svg|OUT.pdf [--size WxH]\n"
	      "KIND:\n"
	      "  breakdown  cycles per hop (per 1000 instructions) for native, virt and swtlb,\n"
	      "             one group of bars per trace (sweep CSV or replay --csv)\n"
	      "  sizing     slowdown and software-TLB hit rate against capacity, with the\n"
	      "             recommended capacity marked (sweep CSV)\n"
	      "  tlb        hardware TLB misses per 1000 instructions against hardware TLB\n"
	      "             entries (sweep CSV with --tlb-entries LIST)\n"
	      "  timeline   overhead against native per window of a run\n"
	      "             (vmmsim --trace T --mode all --interval N --interval-csv FILE)\n"
	      "The output format follows the extension (.png, .svg, .pdf).  --size WxH in\n"
	      "pixels (default 960x600; PDF: the same at 100 pixels per inch).\n"
	      "gnuplot must be installed (Debian package gnuplot-nox).  Scripts come from\n"
	      "$VMMSIM_PLOTS, else plots/ beside the build directory, else " VMMSIM_DATADIR "/plots.\n",
	      f);
}

/* snprintf that reports truncation: 0, or -1 if the result did not fit. */
static int pathf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int pathf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Finds gnuplot in PATH ($VMMSIM_GNUPLOT overrides); 0 or -1. */
static int find_gnuplot(char *buf, size_t len)
{
	const char *g = getenv("VMMSIM_GNUPLOT");
	if (g && *g) {
		pathf(buf, len, "%s", g);
		return access(buf, X_OK) == 0 ? 0 : -1;
	}
	const char *path = getenv("PATH");
	if (!path)
		return -1;
	while (*path) {
		const char *c = strchr(path, ':');
		size_t n = c ? (size_t)(c - path) : strlen(path);
		pathf(buf, len, "%.*s/gnuplot", (int)(n ? n : 1), n ? path : ".");
		if (access(buf, X_OK) == 0 && is_file(buf))
			return 0;
		if (!c)
			break;
		path = c + 1;
	}
	return -1;
}

/* Finds plots/KIND.gp; 0 or -1 (buf then lists where it looked). */
static int find_script(const char *kind, char *buf, size_t len, char *where, size_t wlen)
{
	char exe[PATH_MAX];
	where[0] = 0;
	const char *env = getenv("VMMSIM_PLOTS");
	if (env && *env) {
		pathf(buf, len, "%s/%s.gp", env, kind);
		snprintf(where, wlen, "%s", buf);
		return is_file(buf) ? 0 : -1;
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			pathf(buf, len, "%s/../plots/%s.gp", exe, kind);
			snprintf(where, wlen, "%s, ", buf);
			if (is_file(buf))
				return 0;
		}
	}
	size_t w = strlen(where);
	pathf(buf, len, "%s/plots/%s.gp", VMMSIM_DATADIR, kind);
	snprintf(where + w, wlen - w, "%s", buf);
	return is_file(buf) ? 0 : -1;
}

/* Runs gnuplot in dir on the prelude (a name in dir), then the script (an
 * absolute path); 0 if it exits 0. */
static int run_gnuplot(const char *gnuplot, const char *dir, const char *prelude, const char *script)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		if (chdir(dir))
			_exit(127);
		/* a PDF's date in UTC, whatever the user's zone (pdf_fixed_date) */
		setenv("TZ", "UTC0", 1);
		execl(gnuplot, "gnuplot", prelude, script, (char *)NULL);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* The prelude's fixed head: reads the n strings (hex, one a line, each
 * after an 'x') as data into S[1..n] and decodes them. */
static void write_head(FILE *f, size_t n)
{
	fprintf(f, "# written by vmmsim plot: strings are read from 'strings' as data\n"
	           "datafile = 'data'\n"
	           "set datafile separator whitespace\n"
	           "set datafile commentschars '#'\n"
	           "array S[%zu]\n"
	           "stats 'strings' using (S[int($0)+1] = strcol(1), 0) nooutput\n"
	           "vmmsim_hex(c) = strstrt('0123456789abcdef', c) - 1\n"
	           "do for [i=1:%zu] {\n"
	           "\tvmmsim_h = S[i]\n"
	           "\tvmmsim_s = ''\n"
	           "\tdo for [k=2:strlen(vmmsim_h):2] {\n"
	           "\t\tvmmsim_s = vmmsim_s . sprintf('%%c', 16 * vmmsim_hex(vmmsim_h[k:k]) + vmmsim_hex(vmmsim_h[k+1:k+1]))\n"
	           "\t}\n"
	           "\tS[i] = vmmsim_s\n"
	           "}\n",
	        n, n);
}

/* Parses WxH (decimal, nothing else); 0 or -1. */
static int parse_size(const char *s, unsigned *w, unsigned *h)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	unsigned long a = strtoul(s, &end, 10);
	if (*end != 'x' || end[1] < '0' || end[1] > '9')
		return -1;
	unsigned long b = strtoul(end + 1, &end, 10);
	if (*end || a < 100 || b < 100 || a > 10000 || b > 10000)
		return -1;
	*w = (unsigned)a;
	*h = (unsigned)b;
	return 0;
}

static void rm_tree(const char *dir, const char *const *files, size_t n)
{
	char p[PATH_MAX];
	for (size_t i = 0; i < n; i++) {
		pathf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* cairo (1.16, Debian 12's) stamps a PDF with the host's clock in
 * "/CreationDate (D:YYYYMMDDHHMMSS", and does not read SOURCE_DATE_EPOCH:
 * overwrite those 14 digits in place with the epoch's, so that the same CSV
 * gives the same PDF byte for byte (same length: the offsets of the xref
 * table stay right).  0, or -1 with errno (a PDF without the stamp is left
 * as it is). */
static int pdf_fixed_date(const char *path)
{
	static const char key[] = "/CreationDate (D:";
	FILE *f = fopen(path, "r+b");
	if (!f)
		return -1;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc = -1;
	do {
		if (len == cap) {
			char *b = realloc(buf, cap = cap ? 2 * cap : 65536);
			if (!b)
				goto out;
			buf = b;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	if (ferror(f))
		goto out;
	rc = 0;
	char *p = memmem(buf, len, key, sizeof key - 1);
	if (p && (size_t)(p - buf) + sizeof key - 1 + 14 <= len) {
		long at = (long)(p - buf) + (long)sizeof key - 1;
		if (fseek(f, at, SEEK_SET) || fwrite("19700101000000", 1, 14, f) != 14)
			rc = -1;
	}
out:
	if (fclose(f))
		rc = -1;
	free(buf);
	return rc;
}

int cmd_plot(int argc, char **argv)
{
	const char *kind = NULL, *in = NULL, *out = NULL;
	unsigned w = PLOT_W, h = PLOT_H;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (++i >= argc) {
				util_error("plot: %s needs a file name", a);
				return 2;
			}
			out = argv[i];
		} else if (!strcmp(a, "--size")) {
			if (++i >= argc || parse_size(argv[i], &w, &h)) {
				util_error("plot: --size needs WxH in pixels, 100..10000 each (e.g. 960x600)%s%s%s",
				           i < argc ? ", not '" : "", i < argc ? argv[i] : "", i < argc ? "'" : "");
				return 2;
			}
		} else if (a[0] == '-' && a[1]) {
			util_error("plot: unknown option '%s' (try 'vmmsim plot --help')", a);
			return 2;
		} else if (!kind) {
			kind = a;
		} else if (!in) {
			in = a;
		} else {
			util_error("plot: unexpected argument '%s' (one KIND and one CSV)", a);
			return 2;
		}
	}
	if (!kind || !in || !out) {
		util_error("plot: usage: vmmsim plot KIND RESULT.csv -o OUT.png|.svg|.pdf");
		return 2;
	}
	size_t k;
	for (k = 0; k < sizeof kinds / sizeof *kinds; k++)
		if (!strcmp(kind, kinds[k]))
			break;
	if (k == sizeof kinds / sizeof *kinds) {
		util_error("plot: unknown kind '%s' (breakdown, sizing, tlb or timeline)", kind);
		return 2;
	}
	const char *ext = strrchr(out, '.');
	char term[256];
	if (ext && !strcasecmp(ext, ".png"))
		snprintf(term, sizeof term, "pngcairo size %u,%u enhanced font 'sans,12'", w, h);
	else if (ext && !strcasecmp(ext, ".svg"))
		snprintf(term, sizeof term, "svg size %u,%u dynamic enhanced font 'sans,12'", w, h);
	else if (ext && !strcasecmp(ext, ".pdf"))
		snprintf(term, sizeof term, "pdfcairo size %.2fin,%.2fin enhanced font 'sans,9'",
		         w / 100.0, h / 100.0);
	else {
		util_error("plot: %s: unknown output type (use .png, .svg or .pdf)", out);
		return 2;
	}
	const char *inputs[] = {in};
	if (util_out_check(out, inputs, 1))
		return 2;
	char gnuplot[PATH_MAX], script[PATH_MAX], where[3 * PATH_MAX];
	if (find_gnuplot(gnuplot, sizeof gnuplot)) {
		util_error("plot: gnuplot not found in PATH: install it (Debian package gnuplot-nox: apt-get install gnuplot-nox)");
		return 1;
	}
	if (find_script(kind, script, sizeof script, where, sizeof where)) {
		util_error("plot: script %s.gp not found (looked in %s; set VMMSIM_PLOTS to the plots/ directory)",
		           kind, where);
		return 1;
	}

	char err[1024];
	sweep_csv csv;
	if (sweep_csv_read(in, &csv, err, sizeof err)) {
		util_error("plot: %s", err);
		return 1;
	}
	const char *tmpdir = getenv("TMPDIR");
	char dirbuf[PATH_MAX];
	pathf(dirbuf, sizeof dirbuf, "%s/vmmsim-plot.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	char *d = mkdtemp(dirbuf);
	if (!d) {
		util_error("plot: cannot create a temporary directory: %s", strerror(errno));
		sweep_csv_free(&csv);
		return 1;
	}
	const char *const files[] = {"data", "strings", "prelude.gp"};
	char datapath[PATH_MAX], strspath[PATH_MAX], prelpath[PATH_MAX], scriptabs[PATH_MAX];
	pathf(datapath, sizeof datapath, "%s/data", d);
	pathf(strspath, sizeof strspath, "%s/strings", d);
	pathf(prelpath, sizeof prelpath, "%s/prelude.gp", d);
	int rc = 1;
	util_out *o = NULL;
	char *body = NULL, *outabs = NULL;
	size_t bodylen = 0;
	FILE *prel = NULL;
	plotdata_out po = {fopen(datapath, "w"), open_memstream(&body, &bodylen), fopen(strspath, "w"), 0};
	if (!po.data || !po.prel || !po.strs) {
		util_error("plot: cannot write in %s: %s", d, strerror(errno));
		goto done;
	}
	if (!realpath(script, scriptabs)) {
		util_error("plot: %s: %s", script, strerror(errno));
		goto done;
	}
	int r;
	err[0] = 0;
	switch (k) {
	case 0: r = plotdata_breakdown(&csv, &po, err, sizeof err); break;
	case 1: r = plotdata_sizing(&csv, &po, err, sizeof err); break;
	case 2: r = plotdata_tlb(&csv, &po, err, sizeof err); break;
	default: r = plotdata_timeline(&csv, &po, err, sizeof err); break;
	}
	if (r) {
		util_error("plot: %s: %s", in, err);
		goto done;
	}
	o = util_out_open(out);
	if (!o) {
		util_error("plot: cannot create %s: %s", out, strerror(errno));
		goto done;
	}
	/* gnuplot runs in the temporary directory: the output by its full name */
	outabs = o->tmp[0] == '/' ? strdup(o->tmp) : util_abs_path(o->tmp);
	if (!outabs) {
		util_error("plot: %s: cannot name it from the temporary directory: %s", out, strerror(errno));
		goto done;
	}
	fprintf(po.prel, "set terminal %s\n", term);
	plotdata_str(&po, "vmmsim_output", outabs, 1);
	fputs("set output vmmsim_output\n", po.prel);
	int bad = fclose(po.data) != 0;
	po.data = NULL;
	bad |= fclose(po.strs) != 0;
	po.strs = NULL;
	bad |= fclose(po.prel) != 0;
	po.prel = NULL;
	prel = fopen(prelpath, "w");
	if (!prel || bad || !body) {
		util_error("plot: cannot write in %s%s%s", d, prel ? "" : ": ", prel ? "" : strerror(errno));
		goto done;
	}
	write_head(prel, po.nstr);
	fwrite(body, 1, bodylen, prel);
	bad = fclose(prel) != 0;
	prel = NULL;
	if (bad) {
		util_error("plot: cannot write in %s: %s", d, strerror(errno));
		goto done;
	}
	fflush(stdout);
	fflush(stderr);
	if (run_gnuplot(gnuplot, d, "prelude.gp", scriptabs)) {
		util_error("plot: gnuplot failed on %s (script %s); no output written", in, script);
		goto done;
	}
	struct stat st;
	if (!o->direct && (stat(o->tmp, &st) || st.st_size == 0)) {
		util_error("plot: gnuplot wrote nothing; no output written");
		goto done;
	}
	if (!o->direct && !strcasecmp(ext, ".pdf") && pdf_fixed_date(o->tmp)) {
		util_error("plot: %s: cannot rewrite its creation date: %s; no output written", out, strerror(errno));
		goto done;
	}
	rc = util_out_commit(o) ? 1 : 0;
	o = NULL;
done:
	if (o)
		util_out_abort(o);
	if (po.data)
		fclose(po.data);
	if (po.strs)
		fclose(po.strs);
	if (po.prel)
		fclose(po.prel);
	if (prel)
		fclose(prel);
	free(body);
	free(outabs);
	rm_tree(d, files, 3);
	sweep_csv_free(&csv);
	return rc;
}
