/* arbitrary precision: 500! and 2^1000 in decimal */
#include <stdio.h>
#include <string.h>
static unsigned d[4000];
static int n;
static void mul(unsigned m) { unsigned long long c = 0; for (int i = 0; i < n; i++) { c += (unsigned long long)d[i] * m; d[i] = (unsigned)(c % 1000000000); c /= 1000000000; } while (c) { d[n++] = (unsigned)(c % 1000000000); c /= 1000000000; } }
static void print(void) { printf("%u", d[n - 1]); for (int i = n - 2; i >= 0; i--) printf("%09u", d[i]); printf("\n"); }
int main(void)
{
	d[0] = 1; n = 1;
	for (unsigned i = 2; i <= 500; i++) mul(i);
	print();
	memset(d, 0, sizeof d); d[0] = 1; n = 1;
	for (int i = 0; i < 1000; i++) mul(2);
	print();
	return 0;
}
