/*
 * hashk.c - a compute loop (FNV-1a and a murmur-style mix, as guests/hash.c)
 * in kernel mode while the timer interrupts it, then the same loop in user
 * mode on a buffer mapped through the TLB (16 KB: refills on first touch,
 * answered by tlbwi at fixed indexes).  The results must be the same.
 * ROUNDS sets the length (the system-mode speed benchmark raises it).
 */
#include "rt.h"

#ifndef ROUNDS
#define ROUNDS 2
#endif
#define PERIOD 100000u
#define UBUF 0x10000000u      /* user virtual address of the buffer */

static unsigned char buf[16384] __attribute__((aligned(8192)));
static volatile u32 ticks;
static u32 nrefill;

/* The loop, in .utext so that user mode runs the same code: a leaf with
 * relative branches only (checked by running it at another address). */
__attribute__((section(".utext"), noinline)) void hash_user(unsigned char *b, u32 n, u32 rounds, u32 *out);
__attribute__((section(".utext"), noinline)) void hash_user(unsigned char *b, u32 n, u32 rounds, u32 *out)
{
	u32 h = 2166136261u, m = 0;
	for (u32 r = 0; r < rounds; r++) {
		for (u32 i = 0; i < n; i++) {
			h ^= b[i];
			h *= 16777619u;
		}
		const u32 *w = (const u32 *)b;
		for (u32 i = 0; i < n / 4; i++) {
			u32 k = w[i] * 0xcc9e2d51u;
			k = (k << 15) | (k >> 17);
			m ^= k * 0x1b873593u;
			m = ((m << 13) | (m >> 19)) * 5 + 0xe6546b64u;
		}
		b[r % n] ^= (unsigned char)h;
	}
	out[0] = h;
	out[1] = m;
}

/* user entry: hash_user(a0 = buffer, n, ROUNDS, out = buffer end), then
 * "syscall" with v0 = 0 */
__asm__(".pushsection .utext, \"ax\"\n.set push\n.set noreorder\n"
	"u_hash:\n"
	"  move $s0, $a0\n"
	"  li $a1, 8192\n"
	"  move $a2, $a3\n"
	"  addiu $sp, $sp, -32\n"
	"  bal hash_user\n"
	"  addu $a3, $s0, $a1\n"
	"  li $v0, 0\n  syscall\n  nop\n"
	".set pop\n.popsection\n");
extern char u_hash[];

void test_exception(struct rt_frame *f)
{
	u32 code = exc_code(f);
	if (code == 0 && (f->cause & 0x8000u)) {
		ticks++;
		MTC0(11, 0, MFC0(9, 0) + PERIOD);
		return;
	}
	if ((code == 2 || code == 3) && f->vec == 0 && (f->badvaddr >> 14) == (UBUF >> 14)) {
		/* refill of the user buffer: pair k at index 4 + k */
		u32 k = (f->badvaddr - UBUF) >> 13;
		u32 pa = KPHYS(buf) + (k << 13);
		u32 hi = MFC0(10, 0);
		tlb_write_index(4 + k, (UBUF + (k << 13)) | (hi & 0xff), LO(pa, 1, 1, 0), LO(pa + 4096, 1, 1, 0), 0);
		MTC0(10, 0, hi);
		nrefill++;
		return;
	}
	rt_puts("unexpected exception ");
	rt_dec(code);
	rt_kv(" badvaddr", f->badvaddr);
	rt_exit();
}

void test_main(void)
{
	u32 out[2];
	rt_puts("hashk\n");
	for (u32 i = 0; i < 8192; i++)
		buf[i] = (unsigned char)(i * 131 + (i >> 5));
	MTC0(11, 0, MFC0(9, 0) + PERIOD);
	MTC0(12, 0, (MFC0(12, 0) & ~0xff00u) | 0x8001u);
	hash_user(buf, 8192, ROUNDS, out);
	MTC0(12, 0, MFC0(12, 0) & ~1u);
	rt_kv("kernel fnv", out[0]);
	rt_kv("kernel murmur", out[1]);

	for (u32 i = 0; i < 8192; i++)
		buf[i] = (unsigned char)(i * 131 + (i >> 5));
	tlb_invalidate_all();
	MTC0(6, 0, 1);
	tlb_write_index(0, 0x00400000u, LO(KPHYS(__utext), 0, 1, 1), LO(KPHYS(__utext) + 4096, 0, 1, 1), 0);
	MTC0(10, 0, 9);
	rt_user_call(0x00400000u + (u32)(u_hash - __utext), UBUF, UBUF + 8192 + 4096, ROUNDS);
	volatile u32 *res = (volatile u32 *)((u32)buf + 8192);
	rt_kv("user fnv", res[0]);
	rt_kv("user murmur", res[1]);
	rt_kv("user refills", nrefill);
	rt_puts("done\n");
}
