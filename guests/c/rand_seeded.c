/* libc pseudo-random generators with fixed seeds */
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
	srand(42);
	for (int i = 0; i < 10; i++) printf("%d ", rand());
	printf("\n");
	srandom(7);
	for (int i = 0; i < 10; i++) printf("%ld ", random());
	printf("\n");
	srand48(1234);
	for (int i = 0; i < 5; i++) printf("%.12f %ld ", drand48(), lrand48());
	printf("\n");
	unsigned short xs[3] = {1, 2, 3};
	printf("%ld %ld\n", nrand48(xs), jrand48(xs));
	return 0;
}
