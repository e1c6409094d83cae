/* sort: quicksort and binary search over pseudo-random data (recursion,
 * loads/stores, branches).  N can be raised for the speed benchmark. */
#include "rt.h"

#ifndef N
#define N 3000
#endif
#ifndef ROUNDS
#define ROUNDS 1
#endif

static u32 data[N];

static void qs(u32 *a, int lo, int hi)
{
	while (lo < hi) {
		u32 p = a[(lo + hi) / 2];
		int i = lo, j = hi;
		while (i <= j) {
			while (a[i] < p)
				i++;
			while (a[j] > p)
				j--;
			if (i <= j) {
				u32 t = a[i];
				a[i] = a[j];
				a[j] = t;
				i++;
				j--;
			}
		}
		if (j - lo < hi - i) {
			qs(a, lo, j);
			lo = i;
		} else {
			qs(a, i, hi);
			hi = j;
		}
	}
}

static int find(const u32 *a, int n, u32 key)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int m = (lo + hi) / 2;
		if (a[m] == key)
			return m;
		if (a[m] < key)
			lo = m + 1;
		else
			hi = m - 1;
	}
	return -1;
}

int main(void)
{
	u32 x = 2463534242u, sum = 0;
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < N; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			data[i] = x % 1000003u;
		}
		qs(data, 0, N - 1);
		for (int i = 1; i < N; i++)
			if (data[i - 1] > data[i]) {
				put("not sorted\n");
				return 1;
			}
		for (int i = 0; i < N; i += 7)
			sum += (u32)find(data, N, data[i]) + data[i];
	}
	put_kv("sum", sum);
	put_kv("median", data[N / 2]);
	return 0;
}
