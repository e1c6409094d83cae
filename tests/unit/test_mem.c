/*
 * test_mem.c - guest memory: mapping, lazy zero-fill with the touch hook,
 * rights, copies across pages, clone, find_free; and a seeded random
 * comparison against a flat reference model of page states.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/mem.h"

struct touches {
	uint32_t pages[64];
	int n;
};

static void on_touch(void *ctx, uint32_t page)
{
	struct touches *t = ctx;
	if (t->n < 64)
		t->pages[t->n] = page;
	t->n++;
}

static void test_map_touch(void **state)
{
	(void)state;
	mem *m = mem_new();
	struct touches t = { { 0 }, 0 };
	mem_set_touch_hook(m, on_touch, &t);
	assert_int_equal(mem_map(m, 0x10000123, 0x2000, MEM_R | MEM_W), 0);
	/* rounded out to whole pages: 0x10000000..0x10002fff */
	assert_int_equal(mem_pages_mapped(m), 3);
	assert_int_equal(mem_pages_touched(m), 0);
	assert_true(mem_is_mapped(m, 0x10000000, 0x3000));
	assert_false(mem_is_mapped(m, 0x10000000, 0x3001));
	uint8_t *h = mem_host(m, 0x10001004, MEM_LOAD);
	assert_non_null(h);
	assert_int_equal(h[0], 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.pages[0], 0x10001000);
	/* the same page again: no second touch */
	assert_non_null(mem_host(m, 0x10001ffc, MEM_STORE));
	assert_int_equal(t.n, 1);
	/* a copy across a page boundary touches both */
	char buf[16] = "0123456789abcde";
	assert_int_equal(mem_write(m, 0x10000ff8, buf, 16), 0);
	assert_int_equal(t.n, 2);
	char back[16];
	assert_int_equal(mem_read(m, 0x10000ff8, back, 16), 0);
	assert_memory_equal(back, buf, 16);
	assert_int_equal(mem_pages_touched(m), 2);
	/* unmapped and out of range */
	assert_null(mem_host(m, 0x10003000, MEM_LOAD));
	assert_int_equal(mem_read(m, 0x10002ff8, back, 16), -1);
	assert_int_equal(mem_write(m, 0x0fffffff, buf, 2), -1);
	mem_free(m);
}

static void test_rights(void **state)
{
	(void)state;
	mem *m = mem_new();
	mem_map(m, 0x400000, 0x1000, MEM_R | MEM_X);
	mem_map(m, 0x500000, 0x1000, 0);
	assert_non_null(mem_host(m, 0x400000, MEM_FETCH));
	assert_non_null(mem_host(m, 0x400000, MEM_LOAD));
	assert_null(mem_host(m, 0x400000, MEM_STORE));
	assert_int_equal(mem_write(m, 0x400000, "x", 1), -1);
	assert_int_equal(mem_write_force(m, 0x400000, "x", 1), 0);
	assert_null(mem_host(m, 0x500000, MEM_LOAD));
	assert_true(mem_is_mapped(m, 0x500000, 1));
	uint64_t g = mem_generation(m);
	assert_int_equal(mem_protect(m, 0x500000, 1, MEM_R | MEM_W), 0);
	assert_true(mem_generation(m) != g);
	assert_non_null(mem_host(m, 0x500000, MEM_STORE));
	assert_int_equal(mem_protect(m, 0x500000, 0x2000, MEM_R), -1); /* 0x501000 unmapped */
	assert_int_equal(mem_unmap(m, 0x400000, 0x200000), 0);
	assert_int_equal(mem_pages_mapped(m), 0);
	assert_int_equal(mem_pages_touched(m), 0);
	assert_null(mem_host(m, 0x400000, MEM_LOAD));
	mem_free(m);
}

static void test_clone_and_strings(void **state)
{
	(void)state;
	mem *m = mem_new();
	mem_map(m, 0x10000000, 0x3000, MEM_R | MEM_W);
	mem_write(m, 0x10000ffc, "hello, world", 13);
	mem *c = mem_clone(m);
	assert_non_null(c);
	assert_int_equal(mem_pages_touched(c), 2);
	assert_int_equal(mem_pages_mapped(c), 3);
	mem_write(m, 0x10000ffc, "HELLO", 5);
	char s[32];
	assert_int_equal(mem_read_str(c, 0x10000ffc, s, sizeof(s)), 12);
	assert_string_equal(s, "hello, world");
	assert_int_equal(mem_read_str(m, 0x10000ffc, s, sizeof(s)), 12);
	assert_string_equal(s, "HELLO, world");
	assert_int_equal(mem_read_str(m, 0x10000ffc, s, 12), -2);
	assert_int_equal(mem_read_str(m, 0x10000ffc, s, 13), 12);
	assert_int_equal(mem_read_str(m, 0x20000000, s, 13), -1);
	/* a string running into an unmapped page */
	mem_map(m, 0x30000000, 0x1000, MEM_R | MEM_W);
	memset(s, 'a', sizeof(s));
	mem_write(m, 0x30000ff0, s, 16);
	assert_int_equal(mem_read_str(m, 0x30000ff0, s, sizeof(s)), -1);
	mem_free(m);
	mem_free(c);
}

/* shared pages: a clone shares them (a store through either is seen by
 * both), private pages beside them are copied; the touch hook runs once per
 * page and address space; mprotect keeps the sharing; the storage lives
 * until its last mapping goes (ASan checks the frees) */
static void test_shared(void **state)
{
	(void)state;
	struct touches ta = {0}, tb = {0};
	mem *a = mem_new();
	assert_non_null(a);
	mem_set_touch_hook(a, on_touch, &ta);
	assert_int_equal(mem_map_shared(a, 0x10000, 2 * MEM_PAGE_SIZE, MEM_R | MEM_W), 0);
	assert_int_equal(mem_map(a, 0x20000, MEM_PAGE_SIZE, MEM_R | MEM_W), 0);
	assert_int_equal(mem_any_shared(a, 0x10000, 1), 1);
	assert_int_equal(mem_any_shared(a, 0x20000, MEM_PAGE_SIZE), 0);
	uint32_t v = 7, w = 0;
	assert_int_equal(mem_write(a, 0x10004, &v, 4), 0);
	assert_int_equal(mem_write(a, 0x20004, &v, 4), 0);
	assert_int_equal(ta.n, 2);
	mem *b = mem_clone(a);
	assert_non_null(b);
	mem_set_touch_hook(b, on_touch, &tb);
	v = 8;
	assert_int_equal(mem_write(b, 0x10004, &v, 4), 0); /* touched before the clone: no hook */
	assert_int_equal(mem_write(b, 0x20004, &v, 4), 0);
	assert_int_equal(tb.n, 0);
	assert_int_equal(mem_read(a, 0x10004, &w, 4), 0);
	assert_int_equal(w, 8);
	assert_int_equal(mem_read(a, 0x20004, &w, 4), 0);
	assert_int_equal(w, 7);
	/* the second shared page: first touched in b, then in a */
	v = 9;
	assert_int_equal(mem_write(b, 0x11000, &v, 4), 0);
	assert_int_equal(tb.n, 1);
	assert_int_equal(tb.pages[0], 0x11000);
	assert_int_equal(mem_read(a, 0x11000, &w, 4), 0);
	assert_int_equal(w, 9);
	assert_int_equal(ta.n, 3);
	assert_int_equal(ta.pages[2], 0x11000);
	assert_int_equal(mem_pages_touched(a), 3);
	assert_int_equal(mem_pages_touched(b), 3);
	assert_int_equal(mem_protect(a, 0x10000, MEM_PAGE_SIZE, MEM_R), 0);
	assert_int_equal(mem_write(a, 0x10004, &v, 4), -1);
	v = 10;
	assert_int_equal(mem_write(b, 0x10004, &v, 4), 0);
	assert_int_equal(mem_read(a, 0x10004, &w, 4), 0);
	assert_int_equal(w, 10);
	assert_int_equal(mem_any_shared(a, 0x10000, 1), 1);
	/* unmapped in one, alive in the other */
	assert_int_equal(mem_unmap(a, 0x10000, 2 * MEM_PAGE_SIZE), 0);
	assert_int_equal(mem_pages_touched(a), 1);
	assert_int_equal(mem_read(b, 0x10004, &w, 4), 0);
	assert_int_equal(w, 10);
	mem_free(a);
	assert_int_equal(mem_read(b, 0x11000, &w, 4), 0);
	assert_int_equal(w, 9);
	mem_free(b);
}

static void test_find_free(void **state)
{
	(void)state;
	mem *m = mem_new();
	mem_map(m, 0x10000000, 0x2000, MEM_R);
	mem_map(m, 0x10003000, 0x1000, MEM_R);
	assert_int_equal(mem_find_free(m, 0x10000000, 0x1000, 0x80000000), 0x10002000);
	assert_int_equal(mem_find_free(m, 0x10000000, 0x1001, 0x80000000), 0x10004000);
	assert_int_equal(mem_find_free(m, 0x0ffff000, 0x1000, 0x80000000), 0x0ffff000);
	assert_int_equal(mem_find_free(m, 0x0ffff000, 0x2000, 0x80000000), 0x10004000);
	assert_int_equal(mem_find_free(m, 0x10000000, 0x1001, 0x10005000), 0);
	assert_int_equal(mem_find_free(m, 0x10000000, 0x10000000, 0x80000000), 0x10004000);
	mem_free(m);
}

/* Random map/unmap/protect/touch against a flat model of page states. */
static void test_random_model(void **state)
{
	(void)state;
	enum { NP = 4096 };                 /* pages modeled: 0x40000000 + 16 MiB */
	static uint8_t prot[NP], touched[NP], val[NP];
	memset(prot, 0, sizeof(prot));
	memset(touched, 0, sizeof(touched));
	memset(val, 0, sizeof(val));
	const uint32_t base = 0x40000000;
	mem *m = mem_new();
	uint32_t seed = 12345;
	for (int it = 0; it < 20000; it++) {
		seed = seed * 1103515245u + 12345u;
		uint32_t r = seed >> 8;
		uint32_t p = r % NP, n = 1 + (r >> 12) % 8;
		if (p + n > NP)
			n = NP - p;
		uint32_t a = base + p * MEM_PAGE_SIZE, len = n * MEM_PAGE_SIZE;
		switch (r % 5) {
		case 0: {
			unsigned pr = (r >> 5) & 7;
			assert_int_equal(mem_map(m, a, len, pr), 0);
			for (uint32_t i = p; i < p + n; i++) {
				prot[i] = (uint8_t)(0x80 | pr);
				touched[i] = 0;
				val[i] = 0;
			}
			break; }
		case 1:
			mem_unmap(m, a, len);
			for (uint32_t i = p; i < p + n; i++)
				prot[i] = touched[i] = val[i] = 0;
			break;
		case 2: {
			int all = 1;
			for (uint32_t i = p; i < p + n; i++)
				all &= prot[i] != 0;
			unsigned pr = (r >> 7) & 7;
			assert_int_equal(mem_protect(m, a, len, pr), all ? 0 : -1);
			if (all)
				for (uint32_t i = p; i < p + n; i++)
					prot[i] = (uint8_t)(0x80 | pr);
			break; }
		default: {
			uint8_t b = (uint8_t)(r >> 3);
			int ok = prot[p] && (prot[p] & MEM_W);
			assert_int_equal(mem_write(m, a + 7, &b, 1), ok ? 0 : -1);
			if (ok) {
				val[p] = b;
				touched[p] = 1;
			}
			uint8_t got = 0;
			int rok = prot[p] && (prot[p] & (MEM_R | MEM_W | MEM_X));
			assert_int_equal(mem_read(m, a + 7, &got, 1), rok ? 0 : -1);
			if (rok) {
				assert_int_equal(got, val[p]);
				touched[p] = 1;
			}
			break; }
		}
	}
	uint64_t mapped = 0, nt = 0;
	for (int i = 0; i < NP; i++) {
		mapped += prot[i] != 0;
		nt += touched[i];
		assert_int_equal(mem_is_mapped(m, base + (uint32_t)i * MEM_PAGE_SIZE, 1), prot[i] != 0);
	}
	assert_int_equal(mem_pages_mapped(m), mapped);
	assert_int_equal(mem_pages_touched(m), nt);
	mem_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_touch),
		cmocka_unit_test(test_rights),
		cmocka_unit_test(test_clone_and_strings),
		cmocka_unit_test(test_shared),
		cmocka_unit_test(test_find_free),
		cmocka_unit_test(test_random_model),
	};
	return cmocka_run_group_tests_name("mem", tests, NULL, NULL);
}
