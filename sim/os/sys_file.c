/*
 * sys_file.c - the o32 system calls about files, descriptors and pipes.
 *
 * Host files are reached only through fs.c (below the root).  A guest
 * descriptor points at a shared open file description (ofile): a host
 * descriptor or one end of an in-memory pipe.  Pipes are the OS's own
 * (64 KiB rings), so a reader or writer that would wait blocks in the
 * scheduler instead of the host.  Read-only unless --fs-rw: calls that
 * would change the tree fail with EROFS.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "os/os_priv.h"
#include "os/sysnr.h"

#define PIPE_CAP 65536u
#define SCRATCH_MAX (1u << 20)
#define AT_FDCWD_ (-100)

/* MIPS open flags */
#define GO_APPEND 0x8u
#define GO_DSYNC 0x10u
#define GO_NONBLOCK 0x80u
#define GO_CREAT 0x100u
#define GO_TRUNC 0x200u
#define GO_EXCL 0x400u
#define GO_NOCTTY 0x800u
#define GO_SYNC 0x4000u
#define GO_DIRECTORY 0x10000u
#define GO_NOFOLLOW 0x20000u
#define GO_CLOEXEC 0x80000u
#define GO_PATH 0x200000u
#define GO_TMPFILE 0x400000u

/* ---- open file descriptions and descriptor tables --------------------- */

ofile *of_new(int kind)
{
	ofile *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->refs = 1;
	f->kind = kind;
	f->hostfd = -1;
	return f;
}

void of_ref(ofile *f)
{
	f->refs++;
}

void of_unref(os *o, ofile *f)
{
	if (--f->refs > 0)
		return;
	if (f->kind == OF_HOST && f->hostfd > 2)
		close(f->hostfd);
	if (f->pipe) {
		if (f->kind == OF_PIPE_R)
			f->pipe->readers--;
		else
			f->pipe->writers--;
		if (!f->pipe->readers && !f->pipe->writers) {
			free(f->pipe->buf);
			free(f->pipe);
		}
		os_wake_all(o);
	}
	free(f->path);
	free(f);
}

int fd_alloc(proc *p, int lowest)
{
	for (int i = lowest < 0 ? 0 : lowest; i < OS_MAXFD; i++)
		if (!p->fd[i].f)
			return i;
	return -EMFILE;
}

void fd_close_all(os *o, proc *p)
{
	for (int i = 0; i < OS_MAXFD; i++)
		if (p->fd[i].f) {
			of_unref(o, p->fd[i].f);
			p->fd[i].f = NULL;
		}
}

void fd_close_exec(os *o, proc *p)
{
	for (int i = 0; i < OS_MAXFD; i++)
		if (p->fd[i].f && p->fd[i].cloexec) {
			of_unref(o, p->fd[i].f);
			p->fd[i].f = NULL;
		}
}

static ofile *getf(proc *p, uint32_t fd)
{
	return fd < OS_MAXFD ? p->fd[fd].f : NULL;
}

static uint8_t *scratch(os *o, size_t n)
{
	if (n > o->scratch_cap) {
		uint8_t *b = realloc(o->scratch, n);
		if (!b)
			return NULL;
		o->scratch = b;
		o->scratch_cap = n;
	}
	return o->scratch;
}

static int put32(proc *p, uint32_t addr, uint32_t v)
{
	uint8_t b[4];
	g_put32(p->c->big_endian, b, v);
	return mem_write(p->m, addr, b, 4);
}

static uint64_t arg64(proc *p, const uint32_t *a)
{
	return p->c->big_endian ? (uint64_t)a[0] << 32 | a[1] : (uint64_t)a[1] << 32 | a[0];
}

static long herr(void)
{
	return -os_errno(errno);
}

/* ---- read / write ------------------------------------------------------ */

/* Reads up to n bytes from f into the host buffer b; OS_BLOCK or -errno. */
static long f_read(os *o, ofile *f, uint8_t *b, size_t n, int64_t off)
{
	if (f->kind == OF_PIPE_W)
		return -EBADF;
	if (f->kind == OF_DEV) {
		if (f->dev == 1)
			return 0;
		if (f->dev == 2)
			memset(b, 0, n);
		for (size_t i = 0; f->dev == 3 && i < n; i += 8) {
			uint64_t r = os_random(o);
			memcpy(b + i, &r, n - i < 8 ? n - i : 8);
		}
		return (long)n;
	}
	if (f->kind == OF_PIPE_R) {
		if (off >= 0)
			return -ESPIPE;
		os_pipe *pp = f->pipe;
		if (!pp->len) {
			if (!pp->writers || !n)
				return 0;
			return (f->flags & GO_NONBLOCK) ? -EAGAIN : OS_BLOCK;
		}
		size_t got = 0;
		while (got < n && pp->len) {
			size_t run = pp->cap - pp->head;
			if (run > pp->len)
				run = pp->len;
			if (run > n - got)
				run = n - got;
			memcpy(b + got, pp->buf + pp->head, run);
			pp->head = (uint32_t)((pp->head + run) % pp->cap);
			pp->len -= (uint32_t)run;
			got += run;
		}
		os_wake_all(o);
		return (long)got;
	}
	if (f->is_dir)
		return -EISDIR;
	ssize_t r = off >= 0 ? pread(f->hostfd, b, n, off) : read(f->hostfd, b, n);
	return r < 0 ? herr() : (long)r;
}

static long f_write(os *o, proc *p, ofile *f, const uint8_t *b, size_t n, int64_t off)
{
	if (f->kind == OF_PIPE_R)
		return -EBADF;
	if (f->kind == OF_DEV)
		return (long)n;
	if (f->kind == OF_PIPE_W) {
		if (off >= 0)
			return -ESPIPE;
		os_pipe *pp = f->pipe;
		if (!pp->readers) {
			os_signal(o, p, GSIGPIPE);
			return -EPIPE;
		}
		if (!n)
			return 0;
		if (pp->len == pp->cap)
			return (f->flags & GO_NONBLOCK) ? -EAGAIN : OS_BLOCK;
		size_t put = 0;
		while (put < n && pp->len < pp->cap) {
			uint32_t tail = (pp->head + pp->len) % pp->cap;
			size_t run = pp->cap - tail;
			if (run > pp->cap - pp->len)
				run = pp->cap - pp->len;
			if (run > n - put)
				run = n - put;
			memcpy(pp->buf + tail, b + put, run);
			pp->len += (uint32_t)run;
			put += run;
		}
		os_wake_all(o);
		return (long)put;
	}
	size_t done = 0;
	while (done < n) {
		ssize_t w = off >= 0 ? pwrite(f->hostfd, b + done, n - done, off + (int64_t)done)
		                     : write(f->hostfd, b + done, n - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)
				os_signal(o, p, GSIGPIPE);
			if (done && f->timed)
				os_ftimes_note(o, f->fdev, f->fino, NULL, OS_FT_DATA);
			return done ? (long)done : herr();
		}
		done += (size_t)w;
	}
	if (done && f->timed)
		os_ftimes_note(o, f->fdev, f->fino, NULL, OS_FT_DATA);
	return (long)done;
}

static long do_read(os *o, proc *p, uint32_t fd, uint32_t buf, uint32_t n, int64_t off)
{
	ofile *f = getf(p, fd);
	if (!f)
		return -EBADF;
	if (n > SCRATCH_MAX)
		n = SCRATCH_MAX;
	uint8_t *b = scratch(o, n ? n : 1);
	if (!b)
		return -ENOMEM;
	long r = f_read(o, f, b, n, off);
	if (r > 0 && mem_write(p->m, buf, b, (size_t)r) != 0)
		return -EFAULT;
	return r;
}

/* A write to a blocking pipe takes all n bytes, as Linux's: done bytes went
 * in on earlier tries of this call (p->partial), w is this try's result for
 * the rest.  Short of n, the call waits (OS_BLOCK) with p->partial set, and
 * is retried when a reader makes room; if a signal's handler ends the wait,
 * the call returns the bytes written (os_run). */
static int pipe_waits(const ofile *f)
{
	return f->kind == OF_PIPE_W && !(f->flags & GO_NONBLOCK);
}

static size_t pipe_done(proc *p, size_t n)
{
	size_t done = p->partial < n ? p->partial : 0;
	p->partial = 0;
	return done;
}

static long pipe_whole(proc *p, long w, size_t done, size_t n)
{
	if (w == OS_BLOCK)
		w = 0;
	else if (w < 0)
		return done ? (long)done : w;
	done += (size_t)w;
	if (done < n) {
		p->partial = (uint32_t)done;
		return OS_BLOCK;
	}
	return (long)done;
}

static long write_part(os *o, proc *p, ofile *f, uint32_t buf, uint32_t n, int64_t off);

static long do_write(os *o, proc *p, uint32_t fd, uint32_t buf, uint32_t n, int64_t off)
{
	ofile *f = getf(p, fd);
	if (!f)
		return -EBADF;
	if (pipe_waits(f) && off < 0) {
		size_t done = pipe_done(p, n);
		return pipe_whole(p, write_part(o, p, f, buf + (uint32_t)done, n - (uint32_t)done, off), done, n);
	}
	return write_part(o, p, f, buf, n, off);
}

/* Writes up to n bytes in scratch-sized chunks; stops at a short write. */
static long write_part(os *o, proc *p, ofile *f, uint32_t buf, uint32_t n, int64_t off)
{
	long total = 0;
	while (n) {
		uint32_t chunk = n > SCRATCH_MAX ? SCRATCH_MAX : n;
		uint8_t *b = scratch(o, chunk);
		if (!b)
			return total ? total : -ENOMEM;
		if (mem_read(p->m, buf, b, chunk) != 0)
			return total ? total : -EFAULT;
		long w = f_write(o, p, f, b, chunk, off >= 0 ? off + total : -1);
		if (w < 0)
			return total ? total : w;
		total += w;
		if ((uint32_t)w < chunk)
			break;
		buf += chunk;
		n -= chunk;
	}
	return total;
}

/* readv/writev: gathers the iovecs in the scratch buffer, one transfer. */
static long do_iov(os *o, proc *p, uint32_t fd, uint32_t iov, uint32_t cnt, int wr)
{
	ofile *f = getf(p, fd);
	if (!f)
		return -EBADF;
	if (cnt > 1024)
		return -EINVAL;
	int be = p->c->big_endian;
	size_t total = 0;
	uint8_t v[8];
	for (uint32_t i = 0; i < cnt; i++) {
		if (mem_read(p->m, iov + 8 * i, v, 8) != 0)
			return -EFAULT;
		total += g_get32(be, v + 4);
	}
	if (total > SCRATCH_MAX)
		total = SCRATCH_MAX;
	uint8_t *b = scratch(o, total ? total : 1);
	if (!b)
		return -ENOMEM;
	size_t pos = 0;
	if (wr) {
		for (uint32_t i = 0; i < cnt && pos < total; i++) {
			mem_read(p->m, iov + 8 * i, v, 8);
			uint32_t base = g_get32(be, v), len = g_get32(be, v + 4);
			if (len > total - pos)
				len = (uint32_t)(total - pos);
			if (mem_read(p->m, base, b + pos, len) != 0)
				return -EFAULT;
			pos += len;
		}
		if (pipe_waits(f)) {
			size_t done = pipe_done(p, total);
			return pipe_whole(p, f_write(o, p, f, b + done, total - done, -1), done, total);
		}
		return f_write(o, p, f, b, total, -1);
	}
	long r = f_read(o, f, b, total, -1);
	if (r <= 0)
		return r;
	for (uint32_t i = 0; i < cnt && pos < (size_t)r; i++) {
		mem_read(p->m, iov + 8 * i, v, 8);
		uint32_t base = g_get32(be, v), len = g_get32(be, v + 4);
		if (len > (size_t)r - pos)
			len = (uint32_t)((size_t)r - pos);
		if (mem_write(p->m, base, b + pos, len) != 0)
			return -EFAULT;
		pos += len;
	}
	return r;
}

/* ---- open / close / dup / pipe ----------------------------------------- */

static int host_flags(uint32_t g)
{
	int h = (int)(g & 3);
	if (g & GO_APPEND) h |= O_APPEND;
	if (g & GO_CREAT) h |= O_CREAT;
	if (g & GO_TRUNC) h |= O_TRUNC;
	if (g & GO_EXCL) h |= O_EXCL;
	if (g & GO_NOCTTY) h |= O_NOCTTY;
	if (g & GO_DIRECTORY) h |= O_DIRECTORY;
	if (g & GO_NOFOLLOW) h |= O_NOFOLLOW;
	if (g & GO_PATH) h |= O_PATH;
	if (g & (GO_DSYNC | GO_SYNC)) h |= O_DSYNC;
	return h;
}

static int install(proc *p, ofile *f, int lowest, int cloexec)
{
	int fd = fd_alloc(p, lowest);
	if (fd < 0)
		return fd;
	p->fd[fd].f = f;
	p->fd[fd].cloexec = cloexec;
	return fd;
}

/* The device a guest path names (see OF_DEV), or 0. */
static int device(os *o, proc *p, int dirfd, const char *path)
{
	char g[4096], n[4096];
	if (fs_join(o, p, dirfd, path, g, sizeof g) != 0)
		return 0;
	size_t k = 0;
	for (const char *s = g; *s; s++) /* collapse repeated slashes */
		if (!(*s == '/' && k && n[k - 1] == '/'))
			n[k++] = *s;
	n[k] = 0;
	if (!strcmp(n, "/dev/null"))
		return 1;
	if (!strcmp(n, "/dev/zero"))
		return 2;
	if (!strcmp(n, "/dev/urandom") || !strcmp(n, "/dev/random"))
		return 3;
	return 0;
}

static long do_openat(os *o, proc *p, int dirfd, uint32_t upath, uint32_t flags, uint32_t mode)
{
	char path[4096];
	long len = mem_read_str(p->m, upath, path, sizeof path);
	if (len < 0)
		return len == -1 ? -EFAULT : -os_errno(ENAMETOOLONG);
	if ((flags & GO_TMPFILE) == GO_TMPFILE)
		return -os_errno(EOPNOTSUPP);
	int dev = device(o, p, dirfd, path);
	if (dev) {
		ofile *f = of_new(OF_DEV);
		if (!f)
			return -ENOMEM;
		f->dev = dev;
		f->flags = flags & 3;
		int fd = install(p, f, 0, (flags & GO_CLOEXEC) != 0);
		if (fd < 0)
			of_unref(o, f);
		return fd;
	}
	int writes = (flags & 3) != 0 || (flags & (GO_CREAT | GO_TRUNC));
	if (writes && !o->cfg.fs_rw && !(flags & GO_PATH)) {
		/* a read-only tree: report ENOENT for what does not exist, else EROFS */
		int t = fs_open(o, p, dirfd, path, O_PATH, 0);
		if (t < 0 && !(flags & GO_CREAT))
			return t;
		if (t >= 0)
			close(t);
		return -EROFS;
	}
	int hf = fs_open(o, p, dirfd, path, host_flags(flags), (int)(mode & ~p->umask & 07777));
	if (hf < 0)
		return hf;
	ofile *f = of_new(OF_HOST);
	if (!f) {
		close(hf);
		return -ENOMEM;
	}
	f->hostfd = hf;
	f->flags = flags & ~(GO_CREAT | GO_TRUNC | GO_EXCL | GO_NOCTTY | GO_CLOEXEC);
	struct stat st;
	if (fstat(hf, &st) == 0) {
		f->is_dir = S_ISDIR(st.st_mode);
		os_ftimes_file(f, &st);
	}
	/* a truncation changes the file now; a creation too (a file the run
	 * had not noted whose host ctime is the run's) */
	if (f->timed && (flags & GO_CREAT))
		os_ftimes_note(o, f->fdev, f->fino, &st.st_ctim, OS_FT_NEW | OS_FT_IFNEW);
	if (f->timed && (flags & GO_TRUNC))
		os_ftimes_note(o, f->fdev, f->fino, NULL, OS_FT_DATA);
	char g[4096];
	if (fs_join(o, p, dirfd, path, g, sizeof g) == 0)
		f->path = strdup(g);
	int fd = install(p, f, 0, (flags & GO_CLOEXEC) != 0);
	if (fd < 0)
		of_unref(o, f);
	return fd;
}

static long do_close(os *o, proc *p, uint32_t fd)
{
	ofile *f = getf(p, fd);
	if (!f)
		return -EBADF;
	p->fd[fd].f = NULL;
	of_unref(o, f);
	return 0;
}

static long do_dup3(os *o, proc *p, uint32_t old, uint32_t nfd, uint32_t flags, int is_dup2)
{
	ofile *f = getf(p, old);
	if (!f)
		return -EBADF;
	if (nfd >= OS_MAXFD)
		return -EBADF;
	if (old == nfd)
		return is_dup2 ? (long)nfd : -EINVAL;
	if (p->fd[nfd].f)
		of_unref(o, p->fd[nfd].f);
	of_ref(f);
	p->fd[nfd].f = f;
	p->fd[nfd].cloexec = (flags & GO_CLOEXEC) != 0;
	return nfd;
}

static long do_pipe(os *o, proc *p, int fds[2], uint32_t flags)
{
	(void)o;
	os_pipe *pp = calloc(1, sizeof *pp);
	ofile *r = of_new(OF_PIPE_R), *w = of_new(OF_PIPE_W);
	if (pp)
		pp->buf = malloc(PIPE_CAP);
	if (!pp || !pp->buf || !r || !w) {
		if (pp)
			free(pp->buf);
		free(pp);
		free(r);
		free(w);
		return -ENOMEM;
	}
	pp->cap = PIPE_CAP;
	pp->readers = pp->writers = 1;
	r->pipe = w->pipe = pp;
	r->flags = 0 | (flags & GO_NONBLOCK);
	w->flags = 1 | (flags & GO_NONBLOCK);
	int cl = (flags & GO_CLOEXEC) != 0;
	fds[0] = install(p, r, 0, cl);
	if (fds[0] < 0) {
		of_unref(o, r);
		of_unref(o, w);
		return -EMFILE;
	}
	fds[1] = install(p, w, 0, cl);
	if (fds[1] < 0) {
		do_close(o, p, (uint32_t)fds[0]);
		of_unref(o, w);
		return -EMFILE;
	}
	return 0;
}

static long do_fcntl(os *o, proc *p, uint32_t fd, uint32_t cmd, uint32_t arg)
{
	ofile *f = getf(p, fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case 0:    /* F_DUPFD */
	case 1030: /* F_DUPFD_CLOEXEC */ {
		int n = fd_alloc(p, (int)arg);
		if (n < 0)
			return n;
		of_ref(f);
		p->fd[n].f = f;
		p->fd[n].cloexec = cmd == 1030;
		return n;
	}
	case 1: return p->fd[fd].cloexec;          /* F_GETFD */
	case 2: p->fd[fd].cloexec = arg & 1; return 0; /* F_SETFD */
	case 3: return f->flags;                   /* F_GETFL */
	case 4:                                    /* F_SETFL */
		f->flags = (f->flags & ~(GO_APPEND | GO_NONBLOCK)) | (arg & (GO_APPEND | GO_NONBLOCK));
		if (f->kind == OF_HOST && f->hostfd > 2) {
			int hf = fcntl(f->hostfd, F_GETFL);
			if (hf >= 0)
				fcntl(f->hostfd, F_SETFL, (hf & ~O_APPEND) | ((arg & GO_APPEND) ? O_APPEND : 0));
		}
		return 0;
	case 14: case 6: case 7: case 33: case 34: case 35: /* locks: not modeled */
		if (cmd == 14 || cmd == 33)
			return 0;
		return 0;
	default:
		(void)o;
		return -EINVAL;
	}
}

/* ---- stat ------------------------------------------------------------- */

static uint32_t enc_dev(dev_t d)
{
	uint32_t ma = major(d), mi = minor(d);
	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
}

static long put_stat64(os *o, proc *p, uint32_t addr, struct stat *st)
{
	os_ftimes_fix(o, (uint64_t)st->st_dev, (uint64_t)st->st_ino, &st->st_atim, &st->st_mtim,
	              &st->st_ctim, NULL);
	uint8_t b[104] = {0};
	int be = p->c->big_endian;
	g_put32(be, b + 0, enc_dev(st->st_dev));
	g_put64(be, b + 16, st->st_ino);
	g_put32(be, b + 24, st->st_mode);
	g_put32(be, b + 28, (uint32_t)st->st_nlink);
	g_put32(be, b + 32, st->st_uid);
	g_put32(be, b + 36, st->st_gid);
	g_put32(be, b + 40, enc_dev(st->st_rdev));
	g_put64(be, b + 56, (uint64_t)st->st_size);
	g_put32(be, b + 64, (uint32_t)st->st_atim.tv_sec);
	g_put32(be, b + 68, (uint32_t)st->st_atim.tv_nsec);
	g_put32(be, b + 72, (uint32_t)st->st_mtim.tv_sec);
	g_put32(be, b + 76, (uint32_t)st->st_mtim.tv_nsec);
	g_put32(be, b + 80, (uint32_t)st->st_ctim.tv_sec);
	g_put32(be, b + 84, (uint32_t)st->st_ctim.tv_nsec);
	g_put32(be, b + 88, (uint32_t)st->st_blksize);
	g_put64(be, b + 96, (uint64_t)st->st_blocks);
	return mem_write(p->m, addr, b, sizeof b) ? -EFAULT : 0;
}

static void pipe_stat(struct stat *st, const ofile *f)
{
	memset(st, 0, sizeof *st);
	st->st_mode = f->kind == OF_DEV ? S_IFCHR | 0666 : S_IFIFO | 0600;
	if (f->kind == OF_DEV)
		st->st_rdev = makedev(1, f->dev == 1 ? 3 : f->dev == 2 ? 5 : 9);
	st->st_nlink = 1;
	st->st_uid = getuid();
	st->st_gid = getgid();
	st->st_blksize = 4096;
	st->st_dev = makedev(0, 12);
}

/* Opens the object a path names (O_PATH), following the last symlink or
 * not; with AT_EMPTY_PATH and "" the descriptor dirfd itself.  Returns a
 * host fd to close (or -errno); *borrowed is set when it must not be closed. */
static int path_fd(os *o, proc *p, int dirfd, uint32_t upath, int nofollow, int empty_ok,
                   int *borrowed, ofile **fp)
{
	char path[4096];
	*borrowed = 0;
	*fp = NULL;
	long len = mem_read_str(p->m, upath, path, sizeof path);
	if (len < 0)
		return len == -1 ? -EFAULT : -os_errno(ENAMETOOLONG);
	if (!path[0]) {
		if (!empty_ok)
			return -ENOENT;
		if (dirfd == AT_FDCWD_)
			return fs_open(o, p, AT_FDCWD_, ".", O_PATH, 0);
		ofile *f = getf(p, (uint32_t)dirfd);
		if (!f)
			return -EBADF;
		*fp = f;
		*borrowed = 1;
		return f->hostfd;
	}
	return fs_open(o, p, dirfd, path, O_PATH | (nofollow ? O_NOFOLLOW : 0), 0);
}

static long stat_common(os *o, proc *p, int dirfd, uint32_t upath, uint32_t ubuf, uint32_t flags)
{
	int borrowed;
	ofile *f;
	int fd = path_fd(o, p, dirfd, upath, (flags & 0x100) != 0, (flags & 0x1000) != 0, &borrowed, &f);
	if (fd < 0 && !(f && f->kind != OF_HOST))
		return fd;
	struct stat st;
	if (f && f->kind != OF_HOST) {
		pipe_stat(&st, f);
	} else if (fstatat(fd, "", &st, AT_EMPTY_PATH) != 0) {
		long e = herr();
		if (!borrowed)
			close(fd);
		return e;
	}
	if (!borrowed)
		close(fd);
	return put_stat64(o, p, ubuf, &st);
}

static long do_fstat(os *o, proc *p, uint32_t fd, uint32_t ubuf)
{
	ofile *f = getf(p, fd);
	if (!f)
		return -EBADF;
	struct stat st;
	if (f->kind != OF_HOST)
		pipe_stat(&st, f);
	else if (fstat(f->hostfd, &st) != 0)
		return herr();
	return put_stat64(o, p, ubuf, &st);
}

static long do_statx(os *o, proc *p, int dirfd, uint32_t upath, uint32_t flags, uint32_t mask,
                     uint32_t ubuf)
{
	int borrowed;
	ofile *f;
	int fd = path_fd(o, p, dirfd, upath, (flags & 0x100) != 0, (flags & 0x1000) != 0, &borrowed, &f);
	struct statx sx;
	memset(&sx, 0, sizeof sx);
	if (f && f->kind != OF_HOST) {
		struct stat st;
		pipe_stat(&st, f);
		sx.stx_mask = 0x7ff;
		sx.stx_mode = (uint16_t)st.st_mode;
		sx.stx_nlink = 1;
		sx.stx_uid = st.st_uid;
		sx.stx_gid = st.st_gid;
		sx.stx_blksize = 4096;
		sx.stx_dev_minor = 12;
	} else {
		if (fd < 0)
			return fd;
		int rc = statx(fd, "", AT_EMPTY_PATH | (int)(flags & 0x6000), mask, &sx);
		long e = rc ? herr() : 0;
		if (!borrowed)
			close(fd);
		if (rc)
			return e;
	}
	uint8_t b[256] = {0};
	int be = p->c->big_endian;
	g_put32(be, b + 0, sx.stx_mask);
	g_put32(be, b + 4, sx.stx_blksize);
	g_put64(be, b + 8, sx.stx_attributes);
	g_put32(be, b + 16, sx.stx_nlink);
	g_put32(be, b + 20, sx.stx_uid);
	g_put32(be, b + 24, sx.stx_gid);
	g_put16(be, b + 28, sx.stx_mode);
	g_put64(be, b + 32, sx.stx_ino);
	g_put64(be, b + 40, sx.stx_size);
	g_put64(be, b + 48, sx.stx_blocks);
	g_put64(be, b + 56, sx.stx_attributes_mask);
	struct timespec tt[4];
	struct statx_timestamp *ts[4] = {&sx.stx_atime, &sx.stx_btime, &sx.stx_ctime, &sx.stx_mtime};
	for (int i = 0; i < 4; i++)
		tt[i] = (struct timespec){ts[i]->tv_sec, ts[i]->tv_nsec};
	os_ftimes_fix(o, (uint64_t)makedev(sx.stx_dev_major, sx.stx_dev_minor), sx.stx_ino, &tt[0], &tt[3],
	              &tt[2], &tt[1]);
	for (int i = 0; i < 4; i++) {
		ts[i]->tv_sec = tt[i].tv_sec;
		ts[i]->tv_nsec = (uint32_t)tt[i].tv_nsec;
	}
	for (int i = 0; i < 4; i++) {
		g_put64(be, b + 64 + 16 * i, (uint64_t)ts[i]->tv_sec);
		g_put32(be, b + 72 + 16 * i, ts[i]->tv_nsec);
	}
	g_put32(be, b + 128, sx.stx_rdev_major);
	g_put32(be, b + 132, sx.stx_rdev_minor);
	g_put32(be, b + 136, sx.stx_dev_major);
	g_put32(be, b + 140, sx.stx_dev_minor);
	return mem_write(p->m, ubuf, b, sizeof b) ? -EFAULT : 0;
}

/* ---- directories and names --------------------------------------------- */

static long do_getdents64(os *o, proc *p, uint32_t fd, uint32_t ubuf, uint32_t count)
{
	ofile *f = getf(p, fd);
	if (!f)
		return -EBADF;
	if (f->kind != OF_HOST || !f->is_dir)
		return -ENOTDIR;
	if (count > SCRATCH_MAX)
		count = SCRATCH_MAX;
	uint8_t *b = scratch(o, count ? count : 1);
	if (!b)
		return -ENOMEM;
	long n = syscall(SYS_getdents64, f->hostfd, b, count);
	if (n < 0)
		return herr();
	int be = p->c->big_endian;
	/* the layout is the same on every architecture; only the byte order
	 * of d_ino, d_off and d_reclen may change */
	for (long off = 0; off < n;) {
		uint64_t ino, doff;
		uint16_t reclen;
		memcpy(&ino, b + off, 8);
		memcpy(&doff, b + off + 8, 8);
		memcpy(&reclen, b + off + 16, 2);
		g_put64(be, b + off, ino);
		g_put64(be, b + off + 8, doff);
		g_put16(be, b + off + 16, reclen);
		if (!reclen)
			break;
		off += reclen;
	}
	if (n > 0 && mem_write(p->m, ubuf, b, (size_t)n) != 0)
		return -EFAULT;
	return n;
}

static long read_path(proc *p, uint32_t upath, char *path, size_t len)
{
	long l = mem_read_str(p->m, upath, path, len);
	if (l < 0)
		return l == -1 ? -EFAULT : -os_errno(ENAMETOOLONG);
	return 0;
}

static long do_readlinkat(os *o, proc *p, int dirfd, uint32_t upath, uint32_t ubuf, uint32_t size)
{
	char path[4096];
	long rc = read_path(p, upath, path, sizeof path);
	if (rc)
		return rc;
	if ((int)size <= 0)
		return -EINVAL;
	char target[4096];
	ssize_t n;
	if (!strcmp(path, "/proc/self/exe")) {
		n = (ssize_t)strlen(p->exe);
		memcpy(target, p->exe, (size_t)n);
	} else {
		int fd = fs_open(o, p, dirfd, path, O_PATH | O_NOFOLLOW, 0);
		if (fd < 0)
			return fd;
		n = readlinkat(fd, "", target, sizeof target);
		rc = n < 0 ? herr() : 0;
		close(fd);
		if (rc)
			return rc == -ENOENT ? -EINVAL : rc;
	}
	if ((size_t)n > size)
		n = size;
	return mem_write(p->m, ubuf, target, (size_t)n) ? -EFAULT : n;
}

/* Host path of an open descriptor turned into a guest path below the root. */
static int guest_path_of(os *o, int fd, char *out, size_t outlen)
{
	char link[64], host[4096];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, host, sizeof host - 1);
	if (n < 0)
		return -1;
	host[n] = 0;
	size_t rl = strlen(o->root);
	if (!strcmp(o->root, "/"))
		return snprintf(out, outlen, "%s", host) < (int)outlen ? 0 : -1;
	if (strncmp(host, o->root, rl) || (host[rl] && host[rl] != '/'))
		return -1;
	return snprintf(out, outlen, "%s", host[rl] ? host + rl : "/") < (int)outlen ? 0 : -1;
}

static long do_chdir(os *o, proc *p, uint32_t upath)
{
	char path[4096];
	long rc = read_path(p, upath, path, sizeof path);
	if (rc)
		return rc;
	int fd = fs_open(o, p, AT_FDCWD_, path, O_PATH | O_DIRECTORY, 0);
	if (fd < 0)
		return fd;
	char g[4096];
	rc = guest_path_of(o, fd, g, sizeof g) ? -ENOENT : 0;
	close(fd);
	if (!rc)
		memcpy(p->cwd, g, sizeof g < sizeof p->cwd ? sizeof g : sizeof p->cwd);
	return rc;
}

static long do_getcwd(proc *p, uint32_t ubuf, uint32_t size)
{
	size_t n = strlen(p->cwd) + 1;
	if (n > size)
		return -ERANGE;
	return mem_write(p->m, ubuf, p->cwd, n) ? -EFAULT : (long)n;
}

static long do_faccessat(os *o, proc *p, int dirfd, uint32_t upath, uint32_t mode)
{
	char path[4096];
	long rc = read_path(p, upath, path, sizeof path);
	if (rc)
		return rc;
	if (mode & ~7u) /* only R_OK, W_OK, X_OK */
		return -EINVAL;
	int fd = fs_open(o, p, dirfd, path, O_PATH, 0);
	if (fd < 0)
		return fd;
	if ((mode & 2) && !o->cfg.fs_rw) {
		close(fd);
		return -EROFS;
	}
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	rc = access(link, (int)(mode & 7)) ? herr() : 0;
	close(fd);
	return rc;
}

/* chmod, fchmodat: through an O_PATH descriptor of the file (symbolic
 * links followed, as Linux does) */
static long do_fchmodat(os *o, proc *p, int dirfd, uint32_t upath, uint32_t mode)
{
	char path[4096], link[64];
	long rc = read_path(p, upath, path, sizeof path);
	if (rc)
		return rc;
	int fd = fs_open(o, p, dirfd, path, O_PATH, 0);
	if (fd < 0)
		return fd;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	rc = !o->cfg.fs_rw ? -EROFS : chmod(link, mode & 07777) ? herr() : 0;
	close(fd);
	return rc;
}

/* symlink, symlinkat: the target is stored as given (resolving it stays
 * below the root, whatever it says) */
static long do_symlinkat(os *o, proc *p, uint32_t utarget, int dirfd, uint32_t upath)
{
	char target[4096], path[4096], base[256];
	long rc = read_path(p, utarget, target, sizeof target);
	if (!rc)
		rc = read_path(p, upath, path, sizeof path);
	if (rc)
		return rc;
	if (!o->cfg.fs_rw)
		return -EROFS;
	int d = fs_parent(o, p, dirfd, path, base, sizeof base);
	if (d < 0)
		return d == -EINVAL ? -EEXIST : d;
	rc = symlinkat(target, d, base) ? herr() : 0;
	close(d);
	return rc;
}

/* link, linkat (AT_SYMLINK_FOLLOW 0x400: a symbolic link's target) */
static long do_linkat(os *o, proc *p, int od, uint32_t uold, int nd, uint32_t unew, uint32_t flags)
{
	char op[4096], np[4096], ob[256], nb[256];
	long rc = read_path(p, uold, op, sizeof op);
	if (!rc)
		rc = read_path(p, unew, np, sizeof np);
	if (rc)
		return rc;
	if (flags & ~0x400u)
		return -EINVAL;
	if (!o->cfg.fs_rw)
		return -EROFS;
	int a = (flags & 0x400u) ? fs_open(o, p, od, op, O_PATH, 0) : fs_parent(o, p, od, op, ob, sizeof ob);
	if (a < 0)
		return a == -EINVAL ? -EPERM : a;
	int b = fs_parent(o, p, nd, np, nb, sizeof nb);
	if (b < 0) {
		close(a);
		return b == -EINVAL ? -EEXIST : b;
	}
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", a);
	rc = ((flags & 0x400u) ? linkat(AT_FDCWD, link, b, nb, AT_SYMLINK_FOLLOW) : linkat(a, ob, b, nb, 0)) ? herr() : 0;
	close(a);
	close(b);
	return rc;
}

/* utimensat(_time64): UTIME_NOW (and no times) is the virtual
 * CLOCK_REALTIME, so a run's results do not depend on the host's clock;
 * no path: the descriptor dirfd itself */
static long do_utimensat(os *o, proc *p, int dirfd, uint32_t upath, uint32_t utimes, uint32_t flags, int wide)
{
	struct timespec ts[2];
	int be = p->c->big_endian;
	uint64_t now = os_realtime_base() * 1000000000ull + os_now_ns(o);
	for (int i = 0; i < 2; i++) {
		uint8_t b[16];
		if (!utimes) {
			ts[i].tv_nsec = UTIME_NOW;
		} else if (mem_read(p->m, utimes + (uint32_t)(i * (wide ? 16 : 8)), b, wide ? 16 : 8) != 0) {
			return -EFAULT;
		} else {
			int64_t s = wide ? (int64_t)g_get64(be, b) : (int32_t)g_get32(be, b);
			uint32_t ns = g_get32(be, b + (wide ? (be ? 12 : 8) : 4));
			ts[i].tv_sec = (time_t)s;
			ts[i].tv_nsec = ns;
			if (ns != UTIME_NOW && ns != UTIME_OMIT && ns >= 1000000000u)
				return -EINVAL;
		}
		if (ts[i].tv_nsec == UTIME_NOW) {
			ts[i].tv_sec = (time_t)(now / 1000000000u);
			ts[i].tv_nsec = (long)(now % 1000000000u);
		}
	}
	if (flags & ~0x100u)
		return -EINVAL;
	char path[4096], link[64];
	int fd;
	if (!upath) {
		ofile *f = getf(p, (uint32_t)dirfd);
		if (!f)
			return -EBADF;
		if (f->kind != OF_HOST)
			return -EPERM;
		fd = dup(f->hostfd);
		if (fd < 0)
			return herr();
	} else {
		long rc = read_path(p, upath, path, sizeof path);
		if (rc)
			return rc;
		fd = fs_open(o, p, dirfd, path, O_PATH | ((flags & 0x100u) ? O_NOFOLLOW : 0), 0);
		if (fd < 0)
			return fd;
	}
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	long rc = !o->cfg.fs_rw ? -EROFS : utimensat(AT_FDCWD, link, ts, 0) ? herr() : 0;
	close(fd);
	return rc;
}

/* truncate, truncate64: the file opened for writing below the root */
static long do_truncate(os *o, proc *p, uint32_t upath, int64_t len)
{
	char path[4096];
	long rc = read_path(p, upath, path, sizeof path);
	if (rc)
		return rc;
	if (len < 0)
		return -EINVAL;
	int fd = fs_open(o, p, AT_FDCWD_, path, O_PATH, 0);
	if (fd < 0)
		return fd;
	close(fd);
	if (!o->cfg.fs_rw)
		return -EROFS;
	fd = fs_open(o, p, AT_FDCWD_, path, O_WRONLY | O_NONBLOCK | O_NOCTTY, 0);
	if (fd < 0)
		return fd;
	rc = ftruncate(fd, (off_t)len) ? herr() : 0;
	struct stat st;
	if (!rc && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		os_ftimes_note(o, (uint64_t)st.st_dev, (uint64_t)st.st_ino, NULL, OS_FT_DATA);
	close(fd);
	return rc;
}

/* ftruncate, ftruncate64 */
static long do_ftruncate(os *o, proc *p, uint32_t fd, int64_t len)
{
	ofile *f = getf(p, fd);
	if (!f || f->kind != OF_HOST)
		return -EBADF;
	if (len < 0)
		return -EINVAL;
	if (!o->cfg.fs_rw)
		return -EROFS;
	if (ftruncate(f->hostfd, (off_t)len))
		return herr();
	if (f->timed)
		os_ftimes_note(o, f->fdev, f->fino, NULL, OS_FT_DATA);
	return 0;
}

static long do_unlinkat(os *o, proc *p, int dirfd, uint32_t upath, uint32_t flags)
{
	char path[4096], base[256];
	long rc = read_path(p, upath, path, sizeof path);
	if (rc)
		return rc;
	if (!o->cfg.fs_rw)
		return -EROFS;
	int d = fs_parent(o, p, dirfd, path, base, sizeof base);
	if (d < 0)
		return d == -EINVAL && (flags & 0x200) ? -EINVAL : (d == -EINVAL ? -EISDIR : d);
	rc = unlinkat(d, base, (flags & 0x200) ? AT_REMOVEDIR : 0) ? herr() : 0;
	close(d);
	return rc;
}

static long do_mkdirat(os *o, proc *p, int dirfd, uint32_t upath, uint32_t mode)
{
	char path[4096], base[256];
	long rc = read_path(p, upath, path, sizeof path);
	if (rc)
		return rc;
	if (!o->cfg.fs_rw)
		return -EROFS;
	int d = fs_parent(o, p, dirfd, path, base, sizeof base);
	if (d < 0)
		return d == -EINVAL ? -EEXIST : d;
	rc = mkdirat(d, base, mode & ~p->umask & 07777) ? herr() : 0;
	close(d);
	return rc;
}

static long do_renameat(os *o, proc *p, int od, uint32_t uold, int nd, uint32_t unew)
{
	char op[4096], np[4096], ob[256], nb[256];
	long rc = read_path(p, uold, op, sizeof op);
	if (!rc)
		rc = read_path(p, unew, np, sizeof np);
	if (rc)
		return rc;
	if (!o->cfg.fs_rw)
		return -EROFS;
	int a = fs_parent(o, p, od, op, ob, sizeof ob);
	if (a < 0)
		return a == -EINVAL ? -EBUSY : a;
	int b = fs_parent(o, p, nd, np, nb, sizeof nb);
	if (b < 0) {
		close(a);
		return b == -EINVAL ? -EBUSY : b;
	}
	rc = renameat(a, ob, b, nb) ? herr() : 0;
	close(a);
	close(b);
	return rc;
}

static long do_ioctl(proc *p, uint32_t fd, uint32_t req, uint32_t arg)
{
	ofile *f = getf(p, fd);
	if (!f)
		return -EBADF;
	int tty = f->kind == OF_HOST && isatty(f->hostfd);
	int be = p->c->big_endian;
	switch (req) {
	case 0x540d: { /* TCGETS: struct termios, MIPS layout (NCCS 23) */
		if (!tty)
			return -ENOTTY;
		struct termios t;
		if (tcgetattr(f->hostfd, &t) != 0)
			return herr();
		uint8_t b[40] = {0};
		g_put32(be, b, t.c_iflag);
		g_put32(be, b + 4, t.c_oflag);
		g_put32(be, b + 8, t.c_cflag);
		g_put32(be, b + 12, t.c_lflag);
		return mem_write(p->m, arg, b, 17 + 23) ? -EFAULT : 0;
	}
	case 0x540e: case 0x540f: case 0x5410: /* TCSETS* */
		return tty ? 0 : -ENOTTY;
	case 0x40087468: { /* TIOCGWINSZ */
		if (!tty)
			return -ENOTTY;
		struct winsize ws;
		if (ioctl(f->hostfd, TIOCGWINSZ, &ws) != 0)
			return herr();
		uint8_t b[8];
		g_put16(be, b, ws.ws_row);
		g_put16(be, b + 2, ws.ws_col);
		g_put16(be, b + 4, ws.ws_xpixel);
		g_put16(be, b + 6, ws.ws_ypixel);
		return mem_write(p->m, arg, b, 8) ? -EFAULT : 0;
	}
	default:
		return -ENOTTY;
	}
}

static long do_llseek(proc *p, uint32_t fd, int64_t off, uint32_t whence, int64_t *res)
{
	ofile *f = getf(p, fd);
	if (!f)
		return -EBADF;
	if (f->kind != OF_HOST)
		return -ESPIPE;
	if (whence > 4)
		return -EINVAL;
	off_t r = lseek(f->hostfd, off, (int)whence);
	if (r < 0)
		return herr();
	*res = r;
	return 0;
}

/* sendfile64 between host files (without an offset pointer): a copy
 * through the scratch buffer.  Pipes and devices answer EINVAL, and
 * callers (busybox cat) fall back to read and write. */
static long do_sendfile(os *o, proc *p, uint32_t out, uint32_t in, uint32_t uoff, uint32_t count)
{
	ofile *fo = getf(p, out), *fi = getf(p, in);
	if (!fo || !fi)
		return -EBADF;
	if (fo->kind != OF_HOST || fi->kind != OF_HOST || fi->is_dir || uoff)
		return -EINVAL;
	if (count > SCRATCH_MAX)
		count = SCRATCH_MAX;
	uint8_t *b = scratch(o, count ? count : 1);
	if (!b)
		return -ENOMEM;
	long r = f_read(o, fi, b, count, -1);
	if (r <= 0)
		return r;
	return f_write(o, p, fo, b, (size_t)r, -1);
}

long sys_file(os *o, proc *p, uint32_t nr, const uint32_t a[8], int *handled)
{
	*handled = 1;
	switch (nr - 4000) {
	case NR_read:
		return do_read(o, p, a[0], a[1], a[2], -1);
	case NR_write:
		return do_write(o, p, a[0], a[1], a[2], -1);
	case NR_pread64: /* a negative offset is EINVAL (do_read takes it for "none") */
		if ((int64_t)arg64(p, a + 4) < 0)
			return -EINVAL; /* before the descriptor, as ksys_pread64 */
		return do_read(o, p, a[0], a[1], a[2], (int64_t)arg64(p, a + 4));
	case NR_pwrite64:
		if ((int64_t)arg64(p, a + 4) < 0)
			return -EINVAL; /* before the descriptor, as ksys_pread64 */
		return do_write(o, p, a[0], a[1], a[2], (int64_t)arg64(p, a + 4));
	case NR_readv:
		return do_iov(o, p, a[0], a[1], a[2], 0);
	case NR_writev:
		return do_iov(o, p, a[0], a[1], a[2], 1);
	case NR_open:
		return do_openat(o, p, AT_FDCWD_, a[0], a[1], a[2]);
	case NR_openat:
		return do_openat(o, p, (int)a[0], a[1], a[2], a[3]);
	case NR_close:
		return do_close(o, p, a[0]);
	case NR_dup: {
		ofile *f = getf(p, a[0]);
		if (!f)
			return -EBADF;
		int n = install(p, f, 0, 0);
		if (n >= 0)
			of_ref(f);
		return n;
	}
	case NR_dup2:
		return do_dup3(o, p, a[0], a[1], 0, 1);
	case NR_dup3:
		if (a[2] & ~GO_CLOEXEC)
			return -EINVAL;
		return do_dup3(o, p, a[0], a[1], a[2], 0);
	case NR_pipe: {
		int fds[2];
		long rc = do_pipe(o, p, fds, 0);
		if (rc)
			return rc;
		p->c->r[3] = (uint32_t)fds[1]; /* o32: the second descriptor in v1 */
		return fds[0];
	}
	case NR_pipe2: {
		int fds[2];
		if (a[1] & ~(GO_CLOEXEC | GO_NONBLOCK))
			return -EINVAL;
		long rc = do_pipe(o, p, fds, a[1]);
		if (rc)
			return rc;
		if (put32(p, a[0], (uint32_t)fds[0]) || put32(p, a[0] + 4, (uint32_t)fds[1])) {
			do_close(o, p, (uint32_t)fds[0]);
			do_close(o, p, (uint32_t)fds[1]);
			return -EFAULT;
		}
		return 0;
	}
	case NR_fcntl:
	case NR_fcntl64:
		return do_fcntl(o, p, a[0], a[1], a[2]);
	case NR_lseek: {
		int64_t res = 0;
		long rc = do_llseek(p, a[0], (int32_t)a[1], a[2], &res);
		if (rc)
			return rc;
		return res > 0x7fffffff ? -os_errno(EOVERFLOW) : (long)res;
	}
	case NR__llseek: {
		int64_t res = 0;
		long rc = do_llseek(p, a[0], (int64_t)((uint64_t)a[1] << 32 | a[2]), a[4], &res);
		if (rc)
			return rc;
		uint8_t b[8];
		g_put64(p->c->big_endian, b, (uint64_t)res);
		return mem_write(p->m, a[3], b, 8) ? -EFAULT : 0;
	}
	case NR_fstat64:
		return do_fstat(o, p, a[0], a[1]);
	case NR_stat64:
		return stat_common(o, p, AT_FDCWD_, a[0], a[1], 0);
	case NR_lstat64:
		return stat_common(o, p, AT_FDCWD_, a[0], a[1], 0x100);
	case NR_fstatat64:
		return stat_common(o, p, (int)a[0], a[1], a[2], a[3]);
	case NR_statx:
		return do_statx(o, p, (int)a[0], a[1], a[2], a[3], a[4]);
	case NR_getdents64:
		return do_getdents64(o, p, a[0], a[1], a[2]);
	case NR_readlink:
		return do_readlinkat(o, p, AT_FDCWD_, a[0], a[1], a[2]);
	case NR_readlinkat:
		return do_readlinkat(o, p, (int)a[0], a[1], a[2], a[3]);
	case NR_ioctl:
		return do_ioctl(p, a[0], a[1], a[2]);
	case NR_getcwd:
		return do_getcwd(p, a[0], a[1]);
	case NR_chdir:
		return do_chdir(o, p, a[0]);
	case NR_fchdir: {
		ofile *f = getf(p, a[0]);
		if (!f)
			return -EBADF;
		if (!f->is_dir || !f->path)
			return -ENOTDIR;
		snprintf(p->cwd, sizeof p->cwd, "%s", f->path);
		return 0;
	}
	case NR_access:
		return do_faccessat(o, p, AT_FDCWD_, a[0], a[1]);
	case NR_faccessat:
	case NR_faccessat2:
		return do_faccessat(o, p, (int)a[0], a[1], a[2]);
	case NR_unlink:
		return do_unlinkat(o, p, AT_FDCWD_, a[0], 0);
	case NR_rmdir:
		return do_unlinkat(o, p, AT_FDCWD_, a[0], 0x200);
	case NR_unlinkat:
		return do_unlinkat(o, p, (int)a[0], a[1], a[2]);
	case NR_mkdir:
		return do_mkdirat(o, p, AT_FDCWD_, a[0], a[1]);
	case NR_mkdirat:
		return do_mkdirat(o, p, (int)a[0], a[1], a[2]);
	case NR_rename:
		return do_renameat(o, p, AT_FDCWD_, a[0], AT_FDCWD_, a[1]);
	case NR_renameat:
	case NR_renameat2:
		return do_renameat(o, p, (int)a[0], a[1], (int)a[2], a[3]);
	case NR_chmod:
		return do_fchmodat(o, p, AT_FDCWD_, a[0], a[1]);
	case NR_fchmodat:
		return do_fchmodat(o, p, (int)a[0], a[1], a[2]);
	case NR_symlink:
		return do_symlinkat(o, p, a[0], AT_FDCWD_, a[1]);
	case NR_symlinkat:
		return do_symlinkat(o, p, a[0], (int)a[1], a[2]);
	case NR_link:
		return do_linkat(o, p, AT_FDCWD_, a[0], AT_FDCWD_, a[1], 0);
	case NR_linkat:
		return do_linkat(o, p, (int)a[0], a[1], (int)a[2], a[3], a[4]);
	case NR_utimensat:
		return do_utimensat(o, p, (int)a[0], a[1], a[2], a[3], 0);
	case NR_utimensat_time64:
		return do_utimensat(o, p, (int)a[0], a[1], a[2], a[3], 1);
	case NR_ftruncate: /* off_t: a signed 32-bit length */
		return do_ftruncate(o, p, a[0], (int32_t)a[1]);
	case NR_ftruncate64:
		return do_ftruncate(o, p, a[0], (int64_t)arg64(p, a + 2));
	case NR_truncate:
		return do_truncate(o, p, a[0], (int32_t)a[1]);
	case NR_truncate64:
		return do_truncate(o, p, a[0], (int64_t)arg64(p, a + 2));
	case NR_sendfile64:
		return do_sendfile(o, p, a[0], a[1], a[2], a[3]);
	case NR_fsync:
	case NR_fdatasync:
		return getf(p, a[0]) ? 0 : -EBADF;
	case NR_fchmod: {
		ofile *f = getf(p, a[0]);
		if (!f || f->kind != OF_HOST)
			return -EBADF;
		if (!o->cfg.fs_rw)
			return -EROFS;
		return fchmod(f->hostfd, a[1] & 07777) ? herr() : 0;
	}
	default:
		*handled = 0;
		return 0;
	}
}
