/*
 * sys_speed.c - speed of the CPU in system mode on a bare-metal kernel of
 * guests/sys/ (through the test scaffolding, tests/unit/sys_harness.h):
 *
 *   sys_speed KERNEL
 *
 * prints "insns N user U seconds S mips M cpu_seconds C cpu_mips K" on
 * stdout (wall-clock and process CPU time); the kernel's console goes to
 * stderr.  Used with guests/sys/hashk.c built with a large ROUNDS.
 */
#include <time.h>

#include "../unit/sys_harness.h"

static double now(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: sys_speed KERNEL\n");
		return 2;
	}
	static struct board b;
	cpu *c = boot(&b, argv[1], 16);
	if (!c) {
		fprintf(stderr, "sys_speed: %s: cannot load\n", argv[1]);
		return 1;
	}
	double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	int r = run(c, &b, UINT64_C(1) << 40);
	double w = now(CLOCK_MONOTONIC) - w0, cs = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	fwrite(b.out, 1, b.outlen, stderr);
	const struct cpu_sys_stats *st = cpu_sys_stats(c);
	printf("insns %llu user %llu seconds %.3f mips %.1f cpu_seconds %.3f cpu_mips %.1f\n",
	       (unsigned long long)c->insns, (unsigned long long)st->user_insns, w, c->insns / w / 1e6,
	       cs, c->insns / cs / 1e6);
	cpu_free(c);
	free(b.ram);
	return r || !b.reset;
}
