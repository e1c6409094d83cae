/* CPU-bound benchmark guest (about 1e9 instructions at -O2): repeatedly
 * fills an array from a xorshift generator, sorts it (quicksort + insertion
 * sort) and hashes it with FNV-1a.  argv[1]: rounds (default 46, about 1e9 instructions). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#define N 100000
static uint32_t a[N];
static void isort(uint32_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		uint32_t x = v[i];
		int j = i - 1;
		while (j >= 0 && v[j] > x) { v[j + 1] = v[j]; j--; }
		v[j + 1] = x;
	}
}
static void qsort_u32(uint32_t *v, int n)
{
	while (n > 16) {
		uint32_t p = v[n / 2];
		int i = 0, j = n - 1;
		while (i <= j) {
			while (v[i] < p) i++;
			while (v[j] > p) j--;
			if (i <= j) { uint32_t t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
		}
		if (j + 1 < n - i) { qsort_u32(v, j + 1); v += i; n -= i; }
		else { qsort_u32(v + i, n - i); n = j + 1; }
	}
	isort(v, n);
}
int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 46;
	uint32_t s = 2463534242u, h = 2166136261u;
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < N; i++) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; a[i] = s; }
		qsort_u32(a, N);
		for (int i = 0; i < N; i++) {
			uint32_t x = a[i];
			for (int k = 0; k < 4; k++) { h = (h ^ (x & 0xff)) * 16777619u; x >>= 8; }
		}
	}
	printf("%08x\n", h);
	return 0;
}
