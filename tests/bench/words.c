/*
 * words.c - a file of random words for the sort benchmark trace:
 *   words BYTES SEED   writes BYTES bytes of lowercase words (3 to 12
 *                      letters, one per line) to standard output, the same
 *                      for the same arguments on every machine (splitmix64).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: words BYTES SEED\n");
		return 2;
	}
	uint64_t left = strtoull(argv[1], NULL, 0), s = strtoull(argv[2], NULL, 0);
	char w[16];
	while (left) {
		unsigned n = 3 + (unsigned)(next(&s) % 10);
		for (unsigned i = 0; i < n; i++)
			w[i] = (char)('a' + next(&s) % 26);
		w[n++] = '\n';
		if (n > left)
			n = (unsigned)left; /* the last word cut to fit */
		if (fwrite(w, 1, n, stdout) != n)
			return 1;
		left -= n;
	}
	return fflush(stdout) ? 1 : 0;
}
