/* fpmodes: the four rounding modes (ctc1), FCSR flags and cause after each
 * kind of operation, all 16 c.cond.d / c.cond.s predicates on ordinary
 * values, infinities and NaNs (legacy MIPS NaN encoding), conversions of
 * out-of-range values. */
#include "rt.h"

static u32 get_fcsr(void) { u32 v; __asm__ volatile("cfc1 %0, $31" : "=r"(v)); return v; }
static void set_fcsr(u32 v) { __asm__ volatile("ctc1 %0, $31" : : "r"(v)); }

static volatile double vals[] = { 1.0, -1.0, 3.0, 0.1, 1e308, -1e-310, 0.0, -0.0, 2.5, -2.5, 1e10 };
static volatile u64 nanbits[] = { 0x7ff0000000000001ull, 0x7ff8000000000000ull, 0x7ff0000000000000ull };
static volatile float fvals[] = { 1.0f, 3.0f, 1e38f, 1e-40f, 2.5f, -2.5f };

static u32 lo(double d) { u64 b; memcpy(&b, &d, 8); return (u32)b; }
static u32 hi(double d) { u64 b; memcpy(&b, &d, 8); return (u32)(b >> 32); }
static u32 fb(float f) { u32 b; memcpy(&b, &f, 4); return b; }

#define CMP(cond, fmt, a, b) ({ u32 r_; __asm__ volatile( \
	"c." cond "." fmt " %1, %2\n\tli %0, 0\n\tmovt %0, %3, $fcc0" \
	: "=&r"(r_) : "f"(a), "f"(b), "r"(1)); r_; })

static u32 cmps_d(double a, double b)
{
	u32 r = 0;
	r = r << 1 | CMP("f", "d", a, b);
	r = r << 1 | CMP("un", "d", a, b);
	r = r << 1 | CMP("eq", "d", a, b);
	r = r << 1 | CMP("ueq", "d", a, b);
	r = r << 1 | CMP("olt", "d", a, b);
	r = r << 1 | CMP("ult", "d", a, b);
	r = r << 1 | CMP("ole", "d", a, b);
	r = r << 1 | CMP("ule", "d", a, b);
	r = r << 1 | CMP("sf", "d", a, b);
	r = r << 1 | CMP("ngle", "d", a, b);
	r = r << 1 | CMP("seq", "d", a, b);
	r = r << 1 | CMP("ngl", "d", a, b);
	r = r << 1 | CMP("lt", "d", a, b);
	r = r << 1 | CMP("nge", "d", a, b);
	r = r << 1 | CMP("le", "d", a, b);
	r = r << 1 | CMP("ngt", "d", a, b);
	return r;
}

static u32 cmps_s(float a, float b)
{
	u32 r = 0;
	r = r << 1 | CMP("un", "s", a, b);
	r = r << 1 | CMP("eq", "s", a, b);
	r = r << 1 | CMP("olt", "s", a, b);
	r = r << 1 | CMP("ule", "s", a, b);
	r = r << 1 | CMP("ngle", "s", a, b);
	r = r << 1 | CMP("lt", "s", a, b);
	return r;
}

static int cvtw(double d) { int r; float t; __asm__ volatile("cvt.w.d %1, %2\n\tmfc1 %0, %1" : "=r"(r), "=f"(t) : "f"(d)); return r; }
static int roundw(double d) { int r; float t; __asm__ volatile("round.w.d %1, %2\n\tmfc1 %0, %1" : "=r"(r), "=f"(t) : "f"(d)); return r; }
static int floorw(float d) { int r; float t; __asm__ volatile("floor.w.s %1, %2\n\tmfc1 %0, %1" : "=r"(r), "=f"(t) : "f"(d)); return r; }
static int ceilw(float d) { int r; float t; __asm__ volatile("ceil.w.s %1, %2\n\tmfc1 %0, %1" : "=r"(r), "=f"(t) : "f"(d)); return r; }

int main(void)
{
	u32 s = 0;
	int n = sizeof(vals) / sizeof(vals[0]);
	for (u32 rm = 0; rm < 4; rm++) {
		set_fcsr(rm);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				double a = vals[i], b = vals[j];
				double q = a / b;
				s = s * 31 + hi(q) + lo(q) + get_fcsr();
				double p = a * b;
				s = s * 31 + hi(p) + lo(p) + get_fcsr();
				double su = a + b;
				s = s * 31 + hi(su) + lo(su) + get_fcsr();
				float f = (float)a;
				s = s * 31 + fb(f) + get_fcsr();
				s = s * 31 + (u32)cvtw(a) + get_fcsr();
			}
		put_kv("mode", rm);
		put_kv("sum", s);
		put_kv("fcsr", get_fcsr());
	}
	set_fcsr(0);
	for (int i = 0; i < 6; i++)
		s = s * 7 + (u32)floorw(fvals[i]) + (u32)ceilw(fvals[i]) + (u32)roundw(vals[i + 5]) + get_fcsr();
	put_kv("conv", s);
	double all[14];
	for (int i = 0; i < 11; i++)
		all[i] = vals[i];
	for (int i = 0; i < 3; i++) {
		u64 b = nanbits[i];
		memcpy(&all[11 + i], &b, 8);
	}
	for (int i = 0; i < 14; i++) {
		set_fcsr(0);
		u32 r = 0;
		for (int j = 0; j < 14; j++)
			r = r * 3 + cmps_d(all[i], all[j]);
		put_kv("cmp", r);
		put_kv("fcsr", get_fcsr());
	}
	for (int i = 0; i < 6; i++) {
		set_fcsr(0);
		u32 r = 0;
		for (int j = 0; j < 6; j++)
			r = r * 5 + cmps_s(fvals[i], fvals[j]);
		put_kv("cmps", r);
		put_kv("fcsr", get_fcsr());
	}
	set_fcsr(0);
	double nq, ns;
	memcpy(&nq, (const void *)&nanbits[0], 8);
	memcpy(&ns, (const void *)&nanbits[1], 8);
	double r1 = nq + 1.0, r2 = ns * 2.0, r3 = 1.0 - nq;
	put_kv("nq+1.hi", hi(r1));
	put_kv("ns*2.hi", hi(r2));
	put_kv("1-nq.lo", lo(r3));
	put_kv("fcsr", get_fcsr());
	float fz = (float)nq;
	put_kv("(float)nq", fb(fz));
	return 0;
}
