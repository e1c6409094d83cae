/* access with a mode beyond R_OK|W_OK|X_OK fails with EINVAL (not EACCES),
 * even for a file that does not exist */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	int modes[] = {F_OK, R_OK, R_OK | X_OK, 8, 77, -1};
	for (unsigned i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		errno = 0;
		int r = access("/", modes[i]);
		int e = errno;
		errno = 0;
		int r2 = access("no/such/file", modes[i]);
		printf("access mode %d: %d errno %d, missing file: %d errno %d\n", modes[i], r, e, r2, errno);
	}
	return 0;
}
