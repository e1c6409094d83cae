/*
 * test_model.c - the cost-model parser: the built-in model, round trips
 * through model_print, every kind of bad input with file and line; the
 * clock's arithmetic (mach_base, mach_deadline_for) against its definition.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "machine/mach.h"
#include "machine/model.h"

static char *print_model(const model *m)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	model_print(m, f);
	long len = ftell(f);
	char *buf = malloc((size_t)len + 64);
	assert_non_null(buf);
	rewind(f);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = 0;
	fclose(f);
	return buf;
}

static void test_default(void **state)
{
	(void)state;
	model m, m2;
	char err[512];
	assert_int_equal(model_load_default(&m, err, sizeof err), 0);
	assert_int_equal(m.tlb_entries, 48);
	assert_int_equal(m.tlb_pairs, 1);
	assert_int_equal(m.cpi_milli, 1500);
	assert_int_equal(m.page_size, 4096);
	assert_int_equal(m.cost[HOP_OS_REFILL], 20);
	assert_int_equal(model_syscall_cost(&m, 4020), 100);
	assert_int_equal(model_syscall_cost(&m, 4999), m.cost[HOP_SYSCALL]);
	/* model_print gives a file that loads back to the same values */
	char *txt = print_model(&m);
	assert_int_equal(model_load_string(&m2, txt, "printed", err, sizeof err), 0);
	strcpy(m2.name, m.name);
	assert_memory_equal(&m, &m2, sizeof m);
	free(txt);
}

static void test_origin200(void **state)
{
	(void)state;
	model m;
	char err[512];
	int rc = model_load_file(&m, "models/origin200.ini", err, sizeof err);
	if (rc)
		fail_msg("%s", err);
	/* the calibration sums (Disco TOCS '97 sec. 6) */
	assert_int_equal(m.cost[HOP_EXC_ENTRY] + m.cost[HOP_OS_REFILL] + m.cost[HOP_TLB_WRITE] +
	                 m.cost[HOP_ERET], 62);
	assert_int_equal(m.cost[HOP_EXC_ENTRY] + m.cost[HOP_VMM_MISS] + m.cost[HOP_SWTLB_LOOKUP] +
	                 m.cost[HOP_SWTLB_HIT], 92);
	assert_int_equal(m.tlb_entries, 64);
}

/* Replaces the line starting with `key` in the default model text (or
 * appends extra if key is NULL) and expects an error containing want. */
static void expect_err(const char *key, const char *repl, const char *want)
{
	model m;
	char err[512];
	assert_int_equal(model_load_default(&m, err, sizeof err), 0);
	char *txt = print_model(&m);
	char *out = malloc(strlen(txt) + strlen(repl) + 64);
	out[0] = 0;
	if (key) {
		char *p = strstr(txt, key);
		assert_non_null(p);
		char *eol = strchr(p, '\n');
		strncat(out, txt, (size_t)(p - txt));
		strcat(out, repl);
		strcat(out, eol);
	} else {
		strcpy(out, txt);
		strcat(out, repl);
	}
	int rc = model_load_string(&m, out, "bad.ini", err, sizeof err);
	if (rc == 0 || !strstr(err, want))
		fail_msg("expected error containing '%s', got rc %d '%s'", want, rc, err);
	free(out);
	free(txt);
}

/* As expect_err, wanting "bad.ini:LINE: what" with LINE that of key. */
static void expect_err_at(const char *key, const char *repl, const char *what)
{
	model m;
	char err[512], want[512];
	assert_int_equal(model_load_default(&m, err, sizeof err), 0);
	char *txt = print_model(&m);
	char *p = strstr(txt, key);
	assert_non_null(p);
	int line = 1;
	for (const char *c = txt; c < p; c++)
		line += *c == '\n';
	free(txt);
	snprintf(want, sizeof want, "bad.ini:%d: %s", line, what);
	expect_err(key, repl, want);
}

/* A value that parses but is out of range names its line too (checked
 * after the whole file is read: cross-key rules name the first key of
 * the rule). */
static void test_range_lines(void **state)
{
	(void)state;
	expect_err_at("tlb_entries = ", "tlb_entries = 0", "tlb_entries must be 1..4096");
	expect_err_at("tlb_entries = ", "tlb_entries = 5000", "tlb_entries must be 1..4096");
	expect_err_at("tlb_wired = ", "tlb_wired = 48", "tlb_wired must be below tlb_entries");
	expect_err_at("swtlb_assoc = ", "swtlb_assoc = 3", "swtlb_assoc must divide swtlb_entries");
	expect_err_at("pv_batch = ", "pv_batch = 0", "pv_batch must be at least 1");
	expect_err_at("hw_tlb_entries = ", "hw_tlb_entries = 0", "hw_tlb_entries must be 1..4096");
	expect_err_at("hw_tlb_assoc = ", "hw_tlb_assoc = 3", "hw_tlb_assoc must divide hw_tlb_entries");
	expect_err_at("pt_levels = ", "pt_levels = 7", "pt_levels must be 1..6");
	expect_err_at("pt_index_bits = ", "pt_index_bits = 0", "pt_index_bits must be 1..16");
	expect_err_at("pwc_entries = ", "pwc_entries = 4097", "pwc_entries and nested_tlb_entries must be 0..4096");
	expect_err_at("nested_tlb_entries = ", "nested_tlb_entries = 4097",
	              "pwc_entries and nested_tlb_entries must be 0..4096");
}

static void test_errors(void **state)
{
	(void)state;
	/* printed layout: line 1 comment, 2 [machine], 3 cpi, 4 tlb_entries ... */
	expect_err("tlb_entries = ", "tlb_entries = -5", "bad.ini:4: negative value '-5'");
	expect_err("tlb_entries = ", "tlb_entries = 4x", "bad.ini:4: bad value '4x'");
	expect_err("tlb_entries = ", "this is not a key value line", "bad.ini:4: malformed line");
	expect_err("tlb_entries = ", "tlb_entreis = 48", "bad.ini:4: unknown key 'tlb_entreis'");
	expect_err("tlb_entries = ", "eret = 3", "bad.ini:4: key 'eret' belongs in section [native]");
	expect_err("tlb_entries = ", "cpi = 2", "bad.ini:4: duplicate key 'cpi'");
	expect_err("tlb_entries = ", "; gone", "bad.ini: missing required key 'tlb_entries'");
	expect_err("tlb_policy = ", "tlb_policy = clock", "bad.ini:7: tlb_policy 'clock'");
	expect_err("page_size = ", "page_size = 3000", "bad.ini:8: page_size 3000");
	expect_err("cpi = ", "cpi = 1.2345", "bad.ini:3: bad value '1.2345'");
	expect_err("tlb_wired = ", "tlb_wired = 48", "tlb_wired must be below tlb_entries");
	expect_err("os_refill = ", "os_refill = -1", "negative value '-1' for 'os_refill'");
	expect_err(NULL, "\n[syscalls]\n4003 = -7\n", "negative cost '-7'");
	expect_err(NULL, "\n[syscalls]\nread = 7\n", "not a system call number");
	expect_err(NULL, "\n[bogus]\nx = 1\n", "unknown key 'x' in section [bogus]");
	/* the first error wins, whichever kind: a malformed line before a bad
	 * value, and a bad value before a malformed line */
	expect_err("tlb_entries = ", "garbage\ntlb_entries = -1", "bad.ini:4: malformed line");
	expect_err("tlb_entries = ", "tlb_entries = -1\ngarbage", "bad.ini:4: negative value");
	expect_err("page_size = ", "page_size = 4096\n\n\n; c\nfoo = 1", "bad.ini:12: unknown key 'foo'");
	/* quantum = 0 is refused as --quantum 0 is */
	expect_err("quantum = ", "quantum = 0", "quantum must be at least 1");
	/* an indented key is a key (not the continuation of the previous
	 * value): its errors name its own line */
	expect_err("tlb_entries = ", "   tlb_entries = 4x", "bad.ini:4: bad value '4x'");
	expect_err("tlb_entries = ", "\tcpi = 2", "bad.ini:4: duplicate key 'cpi'");
	/* a line longer than inih's buffer is an error naming it, never cut
	 * with its tail parsed as a line of its own */
	char longc[600], longv[600];
	memset(longc, 'x', sizeof longc);
	memcpy(longc, "; ", 2);
	strcpy(longc + 500, "cpi = 7");
	expect_err("tlb_entries = ", longc, "bad.ini:4: line longer than");
	memset(longv, '1', sizeof longv);
	memcpy(longv, "tlb_entries = ", 14);
	longv[sizeof longv - 1] = 0;
	expect_err("tlb_entries = ", longv, "bad.ini:4: line longer than");
	expect_err("page_size = ", "page_size = 4096\n\n  ; indented comment\n\tfoo = 1",
	           "bad.ini:11: unknown key 'foo'");
	model m;
	char err[512];
	/* an endless file: one line error, bounded */
	assert_int_equal(model_load_file(&m, "/dev/zero", err, sizeof err), -1);
	assert_non_null(strstr(err, "/dev/zero:1: NUL byte"));
	assert_int_equal(model_load_file(&m, "/nonexistent/x.ini", err, sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/x.ini: cannot open"));
}

static void test_values(void **state)
{
	(void)state;
	model m;
	char err[512];
	assert_int_equal(model_load_default(&m, err, sizeof err), 0);
	char *txt = print_model(&m);
	char *p = strstr(txt, "cpi = ");
	memcpy(p, "cpi = 1.25 ", 11); /* "cpi = 1.500" -> "cpi = 1.25 " */
	strcat(txt, "\n[syscalls]\n4242=777\n");
	model m2;
	int rc = model_load_string(&m2, txt, "v.ini", err, sizeof err);
	if (rc)
		fail_msg("%s", err);
	assert_int_equal(m2.cpi_milli, 1250);
	assert_int_equal(model_syscall_cost(&m2, 4242), 777);
	free(txt);
}

/* mach_deadline_for (model_deadline, which hwmach uses too): the
 * smallest instruction count d >= insns with
 * mach_base(d) + hop >= target, checked by its definition (base of d
 * reaches the target, base of d - 1 does not) for CPIs that divide 1000
 * and that do not, near and far targets. */
static void test_deadline(void **state)
{
	(void)state;
	char err[256];
	model m;
	assert_int_equal(model_load_default(&m, err, sizeof err), 0);
	uint32_t cpis[] = {1, 7, 999, 1000, 1001, 1333, 1500, 2718, 100000, 4000000000u};
	uint64_t s = 99;
	for (unsigned c = 0; c < sizeof cpis / sizeof *cpis; c++) {
		m.cpi_milli = cpis[c];
		unsigned md = 0;
		mach M;
		assert_int_equal(mach_init(&M, &md, 1, &m, 1, 1), 0);
		/* base(x) = floor(x * cpi / 1000), by 128-bit arithmetic */
		for (uint64_t x = 0; x < 5000; x += 7)
			assert_true(mach_base(&M, x) == (uint64_t)((unsigned __int128)x * cpis[c] / 1000));
		for (unsigned k = 0; k < 20000; k++) {
			s = s * 6364136223846793005ull + 1442695040888963407ull;
			M.insns = (s >> 40) % 100000;
			uint64_t hop = (s >> 20) % 5000, span = k % 2 ? 3000 : (uint64_t)1 << 40;
			uint64_t target = (s >> 3) % span;
			uint64_t d = mach_deadline_for(&M, hop, target);
			assert_true(model_deadline(&m, M.insns, hop, target) == d);
			assert_true(d >= M.insns);
			assert_true(mach_base(&M, d) + hop >= target);
			if (d > M.insns)
				assert_true(mach_base(&M, d - 1) + hop < target);
		}
		assert_true(mach_deadline_for(&M, 5, UINT64_MAX) == UINT64_MAX);
		mach_free(&M);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_origin200),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_range_lines),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_deadline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
