/* single and double arithmetic, comparisons, conversions */
#include <stdio.h>
#include <math.h>
static volatile double d[] = {0.0, -0.0, 1.0, -1.5, 3.14159265358979, 1e-300, 1e300, 2.5e-5, 123456.789};
static volatile float f[] = {0.0f, 1.0f, -2.25f, 3.3f, 1e-30f, 1e30f, 65504.0f};
int main(void)
{
	unsigned nd = sizeof d / sizeof d[0], nf = sizeof f / sizeof f[0];
	for (unsigned i = 0; i < nd; i++)
		for (unsigned j = 0; j < nd; j++) {
			double a = d[i], b = d[j];
			printf("%.17g %.17g %.17g %.17g %d%d%d %.17g\n", a + b, a - b, a * b, b != 0 ? a / b : 0.0,
			       a < b, a == b, a >= b, sqrt(fabs(a)) - b);
		}
	for (unsigned i = 0; i < nf; i++)
		for (unsigned j = 0; j < nf; j++) {
			float a = f[i], b = f[j];
			printf("%.9g %.9g %.9g %.9g %d %d\n", (double)(a + b), (double)(a - b), (double)(a * b),
			       (double)(b != 0 ? a / b : 0.0f), a < b, (int)(a * 10));
		}
	for (unsigned i = 0; i < nd; i++) {
		double a = d[i];
		printf("%d %u %lld %.9g %.17g\n", (int)(a / 1e10 > 2e9 || a / 1e10 < -2e9 ? 0 : a / 1e10), (unsigned)(a > 0 && a < 4e9 ? a : 0),
		       (long long)(fabs(a) < 9e18 ? a : 0), (double)(float)a, (double)(long long)(fabs(a) < 9e18 ? a : 0));
	}
	float acc = 0;
	for (int i = 1; i <= 1000; i++)
		acc += 1.0f / (float)i;
	double dacc = 0;
	for (int i = 1; i <= 100000; i++)
		dacc += 1.0 / ((double)i * i);
	printf("%.9g %.17g %.17g\n", (double)acc, dacc, fma(1.1, 2.2, 3.3));
	return 0;
}
