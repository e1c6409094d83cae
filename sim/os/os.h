/*
 * os.h - the modeled operating system: runs statically linked MIPS o32
 * Linux programs on the simulated CPU (syscall-emulation level).
 *
 * The OS loads an ELF executable, builds the initial stack as Linux does,
 * answers the guest's Linux system calls, runs several processes (fork,
 * execve, wait4, pipes, default signal actions) under a deterministic
 * round-robin scheduler, confines file access below a root directory and
 * keeps virtual time.  Every event of the run (the CPU's fetches, loads and
 * stores, and the OS's own: system calls, address-space switches, unmapped
 * pages; see os.c) is handed in batches of trace_rec to one sink.
 */
#ifndef VMMSIM_OS_H
#define VMMSIM_OS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trace/trace.h"

/* Receives a batch of events in order; returns 0, or -1 to stop the run
 * (the sink has reported its own error). */
typedef int (*os_sink_fn)(void *ctx, const trace_rec *recs, size_t n);

typedef struct os_config {
	const char *fs_root;    /* directory the guest sees as "/" (NULL: ".") */
	int fs_rw;              /* 1: the guest may create, write and remove files */
	uint64_t max_insns;     /* stop after this many instructions (0: no limit) */
	uint64_t quantum;       /* instructions per time slice (0: default) */
	uint64_t seed;          /* seeds AT_RANDOM and getrandom */
	uint64_t hz;            /* virtual clock: instructions per second (0: default) */
	os_sink_fn sink;        /* NULL: no events at all (fastest) */
	void *sink_ctx;
	size_t batch;           /* events per batch (0: default) */
	unsigned std_closed;    /* bit n: the guest's descriptor n (0-2) starts
	                         * closed (else it is vmmsim's own) */
	uint32_t max_procs;     /* processes alive at once (zombies included):
	                         * fork/clone beyond it fails with EAGAIN, as
	                         * Linux's RLIMIT_NPROC (0: OS_DEFAULT_MAX_PROCS) */
	uint64_t max_mem;       /* bytes of guest memory mapped by all processes
	                         * together (each process's stack, image, heap
	                         * and mappings, whether touched or not): mmap,
	                         * mremap, brk, fork and execve beyond it fail
	                         * with ENOMEM, as under Linux's strict overcommit
	                         * (0: OS_DEFAULT_MAX_MEM) */
	volatile sig_atomic_t *stop; /* when *stop becomes non-zero (a signal
	                         * handler's flag), the run ends between two
	                         * slices or system calls: OS_END_INTERRUPTED */
	FILE *trace_insns;      /* --trace-insns: a line per executed instruction
	                         * ("PID 0xPC: WORD  disassembly"), slow; NULL: off */
} os_config;

/* How a run ended (os_run's return value is the exit status for a shell). */
enum os_end {
	OS_END_EXIT = 0,    /* the first process exited: status = its code */
	OS_END_SIGNAL,      /* killed by a signal: status = 128 + signal */
	OS_END_LIMIT,       /* --max-insns reached: status = OS_STATUS_LIMIT */
	OS_END_ERROR,       /* a host-side failure (message printed): status 1 */
	OS_END_INTERRUPTED, /* *cfg.stop was set: status = 128 + *cfg.stop */
};

/* Exit status of vmmsim when the instruction limit stopped the guest. */
#define OS_STATUS_LIMIT 124

/* Default limits on what guests may take from the host (vmmsim run
 * --max-procs, --max-mem): a fork bomb or a memory hog gets the errors
 * Linux gives (EAGAIN, ENOMEM) long before the host runs short. */
#define OS_DEFAULT_MAX_PROCS 256u
#define OS_DEFAULT_MAX_MEM (2ull << 30)

typedef struct os os;

/* Creates the OS and its first process from the program at path (a host
 * path, opened as given, not through the root) with argv/envp.  On
 * failure returns NULL with a one-line message in err ("FILE: why"). */
os *os_new(const os_config *cfg, const char *path, char *const argv[],
           char *const envp[], char *err, size_t errlen);
void os_free(os *o);

/* Runs until the first process ends (or the limit, or an error).  Returns
 * the exit status vmmsim should give; os_end() says why. */
int os_run(os *o);
enum os_end os_end_reason(const os *o);

/* Instructions executed by all processes; byte order of the first program. */
uint64_t os_insns(const os *o);
int os_big_endian(const os *o);
/* Processes created in total (1 + forks), and system calls answered. */
uint64_t os_processes(const os *o);
uint64_t os_syscalls(const os *o);

/* One line describing the end, e.g. "killed by SIGSEGV at pc 0x400123
 * (insn 0x8c820000 lw v0,0(a0))", or "" for a plain exit. */
const char *os_end_message(const os *o);

#endif
