/* For the root sandbox test: for each argument "r:PATH", "w:PATH",
 * "s:PATH" (stat), "l:PATH" (readlink), "d:PATH" (mkdir), "u:PATH"
 * (unlink), "c:PATH" (chdir then getcwd) prints what happened. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *p = argv[i] + 2;
		int r = -1;
		char buf[256] = "";
		errno = 0;
		switch (argv[i][0]) {
		case 'r': {
			int fd = open(p, O_RDONLY);
			if (fd >= 0) { ssize_t n = read(fd, buf, sizeof buf - 1); buf[n > 0 ? n : 0] = 0; buf[strcspn(buf, "\n")] = 0; close(fd); r = 0; }
			break;
		}
		case 'w': {
			int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd >= 0) { r = (int)write(fd, "written\n", 8) == 8 ? 0 : -1; close(fd); }
			break;
		}
		case 's': { struct stat st; r = stat(p, &st); if (!r) snprintf(buf, sizeof buf, "size %lld", (long long)st.st_size); break; }
		case 'l': { ssize_t n = readlink(p, buf, sizeof buf - 1); if (n >= 0) { buf[n] = 0; r = 0; } break; }
		case 'd': r = mkdir(p, 0755); break;
		case 'u': r = unlink(p); break;
		case 'c': r = chdir(p); if (!r) getcwd(buf, sizeof buf); break;
		}
		if (r == 0)
			printf("%s: ok %s\n", argv[i], buf);
		else
			printf("%s: %s\n", argv[i], strerror(errno));
	}
	return 0;
}
