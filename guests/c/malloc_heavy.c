/* heavy malloc/realloc/free: small, large (mmap) and growing blocks */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
static uint32_t rng = 99;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }
int main(void)
{
	enum { SLOTS = 4096 };
	static unsigned char *p[SLOTS];
	static size_t sz[SLOTS];
	uint64_t check = 0;
	for (int round = 0; round < 6000; round++) {
		int i = (int)(next() % SLOTS);
		if (p[i]) {
			for (size_t k = 0; k < sz[i]; k += 61)
				check += (p[i][k] ^ (unsigned char)(i + k)) * 1000003u + p[i][k];
			if (next() & 1) {
				free(p[i]);
				p[i] = NULL;
			} else {
				size_t n = next() % 3 == 0 ? next() % 100000 + 1 : next() % 2000 + 1;
				unsigned char *q = realloc(p[i], n);
				if (!q) return 2;
				for (size_t k = sz[i]; k < n; k++)
					q[k] = (unsigned char)(i + k);
				p[i] = q;
				sz[i] = n;
			}
		} else {
			size_t n = next() % 100 == 0 ? next() % 400000 + 1 : next() % 512 + 1;
			p[i] = malloc(n);
			if (!p[i]) return 3;
			for (size_t k = 0; k < n; k++)
				p[i][k] = (unsigned char)(i + k);
			sz[i] = n;
		}
	}
	size_t total = 0;
	for (int i = 0; i < SLOTS; i++) {
		total += sz[i] * (p[i] != NULL);
		free(p[i]);
	}
	void *c = calloc(100000, 4);
	for (int i = 0; i < 100000; i++)
		check += ((unsigned *)c)[i];
	free(c);
	printf("check %llu total %zu\n", (unsigned long long)check, total);
	return 0;
}
