/* clocks are monotonic and sleep advances them; output independent of the host */
#include <stdio.h>
#include <time.h>
#include <sys/time.h>
#include <unistd.h>
int main(void)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	volatile long x = 0;
	for (long i = 0; i < 100000; i++) x += i;
	struct timespec req = {0, 20000000};
	nanosleep(&req, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double dt = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	printf("monotonic advanced %d, at least the sleep %d\n", dt > 0, dt >= 0.02);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	time_t t = time(NULL);
	/* glibc's time() reads the coarse clock, which may lag gettimeofday's
	 * by a tick: across a second boundary it is one second behind */
	printf("realtime sane %d %d\n", tv.tv_sec > 1000000000, t + 1 >= tv.tv_sec);
	printf("x %ld\n", x);
	return 0;
}
