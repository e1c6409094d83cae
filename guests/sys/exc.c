/*
 * exc.c - synchronous exceptions in kernel and user mode: syscall, break,
 * reserved instruction, coprocessor unusable (CP0 from user mode, CP1 with
 * CU1 clear), overflow, trap, address errors (misaligned load/store/fetch,
 * kseg0 from user mode), and exceptions in delay slots (Cause.BD, EPC at
 * the branch).  The handler prints what the CPU reported and resumes at the
 * end of the triggering sequence.
 */
#include "rt.h"

u32 resume_pc, expect_epc;
static u32 nexc;

/* Runs one faulting sequence: label 2 marks the instruction EPC must name
 * (the faulting one, or the branch before it), label 1 the resume point. */
#define TRY(body) __asm__ volatile( \
	".set push\n\t.set noreorder\n\t" \
	"la $t9, 1f\n\tsw $t9, resume_pc\n\t" \
	"la $t9, 2f\n\tsw $t9, expect_epc\n\t" \
	body "\n\t" \
	"1:\n\tnop\n\t.set pop" ::: "t8", "t9", "memory")

void test_exception(struct rt_frame *f)
{
	nexc++;
	u32 code = exc_code(f);
	rt_puts("exc code=");
	rt_dec(code);
	rt_puts(" bd=");
	rt_dec(f->cause >> 31);
	rt_puts(" ce=");
	rt_dec((f->cause >> 28) & 3);
	rt_puts(" epc_ok=");
	rt_dec(f->epc == expect_epc);
	rt_puts(" ksu=");
	rt_dec((f->status >> 3) & 3);
	if (code == 4 || code == 5) {
		rt_puts(" badvaddr=");
		rt_hex(f->badvaddr);
	}
	rt_puts("\n");
	f->epc = resume_pc;
}

/* user-mode sequences (position independent, in .utext) */
__asm__(
	".pushsection .utext, \"ax\"\n"
	".set push\n.set noreorder\n"
	"u_mfc0:\n"                     /* CpU: mfc0 from user mode */
	"  la $t9, 2f\n  la $t8, 1f\n"  /* (labels are kseg0 addresses: only compared) */
	"  mfc0 $t0, $12\n"
	"1: li $v0, 0\n  syscall\n  nop\n"
	"u_kseg0:\n"                    /* AdEL: kseg0 load from user mode */
	"  lui $t0, 0x8010\n"
	"  lw $t1, 0($t0)\n"
	"  li $v0, 0\n  syscall\n  nop\n"
	"u_sys:\n"                      /* Sys from user mode, v0 = 1 */
	"  li $v0, 1\n  syscall\n"
	"  li $v0, 0\n  syscall\n  nop\n"
	"u_bd:\n"                       /* Bp in a delay slot, user mode */
	"  b 3f\n  break 5\n"
	"3: li $v0, 0\n  syscall\n  nop\n"
	"u_sseg:\n"                     /* supervisor segment load */
	"  lui $t0, 0xc000\n"
	"  lw $v1, 4($t0)\n"
	"  li $v0, 0\n  syscall\n  nop\n"
	"u_rdhwr:\n"                    /* rdhwr $2 (CC), then $29 (UserLocal) */
	"  rdhwr $t0, $2\n"
	"  rdhwr $t0, $29\n"
	"  li $v0, 0\n  syscall\n  nop\n"
	"2: nop\n"
	".set pop\n"
	".popsection\n");
extern char u_mfc0[], u_kseg0[], u_sys[], u_bd[], u_sseg[], u_rdhwr[];

static u32 upc(char *sym)
{
	return 0x00400000u + (u32)(sym - __utext);
}

void test_main(void)
{
	rt_puts("exc\n");
	TRY("2: syscall");
	TRY("2: break 7");
	TRY("2: .word 0x7c000000 | (31 << 0)"); /* reserved (SPECIAL3 function 31) */
	TRY("li $t0, 0x7fffffff\n\t2: addi $t0, $t0, 1");
	TRY("li $t0, 3\n\t2: teq $t0, $t0");
	TRY("la $t0, resume_pc\n\taddiu $t0, $t0, 1\n\t2: lw $t1, 0($t0)");
	TRY("la $t0, resume_pc\n\taddiu $t0, $t0, 2\n\t2: sw $t1, 0($t0)");
	TRY("la $t0, resume_pc\n\taddiu $t0, $t0, 1\n\t2: lh $t1, 0($t0)");
	/* CP1 unusable: CU1 is clear */
	TRY("2: mfc1 $t0, $f0");
	/* delay slots: the exception in the slot reports the branch */
	TRY("li $t0, 0x7fffffff\n\t2: beq $zero, $zero, 3f\n\taddi $t0, $t0, 1\n3:");
	TRY("li $t0, 0\n\t2: bne $t0, $zero, 3f\n\tsyscall\n3:"); /* not taken: still a slot */
	TRY("2: jal 3f\n\tbreak 1\n3:");
	/* a misaligned fetch: EPC is the bad address itself */
	TRY("la $t0, 1f\n\taddiu $t0, $t0, 2\n\tla $t9, 1f\n\taddiu $t9, $t9, 2\n\tsw $t9, expect_epc\n\t"
	    "jr $t0\n\tnop\n2:");

	/* user mode: map the .utext page at 0x00400000 (wired, global) */
	tlb_invalidate_all();
	MTC0(6, 0, 1);
	tlb_write_index(0, 0x00400000u, LO(KPHYS(__utext), 0, 1, 1), LO(KPHYS(__utext) + 4096, 0, 1, 1), 0);
	expect_epc = upc(u_mfc0) + 16; /* after two 'la' (4 instructions) */
	resume_pc = upc(u_mfc0) + 20;
	rt_user_call(upc(u_mfc0), 0, 0x00401000u, 0);
	expect_epc = upc(u_kseg0) + 4;
	resume_pc = upc(u_kseg0) + 8;
	rt_user_call(upc(u_kseg0), 0, 0x00401000u, 0);
	expect_epc = upc(u_sys) + 4;
	resume_pc = upc(u_sys) + 8;
	rt_user_call(upc(u_sys), 0, 0x00401000u, 0);
	expect_epc = upc(u_bd);
	resume_pc = upc(u_bd) + 8;
	rt_user_call(upc(u_bd), 0, 0x00401000u, 0);

	/* rdhwr: from user mode per HWREna bit; $29 never (Config3.ULRI = 0) */
	u32 hw0, hw1, hw3;
	__asm__ volatile("rdhwr %0, $0\n\trdhwr %1, $1\n\trdhwr %2, $3" : "=r"(hw0), "=r"(hw1), "=r"(hw3));
	rt_puts("rdhwr kernel: cpunum=");
	rt_dec(hw0);
	rt_puts(" synci_step=");
	rt_dec(hw1);
	rt_puts(" ccres=");
	rt_dec(hw3);
	rt_puts("\n");
	expect_epc = upc(u_rdhwr);
	resume_pc = upc(u_rdhwr) + 8;
	rt_user_call(upc(u_rdhwr), 0, 0x00401000u, 0);   /* RI for $2 */
	MTC0(7, 0, 0x4);
	expect_epc = upc(u_rdhwr) + 4;
	resume_pc = upc(u_rdhwr) + 8;
	rt_user_call(upc(u_rdhwr), 0, 0x00401000u, 0);   /* $2 allowed; RI for $29 */
	MTC0(7, 0, 0);

	/* supervisor mode: kseg0 and CP0 are out of reach, ksseg is mapped */
	rt_user_ksu = 0x08;
	expect_epc = upc(u_mfc0) + 16;
	resume_pc = upc(u_mfc0) + 20;
	rt_user_call(upc(u_mfc0), 0, 0x00401000u, 0);
	expect_epc = upc(u_kseg0) + 4;
	resume_pc = upc(u_kseg0) + 8;
	rt_user_call(upc(u_kseg0), 0, 0x00401000u, 0);
	tlb_write_index(1, 0xc0000000u, LO(KPHYS(&resume_pc) & ~0xfffu, 0, 1, 1), 0, 0);
	u32 v = rt_user_call(upc(u_sseg), 0, 0x00401000u, 0);
	rt_puts("sseg load ok=");
	rt_dec(v == *(volatile u32 *)(((u32)&resume_pc & ~0xfffu) + 4));
	rt_puts("\n");
	/* ... and from user mode ksseg is an address error */
	rt_user_ksu = 0x10;
	expect_epc = upc(u_sseg) + 4;
	resume_pc = upc(u_sseg) + 8;
	rt_user_call(upc(u_sseg), 0, 0x00401000u, 0);
	rt_puts("exceptions=");
	rt_dec(nexc);
	rt_puts("\ndone\n");
}
