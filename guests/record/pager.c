/*
 * pager.c - a user program that walks more memory than the TLB maps: 96
 * pages of data (48 even/odd pairs: three times a 16-entry TLB) read and
 * written in rounds, every refill answered by tlbwr (a random victim, as an
 * OS's refill handler does), a system call per round (v0 = 1), the timer
 * interrupting throughout, then 8 ticks awaited in `wait` (idle time).
 * The output does not show the refills (their count depends on the TLB;
 * QEMU's, which keeps entries tlbwr replaced, has fewer than the 24Kf's).
 * The full-system recording test (tests/cli/boot_record.sh) records it
 * natively and replays the recording: with the TLB it ran on the ledger is
 * the live one; with 64 entries most refills disappear.
 */
#include "rt.h" /* guests/sys/rt.h: linked with guests/sys/start.S, rt.c, sys.ld */

#define NPAGES 96               /* (u_pager passes it too) */
#define ROUNDS 6
#define PERIOD 20000u            /* Count ticks: 40,000 cycles */
#define UBUF 0x10000000u         /* user virtual address of the data */
#define USPAN ((NPAGES + 2) * 4096u) /* the data, then the user stack */

static unsigned char ubuf[USPAN] __attribute__((aligned(8192)));
static volatile u32 ticks;
static u32 nsys;

/* The walk, in .utext so that user mode can run it: a leaf with relative
 * branches only; a system call (v0 = 1) after each round. */
__attribute__((section(".utext"), noinline)) void pager_user(u32 base, u32 n, u32 rounds);
__attribute__((section(".utext"), noinline)) void pager_user(u32 base, u32 n, u32 rounds)
{
	for (u32 r = 0; r < rounds; r++) {
		for (u32 i = 0; i < n; i++) {
			volatile u32 *p = (volatile u32 *)(base + i * 4096u + ((r * 68u) & 0xffcu));
			*p = *p + r + i;
		}
		__asm__ volatile("li $v0, 1\n\tsyscall" : : : "v0", "memory");
	}
}

/* user entry: pager_user(a0 = base, a1 = pages, a2 = rounds), then
 * "syscall" with v0 = 0 */
__asm__(".pushsection .utext, \"ax\"\n.set push\n.set noreorder\n"
	"u_pager:\n"
	"  li $a1, 96\n"
	"  move $a2, $a3\n"
	"  addiu $sp, $sp, -32\n"
	"  bal pager_user\n"
	"  nop\n"
	"  li $v0, 0\n  syscall\n  nop\n"
	".set pop\n.popsection\n");
extern char u_pager[];

void test_exception(struct rt_frame *f)
{
	u32 code = exc_code(f);
	if (code == 0 && (f->cause & 0x8000u)) {
		ticks++;
		MTC0(11, 0, MFC0(9, 0) + PERIOD);
		return;
	}
	if (code == 8 && f->r[2] == 1) {
		nsys++;
		f->epc += 4;
		return;
	}
	if ((code == 2 || code == 3) && f->vec == 0 && f->badvaddr - UBUF < USPAN) {
		/* refill: the pair of the address, at a random index */
		u32 k = (f->badvaddr - UBUF) >> 13;
		u32 pa = KPHYS(ubuf) + (k << 13);
		MTC0(2, 0, LO(pa, 1, 1, 0));
		MTC0(3, 0, LO(pa + 4096, 1, 1, 0));
		MTC0(5, 0, 0);
		__asm__ volatile("tlbwr\n\tehb" : : : "memory");
		return;
	}
	rt_puts("unexpected exception ");
	rt_dec(code);
	rt_kv(" badvaddr", f->badvaddr);
	rt_exit();
}

void test_main(void)
{
	rt_puts("pager\n");
	tlb_invalidate_all();
	MTC0(6, 0, 1); /* the code's entry is wired */
	tlb_write_index(0, 0x00400000u, LO(KPHYS(__utext), 0, 1, 1), LO(KPHYS(__utext) + 4096, 0, 1, 1), 0);
	MTC0(10, 0, 5);
	MTC0(11, 0, MFC0(9, 0) + PERIOD);
	MTC0(12, 0, (MFC0(12, 0) & ~0xff00u) | 0x8001u);
	rt_user_ksu = 0x11; /* user mode, interrupts enabled */
	rt_user_call(0x00400000u + (u32)(u_pager - __utext), UBUF, UBUF + USPAN - 64, ROUNDS);
	u32 t0 = ticks;
	while (ticks < t0 + 8)
		__asm__ volatile("wait");
	MTC0(12, 0, MFC0(12, 0) & ~1u);
	u32 sum = 0;
	for (u32 i = 0; i < NPAGES * 4096u; i += 4)
		sum = sum * 31u + *(volatile u32 *)(ubuf + i);
	rt_kv("sum", sum);
	rt_kv("syscalls", nsys);
	rt_puts("done\n");
}
