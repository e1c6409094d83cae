/*
 * tlb.c - the joint TLB: tlbwi/tlbr round trips (PageMask, the G bit of a
 * pair, PFN bits under a large page), tlbp hits and misses, mapped kernel
 * accesses (kseg2) with refill, invalid and modified exceptions (BadVAddr,
 * Context, EntryHi as the CPU sets them), user-mode refills, ASIDs and
 * global entries, wired entries and tlbwr.  Every refill is answered by
 * tlbwi at a fixed index, so the counts of exceptions are exact.
 */
#include "rt.h"

#define PA_A 0x00400000u
#define PA_B 0x00401000u
#define PA_C 0x00402000u
#define PA_D 0x00403000u
#define KV(pa) ((volatile u32 *)(0x80000000u | (pa)))

static u32 fix_index, fix_hi, fix_lo0, fix_lo1; /* the handler's answer */
static u32 nexc, nrefill;

u32 nested_resume;
static u32 outer_epc;

void test_exception(struct rt_frame *f)
{
	u32 code = exc_code(f);
	if (code == 8 && rt_depth == 1) {
		/* a syscall: inside its handler (EXL set) touch an unmapped
		 * kseg2 page - the TLB miss goes to the general vector, not the
		 * refill one, and EPC stays the syscall's */
		outer_epc = MFC0(14, 0);
		__asm__ volatile(".set push\n\t.set noreorder\n\t"
		                 "la $t9, 1f\n\tsw $t9, nested_resume\n\t"
		                 "lui $t9, 0xc005\n\tlw $t9, 0($t9)\n\t"
		                 "1: nop\n\t.set pop" ::: "t9", "memory");
		f->epc += 4;
		return;
	}
	nexc++;
	if (rt_depth == 2) {
		rt_puts("nested vec=");
		rt_dec(f->vec);
		rt_puts(" code=");
		rt_dec(code);
		rt_puts(" exl=");
		rt_dec(f->status >> 1 & 1);
		rt_puts(" epc kept=");
		rt_dec(f->epc == outer_epc);
		rt_kv(" badvaddr", f->badvaddr);
		f->epc = nested_resume;
		return;
	}
	if (f->vec == 0)
		nrefill++;
	rt_puts(f->vec == 0 ? "refill" : "exc");
	rt_puts(" code=");
	rt_dec(code);
	rt_puts(" user=");
	rt_dec((f->status & 0x18) == 0x10);
	rt_puts(" badvaddr=");
	rt_hex(f->badvaddr);
	rt_puts(" context=");
	rt_hex(MFC0(4, 0));
	rt_puts(" entryhi=");
	rt_hex(MFC0(10, 0));
	rt_puts("\n");
	if (code < 1 || code > 3) {
		rt_puts("unexpected\n");
		rt_exit();
	}
	u32 hi = MFC0(10, 0);
	tlb_write_index(fix_index, fix_hi, fix_lo0, fix_lo1, 0);
	MTC0(10, 0, hi);
}

static void show_entry(u32 i)
{
	u32 hi, lo0, lo1, pm;
	tlb_read_index(i, &hi, &lo0, &lo1, &pm);
	rt_puts("tlbr ");
	rt_dec(i);
	rt_puts(": ");
	rt_hex(hi);
	rt_puts(" ");
	rt_hex(lo0);
	rt_puts(" ");
	rt_hex(lo1);
	rt_puts(" ");
	rt_hex(pm);
	rt_puts("\n");
}

static void fix(u32 index, u32 hi, u32 lo0, u32 lo1)
{
	fix_index = index;
	fix_hi = hi;
	fix_lo0 = lo0;
	fix_lo1 = lo1;
}

/* user code: loads the word at a0 (and, if a1 != 0, stores a1 there first) */
__asm__(
	".pushsection .utext, \"ax\"\n"
	".set push\n.set noreorder\n"
	"u_access:\n"
	"  beq $a1, $zero, 1f\n  nop\n"
	"  sw $a1, 0($a0)\n"
	"1: lw $v1, 0($a0)\n"
	"  li $v0, 0\n  syscall\n  nop\n"
	".set pop\n"
	".popsection\n");
extern char u_access[];

static u32 user_access(u32 va, u32 store)
{
	return rt_user_call(0x00400000u + (u32)(u_access - __utext), va, 0x00401000u, store);
}

void test_main(void)
{
	rt_puts("tlb\n");
	rt_kv("entries", tlb_entries());
	tlb_invalidate_all();
	MTC0(4, 0, 0x80800000u); /* Context.PTEBase */
	KV(PA_A)[0] = 0xaaaa0000u;
	KV(PA_B)[0] = 0xbbbb0000u;
	KV(PA_C)[0] = 0xcccc0000u;
	KV(PA_D)[0] = 0xdddd0000u;

	/* tlbwi / tlbr / tlbp */
	tlb_write_index(3, 0x12344000u | 0x25, LO(PA_A, 1, 1, 0), LO(PA_B, 0, 1, 0), 0);
	show_entry(3);
	tlb_write_index(4, 0x23450000u | 0x25, LO(PA_A | 0x1000, 1, 1, 1), LO(PA_C, 1, 0, 1), 0x6000u);
	show_entry(4);
	tlb_write_index(5, 0x34566000u | 0x07, LO(PA_A, 1, 1, 1), LO(PA_B, 1, 1, 0), 0);
	show_entry(5);
	rt_kv("tlbp hit", tlb_probe(0x12344000u | 0x25));
	rt_kv("tlbp other asid", tlb_probe(0x12344000u | 0x26));
	rt_kv("tlbp large", tlb_probe(0x23452000u | 0x25));
	rt_kv("tlbp miss", tlb_probe(0x0badc000u));
	tlb_invalidate_all();

	/* kernel-mode mapped accesses through kseg2 */
	MTC0(10, 0, 0x11);
	tlb_write_index(6, 0xc0000000u | 0x11, LO(PA_A, 1, 1, 0), LO(PA_B, 0, 1, 0), 0);
	rt_kv("kseg2 even", *(volatile u32 *)0xc0000000u);
	rt_kv("kseg2 odd", *(volatile u32 *)0xc0001000u);
	fix(6, 0xc0000000u | 0x11, LO(PA_A, 1, 1, 0), LO(PA_B, 1, 1, 0));
	*(volatile u32 *)0xc0001004u = 0x1234u;                 /* Mod */
	rt_kv("after mod", KV(PA_B)[1]);
	fix(7, 0xc0010000u | 0x11, LO(PA_C, 1, 1, 0), LO(PA_D, 1, 1, 0));
	rt_kv("refill load", *(volatile u32 *)0xc0011000u);     /* refill, TLBL */
	fix(8, 0xc0030000u | 0x11, LO(PA_C, 1, 1, 0), LO(PA_D, 1, 1, 0));
	*(volatile u32 *)0xc0030008u = 0x5678u;                 /* refill, TLBS */
	rt_kv("refill store", KV(PA_C)[2]);
	tlb_write_index(9, 0xc0020000u | 0x11, LO(PA_A, 1, 0, 0), LO(PA_B, 1, 0, 0), 0);
	fix(9, 0xc0020000u | 0x11, LO(PA_A, 1, 1, 0), LO(PA_B, 1, 0, 0));
	rt_kv("invalid load", *(volatile u32 *)0xc0020000u);    /* TLBL invalid */
	fix(9, 0xc0020000u | 0x11, LO(PA_A, 1, 1, 0), LO(PA_B, 1, 1, 0));
	*(volatile u32 *)0xc0021000u = 0x9abcu;                 /* TLBS invalid */
	rt_kv("invalid store", KV(PA_B)[0]);

	/* user mode: code wired at 0x00400000 (global), data per ASID */
	tlb_invalidate_all();
	MTC0(6, 0, 1);
	tlb_write_index(0, 0x00400000u, LO(KPHYS(__utext), 0, 1, 1), LO(KPHYS(__utext) + 4096, 0, 1, 1), 0);
	tlb_write_index(10, 0x10000000u | 1, LO(PA_C, 1, 1, 0), 0, 0);
	tlb_write_index(11, 0x10000000u | 2, LO(PA_D, 0, 1, 0), 0, 0);
	tlb_write_index(12, 0x20000000u, LO(PA_A, 1, 1, 1), LO(PA_B, 1, 1, 1), 0);
	MTC0(10, 0, 1);
	rt_kv("asid 1", user_access(0x10000000u, 0));
	rt_kv("asid 1 global", user_access(0x20000004u, 0));
	MTC0(10, 0, 2);
	rt_kv("asid 2", user_access(0x10000000u, 0));
	rt_kv("asid 2 global", user_access(0x20001000u, 0));
	fix(11, 0x10000000u | 2, LO(PA_D, 1, 1, 0), 0);
	rt_kv("asid 2 store (mod)", user_access(0x10000010u, 0x77u));
	MTC0(10, 0, 3);
	fix(13, 0x10000000u | 3, LO(PA_B, 1, 1, 0), 0);
	rt_kv("asid 3 (refill)", user_access(0x10000000u, 0));
	fix(14, 0x10002000u | 3, 0, LO(PA_A, 1, 1, 0));
	rt_kv("asid 3 store (refill)", user_access(0x10003008u, 0x99u));
	MTC0(10, 0, 1);
	rt_kv("asid 1 again", user_access(0x10000000u, 0));

	/* a TLB miss with EXL set */
	__asm__ volatile("syscall" ::: "memory");

	/* wired entries and tlbwr */
	MTC0(6, 0, 4);
	for (u32 i = 1; i < 4; i++)
		tlb_write_index(i, 0xc4000000u + (i << 13), LO(PA_A, 1, 1, 1), LO(PA_A, 1, 1, 1), 0);
	u32 rnd_ok = 1;
	for (u32 i = 0; i < 40; i++) {
		u32 r = MFC0(1, 0);
		if (r < 4 || r >= tlb_entries())
			rnd_ok = 0;
		MTC0(10, 0, 0xc8000000u + (i << 13));
		MTC0(2, 0, LO(PA_C, 1, 1, 1));
		MTC0(3, 0, LO(PA_D, 1, 1, 1));
		MTC0(5, 0, 0);
		__asm__ volatile("tlbwr\n\tehb" ::: "memory");
		u32 idx = tlb_probe(0xc8000000u + (i << 13));
		if (idx & 0x80000000u || idx < 4)
			rnd_ok = 0;
	}
	rt_kv("random in range", rnd_ok);
	u32 wired_ok = 1;
	for (u32 i = 1; i < 4; i++) {
		u32 hi, lo0, lo1, pm;
		tlb_read_index(i, &hi, &lo0, &lo1, &pm);
		if (hi != 0xc4000000u + (i << 13))
			wired_ok = 0;
	}
	rt_kv("wired intact", wired_ok);
	rt_kv("tlbwr mapping", *(volatile u32 *)(0xc8000000u + (39u << 13) + 4096));
	rt_puts("exceptions=");
	rt_dec(nexc);
	rt_puts(" refills=");
	rt_dec(nrefill);
	rt_puts("\ndone\n");
}
