/* fork, pipes between processes, wait status of exits and signals */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void)
{
	int fds[2];
	if (pipe(fds)) return 1;
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		close(fds[0]);
		for (int i = 0; i < 5000; i++) {
			char b[64];
			int n = snprintf(b, sizeof b, "msg %d\n", i);
			write(fds[1], b, (size_t)n);
		}
		_exit(7);
	}
	close(fds[1]);
	char buf[4096];
	long total = 0, lines = 0;
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof buf)) > 0) {
		total += n;
		for (ssize_t i = 0; i < n; i++) lines += buf[i] == '\n';
	}
	int st;
	pid_t w = waitpid(c, &st, 0);
	printf("read %ld bytes %ld lines, child ok %d exited %d status %d\n", total, lines, w == c, WIFEXITED(st), WEXITSTATUS(st));
	for (int k = 0; k < 3; k++) {
		pid_t p = fork();
		if (p == 0) {
			if (k == 0) exit(3);
			if (k == 1) abort();
			volatile int *np = NULL;
			*np = 1;
			_exit(0);
		}
		waitpid(p, &st, 0);
		printf("child %d: exited %d code %d signaled %d sig %d\n", k, WIFEXITED(st), WIFEXITED(st) ? WEXITSTATUS(st) : -1,
		       WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	}
	pid_t p = fork();
	if (p == 0) { for (;;) pause(); }
	kill(p, SIGTERM);
	waitpid(p, &st, 0);
	printf("killed: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
	printf("no more children: %d\n", wait(&st));
	/* writer to a closed pipe: SIGPIPE */
	if (pipe(fds)) return 1;
	p = fork();
	if (p == 0) { close(fds[0]); sleep(0); for (int i = 0; i < 100; i++) write(fds[1], "x", 1); _exit(0); }
	close(fds[0]);
	close(fds[1]);
	waitpid(p, &st, 0);
	printf("sigpipe: signaled %d sig %d\n", WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return 0;
}
