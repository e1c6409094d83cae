/* Issue 12, item 3: takes memory until it is refused.
 *   hostile_memhog brk          sbrk(1 MiB) until it fails
 *   hostile_memhog mmap         mmap 16 MiB (untouched) until it fails
 *   hostile_memhog touch        malloc 1 MiB blocks, one store per page,
 *                               until malloc returns NULL
 *   hostile_memhog fork MIB     maps and touches MIB MiB, then forks
 * Prints "MODE MIB errno E" (MiB obtained, errno of the failure; fork:
 * fork's result and errno) and exits 0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "touch";
	long mib = 0;
	int err = 0;
	if (!strcmp(m, "brk")) {
		while (sbrk(1 << 20) != (void *)-1)
			mib++;
		err = errno;
	} else if (!strcmp(m, "mmap")) {
		while (mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED)
			mib += 16;
		err = errno;
	} else if (!strcmp(m, "touch")) {
		char *b;
		while ((b = malloc(1 << 20)) != NULL) {
			for (int i = 0; i < (1 << 20); i += 4096)
				b[i] = 1;
			mib++;
		}
		err = errno;
	} else if (!strcmp(m, "fork")) {
		long want = argc > 2 ? atol(argv[2]) : 1;
		char *b = mmap(NULL, (size_t)want << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b == MAP_FAILED)
			return 2;
		memset(b, 1, (size_t)want << 20);
		pid_t c = fork();
		if (c == 0)
			_exit(0);
		err = c < 0 ? errno : 0;
		mib = c < 0 ? -1 : 1;
		if (c > 0)
			wait(NULL);
	}
	printf("%s %ld errno %d\n", m, mib, err);
	return 0;
}
