/* the siginfo a SA_SIGINFO handler gets: si_code and si_addr of faults
 * (integer overflow, FPU exceptions, unmapped and read-only pages, trap,
 * break, reserved instruction), SIGCHLD's code, pid and status, kill's and
 * raise's (tgkill) code and pid. */
#include <fenv.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
static sigjmp_buf jb;
static volatile int code, signo;
static volatile long pid, status;
static void *volatile addr;
static void on_fault(int s, siginfo_t *si, void *uc)
{
	(void)uc;
	signo = si->si_signo;
	code = si->si_code;
	addr = si->si_addr;
	siglongjmp(jb, s);
}
static void on_info(int s, siginfo_t *si, void *uc)
{
	(void)uc;
	signo = s;
	code = si->si_code;
	pid = si->si_pid;
	status = si->si_status;
}
extern char add_at[];
int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	int sigs[] = {SIGFPE, SIGSEGV, SIGTRAP, SIGILL};
	for (int i = 0; i < 4; i++)
		sigaction(sigs[i], &sa, NULL);
	int r;
	volatile int big = 0x7fffffff, one = 1, res;
	if ((r = sigsetjmp(jb, 1)) == 0) {
		int d;
		__asm__ volatile(".globl add_at\nadd_at: add %0,%1,%2" : "=r"(d) : "r"(big), "r"(one));
		res = d;
		printf("add: no signal %d\n", res);
	} else {
		printf("add: sig %d signo %d code %d at the add %d\n", r, signo, code, addr == (void *)add_at);
	}
	feenableexcept(FE_DIVBYZERO | FE_INVALID | FE_OVERFLOW);
	volatile double z = 0.0, o = 1.0, h = 1e308, x;
	if ((r = sigsetjmp(jb, 1)) == 0) { x = o / z; printf("fdiv: no signal %g\n", x); }
	else printf("fdiv: sig %d code %d\n", r, code);
	if ((r = sigsetjmp(jb, 1)) == 0) { x = z / z; printf("finvalid: no signal %g\n", x); }
	else printf("finvalid: sig %d code %d\n", r, code);
	if ((r = sigsetjmp(jb, 1)) == 0) { x = h * h; printf("foverflow: no signal %g\n", x); }
	else printf("foverflow: sig %d code %d\n", r, code);
	fedisableexcept(FE_ALL_EXCEPT);
	char *m = mmap(NULL, 2 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + 4096, 4096);
	if ((r = sigsetjmp(jb, 1)) == 0) { m[5] = 1; printf("read-only: no signal\n"); }
	else printf("read-only store: sig %d code %d offset %ld\n", r, code, (long)((char *)addr - m));
	if ((r = sigsetjmp(jb, 1)) == 0) { volatile char c = m[4096 + 7]; printf("unmapped: no signal %d\n", c); }
	else printf("unmapped load: sig %d code %d offset %ld\n", r, code, (long)((char *)addr - m));
	if ((r = sigsetjmp(jb, 1)) == 0) { __asm__ volatile("tge %0,%1" : : "r"(one), "r"(one)); printf("tge: no signal\n"); }
	else printf("tge: sig %d code %d\n", r, code);
	if ((r = sigsetjmp(jb, 1)) == 0) { __asm__ volatile("break 0"); printf("break: no signal\n"); }
	else printf("break: sig %d code %d\n", r, code);
	if ((r = sigsetjmp(jb, 1)) == 0) { __asm__ volatile(".word 0xffffffff"); printf("reserved: no signal\n"); }
	else printf("reserved: sig %d code %d\n", r, code);
	sa.sa_sigaction = on_info;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	for (int i = 0; i < 2; i++) {
		pid_t c = fork();
		if (c == 0) {
			if (i)
				raise(SIGTERM);
			_exit(23);
		}
		int st;
		while (waitpid(c, &st, 0) != c)
			;
		printf("SIGCHLD: signo %d code %d pid is the child %d status %ld\n", signo, code, pid == c, status);
	}
	raise(SIGUSR1);
	printf("raise: signo %d code %d pid is mine %d\n", signo, code, pid == getpid());
	kill(getpid(), SIGUSR1);
	printf("kill: signo %d code %d pid is mine %d\n", signo, code, pid == getpid());
	return 0;
}
