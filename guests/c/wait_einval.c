/* waitpid with unknown options fails with EINVAL (before ECHILD);
 * getpgid and getsid of a process that does not exist fail with ESRCH */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void)
{
	errno = 0;
	printf("waitpid options 0x100: %d errno %d\n", waitpid(-1, NULL, 0x100), errno);
	errno = 0;
	printf("waitpid no child: %d errno %d\n", waitpid(-1, NULL, 0), errno);
	pid_t c = fork();
	if (c == 0)
		_exit(4);
	int st;
	printf("waitpid WNOHANG|WUNTRACED: %d\n", waitpid(c, &st, WUNTRACED) == c && WEXITSTATUS(st) == 4);
	errno = 0;
	printf("getpgid(99999): %d errno %d\n", getpgid(99999), errno);
	errno = 0;
	printf("getsid(99999): %d errno %d\n", getsid(99999), errno);
	printf("getpgid(0) is mine: %d, getpgid(me) %d\n", getpgid(0) == getpgid(getpid()), getpgid(getpid()) > 0);
	return 0;
}
