/* sigpending (rt_sigpending): blocked signals that are pending, a pending
 * signal discarded by SIG_IGN, delivered when unblocked. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static volatile sig_atomic_t got;
static void on_usr1(int s) { (void)s; got++; }
int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGUSR1, on_usr1);
	sigset_t s, pend;
	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	sigemptyset(&pend);
	printf("nothing pending: %d, %d\n", sigpending(&pend), sigismember(&pend, SIGINT));
	raise(SIGINT);
	kill(getpid(), SIGUSR1);
	sigpending(&pend);
	printf("pending: INT %d USR1 %d TERM %d\n", sigismember(&pend, SIGINT), sigismember(&pend, SIGUSR1),
	       sigismember(&pend, SIGTERM));
	signal(SIGINT, SIG_IGN);
	sigpending(&pend);
	printf("after SIG_IGN: INT %d USR1 %d handler ran %d\n", sigismember(&pend, SIGINT),
	       sigismember(&pend, SIGUSR1), got);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	sigpending(&pend);
	printf("unblocked: USR1 %d handler ran %d\n", sigismember(&pend, SIGUSR1), got);
	return 0;
}
