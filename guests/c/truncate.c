/* truncate and ftruncate (the o32 calls with a 32-bit length, as glibc
 * calls them without _FILE_OFFSET_BITS=64) and their 64-bit forms */
#define _LARGEFILE64_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
static long size(const char *path)
{
	struct stat st;
	return stat(path, &st) ? -errno : (long)st.st_size;
}
int main(void)
{
	int fd = open("trunc.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, "0123456789abcdef", 16);
	printf("ftruncate shrink %d size %ld\n", ftruncate(fd, 10), size("trunc.txt"));
	printf("ftruncate grow %d size %ld\n", ftruncate(fd, 4100), size("trunc.txt"));
	errno = 0;
	printf("ftruncate negative %d errno %d\n", ftruncate(fd, -1), errno);
	printf("ftruncate64 %d size %ld\n", ftruncate64(fd, 12), size("trunc.txt"));
	close(fd);
	errno = 0;
	printf("ftruncate closed %d errno %d\n", ftruncate(fd, 0), errno);
	printf("truncate %d size %ld\n", truncate("trunc.txt", 7), size("trunc.txt"));
	printf("truncate64 %d size %ld\n", truncate64("trunc.txt", 3), size("trunc.txt"));
	errno = 0;
	printf("truncate missing %d errno %d\n", truncate("no/such/file", 0), errno);
	errno = 0;
	printf("truncate directory %d errno %d\n", truncate(".", 0), errno);
	char b[16] = {0};
	fd = open("trunc.txt", O_RDONLY);
	printf("read %zd '%s'\n", read(fd, b, sizeof b), b);
	errno = 0;
	printf("ftruncate read-only %d errno %d\n", ftruncate(fd, 0), errno);
	close(fd);
	return 0;
}
