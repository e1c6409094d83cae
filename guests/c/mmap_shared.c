/* MAP_SHARED | MAP_ANONYMOUS memory is shared with the children forked
 * after it (a counter they all add to, a page first touched by a child),
 * while MAP_PRIVATE memory is copied; a child's munmap leaves the parent's
 * mapping alone; mprotect keeps the sharing. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
int main(void)
{
	int *sh = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int *pr = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || pr == MAP_FAILED) {
		printf("mmap failed\n");
		return 1;
	}
	sh[0] = 100;
	pr[0] = 100;
	for (int i = 1; i <= 4; i++) {
		pid_t c = fork();
		if (c == 0) {
			sh[0] += i;
			pr[0] += i;
			sh[1024 + i] = i * i; /* the second page: first touched here */
			_exit(0);
		}
		int st;
		waitpid(c, &st, 0);
	}
	printf("shared %d private %d second page %d %d %d %d\n", sh[0], pr[0], sh[1025], sh[1026], sh[1027], sh[1028]);
	pid_t c = fork();
	if (c == 0) {
		munmap(sh, 4096);
		sh[2048] = 77; /* the third page, still mapped */
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	printf("after the child's munmap: %d third page %d\n", sh[0], sh[2048]);
	mprotect(sh, 4096, PROT_READ);
	c = fork();
	if (c == 0) {
		mprotect(sh, 4096, PROT_READ | PROT_WRITE);
		sh[0] = -1;
		_exit(0);
	}
	waitpid(c, &st, 0);
	printf("after mprotect: %d\n", sh[0]);
	return 0;
}
