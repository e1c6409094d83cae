/* file I/O: create, write, seek, read back, rename, remove, mkdir, stat, readdir */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
int main(void)
{
	FILE *f = fopen("out1.txt", "w");
	if (!f) { perror("fopen"); return 1; }
	for (int i = 0; i < 1000; i++)
		fprintf(f, "line %d %x %.3f\n", i, i * i, i / 7.0);
	fclose(f);
	f = fopen("out1.txt", "r+");
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 100, SEEK_SET);
	char buf[64];
	fread(buf, 1, 20, f);
	buf[20] = 0;
	printf("len %ld at100 [%s]\n", len, buf);
	fseek(f, 5, SEEK_SET);
	fputs("XXXX", f);
	fclose(f);
	int fd = open("out2.bin", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	unsigned char b[256];
	for (int i = 0; i < 256; i++) b[i] = (unsigned char)i;
	for (int i = 0; i < 100; i++) write(fd, b, sizeof b);
	lseek(fd, 1000000, SEEK_SET);
	write(fd, "end", 3);
	close(fd);
	struct stat st;
	stat("out2.bin", &st);
	printf("size %lld reg %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
	fd = open("out2.bin", O_RDONLY);
	lseek(fd, 25590, SEEK_SET);
	int n = (int)read(fd, b, 20);
	printf("read %d: %d %d %d\n", n, b[0], b[9], b[19]);
	printf("pread %d\n", (int)pread(fd, b, 3, 1000000));
	close(fd);
	mkdir("sub", 0755);
	f = fopen("sub/a.txt", "w"); fputs("a\n", f); fclose(f);
	f = fopen("sub/b.txt", "w"); fputs("bb\n", f); fclose(f);
	rename("sub/b.txt", "sub/c.txt");
	f = fopen("tmp.txt", "w"); fputs("x", f); fclose(f);
	printf("remove %d exists %d\n", remove("tmp.txt"), access("tmp.txt", F_OK));
	DIR *d = opendir("sub");
	char *names[16];
	int k = 0;
	struct dirent *e;
	while ((e = readdir(d)) && k < 16)
		names[k++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)k, sizeof *names, cmp);
	for (int i = 0; i < k; i++)
		printf("entry %s\n", names[i]);
	printf("missing: %d\n", fopen("no/such/file", "r") == NULL);
	f = fopen("out1.txt", "a");
	fprintf(f, "appended\n");
	fclose(f);
	char cwd[256];
	printf("cwd ok %d\n", getcwd(cwd, sizeof cwd) != NULL);
	return 0;
}
