/* nanosleep and clock_nanosleep with an invalid time (negative seconds,
 * nanoseconds out of range) fail with EINVAL and do not move the clock. */
#include <errno.h>
#include <stdio.h>
#include <time.h>
static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}
int main(void)
{
	long long t0 = now_ms();
	struct timespec bad[] = {{-1, 0}, {-100, 5}, {0, 1000000000}, {0, -1}, {1, 2000000000}};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		errno = 0;
		int r = nanosleep(&bad[i], NULL);
		printf("nanosleep {%ld, %ld}: %d errno %d\n", (long)bad[i].tv_sec, bad[i].tv_nsec, r, errno);
		r = clock_nanosleep(CLOCK_MONOTONIC, 0, &bad[i], NULL);
		printf("clock_nanosleep: %d\n", r);
	}
	printf("the clock did not jump: %d\n", now_ms() - t0 < 10000);
	return 0;
}
