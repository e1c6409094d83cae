/* integer arithmetic: wraparound, signed division and modulo, shifts */
#include <stdio.h>
#include <limits.h>
static volatile int vals[] = {0, 1, -1, 7, -7, 13, 100, -100, INT_MAX, INT_MIN, 0x5555, -0x1234};
int main(void)
{
	unsigned n = sizeof vals / sizeof vals[0];
	long sum = 0;
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < n; j++) {
			int a = vals[i], b = vals[j];
			unsigned ua = (unsigned)a, ub = (unsigned)b;
			int q = 0, r = 0;
			if (b != 0 && !(a == INT_MIN && b == -1)) { q = a / b; r = a % b; }
			unsigned uq = ub ? ua / ub : 0, ur = ub ? ua % ub : 0;
			printf("%d %d: + %d - %d * %d / %d %% %d | %u %u | << %d >> %d >>> %u\n", a, b,
			       (int)(ua + ub), (int)(ua - ub), (int)(ua * ub), q, r, uq, ur,
			       (int)(ua << (ub & 31)), a >> (ub & 31), ua >> (ub & 31));
			sum += q ^ r;
		}
	printf("sum %ld\n", sum);
	return 0;
}
