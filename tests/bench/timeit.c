/*
 * timeit.c - times a command more finely than time(1), whose GNU version
 * prints wall and CPU seconds in 10 ms steps (too coarse for a replay of
 * 0.1 s).
 *
 *   timeit -o FILE COMMAND [ARG...]
 *
 * runs COMMAND and writes to FILE one line "WALL USER SYS MAXRSS": wall
 * seconds (CLOCK_MONOTONIC), user and system CPU seconds of the command and
 * its children (wait4), to the microsecond, and its peak resident set in
 * KB.  Exits with the command's status (128 + N if signal N ended it), or
 * 127 if it could not be run; writes FILE only after the command ended.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double secs(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

int main(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[1], "-o") != 0) {
		fprintf(stderr, "usage: timeit -o FILE COMMAND [ARG...]\n");
		return 2;
	}
	const char *out = argv[2];
	double t0 = mono();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "timeit: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "timeit: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	int st;
	struct rusage ru;
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "timeit: wait4: %s\n", strerror(errno));
			return 127;
		}
	}
	double wall = mono() - t0;
	FILE *f = fopen(out, "w");
	if (!f || fprintf(f, "%.6f %.6f %.6f %ld\n", wall, secs(ru.ru_utime), secs(ru.ru_stime),
	                  ru.ru_maxrss) < 0 || fclose(f)) {
		fprintf(stderr, "timeit: %s: cannot write\n", out);
		return 127;
	}
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
