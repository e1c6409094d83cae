/* pipe within one process, dup/dup2, fcntl flags, non-blocking reads */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
int main(void)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC)) return 1;
	printf("cloexec %d\n", fcntl(p[0], F_GETFD) & FD_CLOEXEC);
	write(p[1], "hello pipe", 10);
	int d = dup(p[0]);
	char b[32] = {0};
	printf("read %zd [%s]\n", read(d, b, 5), b);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	printf("read %zd\n", read(p[0], b, sizeof b));
	ssize_t r = read(p[0], b, sizeof b);
	printf("empty read %zd eagain %d\n", r, r < 0 && errno == EAGAIN);
	int saved = dup(1);
	dup2(p[1], 1);
	printf("through the pipe\n");
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	memset(b, 0, sizeof b);
	read(p[0], b, sizeof b);
	printf("got [%s]", b);
	close(p[1]);
	printf("eof %zd\n", read(p[0], b, sizeof b));
	printf("bad fd %d errno %d\n", (int)write(99, "x", 1), errno == EBADF);
	return 0;
}
