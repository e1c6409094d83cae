/* writes larger than the pipe (64 KiB) to a blocking pipe: write and writev
 * take the whole buffer, waiting for the reader (Linux); a reader that
 * leaves while the writer waits ends it with SIGPIPE. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/uio.h>
#include <sys/wait.h>
#define N 300000
static unsigned long drain(int fd, unsigned long *n)
{
	unsigned char b[3000];
	unsigned long sum = 0;
	ssize_t r;
	*n = 0;
	while ((r = read(fd, b, sizeof b)) > 0)
		for (ssize_t i = 0; i < r; i++, ++*n)
			sum = sum * 31 + b[i];
	return sum;
}
int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	unsigned char *data = malloc(N);
	for (int i = 0; i < N; i++)
		data[i] = (unsigned char)(i * 7 + (i >> 9));
	for (int v = 0; v < 2; v++) {
		int fd[2];
		pipe(fd);
		pid_t c = fork();
		if (c == 0) {
			close(fd[0]);
			struct iovec iov[3] = {{data, 1000}, {data + 1000, 200000}, {data + 201000, N - 201000}};
			ssize_t w = v ? writev(fd[1], iov, 3) : write(fd[1], data, N);
			_exit(w == N ? 0 : 1);
		}
		close(fd[1]);
		unsigned long n, sum = drain(fd[0], &n);
		int st;
		waitpid(c, &st, 0);
		printf("%s: %lu bytes, sum %lu, writer exited %d status %d\n", v ? "writev" : "write", n, sum,
		       WIFEXITED(st), WEXITSTATUS(st));
	}
	int fd[2];
	pipe(fd);
	pid_t c = fork();
	if (c == 0) {
		close(fd[0]);
		write(fd[1], data, N);
		_exit(0);
	}
	close(fd[1]);
	unsigned char b[1000];
	ssize_t got = read(fd[0], b, sizeof b);
	close(fd[0]);
	int st;
	waitpid(c, &st, 0);
	printf("reader left after %zd bytes: writer signalled %d signal %d\n", got, WIFSIGNALED(st), WTERMSIG(st));
	return 0;
}
