/* Issue 12, item 7: what readlink("/proc/self/exe") answers (static
 * glibc's start-up also asks, and aborts on a relative answer).  Prints
 * the answer; exits 0 if it is absolute, 1 if not. */
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	char b[4096];
	ssize_t n = readlink("/proc/self/exe", b, sizeof b - 1);
	if (n < 0)
		return 2;
	b[n] = 0;
	printf("%s\n", b);
	return b[0] == '/' ? 0 : 1;
}
