/*
 * engineering.c - the "engineering" workload of tests/workloads (Disco,
 * SOSP '97, Fig. 5: a large memory footprint, TLB heavy): a sparse
 * matrix-vector product, repeated, over vectors and a matrix spread across
 * many megabytes, the column indices scattered, so that nearly every
 * reference of the gather lands on another page than the last.  Its working
 * set (about 8 MB * SCALE / 2) dwarfs the TLB's reach (16 entries of two
 * 4 KB pages: 128 KB).
 *
 * Usage: engineering SCALE.  Prints a checksum; nothing depends on time.
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned lcg(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

int main(int argc, char **argv)
{
	int scale = argc > 1 ? atoi(argv[1]) : 1;
	unsigned n = 131072u * (unsigned)scale; /* rows = vector length */
	enum { NNZ = 4, ITERS = 3 };
	float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *val = malloc((size_t)n * NNZ * sizeof *val);
	unsigned *col = malloc((size_t)n * NNZ * sizeof *col);
	if (!x || !y || !val || !col) {
		fputs("engineering: out of memory\n", stderr);
		return 1;
	}
	unsigned seed = 7;
	for (unsigned i = 0; i < n; i++) {
		x[i] = (float)(i % 17) / 16.0f;
		for (unsigned k = 0; k < NNZ; k++) {
			col[(size_t)i * NNZ + k] = lcg(&seed) % n;
			val[(size_t)i * NNZ + k] = (float)(lcg(&seed) % 7) / 8.0f;
		}
	}
	for (int it = 0; it < ITERS; it++) {
		for (unsigned i = 0; i < n; i++) {
			float s = 0;
			for (unsigned k = 0; k < NNZ; k++)
				s += val[(size_t)i * NNZ + k] * x[col[(size_t)i * NNZ + k]];
			y[i] = s * 0.5f;
		}
		float *t = x;
		x = y;
		y = t;
	}
	double sum = 0;
	for (unsigned i = 0; i < n; i++)
		sum += x[i];
	printf("engineering: %u rows, %d nonzeros per row, %d products, sum %.4f\n", n, NNZ, ITERS, sum);
	return 0;
}
