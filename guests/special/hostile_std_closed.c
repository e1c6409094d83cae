/* Issue 12, item 9: started with some of descriptors 0-2 closed.  Exit
 * status: bit n set if descriptor n is open (as the shell left it); it
 * also writes a line to stdout, which must not end up in a file vmmsim
 * opened (a --record trace). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	int open_mask = 0;
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			open_mask |= 1 << fd;
	static const char line[] = "guest output on stdout\n";
	write(1, line, sizeof line - 1);
	return open_mask;
}
