/*
 * util.c - small helpers shared by the commands.
 */
#include "util/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

void util_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("vmmsim: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int util_parse_u64(const char *s, uint64_t *v)
{
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 0);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}

int util_parse_size(const char *s, uint64_t *v)
{
	if (!s || !*s)
		return -1;
	size_t n = strlen(s);
	unsigned shift = 0;
	switch (s[n - 1]) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	}
	if (!shift)
		return util_parse_u64(s, v);
	char buf[64];
	if (n - 1 == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n - 1);
	buf[n - 1] = 0;
	uint64_t x;
	if (util_parse_u64(buf, &x) || x > (UINT64_MAX >> shift))
		return -1;
	*v = x << shift;
	return 0;
}

char *util_out_target(const char *path)
{
	char *p = strdup(path);
	for (int hops = 0; p; hops++) {
		struct stat st;
		if (lstat(p, &st) || !S_ISLNK(st.st_mode))
			return p;
		if (hops == 40) {
			free(p);
			errno = ELOOP;
			return NULL;
		}
		size_t cap = (size_t)st.st_size + 1 > 256 ? (size_t)st.st_size + 1 : 256;
		char *t = malloc(cap);
		ssize_t n = t ? readlink(p, t, cap) : -1;
		if (n < 0 || (size_t)n >= cap) {
			/* it changed under us: leave it to open() */
			free(t);
			return p;
		}
		t[n] = 0;
		const char *slash = strrchr(p, '/');
		if (t[0] == '/' || !slash) {
			free(p);
			p = t;
			continue;
		}
		size_t d = (size_t)(slash - p) + 1;
		char *q = malloc(d + (size_t)n + 1);
		if (q) {
			memcpy(q, p, d);
			memcpy(q + d, t, (size_t)n + 1);
		}
		free(t);
		free(p);
		p = q;
	}
	errno = ENOMEM;
	return NULL;
}

unsigned util_out_mode(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (unsigned)(st.st_mode & 07777) : 0644;
}

int util_out_check(const char *out, const char *const *in, size_t n)
{
	struct stat so, si;
	if (!out || !strcmp(out, "-") || stat(out, &so) || !S_ISREG(so.st_mode))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (in[i] && strcmp(in[i], "-") && !stat(in[i], &si) && si.st_dev == so.st_dev &&
		    si.st_ino == so.st_ino) {
			util_error("%s: is the input %s; refusing to overwrite it", out, in[i]);
			return -1;
		}
	return 0;
}

/* A new string naming output path's final target absolutely: its directory
 * resolved (realpath), its last component as it is; NULL if that fails. */
static char *out_canon(const char *path)
{
	char *t = util_out_target(path);
	if (!t)
		return NULL;
	char *slash = strrchr(t, '/');
	const char *base = slash ? slash + 1 : t;
	char *dir = slash ? (slash == t ? strdup("/") : strndup(t, (size_t)(slash - t))) : strdup(".");
	char *rdir = dir ? realpath(dir, NULL) : NULL;
	char *c = NULL;
	if (rdir && (c = malloc(strlen(rdir) + strlen(base) + 2)))
		sprintf(c, "%s/%s", rdir, base);
	free(rdir);
	free(dir);
	free(t);
	return c;
}

int util_out_same(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	int sa = !strcmp(a, "-"), sb = !strcmp(b, "-");
	if (sa || sb)
		return sa && sb;
	struct stat x, y;
	int ea = !stat(a, &x), eb = !stat(b, &y);
	if (ea || eb)
		return ea && eb && S_ISREG(x.st_mode) && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
	char *ca = out_canon(a), *cb = out_canon(b);
	int same = ca && cb ? !strcmp(ca, cb) : !strcmp(a, b);
	free(ca);
	free(cb);
	return same;
}

util_out *util_out_open(const char *path)
{
	util_out *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	if (!strcmp(path, "-")) {
		o->f = stdout;
		return o;
	}
	o->path = util_out_target(path);
	if (!o->path)
		goto fail;
	path = o->path;
	size_t n = strlen(path);
	o->tmp = malloc(n + 16);
	if (!o->tmp)
		goto fail;
	if (util_is_special(path)) {
		memcpy(o->tmp, path, n + 1);
		o->direct = 1;
		o->f = fopen(path, "w");
		if (!o->f)
			goto fail;
		return o;
	}
	snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0)
		goto fail;
	o->f = fdopen(fd, "w");
	if (!o->f) {
		int e = errno;
		close(fd);
		unlink(o->tmp);
		errno = e;
		goto fail;
	}
	return o;
fail:
	free(o->path);
	free(o->tmp);
	free(o);
	return NULL;
}

static void out_free(util_out *o)
{
	free(o->path);
	free(o->tmp);
	free(o);
}

int util_out_commit(util_out *o)
{
	if (!o->tmp) {
		int bad = fflush(o->f) != 0 || ferror(o->f);
		if (bad)
			util_error("-: write error on standard output: %s", strerror(errno));
		out_free(o);
		return bad ? -1 : 0;
	}
	int bad = ferror(o->f);
	int e = errno;
	if (fclose(o->f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (!bad && o->direct) {
		out_free(o);
		return 0;
	}
	if (!bad && chmod(o->tmp, util_out_mode(o->path)) == 0 && rename(o->tmp, o->path) == 0) {
		out_free(o);
		return 0;
	}
	if (!bad)
		e = errno;
	util_error("%s: cannot write: %s", o->path, strerror(e));
	if (!o->direct)
		unlink(o->tmp);
	out_free(o);
	return -1;
}

void util_out_abort(util_out *o)
{
	if (o->tmp) {
		fclose(o->f);
		if (!o->direct)
			unlink(o->tmp);
	}
	out_free(o);
}

int util_is_special(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

void util_csv_put(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

char *util_abs_path(const char *path)
{
	if (path[0] == '/')
		return strdup(path);
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return NULL;
	if (cwd[0] != '/') { /* "(unreachable)...": not a usable name */
		free(cwd);
		errno = ENOENT;
		return NULL;
	}
	size_t a = strlen(cwd), b = strlen(path);
	char *r = malloc(a + b + 2);
	if (r) {
		memcpy(r, cwd, a);
		r[a] = '/';
		memcpy(r + a + 1, path, b + 1);
	}
	free(cwd);
	return r;
}

/* Length of the valid UTF-8 sequence at s (2..4), 0 if none or a C1
 * control (U+0080..U+009F). */
static size_t utf8_len(const unsigned char *s)
{
	unsigned c = s[0], n, min, v;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		min = 0x80;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		min = 0x800;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		min = 0x10000;
		v = c & 0x07;
	} else {
		return 0;
	}
	for (unsigned i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) || v <= 0x9f)
		return 0;
	return n;
}

void util_put_escaped(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		size_t n;
		if (*s == '\\') {
			fputs("\\\\", f);
			s++;
		} else if (*s >= 0x20 && *s < 0x7f) {
			fputc(*s++, f);
		} else if (*s >= 0x80 && (n = utf8_len(s)) != 0) {
			fwrite(s, 1, n, f);
			s += n;
		} else {
			fprintf(f, "\\x%02x", *s++);
		}
	}
}

int util_flush_stdout(void)
{
	errno = 0;
	int bad = fflush(stdout) != 0;
	int e = errno;
	if (!bad && !ferror(stdout))
		return 0;
	util_error("standard output: write error%s%s", e ? ": " : "", e ? strerror(e) : "");
	return -1;
}

int util_stderr_tty(void)
{
	return isatty(2);
}

double util_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}
