/* Issue 12, item 10: what of the host reaches the guest.  Prints its
 * environment, working directory and local time (TZ); vmmsim gives it a
 * fixed environment, so none of it may depend on the host's. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>
extern char **environ;
int main(void)
{
	for (char **e = environ; *e; e++)
		printf("env %s\n", *e);
	char cwd[4096];
	printf("cwd %s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	char b[64];
	strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S %Z", &tm);
	printf("time %s\n", b);
	return 0;
}
