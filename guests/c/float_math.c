/* libm: trigonometry, exponentials, rounding, classification */
#include <stdio.h>
#include <math.h>
int main(void)
{
	for (int i = -8; i <= 8; i++) {
		double x = i * 0.7 + 0.05;
		printf("%d %.15g %.15g %.15g %.15g %.15g %.15g\n", i, sin(x), cos(x), tan(x), exp(x), atan2(x, 1.5), hypot(x, 2.0));
		if (x > 0)
			printf("  %.15g %.15g %.15g %.15g %.15g\n", log(x), log10(x), pow(x, 1.7), cbrt(x), sqrt(x));
		printf("  %g %g %g %g %g %ld %.15g\n", floor(x), ceil(x), round(x), trunc(x), rint(x), lround(x), fmod(x, 0.9));
		float f = (float)x;
		printf("  %.7g %.7g %.7g %.7g\n", (double)sinf(f), (double)expf(f), (double)sqrtf(fabsf(f)), (double)floorf(f));
	}
	printf("%d %d %d %d\n", isnan(NAN), isinf(-INFINITY), fpclassify(1e-310) == FP_SUBNORMAL, signbit(-0.0) != 0);
	int e;
	double m = frexp(1234.5, &e);
	printf("%g %d %g %g\n", m, e, ldexp(0.75, 10), modf(3.75, &m) + m);
	printf("%.17g %.17g\n", asin(0.5), acos(-0.25));
	return 0;
}
