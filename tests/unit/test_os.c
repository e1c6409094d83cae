/*
 * test_os.c - the modeled OS without a compiler: hand-made ELF files
 * (little and big endian) for the loader's checks and the initial stack,
 * system call marshalling against a real address space, the root sandbox,
 * and a tiny hand-assembled program run to its exit with its events.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/os_priv.h"
#include "os/sysnr.h"

#define TEXT 0x00400000u
#define DATA 0x00410000u
#ifndef FUZZ_N
#define FUZZ_N 20000
#endif

static char tmpdir[256];

/* ---- making ELF files -------------------------------------------------- */

typedef struct elfspec {
	int be;
	int machine, cls;
	uint32_t entry;
	int interp;          /* add a PT_INTERP */
	int truncate_to;     /* 0: whole file */
	const uint32_t *code;
	size_t ncode;
} elfspec;

static void p16(int be, uint8_t *b, uint16_t v) { g_put16(be, b, v); }
static void p32(int be, uint8_t *b, uint32_t v) { g_put32(be, b, v); }

static const uint8_t data_bytes[] = "initialized data";

/* Writes an ELF: text segment (RX) at TEXT with code, data segment (RW) at
 * DATA with data_bytes then 5000 bytes of bss.  Returns the path. */
static const char *write_elf(const char *name, const elfspec *s)
{
	static char path[512];
	uint8_t f[8192];
	memset(f, 0, sizeof f);
	int be = s->be;
	uint32_t nph = s->interp ? 3 : 2;
	uint32_t code_off = 0x200, data_off = 0x1000;
	memcpy(f, ELFMAG, SELFMAG);
	f[EI_CLASS] = (uint8_t)s->cls;
	f[EI_DATA] = be ? ELFDATA2MSB : ELFDATA2LSB;
	f[EI_VERSION] = EV_CURRENT;
	p16(be, f + 16, ET_EXEC);
	p16(be, f + 18, (uint16_t)s->machine);
	p32(be, f + 20, EV_CURRENT);
	p32(be, f + 24, s->entry);
	p32(be, f + 28, 52);          /* e_phoff */
	p32(be, f + 36, 0x1007);      /* e_flags: o32 mips32r2-ish */
	p16(be, f + 40, 52);
	p16(be, f + 42, 32);
	p16(be, f + 44, (uint16_t)nph);
	p16(be, f + 46, 40);
	uint8_t *ph = f + 52;
	/* text: maps the file from 0 so the headers are visible (AT_PHDR) */
	p32(be, ph + 0, PT_LOAD);
	p32(be, ph + 4, 0);
	p32(be, ph + 8, TEXT);
	p32(be, ph + 12, TEXT);
	p32(be, ph + 16, code_off + (uint32_t)(4 * s->ncode));
	p32(be, ph + 20, code_off + (uint32_t)(4 * s->ncode));
	p32(be, ph + 24, PF_R | PF_X);
	p32(be, ph + 28, 0x10000);
	ph += 32;
	p32(be, ph + 0, PT_LOAD);
	p32(be, ph + 4, data_off);
	p32(be, ph + 8, DATA);
	p32(be, ph + 12, DATA);
	p32(be, ph + 16, sizeof data_bytes);
	p32(be, ph + 20, sizeof data_bytes + 5000);
	p32(be, ph + 24, PF_R | PF_W);
	p32(be, ph + 28, 0x10000);
	ph += 32;
	if (s->interp) {
		p32(be, ph + 0, PT_INTERP);
		p32(be, ph + 4, 0x180);
		p32(be, ph + 16, 20);
		memcpy(f + 0x180, "/lib/ld.so.1", 13);
	}
	for (size_t i = 0; i < s->ncode; i++)
		p32(be, f + code_off + 4 * i, s->code[i]);
	memcpy(f + data_off, data_bytes, sizeof data_bytes);
	size_t len = data_off + sizeof data_bytes;
	if (s->truncate_to)
		len = (size_t)s->truncate_to;
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *o = fopen(path, "wb");
	assert_non_null(o);
	assert_int_equal(fwrite(f, 1, len, o), len);
	fclose(o);
	return path;
}

/* write(1, DATA, 4); exit_group(7) - in MIPS words */
static const uint32_t prog[] = {
	0x24020fa4, /* li v0,4004 */
	0x24040001, /* li a0,1 */
	0x3c050041, /* lui a1,0x41 */
	0x24060004, /* li a2,4 */
	0x0000000c, /* syscall */
	0x24020ff6, /* li v0,4086 (exit_group = 4246? see below) */
	0x24040007, /* li a0,7 */
	0x0000000c, /* syscall */
};

static uint32_t *make_prog(size_t *n)
{
	static uint32_t code[8];
	memcpy(code, prog, sizeof prog);
	code[5] = 0x24020000u | (4000 + NR_exit_group); /* li v0,4246 */
	*n = 8;
	return code;
}

static elfspec good_spec(int be)
{
	size_t n;
	const uint32_t *code = make_prog(&n);
	elfspec s = {.be = be, .machine = EM_MIPS, .cls = ELFCLASS32, .entry = TEXT + 0x200, .code = code, .ncode = n};
	return s;
}

static os *new_os(const char *path, os_config *cfg, char *err, size_t errlen)
{
	static char a0[] = "prog", a1[] = "arg one", a2[] = "", e0[] = "A=1", e1[] = "LONGER_NAME=value";
	char *argv[] = {a0, a1, a2, NULL};
	char *envp[] = {e0, e1, NULL};
	return os_new(cfg, path, argv, envp, err, errlen);
}

static uint32_t rd32(os *o, uint32_t addr)
{
	uint8_t b[4];
	assert_int_equal(mem_read(o->procs->m, addr, b, 4), 0);
	return g_get32(o->big_endian, b);
}

static void rdstr(os *o, uint32_t addr, char *buf, size_t n)
{
	assert_true(mem_read_str(o->procs->m, addr, buf, n) >= 0);
}

/* ---- loader and initial stack ------------------------------------------ */

static void check_image(int be)
{
	elfspec s = good_spec(be);
	const char *path = write_elf(be ? "good_be" : "good_le", &s);
	os_config cfg = {.fs_root = tmpdir};
	char err[512];
	os *o = new_os(path, &cfg, err, sizeof err);
	assert_non_null(o);
	assert_int_equal(os_big_endian(o), be);
	proc *p = o->procs;
	assert_int_equal(p->c->pc, TEXT + 0x200);
	assert_int_equal(p->c->big_endian, be);
	/* segments: data, bss zero, brk after the highest segment */
	char buf[64];
	assert_int_equal(mem_read(p->m, DATA, buf, sizeof data_bytes), 0);
	assert_memory_equal(buf, data_bytes, sizeof data_bytes);
	uint8_t z[5000];
	assert_int_equal(mem_read(p->m, DATA + sizeof data_bytes, z, sizeof z), 0);
	for (size_t i = 0; i < sizeof z; i++)
		assert_int_equal(z[i], 0);
	uint32_t end = DATA + sizeof data_bytes + 5000;
	assert_int_equal(p->brk, (end + 4095) & ~4095u);
	assert_int_equal(rd32(o, TEXT + 0x200), prog[0]);
	/* text is not writable by the guest */
	assert_null(mem_host(p->m, TEXT + 0x200, MEM_STORE));
	/* the stack: argc, argv, envp, auxv */
	uint32_t sp = p->c->r[29];
	assert_int_equal(sp & 15, 0);
	assert_true(sp < OS_STACK_TOP && sp > OS_STACK_TOP - 65536);
	assert_int_equal(rd32(o, sp), 3);
	rdstr(o, rd32(o, sp + 4), buf, sizeof buf);
	assert_string_equal(buf, "prog");
	rdstr(o, rd32(o, sp + 8), buf, sizeof buf);
	assert_string_equal(buf, "arg one");
	rdstr(o, rd32(o, sp + 12), buf, sizeof buf);
	assert_string_equal(buf, "");
	assert_int_equal(rd32(o, sp + 16), 0);
	rdstr(o, rd32(o, sp + 20), buf, sizeof buf);
	assert_string_equal(buf, "A=1");
	rdstr(o, rd32(o, sp + 24), buf, sizeof buf);
	assert_string_equal(buf, "LONGER_NAME=value");
	assert_int_equal(rd32(o, sp + 28), 0);
	uint32_t a = sp + 32, seen = 0, random_at = 0;
	for (int i = 0; i < 40; i++, a += 8) {
		uint32_t type = rd32(o, a), val = rd32(o, a + 4);
		if (type == AT_NULL)
			break;
		seen |= 1u << (type < 32 ? type : 31);
		switch (type) {
		case AT_PAGESZ: assert_int_equal(val, 4096); break;
		case AT_ENTRY: assert_int_equal(val, TEXT + 0x200); break;
		case AT_PHNUM: assert_int_equal(val, 2); break;
		case AT_PHENT: assert_int_equal(val, 32); break;
		case AT_PHDR:
			assert_int_equal(val, TEXT + 52);
			assert_int_equal(rd32(o, val), PT_LOAD);
			break;
		case AT_BASE: assert_int_equal(val, 0); break;
		case AT_SECURE: assert_int_equal(val, 0); break;
		case AT_CLKTCK: assert_int_equal(val, 100); break;
		case AT_UID: assert_int_equal(val, getuid()); break;
		case AT_RANDOM: random_at = val; break;
		case AT_EXECFN:
			rdstr(o, val, buf, sizeof buf);
			assert_string_equal(buf, path);
			break;
		case AT_PLATFORM:
			rdstr(o, val, buf, sizeof buf);
			assert_string_equal(buf, "mips");
			break;
		}
	}
	uint32_t want = 1u << AT_PHDR | 1u << AT_PHENT | 1u << AT_PHNUM | 1u << AT_PAGESZ | 1u << AT_BASE |
	                1u << AT_FLAGS | 1u << AT_ENTRY | 1u << AT_UID | 1u << AT_EUID | 1u << AT_GID |
	                1u << AT_EGID | 1u << AT_RANDOM | 1u << AT_HWCAP | 1u << AT_CLKTCK |
	                1u << AT_SECURE | 1u << AT_PLATFORM;
	assert_int_equal(seen & want, want);
	assert_true(seen & (1u << 31)); /* AT_EXECFN */
	assert_true(random_at > sp);
	/* AT_RANDOM is seeded: a second OS with the same seed has the same bytes */
	uint8_t r1[16], r2[16];
	assert_int_equal(mem_read(p->m, random_at, r1, 16), 0);
	os *o2 = new_os(path, &cfg, err, sizeof err);
	assert_non_null(o2);
	assert_int_equal(mem_read(o2->procs->m, random_at, r2, 16), 0);
	assert_memory_equal(r1, r2, 16);
	os_free(o2);
	os_free(o);
}

static void test_load_le(void **state) { (void)state; check_image(0); }
static void test_load_be(void **state) { (void)state; check_image(1); }

static void expect_bad(const char *name, const elfspec *s, const char *needle)
{
	const char *path = write_elf(name, s);
	os_config cfg = {.fs_root = tmpdir};
	char err[512] = "";
	os *o = new_os(path, &cfg, err, sizeof err);
	assert_null(o);
	if (!strstr(err, needle) || !strstr(err, name)) {
		print_error("message '%s' lacks '%s' or the file name\n", err, needle);
		fail();
	}
	assert_null(strchr(err, '\n'));
}

static void test_bad_elves(void **state)
{
	(void)state;
	elfspec s = good_spec(0);
	s.entry = 0x00500000;
	expect_bad("entry_out", &s, "entry point");
	s = good_spec(0);
	s.entry = DATA + 4; /* inside a segment, but not an executable one */
	expect_bad("entry_data", &s, "entry point");
	s = good_spec(1);
	s.interp = 1;
	expect_bad("dynamic", &s, "-static");
	s = good_spec(0);
	s.machine = EM_X86_64;
	expect_bad("machine", &s, "machine");
	s = good_spec(0);
	s.cls = ELFCLASS64;
	expect_bad("class", &s, "class");
	s = good_spec(0);
	s.truncate_to = 30;
	expect_bad("trunc_hdr", &s, "truncated");
	s = good_spec(0);
	s.truncate_to = 0x1004;
	expect_bad("trunc_seg", &s, "truncated");
	s = good_spec(0);
	s.truncate_to = 3;
	expect_bad("tiny", &s, "not an ELF");
}

/* ---- system calls ------------------------------------------------------ */

static os *g_os;

static long sc(uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	uint32_t a[8] = {a0, a1, a2, a3, 0, 0, 0, 0};
	return os_syscall(g_os, g_os->procs, 4000 + nr, a);
}

static void wstr(uint32_t addr, const char *s)
{
	assert_int_equal(mem_write(g_os->procs->m, addr, s, strlen(s) + 1), 0);
}

static void test_syscalls(void **state)
{
	(void)state;
	elfspec s = good_spec(0);
	const char *path = write_elf("sys", &s);
	os_config cfg = {.fs_root = tmpdir, .fs_rw = 0};
	char err[512];
	g_os = new_os(path, &cfg, err, sizeof err);
	assert_non_null(g_os);
	proc *p = g_os->procs;
	mem *m = p->m;
	uint32_t buf = DATA + 0x100;
	/* uname */
	assert_int_equal(sc(NR_uname, buf, 0, 0, 0), 0);
	char str[128];
	assert_true(mem_read_str(m, buf, str, sizeof str) >= 0);
	assert_string_equal(str, "Linux");
	assert_true(mem_read_str(m, buf + 4 * 65, str, sizeof str) >= 0);
	assert_string_equal(str, "mips");
	/* virtual time: nothing executed yet, then a nanosleep moves it */
	assert_int_equal(sc(NR_clock_gettime, 1, buf, 0, 0), 0);
	assert_int_equal(rd32(g_os, buf), 0);
	assert_int_equal(rd32(g_os, buf + 4), 0);
	uint8_t ts[8];
	g_put32(0, ts, 2);
	g_put32(0, ts + 4, 500);
	mem_write(m, buf + 64, ts, 8);
	assert_int_equal(sc(NR_nanosleep, buf + 64, 0, 0, 0), 0);
	assert_int_equal(sc(NR_clock_gettime, 1, buf, 0, 0), 0);
	assert_int_equal(rd32(g_os, buf), 2);
	assert_int_equal(rd32(g_os, buf + 4), 500);
	assert_int_equal(sc(NR_clock_gettime, 0, buf, 0, 0), 0);
	assert_int_equal(rd32(g_os, buf), 1700000002u);
	/* brk: grows, is usable, shrinks; below the start it only reports */
	uint32_t b0 = (uint32_t)sc(NR_brk, 0, 0, 0, 0);
	assert_int_equal(b0, p->brk_start);
	assert_int_equal(sc(NR_brk, b0 + 10000, 0, 0, 0), b0 + 10000);
	assert_non_null(mem_host(m, b0 + 9999, MEM_STORE));
	assert_int_equal(sc(NR_brk, b0 + 100, 0, 0, 0), b0 + 100);
	assert_null(mem_host(m, b0 + 8192, MEM_LOAD));
	assert_int_equal(sc(NR_brk, 0x1000, 0, 0, 0), b0 + 100);
	/* anonymous mmap (args 5-6 through the array), munmap */
	uint32_t a[8] = {0, 3 * 4096, 3, 0x802, (uint32_t)-1, 0, 0, 0};
	long at = os_syscall(g_os, p, 4000 + NR_mmap2, a);
	assert_true(at >= (long)OS_MMAP_BASE);
	assert_non_null(mem_host(m, (uint32_t)at + 8191, MEM_STORE));
	assert_int_equal(sc(NR_munmap, (uint32_t)at, 4096, 0, 0), 0);
	assert_null(mem_host(m, (uint32_t)at, MEM_LOAD));
	assert_non_null(mem_host(m, (uint32_t)at + 4096, MEM_LOAD));
	assert_int_equal(sc(NR_munmap, (uint32_t)at + 1, 4096, 0, 0), -EINVAL);
	/* pipe2, write, read */
	assert_int_equal(sc(NR_pipe2, buf, 0, 0, 0), 0);
	uint32_t rfd = rd32(g_os, buf), wfd = rd32(g_os, buf + 4);
	assert_true(rfd >= 3 && wfd == rfd + 1);
	wstr(buf + 16, "through");
	assert_int_equal(sc(NR_write, wfd, buf + 16, 7, 0), 7);
	assert_int_equal(sc(NR_read, rfd, buf + 32, 100, 0), 7);
	assert_true(mem_read_str(m, buf + 16, str, sizeof str) >= 0);
	assert_int_equal(memcmp(str, "through", 7), 0);
	assert_int_equal(sc(NR_read, rfd, buf + 32, 100, 0), OS_BLOCK);
	assert_int_equal(sc(NR_close, wfd, 0, 0, 0), 0);
	assert_int_equal(sc(NR_read, rfd, buf + 32, 100, 0), 0);
	assert_int_equal(sc(NR_close, rfd, 0, 0, 0), 0);
	assert_int_equal(sc(NR_close, rfd, 0, 0, 0), -EBADF);
	/* files: open below the root, fstat64 layout, read-only tree */
	char hp[512];
	snprintf(hp, sizeof hp, "%s/hello.txt", tmpdir);
	FILE *f = fopen(hp, "w");
	fputs("hello file\n", f);
	fclose(f);
	wstr(buf + 16, "/hello.txt");
	long fd = sc(NR_open, buf + 16, 0, 0, 0);
	assert_true(fd >= 3);
	assert_int_equal(sc(NR_fstat64, (uint32_t)fd, buf + 256, 0, 0), 0);
	assert_int_equal(rd32(g_os, buf + 256 + 56), 11);        /* st_size */
	assert_int_equal(rd32(g_os, buf + 256 + 24) & 0170000, 0100000); /* S_IFREG */
	assert_int_equal(sc(NR_read, (uint32_t)fd, buf + 32, 5, 0), 5);
	/* _llseek: offset hi, lo, result*, whence on the stack */
	uint32_t ls[8] = {(uint32_t)fd, 0, 1, buf + 64, 0, 0, 0, 0};
	assert_int_equal(os_syscall(g_os, p, 4000 + NR__llseek, ls), 0);
	assert_int_equal(rd32(g_os, buf + 64), 1);
	assert_int_equal(sc(NR_close, (uint32_t)fd, 0, 0, 0), 0);
	assert_int_equal(sc(NR_open, buf + 16, 1 | 0x100, 0644, 0), -EROFS);
	wstr(buf + 16, "/new.txt");
	assert_int_equal(sc(NR_open, buf + 16, 1 | 0x100, 0644, 0), -EROFS);
	assert_int_equal(sc(NR_unlink, buf + 16, 0, 0, 0), -EROFS);
	/* stat64 through ".." stays in the root; ENOENT, ENOSYS (MIPS 89) */
	wstr(buf + 16, "../../hello.txt");
	assert_int_equal(sc(NR_stat64, buf + 16, buf + 256, 0, 0), 0);
	assert_int_equal(rd32(g_os, buf + 256 + 56), 11);
	wstr(buf + 16, "/nonexistent");
	assert_int_equal(sc(NR_stat64, buf + 16, buf + 256, 0, 0), -ENOENT);
	assert_int_equal(sc(1, 0, 0, 0, 0) == OS_NORET, 1); /* exit: no return */
	os_free(g_os);
	g_os = NULL;
}

static void test_getrandom_seeded(void **state)
{
	(void)state;
	elfspec s = good_spec(1);
	const char *path = write_elf("rnd", &s);
	uint8_t out[2][40];
	for (int k = 0; k < 2; k++) {
		os_config cfg = {.fs_root = tmpdir, .seed = 77};
		char err[512];
		g_os = new_os(path, &cfg, err, sizeof err);
		assert_non_null(g_os);
		assert_int_equal(sc(NR_getrandom, DATA, 40, 0, 0), 40);
		assert_int_equal(mem_read(g_os->procs->m, DATA, out[k], 40), 0);
		os_free(g_os);
	}
	assert_memory_equal(out[0], out[1], 40);
	int nonzero = 0;
	for (int i = 0; i < 40; i++)
		nonzero += out[0][i] != 0;
	assert_true(nonzero > 30);
}

/* ---- a whole run with its events ---------------------------------------- */

typedef struct capture {
	uint64_t n[TK_NKINDS];
	int first_kind;
	uint32_t trap_nr[8];
	int ntrap;
	uint64_t total;
} capture;

static int capture_sink(void *ctx, const trace_rec *r, size_t n)
{
	capture *c = ctx;
	for (size_t i = 0; i < n; i++) {
		if (c->total++ == 0)
			c->first_kind = r[i].kind;
		c->n[r[i].kind]++;
		if (r[i].kind == TK_TRAP && c->ntrap < 8)
			c->trap_nr[c->ntrap++] = r[i].arg;
	}
	return 0;
}

static void run_prog(int be)
{
	elfspec s = good_spec(be);
	const char *path = write_elf(be ? "run_be" : "run_le", &s);
	capture cap;
	memset(&cap, 0, sizeof cap);
	os_config cfg = {.fs_root = tmpdir, .sink = capture_sink, .sink_ctx = &cap, .batch = 4};
	char err[512];
	/* the guest writes 4 bytes of DATA to stdout: point stdout at a file */
	char out[512];
	snprintf(out, sizeof out, "%s/stdout_%d", tmpdir, be);
	int saved = dup(1);
	int fd = open(out, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	dup2(fd, 1);
	close(fd);
	os *o = new_os(path, &cfg, err, sizeof err);
	assert_non_null(o);
	int status = os_run(o);
	dup2(saved, 1);
	close(saved);
	assert_int_equal(status, 7);
	assert_int_equal(os_end_reason(o), OS_END_EXIT);
	assert_int_equal(os_insns(o), 8);
	assert_int_equal(os_syscalls(o), 2);
	os_free(o);
	FILE *f = fopen(out, "r");
	char got[16] = "";
	assert_non_null(fgets(got, sizeof got, f));
	fclose(f);
	assert_string_equal(got, "init");
	assert_int_equal(cap.first_kind, TK_ASID);
	assert_int_equal(cap.n[TK_FETCH], 8);
	assert_int_equal(cap.n[TK_TRAP], 2);
	assert_int_equal(cap.trap_nr[0], 4000 + NR_write);
	assert_int_equal(cap.trap_nr[1], 4000 + NR_exit_group);
	/* first touches carry no record (the models fault pages in); the pages
	 * the process had (text, data, stack) are unmapped when it exits */
	assert_int_equal(cap.n[TK_ZERO], 0);
	assert_int_equal(cap.n[TK_PTE], 0);
	assert_true(cap.n[TK_UNMAP] >= 3);
	assert_int_equal(cap.n[TK_ASID], 1);
}

static void test_run_le(void **state) { (void)state; run_prog(0); }
static void test_run_be(void **state) { (void)state; run_prog(1); }

static void test_limit(void **state)
{
	(void)state;
	/* an endless loop: b . ; nop */
	static const uint32_t loop[] = {0x1000ffff, 0x00000000};
	elfspec s = good_spec(0);
	s.code = loop;
	s.ncode = 2;
	const char *path = write_elf("loop", &s);
	os_config cfg = {.fs_root = tmpdir, .max_insns = 12345};
	char err[512];
	os *o = new_os(path, &cfg, err, sizeof err);
	assert_non_null(o);
	assert_int_equal(os_run(o), OS_STATUS_LIMIT);
	assert_int_equal(os_end_reason(o), OS_END_LIMIT);
	assert_int_equal(os_insns(o), 12345);
	assert_non_null(strstr(os_end_message(o), "12345"));
	os_free(o);
}

/* Guest faults end the run with the signal Linux would send. */
static void fault_run(const char *name, uint32_t word, int want_sig, const char *signame)
{
	uint32_t code[2] = {word, 0};
	elfspec s = good_spec(0);
	s.code = code;
	s.ncode = 2;
	const char *path = write_elf(name, &s);
	os_config cfg = {.fs_root = tmpdir};
	char err[512];
	os *o = new_os(path, &cfg, err, sizeof err);
	assert_non_null(o);
	assert_int_equal(os_run(o), 128 + want_sig);
	assert_int_equal(os_end_reason(o), OS_END_SIGNAL);
	if (!strstr(os_end_message(o), signame) || !strstr(os_end_message(o), "0x00400200")) {
		print_error("message '%s'\n", os_end_message(o));
		fail();
	}
	os_free(o);
}

static void test_faults(void **state)
{
	(void)state;
	fault_run("ri", 0x7c0000ff, 4, "SIGILL");          /* a reserved SPECIAL3 function */
	fault_run("adel", 0x8c080001, 10, "SIGBUS");       /* lw t0,1(zero): misaligned */
	fault_run("tlbl", 0x8c080100, 11, "SIGSEGV");      /* lw t0,256(zero): unmapped */
	fault_run("teq7", 0x000001f4, 8, "SIGFPE");        /* teq zero,zero,7: divide by zero */
	fault_run("brk", 0x0000000d, 5, "SIGTRAP");        /* break 0 */
}

/* Seeded random system calls with hostile arguments (unmapped and
 * misaligned pointers, huge lengths, bad descriptors): answers only, no
 * crash (the suite reruns this under ASan).  Calls that end or replace the
 * process, signal it, or read the terminal are left out. */
static void test_syscall_fuzz(void **state)
{
	(void)state;
	elfspec s = good_spec(0);
	const char *path = write_elf("fuzz", &s);
	os_config cfg = {.fs_root = tmpdir};
	char err[512];
	g_os = new_os(path, &cfg, err, sizeof err);
	assert_non_null(g_os);
	proc *p = g_os->procs;
	for (uint32_t fd = 0; fd < 3; fd++) /* no terminal I/O */
		assert_int_equal(sc(NR_close, fd, 0, 0, 0), 0);
	static const uint32_t pick[] = {0, 1, 2, 3, 4, 16, 4096, 100000, 0xffffffffu, 0x80000000u,
	                                DATA, DATA + 1, DATA + 4093, TEXT, 0x7fff7000u, 0x7ffffff0u,
	                                0x10000000u, 0xfffffff0u, (uint32_t)-100};
	uint64_t x = 12345;
	long answered = 0;
	for (int i = 0; i < FUZZ_N; i++) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		uint32_t nr = 4000 + (uint32_t)(x % 460);
		switch (nr - 4000) {
		case NR_exit: case NR_exit_group: case NR_execve: case NR_kill: case NR_tkill:
		case NR_tgkill: case NR_sigreturn: case NR_rt_sigreturn: case NR_rt_sigprocmask:
		case NR_rt_sigsuspend: case NR_pause: case NR_clone: case NR_fork:
			continue;
		}
		uint32_t a[8];
		for (int k = 0; k < 8; k++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			a[k] = (x >> 40) & 1 ? pick[(x >> 8) % (sizeof pick / sizeof pick[0])] : (uint32_t)(x >> 16);
		}
		long rv = os_syscall(g_os, p, nr, a);
		assert_true(rv == OS_BLOCK || rv >= -4095);
		answered++;
		if (p->state >= PS_ZOMBIE) { /* a legitimate death (SIGPIPE...): start over */
			os_free(g_os);
			g_os = new_os(path, &cfg, err, sizeof err);
			assert_non_null(g_os);
			p = g_os->procs;
			for (uint32_t fd = 0; fd < 3; fd++)
				sc(NR_close, fd, 0, 0, 0);
			continue;
		}
		p->state = PS_RUN;
	}
	assert_true(answered > FUZZ_N / 4 * 3);
	os_free(g_os);
	g_os = NULL;
}

/* The guest executes garbage: seeded random instruction words (with a few
 * syscalls among them).  Every run ends (a signal, an exit, the limit),
 * never a crash or a hang. */
static void test_garbage(void **state)
{
	(void)state;
	uint64_t x = 99;
	int ends[4] = {0};
	for (int run = 0; run < 60; run++) {
		uint32_t code[64];
		for (int i = 0; i < 64; i++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			code[i] = (x & 7) == 0 ? 0x0000000c : (uint32_t)(x >> 20);
		}
		elfspec s = good_spec(run & 1);
		s.code = code;
		s.ncode = 64;
		const char *path = write_elf("garbage", &s);
		os_config cfg = {.fs_root = tmpdir, .max_insns = 200000};
		char err[512];
		g_os = new_os(path, &cfg, err, sizeof err);
		assert_non_null(g_os);
		for (uint32_t fd = 0; fd < 3; fd++)
			sc(NR_close, fd, 0, 0, 0);
		os_run(g_os);
		int e = os_end_reason(g_os);
		assert_true(e >= OS_END_EXIT && e <= OS_END_ERROR);
		ends[e]++;
		os_free(g_os);
		g_os = NULL;
	}
	assert_true(ends[OS_END_SIGNAL] > 30); /* mostly SIGILL, SIGSEGV, SIGBUS */
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/vmmsim-os-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_le),
		cmocka_unit_test(test_load_be),
		cmocka_unit_test(test_bad_elves),
		cmocka_unit_test(test_syscalls),
		cmocka_unit_test(test_getrandom_seeded),
		cmocka_unit_test(test_run_le),
		cmocka_unit_test(test_run_be),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_syscall_fuzz),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
