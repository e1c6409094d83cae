/*
 * interrupt.c - SIGINT and SIGTERM as a flag (see interrupt.h).  The flag
 * is the one mutable global of the program: a signal handler can reach
 * nothing else.
 */
#include <string.h>

#include "cli/interrupt.h"

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	if (caught) { /* the second one: no more waiting */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	caught = sig;
}

static void catch_one(int sig, struct sigaction *old)
{
	struct sigaction sa;
	if (sigaction(sig, NULL, old) == 0 && old->sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a host read waiting for a terminal returns */
	sigaction(sig, &sa, NULL);
}

volatile sig_atomic_t *cli_interrupt_catch(cli_interrupt *s)
{
	caught = 0;
	catch_one(SIGINT, &s->old_int);
	catch_one(SIGTERM, &s->old_term);
	return &caught;
}

void cli_interrupt_restore(const cli_interrupt *s)
{
	sigaction(SIGINT, &s->old_int, NULL);
	sigaction(SIGTERM, &s->old_term, NULL);
}

const char *cli_interrupt_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal";
}
