/* float/int conversions, rounding modes (fesetround: ctc1), fenv flags */
#include <stdio.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
static volatile double v[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 1e10, -1e10, 3.7, -3.7, 4294967295.0};
int main(void)
{
	int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
	const char *names[] = {"nearest", "up", "down", "zero"};
	for (int m = 0; m < 4; m++) {
		fesetround(modes[m]);
		printf("%s:", names[m]);
		for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
			printf(" %.0f/%ld/%lld", nearbyint(v[i]), lrint(v[i] > 2e9 || v[i] < -2e9 ? 0 : v[i]), llrint(v[i]));
		volatile double a = 1.0, b = 3.0;
		printf(" %.20f %.10f\n", a / b, (double)(float)(a / b));
	}
	fesetround(FE_TONEAREST);
	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
		double d = v[i];
		int32_t t = (d > 2147483647.0 || d < -2147483648.0) ? 0 : (int32_t)d;
		uint32_t u = (d >= 0 && d < 4294967296.0) ? (uint32_t)d : 0;
		int64_t l = (int64_t)d;
		float f = (float)d;
		printf("%d %u %lld %.9g %.17g %.17g\n", t, u, (long long)l, (double)f, (double)(int32_t)f * 0.5, (double)l / 3);
	}
	uint64_t big = 0xfedcba9876543210ULL;
	printf("%.17g %.9g %.17g\n", (double)big, (double)(float)big, (double)(int64_t)big);
	feclearexcept(FE_ALL_EXCEPT);
	volatile double z = 0.0, one = 1.0;
	volatile double r = one / z;
	printf("%g divbyzero %d\n", r, fetestexcept(FE_DIVBYZERO) != 0);
	return 0;
}
