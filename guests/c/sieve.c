/* sieve of Eratosthenes, prime gaps */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
	enum { N = 2000000 };
	char *s = malloc(N);
	memset(s, 1, N);
	s[0] = s[1] = 0;
	for (long i = 2; i * i < N; i++)
		if (s[i])
			for (long j = i * i; j < N; j += i)
				s[j] = 0;
	long count = 0, last = 0, maxgap = 0, sum = 0;
	for (long i = 2; i < N; i++)
		if (s[i]) {
			count++;
			sum += i;
			if (last && i - last > maxgap) maxgap = i - last;
			last = i;
		}
	printf("%ld primes, largest %ld, max gap %ld, sum %ld\n", count, last, maxgap, sum);
	free(s);
	return 0;
}
