/* Issue 12, item 3: fork until fork fails.
 *   hostile_forkbomb count   the parent forks children that wait on a pipe
 *                            until fork fails; prints "forks N errno E",
 *                            then lets them go, reaps them, exits 0
 *   hostile_forkbomb bomb    every process forks forever (for(;;) fork()):
 *                            ends only by vmmsim's --max-insns */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "bomb"))
		for (;;)
			fork();
	int p[2];
	if (pipe(p) != 0)
		return 2;
	int n = 0, err = 0;
	for (;;) {
		pid_t c = fork();
		if (c == 0) {
			char b;
			close(p[1]);
			read(p[0], &b, 1); /* until the parent closes the write end */
			_exit(0);
		}
		if (c < 0) {
			err = errno;
			break;
		}
		n++;
	}
	printf("forks %d errno %d\n", n, err);
	fflush(stdout);
	close(p[1]);
	int reaped = 0;
	while (wait(NULL) > 0)
		reaped++;
	printf("reaped %d\n", reaped);
	return 0;
}
