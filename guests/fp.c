/* fp: single and double arithmetic, conversions, compares, sqrt, fused
 * forms gcc emits (madd.d with -O2 on mips32r2), NaN and infinity; results
 * printed as bit patterns. */
#include "rt.h"

static volatile double vd[8] = { 1.5, -2.25, 3.0e10, 1e-300, 0.1, 7.0, -0.0, 123456.789 };
static volatile float vf[8] = { 1.5f, -2.25f, 3.0e10f, 1e-30f, 0.1f, 7.0f, -0.0f, 123.456f };

static u32 dbits_hi(double d) { u64 b; memcpy(&b, &d, 8); return (u32)(b >> 32); }
static u32 dbits_lo(double d) { u64 b; memcpy(&b, &d, 8); return (u32)b; }
static u32 fbits(float f) { u32 b; memcpy(&b, &f, 4); return b; }

static u32 mixd(u32 s, double d) { return s * 31 + dbits_hi(d) * 7 + dbits_lo(d); }

static double my_sqrt(double x)
{
	double r;
	__asm__("sqrt.d %0, %1" : "=f"(r) : "f"(x));
	return r;
}

static float my_sqrtf(float x)
{
	float r;
	__asm__("sqrt.s %0, %1" : "=f"(r) : "f"(x));
	return r;
}

int main(void)
{
	u32 s = 0;
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8; j++) {
			double a = vd[i], b = vd[j];
			s = mixd(s, a + b);
			s = mixd(s, a - b);
			s = mixd(s, a * b);
			if (b != 0)
				s = mixd(s, a / b);
			s = mixd(s, a * b + vd[(i + j) & 7]);
			s += (a < b) + 2 * (a <= b) + 4 * (a == b);
			float fa = vf[i], fb = vf[j];
			s = s * 31 + fbits(fa + fb) + fbits(fa * fb) + fbits(fa - fb);
			if (fb != 0)
				s = s * 31 + fbits(fa / fb);
			s += (fa < fb) + 2 * (fa >= fb);
			s = s * 3 + (u32)(int)a + (u32)(int)(fa * 100);
			s = mixd(s, (double)fa);
			s = s * 7 + fbits((float)a);
		}
	put_kv("mix", s);
	double x = 2.0;
	put_kv("sqrt2.hi", dbits_hi(my_sqrt(x)));
	put_kv("sqrt2.lo", dbits_lo(my_sqrt(x)));
	put_kv("sqrtf", fbits(my_sqrtf(vf[5])));
	double z = vd[6], inf = 1.0 / (z + 0.0 * vd[0] + 1e-320 * 0);
	put_kv("inf.hi", dbits_hi(1.0 / vd[3] / vd[3]));
	double nan = inf - inf;
	put_kv("nan.hi", dbits_hi(nan));
	put_kv("nan.lo", dbits_lo(nan));
	put_kv("nan<1", nan < 1.0);
	put_kv("nan!=nan", nan != nan);
	put_kv("fnan", fbits((float)vd[3] * 0.0f / (vf[6] + 0.0f)));
	put_kv("i2d", dbits_hi((double)(int)-123456789));
	put_kv("u2f", fbits((float)(u32)4000000001u));
	put_kv("d2i", (u32)(int)-2.75);
	put_kv("d2u", (u32)3.9e9);
	return 0;
}
