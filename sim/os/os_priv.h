/*
 * os_priv.h - the modeled OS's private state, shared by its files:
 * os.c (processes, scheduler, events), loader.c (ELF and initial stack),
 * fs.c (the root sandbox), signal.c (handler frames), sys_file.c and
 * sys_proc.c (system calls).
 */
#ifndef VMMSIM_OS_PRIV_H
#define VMMSIM_OS_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "cpu/cpu.h"
#include "cpu/mem.h"
#include "os/os.h"

/* ---- guest ABI constants (MIPS o32 Linux) ------------------------------ */

#define OS_STACK_TOP 0x7fff8000u   /* TASK_SIZE of a 32-bit MIPS process */
#define OS_STACK_SIZE (8u << 20)   /* RLIMIT_STACK default */
#define OS_MMAP_BASE 0x2aaab000u   /* TASK_UNMAPPED_BASE = TASK_SIZE / 3 */
#define OS_SIGTRAMP 0x7fff8000u    /* page of the sigreturn trampolines (the VDSO's) */
#define OS_NSIG 128                /* MIPS _NSIG */
/* execve's limits (fs/exec.c): the strings of argv and envp and their
 * pointers take at most a quarter of the stack rlimit (what glibc's
 * sysconf(_SC_ARG_MAX) answers), each string at most MAX_ARG_STRLEN bytes
 * with its NUL */
#define OS_ARG_MAX (OS_STACK_SIZE / 4)
#define OS_ARG_STRLEN 131072u
#define OS_MAXFD 1024

/* MIPS signal numbers (they differ from x86 above 9). */
enum {
	GSIGHUP = 1, GSIGINT = 2, GSIGQUIT = 3, GSIGILL = 4, GSIGTRAP = 5,
	GSIGABRT = 6, GSIGEMT = 7, GSIGFPE = 8, GSIGKILL = 9, GSIGBUS = 10,
	GSIGSEGV = 11, GSIGSYS = 12, GSIGPIPE = 13, GSIGALRM = 14, GSIGTERM = 15,
	GSIGUSR1 = 16, GSIGUSR2 = 17, GSIGCHLD = 18, GSIGPWR = 19, GSIGWINCH = 20,
	GSIGURG = 21, GSIGIO = 22, GSIGSTOP = 23, GSIGTSTP = 24, GSIGCONT = 25,
	GSIGTTIN = 26, GSIGTTOU = 27, GSIGVTALRM = 28, GSIGPROF = 29,
	GSIGXCPU = 30, GSIGXFSZ = 31,
};

/* MIPS errno values (those above 34 differ from the host's). */
int os_errno(int host_errno);

/* ---- open files ------------------------------------------------------- */

/* OF_DEV: a device the OS provides itself (the root need not have /dev):
 * dev is 1 /dev/null, 2 /dev/zero, 3 /dev/urandom and /dev/random (seeded) */
enum ofile_kind { OF_HOST, OF_PIPE_R, OF_PIPE_W, OF_DEV };

typedef struct os_pipe {
	uint8_t *buf;
	uint32_t cap, head, len;    /* ring buffer */
	int readers, writers;       /* open read and write ends */
} os_pipe;

/* An open file description, shared by dup and fork. */
typedef struct ofile {
	int refs;
	int kind;                   /* enum ofile_kind */
	int hostfd;                 /* OF_HOST: host descriptor (0-2 never closed) */
	uint32_t flags;             /* guest open flags (O_APPEND, O_NONBLOCK...) */
	int is_dir;
	int timed;                  /* OF_HOST: a regular file or directory, whose
	                             * changes ftimes.c notes as (fdev, fino) */
	uint64_t fdev, fino;
	int dev;                    /* OF_DEV: which device */
	char *path;                 /* guest path (directories: for *at calls) */
	os_pipe *pipe;
} ofile;

typedef struct fdent {
	ofile *f;                   /* NULL: free */
	int cloexec;
} fdent;

/* ---- processes -------------------------------------------------------- */

enum proc_state { PS_RUN, PS_BLOCKED, PS_ZOMBIE, PS_REAPED };

/* What a handler's siginfo says of a signal: si_code and the first words of
 * the union (MIPS: si_signo, si_code, si_errno, then pid or addr, uid,
 * status). */
typedef struct os_siginfo {
	int32_t code;
	uint32_t w[3];
} os_siginfo;

/* si_code values (Linux's generic ones, MIPS uses them unchanged) */
enum {
	OS_SI_USER = 0, OS_SI_KERNEL = 0x80, OS_SI_TKILL = -6,
	OS_FPE_INTDIV = 1, OS_FPE_INTOVF = 2, OS_FPE_FLTDIV = 3, OS_FPE_FLTOVF = 4,
	OS_FPE_FLTUND = 5, OS_FPE_FLTRES = 6, OS_FPE_FLTINV = 7, OS_FPE_FLTUNK = 14,
	OS_SEGV_MAPERR = 1, OS_SEGV_ACCERR = 2, OS_TRAP_BRKPT = 1,
	OS_CLD_EXITED = 1, OS_CLD_KILLED = 2,
};

typedef struct sigact {
	uint32_t handler;           /* 0 SIG_DFL, 1 SIG_IGN, else a guest address */
	uint32_t flags;
	uint32_t mask[4];
} sigact;

typedef struct proc {
	struct proc *next_all;      /* every process, in creation order */
	struct os *os;
	int pid, ppid;
	int state;                  /* enum proc_state */
	int pending_syscall;        /* 1: the syscall in r2.. is retried when woken */
	int vfork_parent;           /* pid of a parent blocked until our exec/exit */
	int vfork_wait;             /* 1: blocked in vfork until child pid vfork_child */
	int vfork_child;
	cpu *c;
	mem *m;
	uint16_t asid;
	uint32_t brk_start, brk;    /* program break */
	uint32_t clear_tid;         /* CLONE_CHILD_CLEARTID / set_tid_address */
	fdent fd[OS_MAXFD];
	char cwd[4096];             /* guest path of the working directory, "/..." */
	sigact act[OS_NSIG + 1];
	uint64_t sig_blocked, sig_pending; /* signals 1..64 (bit n-1) */
	os_siginfo sig_info[OS_NSIG + 1]; /* each pending signal's siginfo */
	int interrupted;            /* a handler's signal woke the blocked syscall */
	uint32_t partial;           /* bytes a waiting pipe write already put in */
	uint64_t alarm_ns;          /* alarm(): virtual time of SIGALRM (0: none) */
	int in_sigsuspend;          /* blocked in rt_sigsuspend: mask to restore below */
	uint64_t suspend_saved;
	uint32_t umask;
	int exit_status;            /* wait status (Linux encoding) once a zombie */
	char exe[4096];             /* guest path of the program (readlink /proc/self/exe) */
	int exe_host;               /* 1: the program is the host file os->prog_host */
	uint8_t **pt;               /* touched pages: pt[vpn>>10][vpn&1023] = 1 */
	uint64_t insns_done;        /* instructions of earlier images (exec) */
	int in_syscall;             /* 1 while its system call is being answered */
	int fault;                  /* 1: fault_pc/fault_insn name the faulting instruction */
	uint32_t fault_pc, fault_insn;
} proc;

/* ---- the OS ----------------------------------------------------------- */

struct os {
	os_config cfg;
	int rootfd;                 /* O_PATH descriptor of the root directory */
	char *root;                 /* its absolute host path */
	char *prog_host;            /* host path of the first program */
	proc *procs;                /* all processes, creation order */
	proc *cur;
	int cur_asid;                /* ASID of the last TK_ASID emitted (-1: none) */
	int next_pid;
	uint16_t next_asid;
	uint64_t total;             /* instructions executed by all processes */
	uint64_t nprocs, nsyscalls;
	uint64_t sleep_ns;          /* virtual time added by nanosleep */
	uint64_t rng;               /* getrandom / AT_RANDOM state */
	int big_endian;
	int end;                    /* enum os_end once finished */
	int status;
	int finished;
	char endmsg[512];
	uint8_t warned[512];        /* one ENOSYS warning per system call */
	int limit_warned;           /* bit 0 --max-procs, bit 1 --max-mem reached */

	/* events */
	trace_rec *ev;              /* the batch buffer the CPU appends to */
	uint32_t ev_len, ev_cap;    /* OS-side fill level and total capacity */
	int sink_failed;
	uint8_t *scratch;           /* system call data staged between guest and host */
	size_t scratch_cap;

	/* the virtual times of the files the run changed (ftimes.c) */
	struct timespec host_t0;    /* the host's coarse clock when the run began */
	struct ftimes_ent *ftimes;  /* open addressing, ftimes_cap a power of 2 */
	size_t ftimes_n, ftimes_cap;
};

/* ftimes.c: what stat shows of the files a run changes */
/* what changed: the file was created, its contents; OS_FT_IFNEW: only if
 * the run has not noted it and the host changed it during the run */
enum { OS_FT_NEW = 1, OS_FT_DATA = 2, OS_FT_IFNEW = 4 };
void os_ftimes_start(os *o);
/* File (dev, ino) was changed now (what: OS_FT_*; OS_FT_IFNEW needs its
 * host ctime, else host_ctime may be NULL). */
void os_ftimes_note(os *o, uint64_t dev, uint64_t ino, const struct timespec *host_ctime,
                    unsigned what);
/* Sets f->timed, fdev, fino from st, the host's stat of f. */
void os_ftimes_file(ofile *f, const struct stat *st);
/* The times of file (dev, ino) as the guest sees them (btime may be NULL). */
void os_ftimes_fix(const os *o, uint64_t dev, uint64_t ino, struct timespec *atime,
                   struct timespec *mtime, struct timespec *ctime, struct timespec *btime);

/* os.c */
void os_emit(os *o, const trace_rec *r);
void os_page_track(os *o, proc *p, uint32_t page);   /* first touch */
void os_page_drop(os *o, proc *p, uint32_t addr, uint32_t len); /* unmap */
void os_page_drop_all(os *o, proc *p);
int os_page_touched(const proc *p, uint32_t page);
void os_attach_mem(os *o, proc *p, mem *m);
proc *os_find(os *o, int pid);
proc *os_new_proc(os *o, proc *parent);
void os_exit_proc(os *o, proc *p, int wait_status);
void os_signal(os *o, proc *p, int sig);   /* raise sig for p (SI_USER from cur) */
void os_signal_info(os *o, proc *p, int sig, const os_siginfo *si);
int os_deliver_pending(os *o, proc *p);    /* 1 if p died */
void os_wake_all(os *o);
uint64_t os_now_ns(const os *o);           /* virtual time since boot */
uint64_t os_realtime_base(void);           /* CLOCK_REALTIME at boot, seconds */
/* Raises SIGALRM for the alarms that are due; with idle set (every process
 * blocked), first moves the clock to the earliest alarm.  Returns 1 if one
 * fired. */
int os_alarms(os *o, int idle);
uint64_t os_random(os *o);
/* The limits (os_config.max_procs, max_mem): 0 if one more process may be
 * created, else -EAGAIN; 0 if pages more pages may be mapped, else -ENOMEM
 * (each with a one-time warning on stderr). */
int os_limit_procs(os *o);
int os_limit_mem(os *o, uint64_t pages);
int os_mem_fits(const os *o, uint64_t pages); /* the same test, silent */
/* Pages of [addr, addr+len) not mapped in m (what mapping it would add). */
uint64_t os_pages_unmapped(const mem *m, uint32_t addr, uint32_t len);
int os_signal_by_exception(const cpu *c, int stop, int *code);
const char *os_signame(int sig);

/* signal.c: the trampoline page, a handler's frame (0, or -1 if the stack
 * is unwritable), sigreturn/rt_sigreturn (restores registers and mask). */
int os_sig_tramp(os *o, mem *m, int be);
int os_sig_frame(os *o, proc *p, int sig, uint64_t old_mask);
long os_sigreturn(os *o, proc *p, int rt);
/* 1 if a pending, unblocked signal has a handler. */
int os_handler_pending(const proc *p);

/* loader.c: loads the ELF at host descriptor fd into a fresh mem for p
 * (replacing p->m) and builds the stack.  Returns 0, or -errno with a
 * message in err. */
int os_load(os *o, proc *p, int fd, const char *name, char *const argv[],
            char *const envp[], char *err, size_t errlen);

/* fs.c: the root sandbox. */
int fs_open_root(os *o, const char *dir, char *err, size_t errlen);
/* Opens guest path (relative to p's cwd) below the root; returns a host fd
 * or -errno (guest errno values already translated). */
int fs_open(os *o, proc *p, int dirfd, const char *path, int hostflags, int mode);
/* Opens the parent directory of path and returns its host fd, with the last
 * component in base (which may be "." for "/"). */
int fs_parent(os *o, proc *p, int dirfd, const char *path, char *base, size_t baselen);
int fs_join(os *o, proc *p, int dirfd, const char *path, char *out, size_t outlen);

/* sys_*.c: returns the value for v0 (>= 0) or -errno (guest errno);
 * OS_BLOCK means "retry this call when woken", OS_NORET means the call
 * does not return to this process normally (exit, exec done, died). */
#define OS_BLOCK (-100000)
#define OS_NORET (-100001)
long os_syscall(os *o, proc *p, uint32_t nr, const uint32_t a[8]);
long sys_file(os *o, proc *p, uint32_t nr, const uint32_t a[8], int *handled);
long sys_proc(os *o, proc *p, uint32_t nr, const uint32_t a[8], int *handled);

/* ofile helpers (sys_file.c) */
ofile *of_new(int kind);
void of_ref(ofile *f);
void of_unref(os *o, ofile *f);
int fd_alloc(proc *p, int lowest);
void fd_close_all(os *o, proc *p);
void fd_close_exec(os *o, proc *p);

/* guest byte order helpers */
static inline void g_put16(int be, uint8_t *b, uint16_t v)
{
	if (be) { b[0] = (uint8_t)(v >> 8); b[1] = (uint8_t)v; }
	else { b[0] = (uint8_t)v; b[1] = (uint8_t)(v >> 8); }
}
static inline void g_put32(int be, uint8_t *b, uint32_t v)
{
	if (be) { b[0] = (uint8_t)(v >> 24); b[1] = (uint8_t)(v >> 16); b[2] = (uint8_t)(v >> 8); b[3] = (uint8_t)v; }
	else { b[0] = (uint8_t)v; b[1] = (uint8_t)(v >> 8); b[2] = (uint8_t)(v >> 16); b[3] = (uint8_t)(v >> 24); }
}
static inline void g_put64(int be, uint8_t *b, uint64_t v)
{
	if (be) { g_put32(be, b, (uint32_t)(v >> 32)); g_put32(be, b + 4, (uint32_t)v); }
	else { g_put32(be, b, (uint32_t)v); g_put32(be, b + 4, (uint32_t)(v >> 32)); }
}
static inline uint32_t g_get32(int be, const uint8_t *b)
{
	if (be) return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}
static inline uint64_t g_get64(int be, const uint8_t *b)
{
	if (be) return (uint64_t)g_get32(be, b) << 32 | g_get32(be, b + 4);
	return (uint64_t)g_get32(be, b + 4) << 32 | g_get32(be, b);
}

#endif
