/*
 * cpu_speed.c - speed of the MIPS CPU on a freestanding guest (through the
 * test loader, tests/unit/guest_loader.h):
 *
 *   cpu_speed [--events] ELF
 *
 * prints "insns N seconds S mips M cpu_seconds C cpu_mips K" on stdout:
 * wall-clock and process CPU time (the machine is shared and noisy: the CPU
 * time is the steadier figure).  The guest's own output goes to stderr.  --events runs the event-recording build into a 64 Ki-record
 * buffer that is drained by summing it (a stand-in for the models).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../unit/guest_loader.h"
#include "util/util.h"

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int events = 0;
	int i = 1;
	if (i < argc && strcmp(argv[i], "--events") == 0) {
		events = 1;
		i++;
	}
	if (i + 1 != argc) {
		fprintf(stderr, "usage: cpu_speed [--events] ELF\n");
		return 2;
	}
	guest g;
	if (guest_load(&g, argv[i])) {
		fprintf(stderr, "cpu_speed: %s\n", g.err);
		return 1;
	}
	static trace_rec ev[1 << 16];
	uint64_t sink = 0, nrec = 0;
	if (events) {
		g.c->ev = ev;
		g.c->ev_cap = 1 << 16;
	}
	double t0 = util_now(), c0 = cpu_now();
	while (!g.exited) {
		int s = cpu_run(g.c, 1ull << 40);
		if (events) {
			for (uint32_t k = 0; k < g.c->ev_len; k++)
				sink += ev[k].addr + ev[k].kind;
			nrec += g.c->ev_len;
			g.c->ev_len = 0;
		}
		if (s == CPU_STOP_SYSCALL) {
			guest_syscall(&g);
		} else if (s != CPU_STOP_EVFULL && s != CPU_STOP_LIMIT) {
			fprintf(stderr, "cpu_speed: stopped with %d (exc %u) at 0x%08x\n", s, g.c->exc, g.c->pc);
			return 1;
		}
	}
	double t = util_now() - t0, ct = cpu_now() - c0;
	fwrite(g.out, 1, g.outlen, stderr);
	printf("insns %llu seconds %.3f mips %.1f cpu_seconds %.3f cpu_mips %.1f", (unsigned long long)g.c->insns,
	       t, g.c->insns / t / 1e6, ct, g.c->insns / ct / 1e6);
	if (events)
		printf(" records %llu (sum %llx)", (unsigned long long)nrec, (unsigned long long)(sink & 0xfff));
	printf("\n");
	int st = g.status;
	guest_free(&g);
	return st;
}
