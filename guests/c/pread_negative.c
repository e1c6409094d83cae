/* pread and pwrite with a negative offset fail with EINVAL and leave the
 * file and its offset alone (they read and wrote at the current offset). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
int main(void)
{
	char b[16] = {0};
	int fd = open("pread.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, "0123456789", 10);
	lseek(fd, 2, SEEK_SET);
	errno = 0;
	printf("pread -1: %zd errno %d\n", pread(fd, b, 4, -1), errno);
	errno = 0;
	printf("pwrite -5: %zd errno %d\n", pwrite(fd, "abcd", 4, -5), errno);
	errno = 0;
	printf("pread bad fd: %zd errno %d\n", pread(99, b, 4, -1), errno);
	printf("offset %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	struct stat st;
	fstat(fd, &st);
	printf("size %ld\n", (long)st.st_size);
	printf("pread 3: %zd '%s'\n", pread(fd, b, 20, 3), b);
	return 0;
}
