/*
 * test_cpu_guests.c - differential test of the CPU against qemu-mipsel and
 * qemu-mips: every freestanding guest in guests/ is built at test time,
 * little and big endian, and run under qemu and under the CPU (through the
 * test loader, tests/unit/guest_loader.h).  Output and exit status must be
 * identical, and the instruction count equal to the number of "Trace"
 * lines of `qemu-mipsel -singlestep -d exec,nochain` (one per executed
 * instruction, delay slots and annulled delay slots included).
 *
 * Also runs each guest with events on, through a small buffer, checking
 * that the fetch records equal the instruction count.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "guest_loader.h"

static char tmpdir[256];
static const char *top;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = malloc(GL_OUT_MAX + 1);
	*len = fread(b, 1, GL_OUT_MAX, f);
	fclose(f);
	b[*len] = 0;
	return b;
}

static void check_guest(const char *name, int big)
{
	const char *gcc = big ? "mips-linux-gnu-gcc -EB" : "mipsel-linux-gnu-gcc";
	const char *qemu = big ? "qemu-mips" : "qemu-mipsel";
	char exe[512], path[600];
	snprintf(exe, sizeof(exe), "%s/%s.%s", tmpdir, name, big ? "be" : "le");
	if (sh("%s -static -nostdlib -ffreestanding -O2 -mno-abicalls -fno-pic -no-pie -I%s/guests "
	       "-o %s %s/guests/%s.c -lgcc", gcc, top, exe, top, name))
		fail_msg("%s: compile failed", name);
	int rc = sh("%s %s > %s.qout 2>&1; echo $? > %s.qrc", qemu, exe, exe, exe);
	assert_int_equal(rc, 0);
	rc = sh("%s -singlestep -d exec,nochain -D /dev/fd/3 %s 3>&1 >/dev/null 2>&1 | grep -c '^Trace' > %s.qcount",
	        qemu, exe, exe);
	size_t n;
	snprintf(path, sizeof(path), "%s.qout", exe);
	char *qout = slurp(path, &n);
	size_t qlen = n;
	snprintf(path, sizeof(path), "%s.qrc", exe);
	char *qrc = slurp(path, &n);
	snprintf(path, sizeof(path), "%s.qcount", exe);
	char *qcount = slurp(path, &n);
	assert_non_null(qout);
	assert_non_null(qrc);
	assert_non_null(qcount);

	guest g;
	if (guest_load(&g, exe))
		fail_msg("%s", g.err);
	if (guest_run(&g, 2000000000ull))
		fail_msg("%s: %s", name, g.err);
	if (g.err[0])
		fprintf(stderr, "%s: %s\n", name, g.err);
	fprintf(stderr, "%s %s: status %d, %llu instructions, qemu: status %d, %s", name,
	        big ? "BE" : "LE", g.status, (unsigned long long)g.c->insns, atoi(qrc), qcount);
	assert_int_equal(g.status, atoi(qrc));
	assert_int_equal(g.outlen, qlen);
	assert_memory_equal(g.out, qout, qlen);
	assert_int_equal(g.c->insns, strtoull(qcount, NULL, 10));
	uint64_t insns = g.c->insns;
	guest_free(&g);

	/* with events, through a small buffer: the same run, one fetch per
	 * counted instruction */
	if (guest_load(&g, exe))
		fail_msg("%s", g.err);
	trace_rec ev[37];
	g.c->ev = ev;
	g.c->ev_cap = 37;
	uint64_t fetches = 0, data = 0;
	while (!g.exited) {
		int s = cpu_run(g.c, 1000);
		for (uint32_t i = 0; i < g.c->ev_len; i++) {
			if (ev[i].kind == TK_FETCH)
				fetches++;
			else
				data++;
		}
		g.c->ev_len = 0;
		if (s == CPU_STOP_SYSCALL)
			guest_syscall(&g);
		else if (s != CPU_STOP_LIMIT && s != CPU_STOP_EVFULL)
			break;
	}
	assert_true(g.exited);
	assert_int_equal(g.c->insns, insns);
	assert_int_equal(fetches, insns);
	assert_true(data > 0);
	assert_int_equal(g.outlen, qlen);
	assert_memory_equal(g.out, qout, qlen);
	guest_free(&g);
	free(qout);
	free(qrc);
	free(qcount);
}

static void test_guests(void **state)
{
	(void)state;
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/guests", top);
	DIR *d = opendir(dir);
	assert_non_null(d);
	char *names[64];
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 64) {
		size_t l = strlen(de->d_name);
		if (l > 2 && strcmp(de->d_name + l - 2, ".c") == 0) {
			names[n] = strdup(de->d_name);
			names[n][l - 2] = 0;
			n++;
		}
	}
	closedir(d);
	assert_true(n >= 5);
	for (int i = 0; i < n; i++) {
		check_guest(names[i], 0);
		check_guest(names[i], 1);
		free(names[i]);
	}
}

int main(void)
{
	if (sh("mipsel-linux-gnu-gcc --version >/dev/null 2>&1 && mips-linux-gnu-gcc --version >/dev/null 2>&1 "
	       "&& qemu-mipsel -version >/dev/null 2>&1 && qemu-mips -version >/dev/null 2>&1")) {
		fprintf(stderr, "cross compilers or qemu-user not installed\n");
		return 77;
	}
	top = getenv("TOP") ? getenv("TOP") : ".";
	snprintf(tmpdir, sizeof(tmpdir), "%s/vmmsim-guests.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guests),
	};
	int r = cmocka_run_group_tests_name("cpu guests vs qemu", tests, NULL, NULL);
	sh("rm -rf %s", tmpdir);
	return r ? 1 : 0;
}
