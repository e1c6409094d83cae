/* signal handlers: raise/kill to self, SA_SIGINFO, masks and sigsuspend,
 * SIGCHLD from children, SIGPIPE with a handler (EPIPE), siglongjmp out of
 * a SIGSEGV handler, SA_RESETHAND, registers and FP state kept across. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
static volatile sig_atomic_t got_usr1, got_usr2, chld, pipes, info_ok;
static volatile double fsum;
static sigjmp_buf jb;
static void on_usr1(int s) { got_usr1 += s == SIGUSR1; volatile double x = 1.5; fsum += x * 2; }
static void on_usr2(int s, siginfo_t *si, void *uc) { got_usr2++; info_ok = si->si_signo == s && si->si_pid == getpid() && uc != NULL; }
static void on_chld(int s) { (void)s; chld++; }
static void on_pipe(int s) { (void)s; pipes++; }
static void on_segv(int s) { (void)s; siglongjmp(jb, 42); }
int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	double d = 3.25;
	int k = 7;
	raise(SIGUSR1);
	kill(getpid(), SIGUSR1);
	printf("usr1 %d fsum %.1f d %.2f k %d\n", got_usr1, fsum, d * 2, k * 3);
	sa.sa_handler = NULL;
	sa.sa_sigaction = on_usr2;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, &old);
	kill(getpid(), SIGUSR2);
	printf("blocked: usr2 %d\n", got_usr2);
	sigset_t wait_mask;
	sigemptyset(&wait_mask);
	int r = sigsuspend(&wait_mask);
	printf("sigsuspend %d eintr %d usr2 %d info %d\n", r, errno == EINTR, got_usr2, info_ok);
	sigprocmask(SIG_SETMASK, &old, NULL);
	sa.sa_flags = 0;
	sa.sa_handler = on_chld;
	sigaction(SIGCHLD, &sa, NULL);
	for (int i = 0; i < 3; i++) {
		pid_t p = fork();
		if (p == 0)
			_exit(i);
		int st;
		while (waitpid(p, &st, 0) < 0 && errno == EINTR)
			;
	}
	printf("children reaped, sigchld seen %d\n", chld > 0);
	sa.sa_handler = on_pipe;
	sigaction(SIGPIPE, &sa, NULL);
	int fds[2];
	pipe(fds);
	close(fds[0]);
	errno = 0;
	ssize_t w = write(fds[1], "x", 1);
	printf("write %zd epipe %d handler %d\n", w, errno == EPIPE, pipes);
	sa.sa_handler = on_segv;
	sigaction(SIGSEGV, &sa, NULL);
	int v = sigsetjmp(jb, 1);
	if (v == 0) {
		volatile int *np = NULL;
		*np = 1;
	}
	printf("back from segv %d\n", v);
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	struct sigaction now;
	sigaction(SIGUSR1, NULL, &now);
	printf("resethand: usr1 %d default %d\n", got_usr1, now.sa_handler == SIG_DFL);
	signal(SIGTERM, SIG_IGN);
	raise(SIGTERM);
	printf("ignored SIGTERM\n");
	signal(SIGTERM, SIG_DFL);
	fflush(stdout);
	raise(SIGTERM);
	printf("not reached\n");
	return 0;
}
