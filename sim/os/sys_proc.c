/*
 * sys_proc.c - the o32 system calls about processes, memory, signals,
 * time and identity, and the dispatcher of all system calls.
 *
 * Conventions: a handler returns the value for v0 (>= 0) or -errno with
 * a MIPS errno value; the entry code sets a3.  Structures are written in
 * the guest's byte order at the offsets of the o32 kernel layouts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/os_priv.h"
#include "os/sysnames.h"
#include "os/sysnr.h"
#include "util/util.h"

#define PAGE_UP(a) (((a) + MEM_PAGE_SIZE - 1) & ~(uint32_t)(MEM_PAGE_SIZE - 1))

/* clone flags */
#define CL_VM 0x100u
#define CL_VFORK 0x4000u
#define CL_THREAD 0x10000u
#define CL_SETTLS 0x80000u
#define CL_PARENT_SETTID 0x100000u
#define CL_CHILD_CLEARTID 0x200000u
#define CL_CHILD_SETTID 0x1000000u

/* MIPS mmap flags */
#define GMAP_SHARED 0x1u
#define GMAP_FIXED 0x10u
#define GMAP_ANON 0x800u
#define GMAP_FIXED_NOREPLACE 0x100000u

static int put32(proc *p, uint32_t addr, uint32_t v)
{
	uint8_t b[4];
	g_put32(p->c->big_endian, b, v);
	return mem_write(p->m, addr, b, 4);
}

static void warn_once(os *o, uint32_t nr, const char *what)
{
	uint32_t n = nr - 4000;
	if (n < sizeof o->warned * 8 && (o->warned[n / 8] & (1u << (n % 8))))
		return;
	if (n < sizeof o->warned * 8)
		o->warned[n / 8] |= (uint8_t)(1u << (n % 8));
	const char *name = n < sizeof sys_names / sizeof sys_names[0] && sys_names[n] ? sys_names[n] : "?";
	util_error("warning: guest system call %s (%u) %s", name, nr, what);
}

/* ---- fork / clone ------------------------------------------------------ */

/* The child has touched what the parent had (mem_clone copied it). */
static int copy_pages(os *o, proc *parent, proc *child)
{
	if (!parent->pt)
		return 0;
	for (uint32_t i = 0; i < 1024; i++) {
		if (!parent->pt[i])
			continue;
		for (uint32_t j = 0; j < 1024; j++) {
			if (!parent->pt[i][j])
				continue;
			os_page_track(o, child, (i << 10 | j) << MEM_PAGE_SHIFT);
		}
	}
	return 0;
}

static long do_clone(os *o, proc *p, uint32_t flags, uint32_t newsp, uint32_t ptid,
                     uint32_t tls, uint32_t ctid)
{
	if ((flags & CL_VM) && !(flags & CL_VFORK)) {
		warn_once(o, 4000 + NR_clone, "with CLONE_VM (threads) is not supported: EINVAL");
		return -EINVAL;
	}
	if (flags & CL_THREAD)
		return -EINVAL;
	int lim = os_limit_procs(o);
	if (lim == 0)
		lim = os_limit_mem(o, mem_pages_mapped(p->m)); /* the copy of the address space */
	if (lim != 0)
		return lim;
	proc *c = os_new_proc(o, p);
	if (!c)
		return -ENOMEM;
	mem *m = mem_clone(p->m);
	cpu *cc = m ? cpu_clone(p->c, m) : NULL;
	if (!cc) {
		if (m)
			mem_free(m);
		c->state = PS_REAPED;
		fd_close_all(o, c);
		return -ENOMEM;
	}
	c->c = cc;
	os_attach_mem(o, c, m);
	copy_pages(o, p, c);
	cc->insns = 0;
	cc->r[2] = 0;
	cc->r[7] = 0;
	if (newsp)
		cc->r[29] = newsp;
	if (flags & CL_SETTLS)
		cc->ulr = tls;
	if (flags & CL_PARENT_SETTID) {
		put32(p, ptid, (uint32_t)c->pid);
		put32(c, ptid, (uint32_t)c->pid);
	}
	if (flags & CL_CHILD_SETTID)
		put32(c, ctid, (uint32_t)c->pid);
	if (flags & CL_CHILD_CLEARTID)
		c->clear_tid = ctid;
	c->sig_pending = 0;
	if (flags & CL_VFORK) {
		c->vfork_parent = p->pid;
		p->vfork_wait = 1;
	}
	return c->pid;
}

/* ---- execve ------------------------------------------------------------ */

static void free_strv(char **v)
{
	if (!v)
		return;
	for (char **s = v; *s; s++)
		free(*s);
	free(v);
}

/* Reads a NULL-terminated guest array of strings, adding their bytes and
 * pointers to *total (E2BIG beyond OS_ARG_MAX); NULL with *rc set on error. */
static char **read_strv(proc *p, uint32_t addr, size_t *total, long *rc)
{
	size_t n = 0, cap = 16;
	char **v = calloc(cap + 1, sizeof *v);
	if (!v) {
		*rc = -ENOMEM;
		return NULL;
	}
	if (!addr)
		return v;
	char *buf = malloc(OS_ARG_STRLEN);
	if (!buf) {
		*rc = -ENOMEM;
		goto fail;
	}
	for (;;) {
		uint8_t b[4];
		if (mem_read(p->m, addr + (uint32_t)(4 * n), b, 4) != 0) {
			*rc = -EFAULT;
			goto fail;
		}
		uint32_t s = g_get32(p->c->big_endian, b);
		if (!s)
			break;
		if (n == cap) {
			cap *= 2;
			char **nv = realloc(v, (cap + 1) * sizeof *v);
			if (!nv) {
				*rc = -ENOMEM;
				goto fail;
			}
			v = nv;
		}
		long len = mem_read_str(p->m, s, buf, OS_ARG_STRLEN);
		if (len < 0) {
			*rc = len == -1 ? -EFAULT : -E2BIG;
			goto fail;
		}
		*total += (size_t)len + 1 + 4;
		if (*total > OS_ARG_MAX) {
			*rc = -E2BIG;
			goto fail;
		}
		v[n] = strdup(buf);
		v[++n] = NULL;
		if (!v[n - 1]) {
			*rc = -ENOMEM;
			goto fail;
		}
	}
	free(buf);
	return v;
fail:
	free(buf);
	free_strv(v);
	return NULL;
}

static long do_execve(os *o, proc *p, int dirfd, uint32_t upath, uint32_t uargv, uint32_t uenvp)
{
	char path[4096];
	long len = mem_read_str(p->m, upath, path, sizeof path);
	if (len < 0)
		return len == -1 ? -EFAULT : -os_errno(ENAMETOOLONG);
	long rc = 0;
	size_t total = (size_t)len + 1; /* the file name is copied too */
	char **argv = read_strv(p, uargv, &total, &rc);
	if (!argv)
		return rc;
	char **envp = read_strv(p, uenvp, &total, &rc);
	if (!envp) {
		free_strv(argv);
		return rc;
	}
	int fd, from_host = 0;
	if (!strcmp(path, "/proc/self/exe")) { /* re-executes the running program */
		from_host = p->exe_host;
		fd = from_host ? open(o->prog_host, O_RDONLY | O_CLOEXEC) : fs_open(o, p, -100, p->exe, O_RDONLY, 0);
		if (fd < 0 && from_host)
			fd = -os_errno(errno);
	} else {
		fd = fs_open(o, p, dirfd, path, O_RDONLY, 0);
	}
	if (fd < 0) {
		rc = fd;
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 0111)) {
		rc = -EACCES;
		close(fd);
		goto out;
	}
	char gpath[4096];
	if (!strcmp(path, "/proc/self/exe"))
		snprintf(gpath, sizeof gpath, "%s", p->exe);
	else if (fs_join(o, p, dirfd, path, gpath, sizeof gpath) != 0)
		snprintf(gpath, sizeof gpath, "%s", path);
	mem *old = p->m;
	char err[512] = "";
	rc = os_load(o, p, fd, path, argv, envp, err, sizeof err);
	close(fd);
	if (rc != 0) {
		if (p->m != old) { /* failed after the old image was gone */
			os_exit_proc(o, p, GSIGSEGV);
			rc = OS_NORET;
		}
		goto out;
	}
	snprintf(p->exe, sizeof p->exe, "%s", gpath);
	p->exe_host = from_host;
	fd_close_exec(o, p);
	for (int s = 1; s <= OS_NSIG; s++)
		if (p->act[s].handler > 1)
			memset(&p->act[s], 0, sizeof p->act[s]);
	p->clear_tid = 0;
	if (p->vfork_parent) {
		proc *vp = os_find(o, p->vfork_parent);
		if (vp)
			vp->vfork_wait = 0;
		p->vfork_parent = 0;
	}
	rc = OS_NORET;
out:
	free_strv(argv);
	free_strv(envp);
	return rc;
}

/* ---- wait -------------------------------------------------------------- */

/* Finds a child matching pid (-1 or <= 0: any); returns 1 and the zombie in
 * *z if one has ended, 0 if children exist but none ended, -ECHILD. */
static int find_child(os *o, proc *p, int pid, proc **z)
{
	int have = 0;
	for (proc *q = o->procs; q; q = q->next_all) {
		if (q->ppid != p->pid || q->state == PS_REAPED)
			continue;
		if (pid > 0 && q->pid != pid)
			continue;
		have = 1;
		if (q->state == PS_ZOMBIE) {
			*z = q;
			return 1;
		}
	}
	return have ? 0 : -ECHILD;
}

static long do_wait4(os *o, proc *p, int pid, uint32_t ustatus, uint32_t options, uint32_t urusage)
{
	/* WNOHANG, WUNTRACED, WCONTINUED, __WNOTHREAD, __WALL, __WCLONE */
	if (options & ~(0x1u | 0x2u | 0x8u | 0x20000000u | 0x40000000u | 0x80000000u))
		return -EINVAL;
	proc *z = NULL;
	int rc = find_child(o, p, pid, &z);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return (options & 1) ? 0 : OS_BLOCK; /* WNOHANG */
	if (ustatus && put32(p, ustatus, (uint32_t)z->exit_status) != 0)
		return -EFAULT;
	if (urusage) {
		uint8_t zero[72] = {0};
		if (mem_write(p->m, urusage, zero, sizeof zero) != 0)
			return -EFAULT;
	}
	z->state = PS_REAPED;
	return z->pid;
}

static long do_waitid(os *o, proc *p, uint32_t idtype, uint32_t id, uint32_t uinfo, uint32_t options)
{
	int pid = idtype == 1 ? (int)id : -1; /* P_PID, else any */
	proc *z = NULL;
	int rc = find_child(o, p, pid, &z);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		if (!(options & 1))
			return OS_BLOCK;
		if (uinfo) {
			uint8_t zero[128] = {0};
			if (mem_write(p->m, uinfo, zero, sizeof zero) != 0)
				return -EFAULT;
		}
		return 0;
	}
	if (uinfo) {
		/* MIPS siginfo: signo, code, errno, then the union: pid, uid, status */
		uint8_t b[128] = {0};
		int be = p->c->big_endian, st = z->exit_status;
		int sig = st & 0x7f;
		g_put32(be, b, GSIGCHLD);
		g_put32(be, b + 4, sig ? 2u : 1u); /* CLD_KILLED, CLD_EXITED */
		g_put32(be, b + 12, (uint32_t)z->pid);
		g_put32(be, b + 16, (uint32_t)getuid());
		g_put32(be, b + 20, sig ? (uint32_t)sig : (uint32_t)((st >> 8) & 0xff));
		if (mem_write(p->m, uinfo, b, sizeof b) != 0)
			return -EFAULT;
	}
	if (!(options & 0x01000000u)) /* WNOWAIT */
		z->state = PS_REAPED;
	return 0;
}

/* ---- signals ----------------------------------------------------------- */

/* kill (SI_USER), tkill and tgkill (SI_TKILL) */
static long do_kill(os *o, proc *p, int pid, int sig, int32_t code)
{
	os_siginfo si = {.code = code, .w = {(uint32_t)p->pid, (uint32_t)getuid()}};
	if (sig < 0 || sig > 64)
		return -EINVAL;
	if (pid > 0) {
		proc *t = os_find(o, pid);
		if (!t || t->state >= PS_ZOMBIE)
			return -ESRCH;
		if (sig)
			os_signal_info(o, t, sig, &si);
		return 0;
	}
	/* process groups are not modeled: 0, -1 and -pgrp reach every process
	 * (but -1 not the sender) */
	int any = 0;
	for (proc *t = o->procs; t; t = t->next_all) {
		if (t->state >= PS_ZOMBIE || (pid == -1 && t == p))
			continue;
		any = 1;
		if (sig && t != p)
			os_signal_info(o, t, sig, &si);
	}
	if (sig && pid != -1)
		os_signal_info(o, p, sig, &si);
	return any || pid != -1 ? 0 : -ESRCH;
}

static long do_sigaction(proc *p, int sig, uint32_t uact, uint32_t uold, uint32_t size)
{
	if (size != 16)
		return -EINVAL;
	if (sig < 1 || sig > OS_NSIG)
		return -EINVAL;
	int be = p->c->big_endian;
	uint8_t b[24];
	if (uold) {
		sigact *a = &p->act[sig];
		g_put32(be, b, a->flags);
		g_put32(be, b + 4, a->handler);
		for (int i = 0; i < 4; i++)
			g_put32(be, b + 8 + 4 * i, a->mask[i]);
		if (mem_write(p->m, uold, b, sizeof b) != 0)
			return -EFAULT;
	}
	if (uact) {
		if (sig == GSIGKILL || sig == GSIGSTOP)
			return -EINVAL;
		if (mem_read(p->m, uact, b, sizeof b) != 0)
			return -EFAULT;
		sigact *a = &p->act[sig];
		a->flags = g_get32(be, b);
		a->handler = g_get32(be, b + 4);
		for (int i = 0; i < 4; i++)
			a->mask[i] = g_get32(be, b + 8 + 4 * i);
		if (a->handler == 1 && sig <= 64)
			p->sig_pending &= ~(1ull << (sig - 1));
	}
	return 0;
}

static long do_sigprocmask(proc *p, uint32_t how, uint32_t uset, uint32_t uold, uint32_t size)
{
	if (size != 16)
		return -EINVAL;
	int be = p->c->big_endian;
	uint8_t b[16] = {0};
	if (uold) {
		g_put32(be, b, (uint32_t)p->sig_blocked);
		g_put32(be, b + 4, (uint32_t)(p->sig_blocked >> 32));
		if (mem_write(p->m, uold, b, sizeof b) != 0)
			return -EFAULT;
	}
	if (uset) {
		if (mem_read(p->m, uset, b, sizeof b) != 0)
			return -EFAULT;
		uint64_t set = g_get32(be, b) | (uint64_t)g_get32(be, b + 4) << 32;
		switch (how) {
		case 1: p->sig_blocked |= set; break;  /* SIG_BLOCK (MIPS) */
		case 2: p->sig_blocked &= ~set; break; /* SIG_UNBLOCK */
		case 3: p->sig_blocked = set; break;   /* SIG_SETMASK */
		default: return -EINVAL;
		}
		p->sig_blocked &= ~((1ull << (GSIGKILL - 1)) | (1ull << (GSIGSTOP - 1)));
	}
	return 0;
}

/* ---- memory ------------------------------------------------------------ */

static long do_brk(os *o, proc *p, uint32_t want)
{
	if (want < p->brk_start)
		return p->brk;
	uint32_t old_end = PAGE_UP(p->brk), new_end = PAGE_UP(want);
	if (want > OS_STACK_TOP - OS_STACK_SIZE || new_end < want)
		return p->brk;
	if (new_end > old_end) {
		if (mem_find_free(p->m, old_end, new_end - old_end, new_end) != old_end)
			return p->brk; /* something is mapped there */
		if (os_limit_mem(o, (new_end - old_end) / MEM_PAGE_SIZE) != 0)
			return p->brk; /* glibc's sbrk says ENOMEM */
		if (mem_map(p->m, old_end, new_end - old_end, MEM_R | MEM_W) != 0)
			return p->brk;
	} else if (new_end < old_end) {
		os_page_drop(o, p, new_end, old_end - new_end);
		mem_unmap(p->m, new_end, old_end - new_end);
		cpu_flush(p->c);
	}
	p->brk = want;
	return p->brk;
}

static unsigned gprot(uint32_t prot)
{
	return (prot & 1 ? MEM_R : 0) | (prot & 2 ? MEM_W : 0) | (prot & 4 ? MEM_X : 0);
}

static long do_mmap(os *o, proc *p, uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
                    uint32_t fd, uint64_t off)
{
	if (!len)
		return -EINVAL;
	uint32_t plen = PAGE_UP(len);
	if (plen < len)
		return -ENOMEM;
	if ((flags & (GMAP_FIXED | GMAP_FIXED_NOREPLACE)) && (addr & (MEM_PAGE_SIZE - 1)))
		return -EINVAL;
	int hostfd = -1;
	if (!(flags & GMAP_ANON)) {
		if (fd >= OS_MAXFD || !p->fd[fd].f)
			return -EBADF;
		if (p->fd[fd].f->kind != OF_HOST)
			return -ENODEV;
		hostfd = p->fd[fd].f->hostfd;
		if ((flags & GMAP_SHARED) && (prot & 2))
			return -ENODEV; /* shared writable file mappings are not modeled */
	}
	uint32_t at;
	if (flags & (GMAP_FIXED | GMAP_FIXED_NOREPLACE)) {
		if ((uint64_t)addr + plen > OS_STACK_TOP)
			return -ENOMEM;
		if ((flags & GMAP_FIXED_NOREPLACE) &&
		    mem_find_free(p->m, addr, plen, addr + plen) != addr)
			return -EEXIST;
		at = addr;
		if (os_limit_mem(o, os_pages_unmapped(p->m, at, plen)) != 0)
			return -ENOMEM;
		os_page_drop(o, p, at, plen);
	} else {
		uint32_t hint = addr && addr >= OS_MMAP_BASE ? addr & ~(MEM_PAGE_SIZE - 1) : OS_MMAP_BASE;
		at = mem_find_free(p->m, hint, plen, OS_STACK_TOP - OS_STACK_SIZE);
		if (!at && hint != OS_MMAP_BASE)
			at = mem_find_free(p->m, OS_MMAP_BASE, plen, OS_STACK_TOP - OS_STACK_SIZE);
		if (!at)
			at = mem_find_free(p->m, PAGE_UP(p->brk) + (16u << 20), plen, OS_MMAP_BASE);
		if (!at || os_limit_mem(o, plen / MEM_PAGE_SIZE) != 0)
			return -ENOMEM;
	}
	if (hostfd < 0 && (flags & GMAP_SHARED)) { /* shared with the children forked later */
		if (mem_map_shared(p->m, at, plen, gprot(prot)) != 0)
			return -ENOMEM;
	} else if (mem_map(p->m, at, plen, hostfd >= 0 ? MEM_R | MEM_W : gprot(prot)) != 0) {
		return -ENOMEM;
	}
	cpu_flush(p->c);
	if (hostfd >= 0) {
		uint8_t buf[65536];
		for (uint32_t done = 0; done < len;) {
			size_t n = len - done < sizeof buf ? len - done : sizeof buf;
			ssize_t got = pread(hostfd, buf, n, (off_t)(off + done));
			if (got < 0)
				return -os_errno(errno);
			if (got == 0)
				break;
			mem_write_force(p->m, at + done, buf, (size_t)got);
			done += (uint32_t)got;
		}
		mem_protect(p->m, at, plen, gprot(prot));
	}
	return at;
}

static long do_munmap(os *o, proc *p, uint32_t addr, uint32_t len)
{
	if ((addr & (MEM_PAGE_SIZE - 1)) || !len || (uint64_t)addr + len > 0x80000000ull)
		return -EINVAL; /* beyond TASK_SIZE */
	os_page_drop(o, p, addr, len);
	mem_unmap(p->m, addr, len);
	cpu_flush(p->c);
	return 0;
}

static long do_mremap(os *o, proc *p, uint32_t old, uint32_t oldlen, uint32_t newlen, uint32_t flags)
{
	if (old & (MEM_PAGE_SIZE - 1))
		return -EINVAL;
	if ((uint64_t)old + oldlen > 0x80000000ull || newlen > 0x80000000u)
		return -EINVAL;
	uint32_t ol = PAGE_UP(oldlen), nl = PAGE_UP(newlen);
	if (!nl || !ol || !mem_is_mapped(p->m, old, ol))
		return -EFAULT;
	int shared = mem_any_shared(p->m, old, ol);
	if (nl <= ol) {
		if (nl < ol)
			do_munmap(o, p, old + nl, ol - nl);
		return old;
	}
	if ((uint64_t)old + nl <= OS_STACK_TOP - OS_STACK_SIZE &&
	    mem_find_free(p->m, old + ol, nl - ol, old + nl) == old + ol) {
		if (os_limit_mem(o, (nl - ol) / MEM_PAGE_SIZE) != 0)
			return -ENOMEM;
		if ((shared ? mem_map_shared : mem_map)(p->m, old + ol, nl - ol, MEM_R | MEM_W) != 0)
			return -ENOMEM;
		cpu_flush(p->c);
		return old;
	}
	if (!(flags & 1) || shared) /* MREMAP_MAYMOVE; a shared mapping is not moved */
		return -ENOMEM;
	uint32_t at = mem_find_free(p->m, OS_MMAP_BASE, nl, OS_STACK_TOP - OS_STACK_SIZE);
	if (!at || os_limit_mem(o, nl / MEM_PAGE_SIZE) != 0) /* both copies for a moment */
		return -ENOMEM;
	if (mem_map(p->m, at, nl, MEM_R | MEM_W) != 0)
		return -ENOMEM;
	uint8_t buf[MEM_PAGE_SIZE];
	for (uint32_t off = 0; off < ol; off += MEM_PAGE_SIZE) {
		if (!os_page_touched(p, old + off))
			continue;
		if (mem_read(p->m, old + off, buf, sizeof buf) != 0 ||
		    mem_write(p->m, at + off, buf, sizeof buf) != 0)
			return -EFAULT;
	}
	do_munmap(o, p, old, ol);
	return at;
}

/* ---- time, identity, limits -------------------------------------------- */

static int put_ts(proc *p, uint32_t addr, uint64_t ns, int wide)
{
	uint8_t b[16];
	int be = p->c->big_endian;
	if (wide) {
		g_put64(be, b, ns / 1000000000u);
		g_put64(be, b + 8, ns % 1000000000u);
		return mem_write(p->m, addr, b, 16);
	}
	g_put32(be, b, (uint32_t)(ns / 1000000000u));
	g_put32(be, b + 4, (uint32_t)(ns % 1000000000u));
	return mem_write(p->m, addr, b, 8);
}

static uint64_t clock_ns(os *o, uint32_t id)
{
	uint64_t now = os_now_ns(o);
	if (id == 0 || id == 5 || id == 8 || id == 11) /* REALTIME, _COARSE, _ALARM, TAI */
		return os_realtime_base() * 1000000000ull + now;
	return now;
}

static long do_sleep(os *o, proc *p, uint32_t ureq, int wide, int absolute, uint32_t clk)
{
	uint8_t b[16];
	int be = p->c->big_endian;
	if (mem_read(p->m, ureq, b, wide ? 16 : 8) != 0)
		return -EFAULT;
	int64_t s = wide ? (int64_t)g_get64(be, b) : (int32_t)g_get32(be, b);
	uint64_t ns = wide ? g_get64(be, b + 8) : g_get32(be, b + 4);
	if (s < 0 || ns >= 1000000000u) /* timespec64_valid */
		return -EINVAL;
	if ((uint64_t)s > UINT64_MAX / 1000000000u - 1)
		s = (int64_t)(UINT64_MAX / 1000000000u - 1); /* KTIME_MAX: as long as forever */
	uint64_t t = (uint64_t)s * 1000000000ull + ns;
	if (absolute) {
		uint64_t now = clock_ns(o, clk);
		t = t > now ? t - now : 0;
	}
	o->sleep_ns += t;
	return 0;
}

static long do_uname(proc *p, uint32_t addr)
{
	static const char *const f[6] = {"Linux", "vmmsim", "6.1.0", "#1 SMP vmmsim", "mips", "(none)"};
	uint8_t b[6 * 65] = {0};
	for (int i = 0; i < 6; i++)
		memcpy(b + 65 * i, f[i], strlen(f[i]));
	return mem_write(p->m, addr, b, sizeof b) ? -EFAULT : 0;
}

static long do_rlimit(proc *p, uint32_t res, uint32_t uold, int wide)
{
	uint64_t cur = ~0ull, max = ~0ull;
	switch (res) {
	case 3: cur = OS_STACK_SIZE; break;           /* RLIMIT_STACK */
	case 5: cur = max = OS_MAXFD; break;          /* RLIMIT_NOFILE (MIPS) */
	case 4: cur = 0; break;                       /* RLIMIT_CORE */
	case 8: cur = max = 4096; break;              /* RLIMIT_NPROC (MIPS) */
	}
	if (!uold)
		return 0;
	uint8_t b[16];
	int be = p->c->big_endian;
	if (wide) {
		g_put64(be, b, cur);
		g_put64(be, b + 8, max);
		return mem_write(p->m, uold, b, 16) ? -EFAULT : 0;
	}
	g_put32(be, b, cur > 0x7fffffff ? 0x7fffffffu : (uint32_t)cur); /* o32 RLIM_INFINITY */
	g_put32(be, b + 4, max > 0x7fffffff ? 0x7fffffffu : (uint32_t)max);
	return mem_write(p->m, uold, b, 8) ? -EFAULT : 0;
}

static long do_sysinfo(os *o, proc *p, uint32_t addr)
{
	uint8_t b[64] = {0};
	int be = p->c->big_endian;
	g_put32(be, b, (uint32_t)(os_now_ns(o) / 1000000000u));
	g_put32(be, b + 16, 0x40000000u);                 /* totalram: 1 GiB */
	g_put32(be, b + 20, 0x30000000u);                 /* freeram */
	uint16_t n = 0;
	for (proc *q = o->procs; q; q = q->next_all)
		n += q->state < PS_ZOMBIE;
	g_put16(be, b + 40, n);
	g_put32(be, b + 52, 1);                           /* mem_unit */
	return mem_write(p->m, addr, b, sizeof b) ? -EFAULT : 0;
}

static long do_getrandom(os *o, proc *p, uint32_t buf, uint32_t len)
{
	uint8_t chunk[256];
	if (len > (1u << 20))
		len = 1u << 20; /* a short count, as the call allows: callers loop */
	for (uint32_t done = 0; done < len;) {
		uint32_t n = len - done < sizeof chunk ? len - done : (uint32_t)sizeof chunk;
		for (uint32_t i = 0; i < n; i += 8) {
			uint64_t r = os_random(o);
			memcpy(chunk + i, &r, n - i < 8 ? n - i : 8);
		}
		if (mem_write(p->m, buf + done, chunk, n) != 0)
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return len;
}

long sys_proc(os *o, proc *p, uint32_t nr, const uint32_t a[8], int *handled)
{
	*handled = 1;
	int be = p->c->big_endian;
	switch (nr - 4000) {
	case NR_exit:
	case NR_exit_group:
		os_exit_proc(o, p, (int)((a[0] & 0xff) << 8));
		return OS_NORET;
	case NR_fork:
		return do_clone(o, p, GSIGCHLD, 0, 0, 0, 0);
	case NR_clone:
		return do_clone(o, p, a[0], a[1], a[2], a[3], a[4]);
	case NR_clone3:
		return -ENOSYS; /* glibc falls back to clone */
	case NR_execve:
		return do_execve(o, p, -100, a[0], a[1], a[2]);
	case NR_wait4:
		return do_wait4(o, p, (int)a[0], a[1], a[2], a[3]);
	case NR_waitpid:
		return do_wait4(o, p, (int)a[0], a[1], a[2], 0);
	case NR_waitid:
		return do_waitid(o, p, a[0], a[1], a[2], a[3]);
	case NR_getpid:
	case NR_gettid:
	case NR_getpgrp:
		return p->pid;
	case NR_getsid:
	case NR_getpgid: /* process groups are not modeled: each is its own */
		if (a[0] && (int)a[0] != p->pid) {
			proc *t = os_find(o, (int)a[0]);
			if (!t || t->state >= PS_ZOMBIE)
				return -ESRCH;
		}
		return a[0] ? (long)a[0] : p->pid;
	case NR_setpgid:
		return 0;
	case NR_setsid:
		return p->pid;
	case NR_getppid:
		return p->ppid ? p->ppid : 1;
	case NR_getuid: return (long)getuid();
	case NR_geteuid: return (long)geteuid();
	case NR_getgid: return (long)getgid();
	case NR_getegid: return (long)getegid();
	case NR_getgroups:
		return 0;
	case NR_kill:
		return do_kill(o, p, (int)a[0], (int)a[1], OS_SI_USER);
	case NR_tkill:
		return do_kill(o, p, (int)a[0], (int)a[1], OS_SI_TKILL);
	case NR_tgkill:
		return do_kill(o, p, (int)a[1], (int)a[2], OS_SI_TKILL);
	case NR_rt_sigaction:
		return do_sigaction(p, (int)a[0], a[1], a[2], a[3]);
	case NR_rt_sigprocmask:
		return do_sigprocmask(p, a[0], a[1], a[2], a[3]);
	case NR_rt_sigpending: { /* the pending signals that are blocked */
		if (a[1] > 16)
			return -EINVAL;
		uint8_t b[16] = {0};
		uint64_t set = p->sig_pending & p->sig_blocked;
		g_put32(be, b, (uint32_t)set);
		g_put32(be, b + 4, (uint32_t)(set >> 32));
		return mem_write(p->m, a[0], b, a[1]) ? -EFAULT : 0;
	}
	case NR_sigaltstack:
		return 0;
	case NR_rt_sigsuspend: {
		if (!p->in_sigsuspend) {
			uint8_t b[8];
			if (a[1] != 16)
				return -EINVAL;
			if (mem_read(p->m, a[0], b, 8) != 0)
				return -EFAULT;
			p->suspend_saved = p->sig_blocked;
			p->in_sigsuspend = 1;
			p->sig_blocked = (g_get32(be, b) | (uint64_t)g_get32(be, b + 4) << 32) &
			                 ~((1ull << (GSIGKILL - 1)) | (1ull << (GSIGSTOP - 1)));
		}
		if (os_handler_pending(p))
			return -EINTR; /* the handler runs with the old mask saved */
		os_deliver_pending(o, p); /* default actions of newly unblocked signals */
		if (p->state >= PS_ZOMBIE)
			return OS_NORET;
		return OS_BLOCK;
	}
	case NR_sigreturn:
		return os_sigreturn(o, p, 0);
	case NR_rt_sigreturn:
		return os_sigreturn(o, p, 1);
	case NR_pause:
		return OS_BLOCK; /* until a signal ends the process */
	case NR_set_thread_area:
		p->c->ulr = a[0];
		return 0;
	case NR_set_tid_address:
		p->clear_tid = a[0];
		return p->pid;
	case NR_set_robust_list:
		return 0;
	case NR_rseq:
		return -ENOSYS; /* glibc runs without restartable sequences */
	case NR_brk:
		return do_brk(o, p, a[0]);
	case NR_mmap2:
		return do_mmap(o, p, a[0], a[1], a[2], a[3], a[4], (uint64_t)a[5] << 12);
	case NR_munmap:
		return do_munmap(o, p, a[0], a[1]);
	case NR_mprotect:
		if (a[0] & (MEM_PAGE_SIZE - 1))
			return -EINVAL;
		if (!a[1])
			return 0;
		if ((uint64_t)a[0] + a[1] > 0x80000000ull)
			return -ENOMEM;
		if (mem_protect(p->m, a[0], a[1], gprot(a[2])) != 0)
			return -ENOMEM;
		cpu_flush(p->c);
		return 0;
	case NR_mremap:
		return do_mremap(o, p, a[0], a[1], a[2], a[3]);
	case NR_madvise:
		return 0;
	case NR_uname:
		return do_uname(p, a[0]);
	case NR_clock_gettime:
	case NR_clock_gettime64:
		if (a[0] > 11)
			return -EINVAL;
		return put_ts(p, a[1], clock_ns(o, a[0]), nr - 4000 == NR_clock_gettime64) ? -EFAULT : 0;
	case NR_clock_getres:
	case NR_clock_getres_time64:
		if (a[1] && put_ts(p, a[1], 1, nr - 4000 == NR_clock_getres_time64))
			return -EFAULT;
		return 0;
	case NR_gettimeofday:
		if (a[0]) {
			uint64_t ns = clock_ns(o, 0);
			uint8_t b[8];
			g_put32(be, b, (uint32_t)(ns / 1000000000u));
			g_put32(be, b + 4, (uint32_t)(ns % 1000000000u / 1000u));
			if (mem_write(p->m, a[0], b, 8) != 0)
				return -EFAULT;
		}
		if (a[1]) {
			uint8_t z[8] = {0};
			if (mem_write(p->m, a[1], z, 8) != 0)
				return -EFAULT;
		}
		return 0;
	case NR_time: {
		uint32_t t = (uint32_t)(clock_ns(o, 0) / 1000000000u);
		if (a[0] && put32(p, a[0], t) != 0)
			return -EFAULT;
		return t;
	}
	case NR_times: {
		if (a[0]) {
			uint8_t z[16] = {0};
			if (mem_write(p->m, a[0], z, 16) != 0)
				return -EFAULT;
		}
		return (long)(os_now_ns(o) / 10000000u) & 0x7fffffff;
	}
	case NR_getrusage: {
		uint8_t z[72] = {0};
		return mem_write(p->m, a[1], z, sizeof z) ? -EFAULT : 0;
	}
	case NR_nanosleep:
		return do_sleep(o, p, a[0], 0, 0, 1);
	case NR_clock_nanosleep:
	case NR_clock_nanosleep_time64:
		return do_sleep(o, p, a[2], nr - 4000 == NR_clock_nanosleep_time64, a[1] & 1, a[0]);
	case NR_getrandom:
		return do_getrandom(o, p, a[0], a[1]);
	case NR_getrlimit:
		return do_rlimit(p, a[0], a[1], 0);
	case NR_setrlimit:
		return 0;
	case NR_prlimit64:
		if (a[0] && (int)a[0] != p->pid)
			return -ESRCH;
		return do_rlimit(p, a[1], a[3], 1);
	case NR_sysinfo:
		return do_sysinfo(o, p, a[0]);
	case NR_sched_getaffinity: {
		if (a[1] < 4)
			return -EINVAL;
		uint8_t b[4];
		g_put32(be, b, 1);
		return mem_write(p->m, a[2], b, 4) ? -EFAULT : 4;
	}
	case NR_sched_yield:
		return 0;
	case NR_alarm: {
		uint64_t now = os_now_ns(o), left = p->alarm_ns > now ? p->alarm_ns - now : 0;
		p->alarm_ns = a[0] ? now + (uint64_t)a[0] * 1000000000u : 0;
		return (long)((left + 999999999u) / 1000000000u);
	}
	case NR_prctl:
		return a[0] == 15 || a[0] == 16 ? 0 : -EINVAL; /* PR_SET_NAME, PR_GET_NAME */
	case NR_umask: {
		uint32_t old = p->umask;
		p->umask = a[0] & 0777;
		return old;
	}
	default:
		*handled = 0;
		return 0;
	}
}

long os_syscall(os *o, proc *p, uint32_t nr, const uint32_t a[8])
{
	if (nr < 4000 || nr >= 4000 + sizeof sys_names / sizeof sys_names[0]) {
		warn_once(o, 4000 + 511, "out of range: ENOSYS");
		return -os_errno(ENOSYS);
	}
	int handled;
	long rv = sys_proc(o, p, nr, a, &handled);
	if (!handled)
		rv = sys_file(o, p, nr, a, &handled);
	if (!handled) {
		warn_once(o, nr, "is not implemented: ENOSYS");
		return -os_errno(ENOSYS);
	}
	if (rv < 0 && rv > -4096 && rv != -ENOSYS)
		return rv;
	if (rv == -ENOSYS)
		return -os_errno(ENOSYS);
	return rv;
}
