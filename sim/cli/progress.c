/*
 * progress.c - the progress line (progress.h).
 */
#include "cli/progress.h"

#include <stdio.h>

#include "util/util.h"

void cli_progress_init(cli_progress *p, const char *what, int enable)
{
	p->what = what;
	p->on = enable && util_stderr_tty();
	p->t0 = util_now();
	p->last = 0;
}

void cli_progress_show(void *opaque, uint64_t done, uint64_t total, int final)
{
	cli_progress *p = opaque;
	if (!p->on)
		return;
	if (final) {
		if (p->last > 0)
			fputs("\r\033[K", stderr);
		return;
	}
	double now = util_now();
	if (now - p->t0 < 1.0 || now - p->last < 0.25)
		return;
	p->last = now;
	double rate = (double)done / (now - p->t0);
	if (total) {
		double left = rate > 0 ? (double)(total - (done < total ? done : total)) / rate : 0;
		fprintf(stderr, "\r\033[K%s: %llu of %llu records (%.0f%%), %.1f M records/s, %.1f s left",
		        p->what, (unsigned long long)done, (unsigned long long)total,
		        100.0 * (double)done / (double)total, rate / 1e6, left);
	} else {
		fprintf(stderr, "\r\033[K%s: %llu records, %.1f M records/s", p->what,
		        (unsigned long long)done, rate / 1e6);
	}
}
