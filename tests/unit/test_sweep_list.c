/*
 * test_sweep_list.c - LIST parsing of the sweep options.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sweep/list.h"

static void ok(const char *s, const uint64_t *want, size_t n)
{
	sweep_list l;
	char err[256] = "";
	if (sweep_list_parse(s, 1, 1u << 20, 1, &l, err, sizeof err))
		fail_msg("'%s' rejected: %s", s, err);
	assert_int_equal(l.n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(l.v[i], want[i]);
	sweep_list_free(&l);
}

static void bad(const char *s, uint64_t min, int allow_inf, const char *msg)
{
	sweep_list l;
	char err[256] = "";
	if (!sweep_list_parse(s, min, 1u << 20, allow_inf, &l, err, sizeof err))
		fail_msg("'%s' accepted", s);
	if (!strstr(err, msg))
		fail_msg("'%s': message '%s' lacks '%s'", s, err, msg);
	assert_null(l.v);
}

static void test_good(void **st)
{
	(void)st;
	const uint64_t a[] = {16, 32, 64};
	ok("16,32,64", a, 3);
	ok("64,16,32,32", a, 3); /* sorted, duplicates removed */
	ok("16..64x2", a, 3);
	ok("16..127x2", a, 3); /* up to the last value <= end */
	const uint64_t b[] = {16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};
	ok("16..8192x2", b, 10);
	const uint64_t c[] = {1, 4, 16, 64, SWEEP_LIST_INF};
	ok("inf,1..64x4", c, 5);
	const uint64_t d[] = {1024, 2048};
	ok("1K,0x800", d, 2);
	const uint64_t e[] = {7};
	ok("7..7x3", e, 1);
}

static void test_bad(void **st)
{
	(void)st;
	bad("", 1, 1, "empty");
	bad("16,,32", 1, 1, "empty item at character 4");
	bad("16,", 1, 1, "empty item at character 4");
	bad("16,abc", 1, 1, "'abc' at character 4 is not a number");
	bad("-3", 1, 1, "not a number");
	bad("0", 1, 1, "below the smallest value 1");
	bad("16..64", 1, 1, "needs a factor");
	bad("64..16x2", 1, 1, "end below start");
	bad("16..64x1", 1, 1, "factor must be at least 2");
	bad("0..64x2", 0, 1, "start must be at least 1");
	bad("16..x2", 1, 1, "bad end");
	bad("..64x2", 1, 1, "bad start");
	bad("16..64xz", 1, 1, "bad factor");
	bad("inf", 1, 0, "'inf' is not allowed");
	bad("2000000", 1, 1, "above the largest value");
	bad("1..2000000x2", 1, 1, "end above the largest value");
	bad("1..1000000x1", 1, 1, "factor");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
