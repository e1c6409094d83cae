/* Large argument lists through execve (tests/cli/run_args.sh).
 *   hostile_execargs NARG ARGLEN NENV ENVLEN
 * re-executes itself (/proc/self/exe) with argv = {"child", NARG strings of
 * ARGLEN bytes} and NENV environment strings of ENVLEN bytes, and prints
 * what the child saw, or the errno of the failed execve.  Run with other
 * arguments (or none), it prints its argc, the bytes of its arguments and
 * its environment's size. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
extern char **environ;
static char **strings(const char *first, long n, long len, int c)
{
	char **v = calloc((size_t)n + 2, sizeof *v);
	long k = 0;
	if (first)
		v[k++] = (char *)first;
	for (long i = 0; i < n; i++, k++) {
		v[k] = malloc((size_t)len + 1);
		memset(v[k], c, (size_t)len);
		v[k][len] = 0;
	}
	return v;
}
int main(int argc, char **argv)
{
	if (argc != 5) {
		unsigned long a = 0, e = 0, ne = 0;
		for (int i = 0; i < argc; i++)
			a += strlen(argv[i]);
		for (char **p = environ; *p; p++, ne++)
			e += strlen(*p);
		printf("argc %d bytes %lu envc %lu bytes %lu\n", argc, a, ne, e);
		return 0;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	char **av = strings("child", atol(argv[1]), atol(argv[2]), 'a');
	char **ev = strings(NULL, atol(argv[3]), atol(argv[4]), 'e');
	pid_t c = fork();
	if (c == 0) {
		execve("/proc/self/exe", av, ev);
		printf("execve: errno %d%s\n", errno, errno == E2BIG ? " E2BIG" : "");
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	printf("child status %d\n", st);
	return 0;
}
