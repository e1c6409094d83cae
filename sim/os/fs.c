/*
 * fs.c - the root sandbox: every guest path is resolved below the root
 * directory (--fs-root) by the host kernel's openat2 with RESOLVE_IN_ROOT,
 * which treats the root as "/" for "..", absolute paths and absolute
 * symlinks alike (as chroot would), so nothing outside it can be named.
 * Magic links (/proc/self/fd/...) are refused.  Also: host -> MIPS errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "os/os_priv.h"

int os_errno(int e)
{
	switch (e) {
	case ENOMSG: return 35;
	case EIDRM: return 36;
	case EDEADLK: return 45;
	case ENOLCK: return 46;
	case ENODATA: return 61;
	case ETIME: return 62;
	case ENOLINK: return 67;
	case EPROTO: return 71;
	case EBADMSG: return 77;
	case ENAMETOOLONG: return 78;
	case EOVERFLOW: return 79;
	case EBADFD: return 81;
	case EILSEQ: return 88;
	case ENOSYS: return 89;
	case ELOOP: return 90;
	case ENOTEMPTY: return 93;
	case ENOTSOCK: return 95;
	case EOPNOTSUPP: return 122;
	case ETIMEDOUT: return 145;
	case ESTALE: return 151;
	case ECANCELED: return 158;
	case EDQUOT: return 1133;
	default:
		return e > 0 && e <= 34 ? e : EIO;
	}
}

int fs_open_root(os *o, const char *dir, char *err, size_t errlen)
{
	char *real = realpath(dir ? dir : ".", NULL);
	if (!real) {
		snprintf(err, errlen, "%s: %s", dir ? dir : ".", strerror(errno));
		return -1;
	}
	int fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", real, strerror(errno));
		free(real);
		return -1;
	}
	o->rootfd = fd;
	o->root = real;
	return 0;
}

/* Guest path of a guest directory descriptor, or NULL. */
static const char *dir_path(proc *p, int dirfd)
{
	if (dirfd < 0 || dirfd >= OS_MAXFD || !p->fd[dirfd].f)
		return NULL;
	return p->fd[dirfd].f->path;
}

/* Joins cwd (or the directory of dirfd) and path into a guest absolute
 * path.  Returns 0 or -errno. */
int fs_join(os *o, proc *p, int dirfd, const char *path, char *out, size_t outlen)
{
	(void)o;
	if (!path[0])
		return -ENOENT;
	int n;
	if (path[0] == '/') {
		n = snprintf(out, outlen, "%s", path);
	} else {
		const char *base = p->cwd;
		if (dirfd != -100) { /* AT_FDCWD */
			base = dir_path(p, dirfd);
			if (!base)
				return -EBADF;
		}
		n = snprintf(out, outlen, "%s/%s", base, path);
	}
	if (n < 0 || (size_t)n >= outlen)
		return -os_errno(ENAMETOOLONG);
	return 0;
}

static int resolve(os *o, const char *gpath, uint64_t flags, uint64_t mode)
{
	struct open_how how;
	memset(&how, 0, sizeof how);
	how.flags = flags | O_CLOEXEC;
	how.mode = mode;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	int fd;
	do
		fd = (int)syscall(SYS_openat2, o->rootfd, gpath, &how, sizeof how);
	while (fd < 0 && errno == EAGAIN);
	if (fd < 0)
		return -os_errno(errno == EXDEV ? EACCES : errno);
	return fd;
}

int fs_open(os *o, proc *p, int dirfd, const char *path, int hostflags, int mode)
{
	char g[4096];
	int rc = fs_join(o, p, dirfd, path, g, sizeof g);
	if (rc)
		return rc;
	return resolve(o, g, (uint64_t)hostflags, (hostflags & (O_CREAT | O_TMPFILE)) ? (uint64_t)mode : 0);
}

int fs_parent(os *o, proc *p, int dirfd, const char *path, char *base, size_t baselen)
{
	char g[4096];
	int rc = fs_join(o, p, dirfd, path, g, sizeof g);
	if (rc)
		return rc;
	size_t n = strlen(g);
	while (n > 1 && g[n - 1] == '/')
		g[--n] = 0;
	char *slash = strrchr(g, '/');
	const char *last = slash + 1;
	if (strlen(last) + 1 > baselen)
		return -os_errno(ENAMETOOLONG);
	strcpy(base, last[0] ? last : ".");
	if (!strcmp(base, ".") || !strcmp(base, ".."))
		return -EINVAL;
	if (slash == g)
		slash[1] = 0;
	else
		*slash = 0;
	return resolve(o, g, O_PATH | O_DIRECTORY, 0);
}
