/*
 * signal.c - running signal handlers: the o32 signal frames Linux builds
 * (arch/mips/kernel/signal.c) and sigreturn/rt_sigreturn.
 *
 *   sigframe    { u32 ass[4]; u32 pad[2]; sigcontext sc; sigset_t mask; }
 *   rt_sigframe { u32 ass[4]; u32 pad[2]; siginfo info; ucontext uc; }
 *   ucontext    { flags; link; stack_t (sp, size, flags); sigcontext; sigset_t }
 *   sigcontext  { regmask; status; u64 pc; u64 regs[32]; u64 fpregs[32];
 *                 acx; fpc_csr; fpc_eir; used_math; dsp; u64 mdhi, mdlo; ... }
 *
 * The handler is entered with a0 = signal, a1 = &info (rt) or 0, a2 = &uc
 * (rt) or &sc, t9 = pc = handler, sp = the frame, ra = a trampoline
 * ("li v0, NR_(rt_)sigreturn; syscall") in a page the loader maps, as the
 * kernel's VDSO provides it.  Handlers run only where the process stands at
 * a system call boundary (after its syscall, or interrupting a blocked one).
 */
#include <errno.h>
#include <string.h>

#include "os/os_priv.h"
#include "os/sysnr.h"

#define SC_SIZE 592
#define FRAME_SC 24            /* sigframe: sigcontext */
#define FRAME_MASK (24 + SC_SIZE)
#define FRAME_SIZE (FRAME_MASK + 16)
#define RT_INFO 24             /* rt_sigframe: siginfo (128 bytes) */
#define RT_UC (24 + 128)       /* ucontext */
#define RT_SC (RT_UC + 24)     /* its sigcontext */
#define RT_MASK (RT_SC + SC_SIZE)
#define RT_SIZE (RT_MASK + 16)

#define SA_SIGINFO_ 0x8u
#define SA_NODEFER_ 0x40000000u
#define SA_RESETHAND_ 0x80000000u

int os_sig_tramp(os *o, mem *m, int be)
{
	(void)o;
	uint8_t b[16];
	g_put32(be, b, 0x24020000u | (4000 + NR_sigreturn));     /* li v0, 4119 */
	g_put32(be, b + 4, 0x0000000c);                           /* syscall */
	g_put32(be, b + 8, 0x24020000u | (4000 + NR_rt_sigreturn)); /* li v0, 4193 */
	g_put32(be, b + 12, 0x0000000c);
	if (mem_map(m, OS_SIGTRAMP, MEM_PAGE_SIZE, MEM_R | MEM_X) != 0)
		return -1;
	return mem_write_force(m, OS_SIGTRAMP, b, sizeof b);
}

static void put_sc(const cpu *c, uint8_t *sc)
{
	int be = c->big_endian;
	g_put64(be, sc + 8, c->pc);
	for (int i = 1; i < 32; i++)
		g_put64(be, sc + 16 + 8 * i, c->r[i]);
	for (int i = 0; i < 32; i += 2) /* FR=0: even/odd pairs as one 64-bit value */
		g_put64(be, sc + 272 + 8 * i, (uint64_t)cpu_fpr(c, (unsigned)i + 1) << 32 | cpu_fpr(c, (unsigned)i));
	g_put32(be, sc + 532, cpu_fcsr(c));
	g_put32(be, sc + 540, 1); /* used_math */
	g_put64(be, sc + 552, c->hi);
	g_put64(be, sc + 560, c->lo);
}

static void get_sc(cpu *c, const uint8_t *sc)
{
	int be = c->big_endian;
	c->pc = (uint32_t)g_get64(be, sc + 8);
	for (int i = 1; i < 32; i++)
		c->r[i] = (uint32_t)g_get64(be, sc + 16 + 8 * i);
	for (int i = 0; i < 32; i += 2) {
		uint64_t v = g_get64(be, sc + 272 + 8 * i);
		cpu_set_fpr(c, (unsigned)i, (uint32_t)v);
		cpu_set_fpr(c, (unsigned)i + 1, (uint32_t)(v >> 32));
	}
	cpu_set_fcsr(c, g_get32(be, sc + 532));
	c->hi = (uint32_t)g_get64(be, sc + 552);
	c->lo = (uint32_t)g_get64(be, sc + 560);
}

int os_sig_frame(os *o, proc *p, int sig, uint64_t old_mask)
{
	(void)o;
	cpu *c = p->c;
	int be = c->big_endian;
	sigact *a = &p->act[sig];
	int rt = (a->flags & SA_SIGINFO_) != 0;
	uint32_t size = rt ? RT_SIZE : FRAME_SIZE;
	uint32_t sp = (c->r[29] - 32 - size) & ~7u;
	uint8_t b[RT_SIZE];
	memset(b, 0, sizeof b);
	uint32_t mask_at = rt ? RT_MASK : FRAME_MASK;
	put_sc(c, b + (rt ? RT_SC : FRAME_SC));
	g_put32(be, b + mask_at, (uint32_t)old_mask);
	g_put32(be, b + mask_at + 4, (uint32_t)(old_mask >> 32));
	if (rt) {
		const os_siginfo *si = &p->sig_info[sig];
		g_put32(be, b + RT_INFO, (uint32_t)sig);            /* si_signo */
		g_put32(be, b + RT_INFO + 4, (uint32_t)si->code);   /* si_code */
		for (int i = 0; i < 3; i++)                         /* pid/addr, uid, status */
			g_put32(be, b + RT_INFO + 12 + 4 * i, si->w[i]);
		g_put32(be, b + RT_UC + 16, 2);            /* uc_stack.ss_flags: SS_DISABLE */
	}
	if (mem_write(p->m, sp, b, size) != 0)
		return -1;
	c->r[4] = (uint32_t)sig;
	c->r[5] = rt ? sp + RT_INFO : 0;
	c->r[6] = rt ? sp + RT_UC : sp + FRAME_SC;
	c->r[29] = sp;
	c->r[31] = OS_SIGTRAMP + (rt ? 8 : 0);
	c->r[25] = a->handler;
	c->pc = a->handler;
	p->sig_blocked |= ((uint64_t)a->mask[1] << 32 | a->mask[0]);
	if (!(a->flags & SA_NODEFER_))
		p->sig_blocked |= 1ull << (sig - 1);
	p->sig_blocked &= ~((1ull << (GSIGKILL - 1)) | (1ull << (GSIGSTOP - 1)));
	if (a->flags & SA_RESETHAND_)
		memset(a, 0, sizeof *a);
	return 0;
}

long os_sigreturn(os *o, proc *p, int rt)
{
	(void)o;
	cpu *c = p->c;
	int be = c->big_endian;
	uint32_t sp = c->r[29];
	uint8_t sc[SC_SIZE], m[8];
	if (mem_read(p->m, sp + (rt ? RT_SC : FRAME_SC), sc, sizeof sc) != 0 ||
	    mem_read(p->m, sp + (rt ? RT_MASK : FRAME_MASK), m, sizeof m) != 0) {
		os_exit_proc(o, p, GSIGSEGV);
		return OS_NORET;
	}
	get_sc(c, sc);
	p->sig_blocked = (uint64_t)g_get32(be, m + 4) << 32 | g_get32(be, m);
	p->sig_blocked &= ~((1ull << (GSIGKILL - 1)) | (1ull << (GSIGSTOP - 1)));
	return OS_NORET;
}
