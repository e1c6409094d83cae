/* qsort and bsearch on ints, doubles and structs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct rec { int key; char name[12]; double w; };
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_dbl(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->key > y->key) - (x->key < y->key);
}
static unsigned rng = 12345;
static unsigned next(void) { rng = rng * 1103515245 + 12345; return rng >> 8; }
int main(void)
{
	enum { N = 20000 };
	int *a = malloc(N * sizeof *a);
	double *d = malloc(N * sizeof *d);
	struct rec *r = malloc(2000 * sizeof *r);
	for (int i = 0; i < N; i++) {
		a[i] = (int)(next() % 100000) - 50000;
		d[i] = (double)next() / 7.0;
	}
	for (int i = 0; i < 2000; i++) {
		r[i].key = (int)(next() % 1000);
		snprintf(r[i].name, sizeof r[i].name, "n%03u", next() % 300);
		r[i].w = i * 0.5;
	}
	qsort(a, N, sizeof *a, cmp_int);
	qsort(d, N, sizeof *d, cmp_dbl);
	qsort(r, 2000, sizeof *r, cmp_rec);
	long sum = 0;
	for (int i = 0; i < N; i += 997)
		printf("%d %.3f\n", a[i], d[i]);
	for (int i = 0; i < 2000; i += 111)
		printf("%s %d %.1f\n", r[i].name, r[i].key, r[i].w);
	int found = 0;
	for (int k = -50000; k < 50000; k += 37) {
		int *p = bsearch(&k, a, N, sizeof *a, cmp_int);
		if (p) { found++; sum += p - a > 0; }
	}
	printf("found %d %ld\n", found, sum);
	free(a); free(d); free(r);
	return 0;
}
