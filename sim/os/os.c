/*
 * os.c - processes, the scheduler, signals' default actions, virtual time
 * and the event stream of the modeled OS.
 *
 * Scheduling is deterministic round robin in creation order: a process runs
 * until it blocks (pipe, wait4), exits or spends its quantum of
 * instructions.  Every switch of address space emits TK_ASID.  A blocked
 * system call is retried (with its original arguments) each time something
 * changes (a pipe is read, written or closed, a process ends).
 *
 * Events, as the replay engine reads a run (see its README part): the CPU
 * appends its fetches, loads and stores to the OS's batch buffer; the OS
 * appends its own records between cpu_run calls: TK_TRAP for every system
 * call (arg = its number) and fatal exception, TK_ASID on every switch, and
 * TK_UNMAP for every page a process had touched when the mapping goes
 * (munmap, brk shrinking, mremap moving, execve, exit), so the models free
 * its frame.  First touches carry no record: the models fault pages in
 * themselves (demand-zero).  The OS still notes first touches (the mem
 * hook) to know which pages to unmap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/os_priv.h"
#include "os/sysnr.h"
#include "util/util.h"

#define DEFAULT_QUANTUM 1000000u   /* instructions per time slice */
#define DEFAULT_HZ 100000000u      /* virtual clock: 100 M instructions/s */
#define DEFAULT_BATCH 16384u       /* events per batch handed to the sink */
#define FIRST_PID 1000
#define BOOT_EPOCH 1700000000ull   /* CLOCK_REALTIME at boot (2023-11-14) */

/* ---- events ----------------------------------------------------------- */

static int flush(os *o)
{
	int rc = 0;
	if (o->cfg.sink && o->ev_len && o->cfg.sink(o->cfg.sink_ctx, o->ev, o->ev_len) != 0) {
		rc = -1;
		o->sink_failed = 1;
	}
	o->ev_len = 0;
	return rc;
}

void os_emit(os *o, const trace_rec *r)
{
	if (!o->cfg.sink)
		return;
	if (o->ev_len == o->ev_cap)
		flush(o);
	o->ev[o->ev_len++] = *r;
}

/* ---- pages ------------------------------------------------------------ */

int os_page_touched(const proc *p, uint32_t page)
{
	uint32_t vpn = page >> MEM_PAGE_SHIFT;
	if (!p->pt || !p->pt[vpn >> 10])
		return 0;
	return p->pt[vpn >> 10][vpn & 1023] != 0;
}

/* Records a touched page in p's table. */
void os_page_track(os *o, proc *p, uint32_t page)
{
	(void)o;
	uint32_t vpn = page >> MEM_PAGE_SHIFT;
	if (!p->pt && !(p->pt = calloc(1024, sizeof *p->pt)))
		return;
	if (!p->pt[vpn >> 10] && !(p->pt[vpn >> 10] = calloc(1024, sizeof **p->pt)))
		return;
	p->pt[vpn >> 10][vpn & 1023] = 1;
}

static void touch_hook(void *ctx, uint32_t page)
{
	proc *p = ctx;
	os_page_track(p->os, p, page);
}

void os_page_drop(os *o, proc *p, uint32_t addr, uint32_t len)
{
	if (!p->pt)
		return;
	uint32_t lo = addr & ~(MEM_PAGE_SIZE - 1);
	uint64_t hi = ((uint64_t)addr + len + MEM_PAGE_SIZE - 1) & ~(uint64_t)(MEM_PAGE_SIZE - 1);
	if (hi > 0x100000000ull)
		hi = 0x100000000ull;
	for (uint64_t a = lo; a < hi; a += MEM_PAGE_SIZE) {
		uint32_t vpn = (uint32_t)(a >> MEM_PAGE_SHIFT);
		uint8_t *l2 = p->pt[vpn >> 10];
		if (!l2) {
			a = ((a >> 22) + 1) << 22;
			a -= MEM_PAGE_SIZE;
			continue;
		}
		if (!l2[vpn & 1023])
			continue;
		l2[vpn & 1023] = 0;
		os_emit(o, &(trace_rec){.kind = TK_UNMAP, .addr = (uint32_t)a, .x = p->asid});
	}
}

void os_page_drop_all(os *o, proc *p)
{
	if (!p->pt)
		return;
	os_page_drop(o, p, 0, 0xfffff000u);
	for (int i = 0; i < 1024; i++)
		free(p->pt[i]);
	free(p->pt);
	p->pt = NULL;
}

void os_attach_mem(os *o, proc *p, mem *m)
{
	(void)o;
	p->m = m;
	mem_set_touch_hook(m, touch_hook, p);
	if (p->c)
		cpu_set_mem(p->c, m);
}

/* ---- processes -------------------------------------------------------- */

proc *os_find(os *o, int pid)
{
	for (proc *p = o->procs; p; p = p->next_all)
		if (p->pid == pid && p->state != PS_REAPED)
			return p;
	return NULL;
}

proc *os_new_proc(os *o, proc *parent)
{
	proc *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->os = o;
	p->pid = o->next_pid++;
	p->asid = o->next_asid++;
	if (o->next_asid == 0)
		o->next_asid = 1;
	p->state = PS_RUN;
	p->umask = 022;
	if (parent) {
		p->ppid = parent->pid;
		memcpy(p->cwd, parent->cwd, sizeof p->cwd);
		memcpy(p->exe, parent->exe, sizeof p->exe);
		p->exe_host = parent->exe_host;
		memcpy(p->act, parent->act, sizeof p->act);
		p->sig_blocked = parent->sig_blocked;
		p->umask = parent->umask;
		p->brk_start = parent->brk_start;
		p->brk = parent->brk;
		for (int i = 0; i < OS_MAXFD; i++)
			if (parent->fd[i].f) {
				p->fd[i] = parent->fd[i];
				of_ref(p->fd[i].f);
			}
	} else {
		strcpy(p->cwd, "/");
	}
	proc **tail = &o->procs;
	while (*tail)
		tail = &(*tail)->next_all;
	*tail = p;
	o->nprocs++;
	return p;
}

static void free_image(os *o, proc *p)
{
	os_page_drop_all(o, p);
	if (p->c) {
		cpu_free(p->c);
		p->c = NULL;
	}
	if (p->m) {
		mem_free(p->m);
		p->m = NULL;
	}
}

static void kill_message(os *o, proc *p, int sig)
{
	if (p->fault) {
		char d[128];
		cpu_disasm(p->fault_insn, p->fault_pc, d, sizeof d);
		snprintf(o->endmsg, sizeof o->endmsg, "killed by %s at pc 0x%08x: 0x%08x %s", os_signame(sig),
		         p->fault_pc, p->fault_insn, d);
		return;
	}
	uint32_t pc = p->c->pc - (p->in_syscall ? 4 : 0);
	uint8_t b[4];
	if (mem_read(p->m, pc, b, 4) != 0) {
		snprintf(o->endmsg, sizeof o->endmsg, "killed by %s at pc 0x%08x (instruction unreadable)",
		         os_signame(sig), pc);
		return;
	}
	uint32_t insn = g_get32(p->c->big_endian, b);
	char dis[128];
	cpu_disasm(insn, pc, dis, sizeof dis);
	snprintf(o->endmsg, sizeof o->endmsg, "killed by %s at pc 0x%08x: 0x%08x %s", os_signame(sig), pc,
	         insn, dis);
}

static void reap(os *o, proc *p)
{
	(void)o;
	p->state = PS_REAPED;
}

void os_exit_proc(os *o, proc *p, int wait_status)
{
	if (p->state == PS_ZOMBIE || p->state == PS_REAPED)
		return;
	if (p->pid == FIRST_PID && (wait_status & 0x7f) && p->c)
		kill_message(o, p, wait_status & 0x7f);
	if (p->c)
		p->insns_done += p->c->insns;
	fd_close_all(o, p);
	free_image(o, p);
	p->exit_status = wait_status;
	p->state = PS_ZOMBIE;
	p->pending_syscall = 0;
	if (p->vfork_parent) {
		proc *vp = os_find(o, p->vfork_parent);
		if (vp)
			vp->vfork_wait = 0;
		p->vfork_parent = 0;
	}
	/* orphans are reaped by nobody: they vanish when they end */
	for (proc *q = o->procs; q; q = q->next_all)
		if (q->ppid == p->pid) {
			q->ppid = 0;
			if (q->state == PS_ZOMBIE)
				reap(o, q);
		}
	proc *parent = p->ppid ? os_find(o, p->ppid) : NULL;
	if (!parent || parent->state >= PS_ZOMBIE) {
		reap(o, p);
	} else {
		sigact *a = &parent->act[GSIGCHLD];
		if (a->handler == 1 || (a->flags & 0x00010000u)) /* SIG_IGN, SA_NOCLDWAIT */
			reap(o, p);
		else
			os_signal_info(o, parent, GSIGCHLD, &(os_siginfo){
				.code = (wait_status & 0x7f) ? OS_CLD_KILLED : OS_CLD_EXITED,
				.w = {(uint32_t)p->pid, (uint32_t)getuid(),
				      (wait_status & 0x7f) ? (uint32_t)(wait_status & 0x7f) : (uint32_t)((wait_status >> 8) & 0xff)}});
	}
	if (p->pid == FIRST_PID) {
		o->finished = 1;
		if ((wait_status & 0x7f) == 0) {
			o->end = OS_END_EXIT;
			o->status = (wait_status >> 8) & 0xff;
		} else {
			o->end = OS_END_SIGNAL;
			o->status = 128 + (wait_status & 0x7f);
		}
	}
	os_wake_all(o);
}

void os_wake_all(os *o)
{
	for (proc *p = o->procs; p; p = p->next_all)
		if (p->state == PS_BLOCKED)
			p->state = PS_RUN;
}

/* ---- signals (default actions; handlers are recorded, not run) ------- */

static const char *const signames[] = {
	"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGEMT",
	"SIGFPE", "SIGKILL", "SIGBUS", "SIGSEGV", "SIGSYS", "SIGPIPE", "SIGALRM",
	"SIGTERM", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPWR", "SIGWINCH", "SIGURG",
	"SIGIO", "SIGSTOP", "SIGTSTP", "SIGCONT", "SIGTTIN", "SIGTTOU", "SIGVTALRM",
	"SIGPROF", "SIGXCPU", "SIGXFSZ",
};

const char *os_signame(int sig)
{
	if (sig > 0 && sig < (int)(sizeof signames / sizeof signames[0]))
		return signames[sig];
	return "SIGRT";
}

/* 0 ignore, 1 terminate, 2 terminate with core */
static int default_action(int sig)
{
	switch (sig) {
	case GSIGCHLD: case GSIGURG: case GSIGWINCH: case GSIGCONT:
	case GSIGSTOP: case GSIGTSTP: case GSIGTTIN: case GSIGTTOU: /* stop: not modeled */
		return 0;
	case GSIGQUIT: case GSIGILL: case GSIGTRAP: case GSIGABRT: case GSIGEMT:
	case GSIGFPE: case GSIGBUS: case GSIGSEGV: case GSIGSYS: case GSIGXCPU: case GSIGXFSZ:
		return 2;
	default:
		return 1;
	}
}

static uint64_t sigbit(int sig)
{
	return sig >= 1 && sig <= 64 ? 1ull << (sig - 1) : 0;
}

/* Acts on sig now; returns 1 if p died. */
static int act_on(os *o, proc *p, int sig)
{
	sigact *a = &p->act[sig];
	if (sig != GSIGKILL && sig != GSIGSTOP) {
		if (a->handler == 1)
			return 0;
		if (a->handler > 1)
			return 0; /* a handler: signal handlers are not run (see README) */
	}
	int d = default_action(sig);
	if (d == 0)
		return 0;
	os_exit_proc(o, p, sig); /* no core is dumped: no WCOREDUMP flag */
	return 1;
}

/* kill, and what Linux sends with send_sig (SIGPIPE): SI_USER, the sender's
 * pid and uid */
void os_signal(os *o, proc *p, int sig)
{
	os_siginfo si = {.code = OS_SI_USER, .w = {o->cur ? (uint32_t)o->cur->pid : 0, (uint32_t)getuid()}};
	os_signal_info(o, p, sig, &si);
}

void os_signal_info(os *o, proc *p, int sig, const os_siginfo *si)
{
	if (sig <= 0 || sig > 64 || p->state >= PS_ZOMBIE)
		return;
	if (!(p->sig_pending & sigbit(sig))) /* a pending signal keeps its first siginfo */
		p->sig_info[sig] = *si;
	int handler = p->act[sig].handler > 1 && sig != GSIGKILL && sig != GSIGSTOP;
	if (((p->sig_blocked & sigbit(sig)) && sig != GSIGKILL && sig != GSIGSTOP) || handler) {
		/* handlers run at the process's next system call boundary */
		p->sig_pending |= sigbit(sig);
		if (handler && !(p->sig_blocked & sigbit(sig)) && p->state == PS_BLOCKED) {
			p->interrupted = 1;
			p->state = PS_RUN;
		}
		return;
	}
	act_on(o, p, sig);
}

int os_handler_pending(const proc *p)
{
	uint64_t ready = p->sig_pending & ~p->sig_blocked;
	for (int sig = 1; ready && sig <= 64; sig++)
		if ((ready & sigbit(sig)) && p->act[sig].handler > 1)
			return 1;
	return 0;
}

int os_deliver_pending(os *o, proc *p)
{
	uint64_t ready = p->sig_pending & ~p->sig_blocked;
	for (int sig = 1; ready && sig <= 64; sig++) {
		if (!(ready & sigbit(sig)))
			continue;
		p->sig_pending &= ~sigbit(sig);
		ready &= ~sigbit(sig);
		if (p->act[sig].handler > 1 && sig != GSIGKILL && sig != GSIGSTOP) {
			uint64_t old = p->in_sigsuspend ? p->suspend_saved : p->sig_blocked;
			p->in_sigsuspend = 0;
			if (os_sig_frame(o, p, sig, old) != 0) {
				os_exit_proc(o, p, GSIGSEGV); /* no room for the frame */
				return 1;
			}
			return 0; /* one handler at a time; the rest after it returns */
		}
		if (act_on(o, p, sig))
			return 1;
	}
	return 0;
}

/* The signal Linux sends for a CPU stop (do_trap_or_bp for break/trap). */
int os_signal_by_exception(const cpu *c, int stop, int *code)
{
	uint32_t insn = c->insn, bcode = 0;
	if (stop == CPU_STOP_BREAK) {
		bcode = (insn >> 6) & ((1u << 20) - 1);
		if (bcode >= (1u << 10))
			bcode = ((bcode & ((1u << 10) - 1)) << 10) | (bcode >> 10);
	} else if (stop == CPU_STOP_TRAP) {
		bcode = (insn >> 26) == 0 ? (insn >> 6) & 0x3ff : 0;
	}
	*code = (int)bcode;
	if (stop == CPU_STOP_BREAK || stop == CPU_STOP_TRAP) {
		if (bcode == 6 || bcode == 7) /* BRK_OVERFLOW, BRK_DIVZERO */
			return GSIGFPE;
		return GSIGTRAP;
	}
	switch (c->exc) {
	case CPU_EXC_TLBL: case CPU_EXC_TLBS: return GSIGSEGV;
	case CPU_EXC_ADEL: case CPU_EXC_ADES: return GSIGBUS;
	case CPU_EXC_RI: case CPU_EXC_CPU: return GSIGILL;
	case CPU_EXC_OV: case CPU_EXC_FPE: return GSIGFPE;
	default: return GSIGSEGV;
	}
}

/* The siginfo Linux gives a fault's signal (arch/mips/kernel/traps.c and
 * mm/fault.c): SIGSEGV says MAPERR or ACCERR and the faulting address;
 * SIGFPE from overflow, a divide or overflow trap code, or the FPU says why,
 * at the exception's pc; break says TRAP_BRKPT; the rest is force_sig's
 * SI_KERNEL (traps, reserved instructions, address errors). */
static os_siginfo fault_info(const proc *p, int stop, int sig, int bcode)
{
	const cpu *c = p->c;
	os_siginfo si = {.code = OS_SI_KERNEL};
	if (stop == CPU_STOP_BREAK || stop == CPU_STOP_TRAP) {
		if (sig == GSIGFPE) {
			si.code = bcode == 7 ? OS_FPE_INTDIV : OS_FPE_INTOVF;
			si.w[0] = c->pc;
		} else if (stop == CPU_STOP_BREAK) {
			si.code = OS_TRAP_BRKPT;
		}
		return si;
	}
	switch (c->exc) {
	case CPU_EXC_TLBL: case CPU_EXC_TLBS:
		si.code = mem_is_mapped(p->m, c->badvaddr, 1) ? OS_SEGV_ACCERR : OS_SEGV_MAPERR;
		si.w[0] = c->badvaddr;
		break;
	case CPU_EXC_OV:
		si.code = OS_FPE_INTOVF;
		si.w[0] = c->pc;
		break;
	case CPU_EXC_FPE: {
		/* the enabled causes: FCSR cause bits 12-16 and enables 7-11 (I U O Z V) */
		uint32_t f = cpu_fcsr(c), x = (f >> 12) & (f >> 7) & 0x1f;
		si.code = x & 16 ? OS_FPE_FLTINV : x & 8 ? OS_FPE_FLTDIV : x & 4 ? OS_FPE_FLTOVF :
		          x & 2 ? OS_FPE_FLTUND : x & 1 ? OS_FPE_FLTRES : OS_FPE_FLTUNK;
		si.w[0] = c->pc;
		break;
	}
	default:
		break;
	}
	return si;
}

/* ---- time and randomness ---------------------------------------------- */

uint64_t os_now_ns(const os *o)
{
	uint64_t n = o->total;
	return n / o->cfg.hz * 1000000000ull + n % o->cfg.hz * 1000000000ull / o->cfg.hz + o->sleep_ns;
}

uint64_t os_realtime_base(void)
{
	return BOOT_EPOCH;
}

int os_alarms(os *o, int idle)
{
	uint64_t now = os_now_ns(o), first = 0;
	for (proc *p = o->procs; p; p = p->next_all)
		if (p->alarm_ns && p->state < PS_ZOMBIE && (!first || p->alarm_ns < first))
			first = p->alarm_ns;
	if (!first)
		return 0;
	if (first > now) {
		if (!idle)
			return 0;
		o->sleep_ns += first - now; /* nothing runs until then */
		now = first;
	}
	int fired = 0;
	for (proc *p = o->procs; p; p = p->next_all)
		if (p->alarm_ns && p->alarm_ns <= now && p->state < PS_ZOMBIE) {
			p->alarm_ns = 0;
			os_signal_info(o, p, GSIGALRM, &(os_siginfo){.code = OS_SI_KERNEL});
			fired = 1;
		}
	return fired;
}

uint64_t os_random(os *o)
{
	/* splitmix64 */
	uint64_t z = (o->rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* ---- limits ----------------------------------------------------------- */

static void limit_warn(os *o, int bit, const char *what)
{
	if (o->limit_warned & bit)
		return;
	o->limit_warned |= bit;
	util_error("warning: %s", what);
}

int os_limit_procs(os *o)
{
	uint32_t alive = 0;
	for (proc *p = o->procs; p; p = p->next_all)
		if (p->state != PS_REAPED)
			alive++;
	if (alive < o->cfg.max_procs)
		return 0;
	char msg[160];
	snprintf(msg, sizeof msg, "guest fork refused: %u processes alive (--max-procs): EAGAIN",
	         o->cfg.max_procs);
	limit_warn(o, 1, msg);
	return -EAGAIN;
}

static uint64_t pages_mapped(const os *o)
{
	uint64_t mapped = 0;
	for (proc *p = o->procs; p; p = p->next_all)
		if (p->m)
			mapped += mem_pages_mapped(p->m);
	return mapped;
}

int os_mem_fits(const os *o, uint64_t pages)
{
	return (pages_mapped(o) + pages) * MEM_PAGE_SIZE <= o->cfg.max_mem;
}

int os_limit_mem(os *o, uint64_t pages)
{
	if (os_mem_fits(o, pages))
		return 0;
	uint64_t mapped = pages_mapped(o);
	char msg[200];
	snprintf(msg, sizeof msg, "guest memory request refused: %llu bytes mapped, %llu more asked, "
	         "--max-mem %llu: ENOMEM", (unsigned long long)(mapped * MEM_PAGE_SIZE),
	         (unsigned long long)(pages * MEM_PAGE_SIZE), (unsigned long long)o->cfg.max_mem);
	limit_warn(o, 2, msg);
	return -ENOMEM;
}

uint64_t os_pages_unmapped(const mem *m, uint32_t addr, uint32_t len)
{
	uint64_t n = 0;
	uint64_t lo = addr & ~(uint64_t)(MEM_PAGE_SIZE - 1), hi = (uint64_t)addr + len;
	for (uint64_t a = lo; a < hi && a < 0x100000000ull; a += MEM_PAGE_SIZE)
		if (!mem_is_mapped(m, (uint32_t)a, 1))
			n++;
	return n;
}

/* ---- system call entry ------------------------------------------------- */

static void syscall_args(proc *p, uint32_t a[8])
{
	cpu *c = p->c;
	a[0] = c->r[4];
	a[1] = c->r[5];
	a[2] = c->r[6];
	a[3] = c->r[7];
	uint8_t b[16];
	if (mem_read(p->m, c->r[29] + 16, b, 16) == 0) {
		for (int i = 0; i < 4; i++)
			a[4 + i] = g_get32(c->big_endian, b + 4 * i);
	} else {
		a[4] = a[5] = a[6] = a[7] = 0;
	}
}

/* Answers the system call in p's registers (again, when retried). */
static void dispatch(os *o, proc *p)
{
	uint32_t a[8];
	syscall_args(p, a);
	uint32_t nr = p->c->r[2];
	p->in_syscall = 1;
	long rv = os_syscall(o, p, nr, a);
	p->in_syscall = 0;
	if (rv == OS_BLOCK) {
		p->pending_syscall = 1;
		if (p->state == PS_RUN)
			p->state = PS_BLOCKED;
		return;
	}
	if (p->state >= PS_ZOMBIE)
		return;
	if (rv == OS_NORET) {
		os_deliver_pending(o, p);
		return;
	}
	cpu *c = p->c;
	if (rv < 0 && rv > -4096) {
		c->r[2] = (uint32_t)-rv;
		c->r[7] = 1;
	} else {
		c->r[2] = (uint32_t)rv;
		c->r[7] = 0;
	}
	os_deliver_pending(o, p);
}

/* ---- the run loop ------------------------------------------------------ */

/* 1 if the first deliverable handler's signal asks for SA_RESTART. */
static int restart_ok(const proc *p)
{
	uint64_t ready = p->sig_pending & ~p->sig_blocked;
	for (int sig = 1; ready && sig <= 64; sig++)
		if ((ready & sigbit(sig)) && p->act[sig].handler > 1)
			return (p->act[sig].flags & 0x10000000u) != 0; /* SA_RESTART */
	return 0;
}

static proc *pick(os *o)
{
	proc *start = o->cur && o->cur->next_all ? o->cur->next_all : o->procs;
	if (!start)
		return NULL;
	proc *q = start;
	do {
		if (q->state == PS_RUN && !q->vfork_wait)
			return q;
		q = q->next_all ? q->next_all : o->procs;
	} while (q != start);
	return NULL;
}

static void switch_to(os *o, proc *p)
{
	o->cur = p;
	if (o->cur_asid == p->asid)
		return;
	o->cur_asid = p->asid;
	os_emit(o, &(trace_rec){.kind = TK_ASID, .arg = p->asid});
}

/* 1 when the host asked the run to stop (os_config.stop). */
static int stop_asked(const os *o)
{
	return o->cfg.stop && *o->cfg.stop;
}

static void end_interrupted(os *o)
{
	o->finished = 1;
	o->end = OS_END_INTERRUPTED;
	o->status = 128 + *o->cfg.stop;
	snprintf(o->endmsg, sizeof o->endmsg, "stopped after %llu instructions",
	         (unsigned long long)o->total);
}

static void end_limit(os *o)
{
	o->finished = 1;
	o->end = OS_END_LIMIT;
	o->status = OS_STATUS_LIMIT;
	snprintf(o->endmsg, sizeof o->endmsg, "stopped after %llu instructions (--max-insns)",
	         (unsigned long long)o->total);
}

/* 1 if the word before pc may be a branch or jump, so that pc may be its
 * delay slot (where a handler cannot be entered: the slot would be lost). */
static int after_branch(proc *p)
{
	uint8_t b[4];
	if (mem_read(p->m, p->c->pc - 4, b, 4) != 0)
		return 0;
	uint32_t w = g_get32(p->c->big_endian, b), op = w >> 26, rt = (w >> 16) & 31;
	if (op == 0)
		return (w & 0x3e) == 8;                  /* jr, jalr */
	if (op == 1)
		return (rt & 0x0c) == 0;                 /* bltz..bgezall (rt 0-3, 16-19) */
	if (op == 17)
		return ((w >> 21) & 31) == 8;            /* bc1f/bc1t(l) */
	return (op >= 2 && op <= 7) || (op >= 20 && op <= 23);
}
/* --trace-insns: the instructions of a slice one by one, each printed
 * before it runs, stopping where cpu_run would. */
static int run_traced(FILE *f, int pid, cpu *c, uint64_t budget)
{
	char line[192];
	int stop = CPU_STOP_LIMIT;
	for (uint64_t k = 0; k < budget && stop == CPU_STOP_LIMIT; k++) {
		stop = cpu_step_traced(c, line, sizeof line);
		fprintf(f, "%d %s\n", pid, line);
	}
	return stop;
}


/* Runs p for one quantum or until it blocks or ends. */
static void run_slice(os *o, proc *p)
{
	uint64_t left = o->cfg.quantum;
	int extra = 0;
	while (left && p->state == PS_RUN && !p->vfork_wait && !o->finished && !o->sink_failed &&
	       !stop_asked(o)) {
		cpu *c = p->c;
		uint64_t budget = left;
		if (o->cfg.max_insns) {
			if (o->total >= o->cfg.max_insns) {
				end_limit(o);
				return;
			}
			if (o->cfg.max_insns - o->total < budget)
				budget = o->cfg.max_insns - o->total;
		}
		if (o->cfg.sink) {
			c->ev = o->ev;
			c->ev_len = o->ev_len;
			c->ev_cap = o->ev_cap;
		} else {
			c->ev = NULL;
			c->ev_len = c->ev_cap = 0;
		}
		uint64_t before = c->insns;
		int stop;
		if (o->cfg.trace_insns) /* tested once per slice, not per instruction */
			stop = run_traced(o->cfg.trace_insns, p->pid, c, budget);
		else
			stop = cpu_run(c, budget);
		if (o->cfg.sink)
			o->ev_len = c->ev_len;
		uint64_t ran = c->insns - before;
		o->total += ran;
		left -= ran < left ? ran : left;
		switch (stop) {
		case CPU_STOP_SYSCALL:
			os_emit(o, &(trace_rec){.kind = TK_TRAP, .sub = TTRAP_SYSCALL, .arg = c->r[2],
			                        .addr = c->pc - 4});
			o->nsyscalls++;
			dispatch(o, p);
			break;
		case CPU_STOP_EVFULL:
			flush(o);
			break;
		case CPU_STOP_LIMIT:
			/* the quantum is over: a process that computes without system
			 * calls takes its handlers' signals here, outside a delay slot
			 * (one more instruction at a time, a few times at most) */
			if (!left && os_handler_pending(p) && extra < 8) {
				if (after_branch(p)) {
					left = 1;
					extra++;
				} else {
					os_deliver_pending(o, p);
				}
			}
			break;
		case CPU_STOP_BREAK:
		case CPU_STOP_TRAP:
		case CPU_STOP_EXC: {
			int code;
			int sig = os_signal_by_exception(c, stop, &code);
			os_emit(o, &(trace_rec){.kind = TK_TRAP, .sub = TTRAP_EXCEPTION,
			                        .arg = stop == CPU_STOP_EXC ? c->exc : (stop == CPU_STOP_BREAK ? 9u : 13u),
			                        .addr = c->pc});
			/* a handler (not blocked) runs with the faulting instruction's
			 * pc saved: returning retries it, as on Linux; otherwise the
			 * default action ends the process (force_sig) */
			if (p->act[sig].handler > 1 && !(p->sig_blocked & sigbit(sig))) {
				p->sig_info[sig] = fault_info(p, stop, sig, code);
				if (os_sig_frame(o, p, sig, p->sig_blocked) == 0)
					break;
			}
			p->fault = 1;
			p->fault_pc = c->insn_pc;
			p->fault_insn = c->insn;
			p->sig_blocked &= ~(1ull << (sig - 1));
			os_exit_proc(o, p, sig);
			break;
		}
		default:
			snprintf(o->endmsg, sizeof o->endmsg, "internal error: cpu_run returned %d", stop);
			o->finished = 1;
			o->end = OS_END_ERROR;
			o->status = 1;
			return;
		}
	}
}

/* Frees the processes nobody will wait for any more (the list keeps its
 * order; the scheduler continues after the predecessor of a freed cur). */
static void sweep(os *o)
{
	proc **pp = &o->procs, *prev = NULL;
	while (*pp) {
		proc *p = *pp;
		if (p->state != PS_REAPED || p->pid == FIRST_PID) {
			prev = p;
			pp = &p->next_all;
			continue;
		}
		if (o->cur == p)
			o->cur = prev;
		*pp = p->next_all;
		fd_close_all(o, p);
		free_image(o, p);
		free(p);
	}
}

int os_run(os *o)
{
	while (!o->finished && !o->sink_failed) {
		if (stop_asked(o)) { /* between slices and system calls */
			end_interrupted(o);
			break;
		}
		sweep(o);
		os_alarms(o, 0);
		if (o->finished)
			break;
		proc *p = pick(o);
		if (!p && os_alarms(o, 1))
			continue;
		if (!p) {
			snprintf(o->endmsg, sizeof o->endmsg, "every process is blocked (deadlock)");
			o->finished = 1;
			o->end = OS_END_ERROR;
			o->status = 1;
			break;
		}
		switch_to(o, p);
		if (p->interrupted) {
			p->interrupted = 0;
			if (p->pending_syscall && os_handler_pending(p)) {
				p->pending_syscall = 0;
				uint32_t nr = p->c->r[2] - 4000;
				int done = 0;
				if (nr != NR_pause && nr != NR_rt_sigsuspend) {
					/* as Linux, a call that can complete now completes
					 * and the handler runs after it (wait4 for the child
					 * whose SIGCHLD woke it, a read of data that came) */
					dispatch(o, p);
					done = !p->pending_syscall;
					if (!done) {
						p->pending_syscall = 0;
						p->state = PS_RUN;
					}
				}
				if (!done && p->partial) {
					/* a pipe write the handler ends returns what it wrote */
					p->c->r[2] = p->partial;
					p->c->r[7] = 0;
					p->partial = 0;
					os_deliver_pending(o, p);
				} else if (!done) {
					/* the blocked call ends: EINTR, or restarted after
					 * the handler (SA_RESTART; never pause and sigsuspend) */
					int restart = nr != NR_pause && nr != NR_rt_sigsuspend && restart_ok(p);
					if (restart) {
						p->c->pc -= 4;
					} else {
						p->c->r[2] = EINTR;
						p->c->r[7] = 1;
					}
					os_deliver_pending(o, p);
				}
				if (p->state != PS_RUN)
					continue;
			}
		}
		if (p->pending_syscall) {
			p->pending_syscall = 0;
			dispatch(o, p);
			if (p->state != PS_RUN || p->vfork_wait)
				continue;
		}
		run_slice(o, p);
		if (o->cfg.max_insns && o->total >= o->cfg.max_insns && !o->finished)
			end_limit(o);
	}
	flush(o);
	if (o->sink_failed && o->end != OS_END_ERROR) {
		o->end = OS_END_ERROR;
		o->status = 1;
		snprintf(o->endmsg, sizeof o->endmsg, "stopped: the event consumer failed");
	}
	return o->status;
}

/* ---- creation ---------------------------------------------------------- */

static ofile *std_file(int hostfd)
{
	if (fcntl(hostfd, F_GETFD) < 0)
		return NULL;
	ofile *f = of_new(OF_HOST);
	if (!f)
		return NULL;
	f->hostfd = hostfd;
	struct stat st;
	if (fstat(hostfd, &st) == 0)
		os_ftimes_file(f, &st);
	int fl = fcntl(hostfd, F_GETFL);
	f->flags = (uint32_t)(fl & 3) | ((fl & O_APPEND) ? 0x8u : 0);
	return f;
}

os *os_new(const os_config *cfg, const char *path, char *const argv[],
           char *const envp[], char *err, size_t errlen)
{
	err[0] = 0;
	os *o = calloc(1, sizeof *o);
	if (!o) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	o->cfg = *cfg;
	if (!o->cfg.quantum)
		o->cfg.quantum = DEFAULT_QUANTUM;
	if (!o->cfg.hz)
		o->cfg.hz = DEFAULT_HZ;
	if (!o->cfg.batch)
		o->cfg.batch = DEFAULT_BATCH;
	if (!o->cfg.max_procs)
		o->cfg.max_procs = OS_DEFAULT_MAX_PROCS;
	if (!o->cfg.max_mem)
		o->cfg.max_mem = OS_DEFAULT_MAX_MEM;
	o->rng = o->cfg.seed ^ 0x766d6d73696d21ull;
	os_ftimes_start(o);
	o->next_pid = FIRST_PID;
	o->next_asid = 1;
	o->rootfd = -1;
	o->cur_asid = -1;
	if (fs_open_root(o, cfg->fs_root, err, errlen) != 0)
		goto fail;
	if (o->cfg.sink) {
		o->ev_cap = (uint32_t)o->cfg.batch;
		o->ev = malloc(o->ev_cap * sizeof *o->ev);
		if (!o->ev) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	proc *p = os_new_proc(o, NULL);
	if (!p) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (int i = 0; i < 3; i++)
		if (!(cfg->std_closed & (1u << i)))
			p->fd[i].f = std_file(i);
	/* the guest starts in the host's working directory if it is inside
	 * the root, else (or if it is unknown: deleted) in "/" */
	char cwd[4096];
	size_t rl = strlen(o->root);
	snprintf(p->cwd, sizeof p->cwd, "/");
	if (getcwd(cwd, sizeof cwd) && cwd[0] == '/') {
		if (!strcmp(o->root, "/"))
			snprintf(p->cwd, sizeof p->cwd, "%s", cwd);
		else if (!strncmp(cwd, o->root, rl) && (cwd[rl] == '/' || !cwd[rl]))
			snprintf(p->cwd, sizeof p->cwd, "%s", cwd[rl] ? cwd + rl : "/");
	}
	char *real = realpath(path, NULL);
	if (real && !strncmp(real, o->root, rl) && real[rl] == '/')
		snprintf(p->exe, sizeof p->exe, "%s", real + rl);
	else if (real) /* root "/", or outside the root: the absolute host path, as
	                * Linux answers a chrooted process for a file outside it */
		snprintf(p->exe, sizeof p->exe, "%s", real);
	else /* always absolute: static glibc asserts it (_dl_get_origin) */
		snprintf(p->exe, sizeof p->exe, "/%s", path[0] == '/' ? path + 1 : path);
	free(real);
	p->exe_host = 1;
	o->prog_host = strdup(path);
	switch_to(o, p);
	int rc = os_load(o, p, fd, path, argv, envp, err, errlen);
	close(fd);
	if (rc != 0)
		goto fail;
	o->big_endian = p->c->big_endian;
	return o;
fail:
	os_free(o);
	return NULL;
}

void os_free(os *o)
{
	if (!o)
		return;
	o->cfg.sink = NULL; /* nothing more is handed on */
	/* two passes: closing a descriptor may wake the processes waiting on
	 * a pipe (os_wake_all walks o->procs), so every process's files and
	 * image go while the list is whole; then the list is detached from o
	 * and its processes freed */
	for (proc *p = o->procs; p; p = p->next_all) {
		fd_close_all(o, p);
		free_image(o, p);
	}
	proc *p = o->procs;
	o->procs = NULL;
	o->cur = NULL;
	while (p) {
		proc *next = p->next_all;
		free(p);
		p = next;
	}
	if (o->rootfd >= 0)
		close(o->rootfd);
	free(o->root);
	free(o->prog_host);
	free(o->ev);
	free(o->scratch);
	free(o->ftimes);
	free(o);
}

enum os_end os_end_reason(const os *o) { return (enum os_end)o->end; }
uint64_t os_insns(const os *o) { return o->total; }
int os_big_endian(const os *o) { return o->big_endian; }
uint64_t os_processes(const os *o) { return o->nprocs; }
uint64_t os_syscalls(const os *o) { return o->nsyscalls; }
const char *os_end_message(const os *o) { return o->endmsg; }
