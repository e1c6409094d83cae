/*
 * test_fpu.c - CP1: arithmetic, conversions, rounding modes, compares with
 * NaNs, condition codes, FCSR flags/cause/enables, register pairing (FR=0),
 * FP loads and stores in both byte orders.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cpu_test.h"

static int big;

enum { ZERO, AT, V0, V1, A0, A1, A2, A3, T0, T1, T2, T3, T4, T5, T6, T7,
       S0, S1, S2, S3, S4, S5, S6, S7 };

/* data area layout: doubles at D(i) = CT_DATA + 8 i */
#define D(i) (CT_DATA + 8u * (i))

static void put_u64(ct *t, uint32_t a, uint64_t v)
{
	uint8_t b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(big ? v >> (56 - 8 * i) : v >> (8 * i));
	mem_write(t->m, a, b, 8);
}

static void put_d(ct *t, uint32_t a, double d)
{
	uint64_t v;
	memcpy(&v, &d, 8);
	put_u64(t, a, v);
}

/* The double stored at CT_DATA + off. */
static double get_d(ct *t, uint32_t off)
{
	uint8_t b[8];
	uint64_t v = 0;
	mem_read(t->m, CT_DATA + off, b, 8);
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)b[i] << (big ? 56 - 8 * i : 8 * i);
	double d;
	memcpy(&d, &v, 8);
	return d;
}

static uint64_t fpr64(ct *t, unsigned n)
{
	return ((uint64_t)cpu_fpr(t->c, n + 1) << 32) | cpu_fpr(t->c, n);
}

static double fprd(ct *t, unsigned n)
{
	uint64_t v = fpr64(t, n);
	double d;
	memcpy(&d, &v, 8);
	return d;
}

static float fprs(ct *t, unsigned n)
{
	uint32_t v = cpu_fpr(t->c, n);
	float f;
	memcpy(&f, &v, 4);
	return f;
}

/* Sets up src (with $a0 = CT_DATA), lets init fill data, runs to syscall. */
static void run(ct *t, const char *src, void (*init)(ct *))
{
	char buf[8192];
	snprintf(buf, sizeof(buf), "li $a0, 0x%x\n%s\nli $v0, 4001\nsyscall\n", CT_DATA, src);
	if (ct_setup(t, buf, big))
		fail_msg("assembler failed");
	if (init)
		init(t);
	int s = ct_run(t, 100000);
	if (s != CPU_STOP_SYSCALL)
		fail_msg("stopped with %d, exc %u at 0x%x", s, t->c->exc, t->c->insn_pc);
}

static void init_basic(ct *t)
{
	put_d(t, D(0), 1.5);
	put_d(t, D(1), -2.25);
	put_d(t, D(2), 3.0);
	put_d(t, D(3), 0.0);
	put_d(t, D(4), 10.0);
}

static void test_arith(void **state)
{
	(void)state;
	ct t;
	run(&t,
	    "ldc1 $f2, 0($a0)\n ldc1 $f4, 8($a0)\n ldc1 $f6, 16($a0)\n"
	    "add.d $f8, $f2, $f4\n"
	    "sub.d $f10, $f2, $f4\n"
	    "mul.d $f12, $f2, $f4\n"
	    "div.d $f14, $f2, $f6\n"
	    "sqrt.d $f16, $f6\n"
	    "abs.d $f18, $f4\n"
	    "neg.d $f20, $f2\n"
	    "mov.d $f22, $f4\n"
	    "madd.d $f24, $f6, $f2, $f4\n"   /* 1.5 * -2.25 + 3 */
	    "nmsub.d $f26, $f6, $f2, $f4\n"  /* -(1.5 * -2.25 - 3) */
	    "recip.d $f28, $f6\n"
	    "sdc1 $f8, 64($a0)\n sdc1 $f10, 72($a0)\n sdc1 $f12, 80($a0)\n sdc1 $f14, 88($a0)\n"
	    "sdc1 $f16, 96($a0)\n"
	    "cvt.s.d $f1, $f2\n"
	    "cvt.s.d $f3, $f4\n"
	    "add.s $f5, $f1, $f3\n"
	    "mul.s $f7, $f1, $f3\n"
	    "div.s $f9, $f1, $f3\n"
	    "sqrt.s $f11, $f1\n"
	    "neg.s $f13, $f1\n"
	    "msub.s $f15, $f1, $f1, $f3\n"  /* 1.5 * -2.25 - 1.5 */
	    "rsqrt.s $f17, $f1\n",
	    init_basic);
	assert_true(get_d(&t, 64) == -0.75);
	assert_true(get_d(&t, 72) == 3.75);
	assert_true(get_d(&t, 80) == -3.375);
	assert_true(get_d(&t, 88) == 0.5);
	assert_true(get_d(&t, 96) == sqrt(3.0));
	assert_true(fprd(&t, 18) == 2.25);
	assert_true(fprd(&t, 20) == -1.5);
	assert_true(fprd(&t, 22) == -2.25);
	assert_true(fprd(&t, 24) == -0.375);
	assert_true(fprd(&t, 26) == 6.375);
	assert_true(fprs(&t, 5) == -0.75f);
	assert_true(fprs(&t, 7) == -3.375f);
	assert_true(fprs(&t, 9) == (float)(1.5f / -2.25f));
	assert_true(fprs(&t, 11) == sqrtf(1.5f));
	assert_true(fprs(&t, 13) == -1.5f);
	assert_true(fprs(&t, 15) == -4.875f);
	assert_true(fprd(&t, 28) == 1.0 / 3.0);
	assert_true(fprs(&t, 17) == 1.0f / sqrtf(1.5f));
	ct_free(&t);
}

static void init_round(ct *t)
{
	put_d(t, D(0), 2.5);
	put_d(t, D(1), -2.5);
	put_d(t, D(2), 3.5);
	put_d(t, D(3), 1.0);
	put_d(t, D(4), 3.0);
	put_d(t, D(5), 1e10);
	put_d(t, D(6), -3.7);
}

static void test_rounding(void **state)
{
	(void)state;
	ct t;
	run(&t,
	    "ldc1 $f2, 0($a0)\n ldc1 $f4, 8($a0)\n ldc1 $f6, 16($a0)\n ldc1 $f8, 24($a0)\n"
	    "ldc1 $f10, 32($a0)\n ldc1 $f12, 40($a0)\n ldc1 $f14, 48($a0)\n"
	    "round.w.d $f16, $f2\n mfc1 $s0, $f16\n"
	    "round.w.d $f16, $f6\n mfc1 $s1, $f16\n"
	    "trunc.w.d $f16, $f14\n mfc1 $s2, $f16\n"
	    "ceil.w.d $f16, $f14\n mfc1 $s3, $f16\n"
	    "floor.w.d $f16, $f14\n mfc1 $s4, $f16\n"
	    "cvt.w.d $f16, $f4\n mfc1 $s5, $f16\n"          /* RN: -2 */
	    "trunc.w.d $f16, $f12\n mfc1 $s6, $f16\n cfc1 $s7, $31\n" /* overflow: V */
	    "ctc1 $zero, $31\n"
	    "li $t0, 3\n ctc1 $t0, $31\n"                  /* RM = -inf */
	    "cvt.w.d $f16, $f2\n mfc1 $t1, $f16\n"
	    "div.d $f18, $f8, $f10\n"                      /* 1/3 rounded down */
	    "li $t0, 2\n ctc1 $t0, $31\n"                  /* RM = +inf */
	    "cvt.w.d $f16, $f2\n mfc1 $t2, $f16\n"
	    "div.d $f20, $f8, $f10\n"                      /* 1/3 rounded up */
	    "li $t0, 1\n ctc1 $t0, $31\n"                  /* RM = zero */
	    "cvt.w.d $f16, $f4\n mfc1 $t3, $f16\n"
	    "cvt.s.d $f22, $f12\n"
	    "cfc1 $t4, $31\n"
	    "ctc1 $zero, $31\n"
	    "cvt.l.d $f24, $f12\n"
	    "trunc.l.d $f26, $f14\n"
	    "cvt.d.l $f28, $f24\n",
	    init_round);
	uint32_t *r = t.c->r;
	assert_int_equal(r[S0], 2);
	assert_int_equal(r[S1], 4);
	assert_int_equal(r[S2], (uint32_t)-3);
	assert_int_equal(r[S3], (uint32_t)-3);
	assert_int_equal(r[S4], (uint32_t)-4);
	assert_int_equal(r[S5], (uint32_t)-2);
	assert_int_equal(r[S6], 0x7fffffffu);
	assert_int_equal((r[S7] >> 12) & 0x3f, 0x10); /* cause V */
	assert_int_equal((r[S7] >> 2) & 0x1f, 0x10 | 0x01); /* flags V, I (from round/trunc) */
	assert_int_equal(r[T1], 2);
	assert_int_equal(r[T2], 3);
	assert_int_equal(r[T3], (uint32_t)-2);
	double lo = fprd(&t, 18), hi = fprd(&t, 20);
	assert_true(lo < hi);
	assert_true(nextafter(lo, 1.0) == hi);
	assert_true(fprs(&t, 22) == 1e10f || fprs(&t, 22) == nextafterf(1e10f, 0)); /* RZ */
	assert_int_equal(r[T4] & 3, 1);
	assert_int_equal(fpr64(&t, 24), 10000000000ull);
	assert_int_equal(fpr64(&t, 26), (uint64_t)-3);
	assert_true(fprd(&t, 28) == 1e10);
	ct_free(&t);
}

static void init_nan(ct *t)
{
	put_d(t, D(0), 0.0);
	put_d(t, D(1), 1.0);
	put_u64(t, D(2), 0x7ff0000000000001ull); /* quiet NaN (legacy MIPS) */
	put_u64(t, D(3), 0x7ff8000000000000ull); /* signalling NaN (legacy MIPS) */
}

static void test_nan(void **state)
{
	(void)state;
	ct t;
	run(&t,
	    "ldc1 $f2, 0($a0)\n ldc1 $f4, 8($a0)\n ldc1 $f6, 16($a0)\n ldc1 $f8, 24($a0)\n"
	    "div.d $f10, $f2, $f2\n"          /* 0/0: default NaN, V */
	    "cfc1 $s0, $31\n"
	    "add.d $f12, $f6, $f4\n"           /* qNaN: default NaN, no V */
	    "add.d $f14, $f4, $f8\n"           /* sNaN: default NaN, V */
	    "ctc1 $zero, $31\n"
	    "c.eq.d $f6, $f6\n"                /* false */
	    "c.un.d $cc1, $f6, $f4\n"          /* true */
	    "c.ult.d $cc2, $f6, $f4\n"         /* true */
	    "c.olt.d $cc3, $f2, $f4\n"         /* true */
	    "c.le.d $cc4, $f4, $f2\n"          /* false */
	    "cfc1 $s1, $31\n"                  /* no V yet: quiet compares on qNaN */
	    "c.lt.d $cc5, $f6, $f4\n"          /* signalling compare of a NaN: V */
	    "cfc1 $s2, $31\n"
	    "cfc1 $s3, $25\n"                  /* FCCR */
	    "li $t0, 0\n li $t1, 0\n li $t2, 0\n"
	    "bc1f 1f\n nop\n li $t0, 1\n"
	    "1: bc1t $cc1, 2f\n nop\n li $t1, 1\n"
	    "2: bc1fl $cc1, 3f\n li $t2, 1\n"  /* not taken: slot annulled */
	    "3: li $t3, 7\n li $t4, 9\n movt $t3, $t4, $cc2\n movf $t4, $zero, $cc2\n"
	    "mov.d $f16, $f4\n movt.d $f16, $f2, $cc3\n"
	    "mov.d $f18, $f4\n movf.d $f18, $f2, $cc3\n"
	    "mov.s $f20, $f4\n movn.s $f20, $f2, $t3\n"
	    "mov.s $f21, $f4\n movz.s $f21, $f2, $t3\n"
	    "cvt.w.d $f22, $f6\n"              /* NaN to int: 0x7fffffff */
	    "cvt.s.d $f23, $f8\n",              /* sNaN: default single NaN */
	    init_nan);
	uint32_t *r = t.c->r;
	assert_int_equal(fpr64(&t, 10), 0x7ff7ffffffffffffull);
	assert_int_equal((r[S0] >> 12) & 0x3f, 0x10);
	assert_int_equal(fpr64(&t, 12), 0x7ff7ffffffffffffull);
	assert_int_equal(fpr64(&t, 14), 0x7ff7ffffffffffffull);
	assert_int_equal(r[S1] & 0x0007f07c, 0);
	assert_int_equal(r[S1] & (1u << 23), 0);          /* fcc0 false */
	assert_int_equal(r[S1] & (0x3eu << 24), 0x0eu << 24); /* fcc1..3 true, fcc4 false */
	assert_int_equal((r[S2] >> 12) & 0x3f, 0x10);
	assert_int_equal(r[S3], 0x0e);
	assert_int_equal(r[T0], 0);
	assert_int_equal(r[T1], 0);
	assert_int_equal(r[T2], 0);
	assert_int_equal(r[T3], 9);
	assert_int_equal(r[T4], 9);
	assert_true(fprd(&t, 16) == 0.0);
	assert_true(fprd(&t, 18) == 1.0);
	assert_true(fprs(&t, 20) == 0.0f);
	assert_int_equal(cpu_fpr(t.c, 21), cpu_fpr(t.c, 4));
	assert_int_equal(cpu_fpr(t.c, 22), 0x7fffffffu);
	assert_int_equal(cpu_fpr(t.c, 23), 0x7fbfffffu);
	ct_free(&t);
}

static void test_enabled_exception(void **state)
{
	(void)state;
	ct t;
	char src[512];
	snprintf(src, sizeof(src),
	         "li $a0, 0x%x\n ldc1 $f2, 0($a0)\n ldc1 $f4, 8($a0)\n"
	         "li $t0, 0x400\n ctc1 $t0, $31\n"   /* enable Z */
	         "div.d $f6, $f4, $f2\n nop\n", CT_DATA);
	if (ct_setup(&t, src, big))
		fail_msg("assembler failed");
	put_d(&t, D(0), 0.0);
	put_d(&t, D(1), 1.0);
	cpu_set_fpr(t.c, 6, 0x12345678); /* must stay */
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_FPE);
	assert_int_equal((cpu_fcsr(t.c) >> 12) & 0x3f, 0x08);
	assert_int_equal(cpu_fpr(t.c, 6), 0x12345678u);
	ct_free(&t);
	/* ctc1 with a cause bit that is enabled traps at once */
	snprintf(src, sizeof(src), "li $t0, 0x%x\n ctc1 $t0, $31\n nop\n", (1u << 7) | (1u << 12));
	if (ct_setup(&t, src, big))
		fail_msg("assembler failed");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_FPE);
	ct_free(&t);
}

static void test_moves_memory(void **state)
{
	(void)state;
	ct t;
	run(&t,
	    "li $t0, 0x11223344\n li $t1, 0x55667788\n"
	    "mtc1 $t0, $f0\n mthc1 $t1, $f0\n"
	    "mfc1 $s0, $f1\n mfhc1 $s1, $f0\n"
	    "sdc1 $f0, 16($a0)\n lw $s2, 16($a0)\n lw $s3, 20($a0)\n"
	    "li $t2, 8\n sdxc1 $f0, $t2($a0)\n ldxc1 $f2, $t2($a0)\n"
	    "swxc1 $f0, $t2($a0)\n lwxc1 $f5, $t2($a0)\n"
	    "swc1 $f1, 24($a0)\n lwc1 $f7, 24($a0)\n"
	    "cfc1 $s4, $0\n"
	    "cvt.d.w $f8, $f0\n"        /* 0x11223344 as an int */
	    "li $t3, -7\n mtc1 $t3, $f10\n cvt.s.w $f11, $f10\n"
	    "cvt.d.s $f12, $f11\n",
	    NULL);
	uint32_t *r = t.c->r;
	assert_int_equal(r[S0], 0x55667788u);
	assert_int_equal(r[S1], 0x55667788u);
	if (big) {
		assert_int_equal(r[S2], 0x55667788u);
		assert_int_equal(r[S3], 0x11223344u);
	} else {
		assert_int_equal(r[S2], 0x11223344u);
		assert_int_equal(r[S3], 0x55667788u);
	}
	assert_int_equal(fpr64(&t, 2), 0x5566778811223344ull);
	assert_int_equal(cpu_fpr(t.c, 5), 0x11223344u);
	assert_int_equal(cpu_fpr(t.c, 7), 0x55667788u);
	assert_int_equal(r[S4], 0x00739300u);
	assert_true(fprd(&t, 8) == (double)0x11223344);
	assert_true(fprs(&t, 11) == -7.0f);
	assert_true(fprd(&t, 12) == -7.0);
	ct_free(&t);
}

static void test_odd_double_register(void **state)
{
	(void)state;
	ct t;
	if (ct_setup(&t, "add.d $f0, $f1, $f2\n", big))
		fail_msg("assembler failed");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_RI);
	ct_free(&t);
}

static int group_le(void **state) { (void)state; big = 0; return 0; }
static int group_be(void **state) { (void)state; big = 1; return 0; }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arith),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_nan),
		cmocka_unit_test(test_enabled_exception),
		cmocka_unit_test(test_moves_memory),
		cmocka_unit_test(test_odd_double_register),
	};
	if (!ct_have_as(0) || !ct_have_as(1)) {
		fprintf(stderr, "mipsel-linux-gnu-as / mips-linux-gnu-as not installed\n");
		return 77;
	}
	int r = cmocka_run_group_tests_name("fpu little endian", tests, group_le, NULL);
	r += cmocka_run_group_tests_name("fpu big endian", tests, group_be, NULL);
	return r ? 1 : 0;
}
