/*
 * list.c - value lists of the sweep options; grammar in list.h.
 */
#include "sweep/list.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Parses one number of length n at p into *v; 0 or -1. */
static int num(const char *p, size_t n, uint64_t *v)
{
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, p, n);
	buf[n] = 0;
	return util_parse_size(buf, v);
}

#define BAD(...) do { \
	int k_ = strlen(s) <= 48 ? snprintf(err, errlen, "bad list '%s': ", s) \
	                         : snprintf(err, errlen, "bad list '%.40s...': ", s); \
	if (k_ >= 0 && (size_t)k_ < errlen) \
		snprintf(err + k_, errlen - (size_t)k_, __VA_ARGS__); \
	goto fail; } while (0)

static int push(sweep_list *l, uint64_t v)
{
	if (l->n >= SWEEP_LIST_MAX)
		return -1;
	l->v[l->n++] = v;
	return 0;
}

int sweep_list_parse(const char *s, uint64_t min, uint64_t max, int allow_inf,
                     sweep_list *l, char *err, size_t errlen)
{
	l->n = 0;
	l->v = malloc(SWEEP_LIST_MAX * sizeof *l->v);
	if (!l->v) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!*s)
		BAD("empty");
	const char *p = s;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		size_t pos = (size_t)(p - s) + 1;
		if (n == 0)
			BAD("empty item at character %zu", pos);
		const char *dots = memmem(p, n, "..", 2);
		if (n == 3 && !memcmp(p, "inf", 3)) {
			if (!allow_inf)
				BAD("'inf' is not allowed here");
			if (push(l, SWEEP_LIST_INF))
				BAD("more than %d values", SWEEP_LIST_MAX);
		} else if (dots) {
			const char *x = memchr(dots + 2, 'x', (size_t)(p + n - dots - 2));
			uint64_t a, b, f;
			if (!x)
				BAD("range '%.*s' at character %zu needs a factor, e.g. %.*sx2",
				    (int)n, p, pos, (int)n, p);
			if (num(p, (size_t)(dots - p), &a))
				BAD("range '%.*s' at character %zu: bad start", (int)n, p, pos);
			if (num(dots + 2, (size_t)(x - dots - 2), &b))
				BAD("range '%.*s' at character %zu: bad end", (int)n, p, pos);
			if (num(x + 1, (size_t)(p + n - x - 1), &f))
				BAD("range '%.*s' at character %zu: bad factor", (int)n, p, pos);
			if (a < 1 || a < min)
				BAD("range '%.*s' at character %zu: start must be at least %" PRIu64,
				    (int)n, p, pos, min > 1 ? min : 1);
			if (b < a)
				BAD("range '%.*s' at character %zu: end below start", (int)n, p, pos);
			if (b > max)
				BAD("range '%.*s' at character %zu: end above the largest value %" PRIu64,
				    (int)n, p, pos, max);
			if (f < 2)
				BAD("range '%.*s' at character %zu: factor must be at least 2", (int)n, p, pos);
			for (uint64_t v = a;; v *= f) {
				if (push(l, v))
					BAD("more than %d values", SWEEP_LIST_MAX);
				if (v > b / f)
					break;
			}
		} else {
			uint64_t v;
			if (num(p, n, &v))
				BAD("'%.*s' at character %zu is not a number, a range A..BxF or inf",
				    (int)n, p, pos);
			if (v < min)
				BAD("%" PRIu64 " at character %zu is below the smallest value %" PRIu64,
				    v, pos, min);
			if (v > max)
				BAD("%" PRIu64 " at character %zu is above the largest value %" PRIu64,
				    v, pos, max);
			if (push(l, v))
				BAD("more than %d values", SWEEP_LIST_MAX);
		}
		if (!end)
			break;
		p = end + 1;
	}
	qsort(l->v, l->n, sizeof *l->v, cmp_u64);
	size_t j = 0;
	for (size_t i = 0; i < l->n; i++)
		if (!j || l->v[j - 1] != l->v[i])
			l->v[j++] = l->v[i];
	l->n = j;
	return 0;
fail:
	free(l->v);
	l->v = NULL;
	l->n = 0;
	return -1;
}

void sweep_list_free(sweep_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

const char *sweep_list_fmt(uint64_t v, char *buf, size_t len)
{
	if (v == SWEEP_LIST_INF)
		snprintf(buf, len, "inf");
	else
		snprintf(buf, len, "%" PRIu64, v);
	return buf;
}
