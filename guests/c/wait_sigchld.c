/* a SIGCHLD handler (without SA_RESTART) and a parent blocked in waitpid,
 * wait or read: the call that can complete when the child's signal arrives
 * completes (Linux), the handler runs after it; it is not ended with EINTR. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
static volatile sig_atomic_t n;
static void on_chld(int s) { (void)s; n++; }
static void busy(void) { for (volatile int k = 0; k < 200000; k++); }
int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_chld;
	sigaction(SIGCHLD, &sa, NULL);
	for (int i = 0; i < 3; i++) {
		pid_t c = fork();
		if (c == 0) {
			busy();
			_exit(10 + i);
		}
		int st = -1;
		pid_t w = i == 1 ? wait(&st) : waitpid(c, &st, 0);
		int e = errno;
		printf("wait %d: same child %d errno %d exited %d status %d handler ran %d\n", i, w == c,
		       w < 0 ? e : 0, WIFEXITED(st), WEXITSTATUS(st), n == i + 1);
		if (w < 0)
			waitpid(c, &st, 0);
	}
	int fd[2];
	pipe(fd);
	pid_t c = fork();
	if (c == 0) {
		close(fd[0]);
		busy();
		write(fd[1], "data", 4);
		_exit(0);
	}
	close(fd[1]);
	char b[8] = {0};
	ssize_t r = read(fd[0], b, sizeof b - 1);
	int e = errno;
	printf("read %zd errno %d %s\n", r, r < 0 ? e : 0, b);
	int st;
	while (waitpid(c, &st, 0) < 0 && errno == EINTR)
		;
	printf("handler ran %d times\n", n);
	return 0;
}
