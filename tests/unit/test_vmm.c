/*
 * test_vmm.c - the monitor (sim/vmm) against a fake real CPU: a CP0 array
 * and a TLB array that record what the monitor does, hand-worked cases of
 * every trapped instruction and reflection, and a seeded random walk that
 * checks every translation the real TLB ends up making against an
 * independent model (guest page table -> guest-physical -> the pmap's
 * frame, from the frame's owner record).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "vmm/vmm_int.h"

/* ---- the fake real CPU ---- */

#define NTLB 16

typedef struct fake {
	uint32_t cp0[32][8];
	uint32_t hi[NTLB], lo0[NTLB], lo1[NTLB];
	int used[NTLB];
	uint32_t status;
	int kernel;
	uint32_t pc;
	uint64_t insns;
	uint32_t r[32];
	unsigned writes;
} fake;

static uint32_t f_get(void *h, unsigned reg, unsigned sel) { return ((fake *)h)->cp0[reg][sel]; }
static void f_set(void *h, unsigned reg, unsigned sel, uint32_t v)
{
	fake *f = h;
	f->cp0[reg][sel] = v;
	if (reg == CP0_COMPARE && !sel)
		f->cp0[CP0_CAUSE][0] &= ~CA_TI;
}
static void f_tlbw(void *h, unsigned i, uint32_t hi, uint32_t lo0, uint32_t lo1, uint32_t mask)
{
	fake *f = h;
	assert_true(i < NTLB);
	assert_int_equal(mask, 0);
	f->hi[i] = hi;
	f->lo0[i] = lo0;
	f->lo1[i] = lo1;
	f->used[i] = 1;
	f->writes++;
}
static void f_inval(void *h, unsigned i) { ((fake *)h)->used[i] = 0; }
static void f_mode(void *h, uint32_t st, int k)
{
	((fake *)h)->status = st;
	((fake *)h)->kernel = k;
}
static void f_pc(void *h, uint32_t pc) { ((fake *)h)->pc = pc; }
static uint64_t f_insns(void *h) { return ((fake *)h)->insns; }

static const vmm_hw_ops ops = {f_get, f_set, f_tlbw, f_inval, f_mode, f_pc, f_insns, NULL};

/* Real translation of va by the fake TLB for the real EntryHi ASID:
 * 1 hit (*ma), 0 refill, -1 invalid, -2 modified (store to D = 0). */
static int f_xlate(const fake *f, uint32_t va, int store, uint32_t *ma)
{
	uint32_t asid = f->cp0[CP0_ENTRYHI][0] & 0xff;
	int found = -1;
	for (unsigned i = 0; i < NTLB; i++) {
		if (!f->used[i] || (f->hi[i] & EH_VPN2) != (va & EH_VPN2))
			continue;
		if (!((f->lo0[i] & f->lo1[i] & EL_G) || (f->hi[i] & 0xff) == asid))
			continue;
		assert_int_equal(found, -1); /* no duplicate matches, ever */
		found = (int)i;
	}
	if (found < 0)
		return 0;
	uint32_t lo = (va & 0x1000) ? f->lo1[found] : f->lo0[found];
	if (!(lo & EL_V))
		return -1;
	if (store && !(lo & EL_D))
		return -2;
	*ma = ((lo >> 6) << 12) | (va & 0xfff);
	return 1;
}

typedef struct world {
	model mod;
	vmm m;
	vmm_vm vm;
	fake f;
} world;

static world W;

#define RAM (4u << 20)

static void setup_world(int use_swtlb, uint32_t swtlb_entries, uint32_t status)
{
	char err[256];
	memset(&W, 0, sizeof W);
	assert_int_equal(model_load_default(&W.mod, err, sizeof err), 0);
	W.f.cp0[CP0_STATUS][0] = status;
	W.f.cp0[CP0_PRID][0] = 0x00019300;
	W.f.cp0[CP0_PRID][1] = 0x80000000;
	W.f.cp0[CP0_CONFIG][1] = 0x9e190c8a;
	assert_int_equal(vmm_init(&W.m, &W.mod, 8u << 20, use_swtlb, swtlb_entries, 0), 0);
	assert_int_equal(vmm_vm_init(&W.vm, &W.m, 1, RAM, NTLB, &ops, &W.f, W.f.r), 0);
}

static void teardown_world(void)
{
	vmm_vm_free(&W.vm);
	vmm_free(&W.m);
}

/* Instruction words. */
static uint32_t MFC0(unsigned rt, unsigned rd, unsigned sel) { return 0x40000000u | rt << 16 | rd << 11 | sel; }
static uint32_t MTC0(unsigned rt, unsigned rd, unsigned sel) { return 0x40800000u | rt << 16 | rd << 11 | sel; }
#define TLBR 0x42000001u
#define TLBWI 0x42000002u
#define TLBWR 0x42000006u
#define TLBP 0x42000008u
#define ERET 0x42000018u
#define WAIT 0x42000020u
#define DI(rt) (0x41606000u | (rt) << 16)
#define EI(rt) (0x41606020u | (rt) << 16)
#define SW(rt, base) (0xac000000u | (base) << 21 | (rt) << 16)

/* The guest executes privileged instruction w at pc (traps CpU). */
static int priv(uint32_t w, uint32_t pc)
{
	vmm_trap t = {.exc = VMM_EXC_CPU, .epc = pc, .insn = w, .next_pc = pc + 4};
	return vmm_exception(&W.vm, &t);
}

static void mtc0(unsigned reg, unsigned sel, uint32_t v)
{
	W.f.r[8] = v;
	assert_int_equal(priv(MTC0(8, reg, sel), 0x80001000), VMM_CONTINUE);
}

static uint32_t mfc0(unsigned reg, unsigned sel)
{
	assert_int_equal(priv(MFC0(9, reg, sel), 0x80001000), VMM_CONTINUE);
	return W.f.r[9];
}

/* The guest writes an entry with tlbwi at index i. */
static void guest_tlbwi(unsigned i, uint32_t hi, uint32_t lo0, uint32_t lo1)
{
	mtc0(CP0_INDEX, 0, i);
	mtc0(CP0_ENTRYHI, 0, hi);
	mtc0(CP0_ENTRYLO0, 0, lo0);
	mtc0(CP0_ENTRYLO1, 0, lo1);
	assert_int_equal(priv(TLBWI, 0x80001000), VMM_CONTINUE);
}

static uint64_t hops(unsigned h) { return W.vm.led.count[h]; }

/* ---- cases ---- */

static void test_cp0_masks(void **s)
{
	(void)s;
	setup_world(0, 0, 0x00400000); /* the loader's Status: BEV, kernel */
	assert_int_equal(mfc0(CP0_PRID, 0), 0x00019300);
	assert_int_equal(mfc0(CP0_CONFIG, 1), 0x9e190c8a);
	mtc0(CP0_PRID, 0, 0); /* read only */
	assert_int_equal(mfc0(CP0_PRID, 0), 0x00019300);
	mtc0(CP0_PRID, 1, 0xffffffff); /* EBase: bits 29:12 */
	assert_int_equal(mfc0(CP0_PRID, 1), 0xbffff000);
	mtc0(CP0_CONTEXT, 0, 0xffffffff); /* PTEBase only */
	assert_int_equal(mfc0(CP0_CONTEXT, 0), 0xff800000);
	mtc0(CP0_ENTRYHI, 0, 0xffffffff);
	assert_int_equal(mfc0(CP0_ENTRYHI, 0), 0xffffe0ff);
	mtc0(CP0_WIRED, 0, 3);
	for (int i = 0; i < 50; i++) {
		uint32_t r = mfc0(CP0_RANDOM, 0);
		assert_true(r >= 3 && r < NTLB);
	}
	/* Count and Compare are the real CPU's (the VM's clock) */
	W.f.cp0[CP0_COUNT][0] = 12345;
	assert_int_equal(mfc0(CP0_COUNT, 0), 12345);
	W.f.cp0[CP0_CAUSE][0] = CA_TI | 0x8000 | 0x400; /* IP7 (timer), IP2 */
	assert_int_equal(mfc0(CP0_CAUSE, 0) & (CA_TI | CA_IP), CA_TI | 0x8400);
	mtc0(CP0_COMPARE, 0, 99999);
	assert_int_equal(W.f.cp0[CP0_COMPARE][0], 99999);
	assert_int_equal(W.f.cp0[CP0_CAUSE][0] & CA_TI, 0);
	/* software interrupt bits go to the real Cause */
	mtc0(CP0_CAUSE, 0, 0x100 | CA_IV);
	assert_int_equal(W.f.cp0[CP0_CAUSE][0] & 0x300, 0x100);
	assert_int_equal(mfc0(CP0_CAUSE, 0) & (CA_IV | 0x100), CA_IV | 0x100);
	assert_int_equal(hops(HOP_TRAP_PRIV), W.vm.st.guest_mfc0 + W.vm.st.guest_mtc0);
	assert_int_equal(W.vm.led.cycles[HOP_TRAP_PRIV], hops(HOP_TRAP_PRIV) * W.mod.cost[HOP_TRAP_PRIV]);
	teardown_world();
}

static void test_status_mode(void **s)
{
	(void)s;
	setup_world(0, 0, 0x00400000);
	/* kernel (KSU 0): supervisor on the real CPU, guest-kernel translation on */
	assert_int_equal(W.f.status & ST_KSU, ST_KSU_SUPER);
	assert_int_equal(W.f.kernel, 1);
	assert_int_equal(W.f.status & (ST_CU0 | ST_EXL | ST_ERL | ST_BEV), 0);
	/* IE and IM follow the guest, CU0 never */
	mtc0(CP0_STATUS, 0, ST_CU0 | ST_CU1 | 0xff00 | ST_IE);
	assert_int_equal(W.f.status, ST_CU1 | 0xff00 | ST_IE | ST_KSU_SUPER);
	assert_int_equal(mfc0(CP0_STATUS, 0), ST_CU0 | ST_CU1 | 0xff00 | ST_IE);
	/* EXL masks interrupts on the real CPU too */
	mtc0(CP0_STATUS, 0, 0xff00 | ST_IE | ST_EXL | ST_KSU_USER);
	assert_int_equal(W.f.status & (ST_IE | ST_KSU), ST_KSU_SUPER);
	/* di / ei: rt gets the old Status */
	mtc0(CP0_STATUS, 0, 0xff00 | ST_IE);
	assert_int_equal(priv(DI(10), 0x80002000), VMM_CONTINUE);
	assert_int_equal(W.f.r[10], 0xff00 | ST_IE);
	assert_int_equal(W.f.status & ST_IE, 0);
	assert_int_equal(W.f.pc, 0x80002004);
	assert_int_equal(priv(EI(0), 0x80002004), VMM_CONTINUE);
	assert_int_equal(W.f.status & ST_IE, ST_IE);
	/* cache: a no-op that continues; wait asks the run loop to idle */
	assert_int_equal(priv(0xbc800000u, 0x80002008), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x8000200c);
	assert_int_equal(priv(WAIT, 0x8000200c), VMM_WAIT);
	assert_int_equal(W.f.pc, 0x80002010);
	/* delay slot: continues at the branch target it was given */
	vmm_trap t = {.exc = VMM_EXC_CPU, .epc = 0x80003000, .insn = MFC0(2, 12, 0),
	              .next_pc = 0x80004000, .bd = 1};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x80004000);
	/* user mode: the guest's own CpU exception, reflected */
	mtc0(CP0_PRID, 1, 0x80100000);
	mtc0(CP0_STATUS, 0, ST_KSU_USER);
	assert_int_equal(W.f.status & ST_KSU, ST_KSU_USER);
	assert_int_equal(W.f.kernel, 0);
	W.f.r[2] = 0;
	t = (vmm_trap){.exc = VMM_EXC_CPU, .epc = 0x400100, .insn = MFC0(2, 12, 0), .next_pc = 0x400104};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x80100180);
	assert_int_equal(W.vm.cp0.r[CP0_EPC][0], 0x400100);
	assert_int_equal((W.vm.cp0.r[CP0_CAUSE][0] >> 2) & 31, VMM_EXC_CPU);
	assert_int_equal(W.f.r[2], 0); /* not executed */
	teardown_world();
}

static void test_tlbwrite_and_tlbr(void **s)
{
	(void)s;
	setup_world(0, 0, 0);
	/* guest maps VPN2 0x00400000 (ASID 5) to guest frames 0x100 (D) and 0x101 */
	guest_tlbwi(3, 0x00400005, (0x100 << 6) | EL_D | EL_V | (3 << 3), (0x101 << 6) | EL_V | (3 << 3));
	assert_int_equal(W.vm.st.guest_tlbwi, 1);
	assert_int_equal(hops(HOP_TRAP_TLBWRITE), 1);
	assert_int_equal(W.vm.st.pages_alloc, 2);
	assert_int_equal(hops(HOP_VMM_PAGE_ALLOC), 2);
	assert_int_equal(W.vm.led.cycles[HOP_VMM_PAGE_ZERO], 2 * 4 * W.mod.cost[HOP_VMM_PAGE_ZERO]);
	/* the real entry: machine frames, machine ASID of (VM 1, ASID 5) */
	uint32_t masid = vmm_masid_peek(&W.vm, 5), m0 = W.vm.pmap.mfn[0x100], m1 = W.vm.pmap.mfn[0x101];
	assert_true(masid >= 1 && masid <= 255);
	assert_true(m0 && m1 && m0 != m1);
	assert_int_equal(W.m.mem.owner_gpfn[m0], 0x100);
	int hit = -1;
	for (unsigned i = 0; i < NTLB; i++)
		if (W.f.used[i] && W.f.hi[i] == (0x00400000u | masid))
			hit = (int)i;
	assert_true(hit >= 0);
	/* D of a fresh (monitor-zeroed, unwritten) frame is withheld */
	assert_int_equal(W.f.lo0[hit], (m0 << 6) | EL_V | (3 << 3));
	assert_int_equal(W.f.lo1[hit], (m1 << 6) | EL_V | (3 << 3));
	/* tlbr gives back what the guest wrote */
	mtc0(CP0_ENTRYHI, 0, 0);
	mtc0(CP0_INDEX, 0, 3);
	assert_int_equal(priv(TLBR, 0x80001000), VMM_CONTINUE);
	assert_int_equal(mfc0(CP0_ENTRYHI, 0), 0x00400005);
	assert_int_equal(mfc0(CP0_ENTRYLO0, 0), (0x100 << 6) | EL_D | EL_V | (3 << 3));
	assert_int_equal(mfc0(CP0_ENTRYLO1, 0), (0x101 << 6) | EL_V | (3 << 3));
	/* ... and the real EntryHi carries the machine ASID of guest ASID 5 */
	assert_int_equal(W.f.cp0[CP0_ENTRYHI][0], masid);
	/* tlbp finds it for ASID 5, not for ASID 6 */
	mtc0(CP0_ENTRYHI, 0, 0x00401005);
	assert_int_equal(priv(TLBP, 0x80001000), VMM_CONTINUE);
	assert_int_equal(mfc0(CP0_INDEX, 0), 3);
	mtc0(CP0_ENTRYHI, 0, 0x00400006);
	assert_int_equal(priv(TLBP, 0x80001000), VMM_CONTINUE);
	assert_int_equal(mfc0(CP0_INDEX, 0) & IDX_P, IDX_P);
	/* overwriting entry 3 (Linux's invalidation: a unique kseg0 EntryHi)
	 * takes the machine entry out of the real TLB */
	guest_tlbwi(3, 0x80006000, 0, 0);
	for (unsigned i = 0; i < NTLB; i++)
		assert_false(W.f.used[i] && (W.f.hi[i] & EH_VPN2) == 0x00400000);
	assert_int_equal(W.vm.st.pages_alloc, 2); /* frames stay the VM's */
	teardown_world();
}

/* A user load misses: the whole virtualized refill of Table 101.5. */
static void test_refill_flow(void **s)
{
	(void)s;
	setup_world(0, 0, 0);
	mtc0(CP0_PRID, 1, 0x80200000);      /* EBase */
	mtc0(CP0_CONTEXT, 0, 0xc0000000);   /* PTEBase */
	mtc0(CP0_ENTRYHI, 0, 7);            /* process ASID 7 */
	mtc0(CP0_STATUS, 0, ST_KSU_USER | ST_IE | 0xff00);
	uint32_t ma;
	assert_int_equal(f_xlate(&W.f, 0x00412344, 0, &ma), 0);
	vmm_trap t = {.exc = VMM_EXC_TLBL, .badvaddr = 0x00412344, .epc = 0x00400200,
	              .insn = 0x8c820000, .next_pc = 0x00400204, .refill = 1};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	/* 2: reflected to the guest's refill vector, as the CPU would have */
	assert_int_equal(W.f.pc, 0x80200000);
	assert_int_equal(W.vm.cp0.r[CP0_EPC][0], 0x00400200);
	assert_int_equal(W.vm.cp0.r[CP0_BADVADDR][0], 0x00412344);
	assert_int_equal(W.vm.cp0.r[CP0_CONTEXT][0], 0xc0000000u | ((0x00412344u >> 9) & 0x7ffff0u));
	assert_int_equal(W.vm.cp0.r[CP0_ENTRYHI][0], 0x00412000u | 7);
	assert_int_equal(W.vm.cp0.r[CP0_CAUSE][0] & (CA_EXC | CA_BD), VMM_EXC_TLBL << 2);
	assert_int_equal(W.vm.cp0.r[CP0_STATUS][0] & ST_EXL, ST_EXL);
	assert_int_equal(W.f.kernel, 1);
	assert_int_equal(W.f.status & ST_IE, 0);
	assert_int_equal(hops(HOP_VMM_MISS), 1);
	assert_int_equal(hops(HOP_REFLECT), 1);
	assert_int_equal(W.vm.st.refill_reflect, 1);
	/* 3-4: the guest's handler (6 instructions) reads Context, loads the PTEs, tlbwr */
	W.f.insns += 6;
	assert_int_equal(mfc0(CP0_CONTEXT, 0), W.vm.cp0.r[CP0_CONTEXT][0]);
	mtc0(CP0_ENTRYLO0, 0, (0x222 << 6) | EL_D | EL_V);
	mtc0(CP0_ENTRYLO1, 0, (0x333 << 6) | EL_D | EL_V);
	assert_int_equal(priv(TLBWR, 0x80200010), VMM_CONTINUE);
	assert_int_equal(hops(HOP_TRAP_TLBWRITE), 1);
	/* 5-6: eret, emulated: back in user mode at EPC */
	assert_int_equal(priv(ERET, 0x80200018), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x00400200);
	assert_int_equal(W.f.kernel, 0);
	assert_int_equal(W.f.status & (ST_IE | ST_KSU), ST_IE | ST_KSU_USER);
	assert_int_equal(hops(HOP_RETT), 1);
	/* 7: retried, it hits the machine frame behind guest frame 0x222 */
	assert_int_equal(f_xlate(&W.f, 0x00412344, 0, &ma), 1);
	assert_int_equal(ma >> 12, W.vm.pmap.mfn[0x222]);
	assert_int_equal(ma & 0xfff, 0x344);
	vmm_ctx_sync(&W.vm);
	assert_int_equal(W.vm.st.ctx_insns[VMM_CTX_REFILL], 6);
	assert_int_equal(W.vm.st.ctx_entries[VMM_CTX_REFILL], 1);
	/* the ledger: 6 guest instructions at the CPI in guest_refill, 10
	 * more in user mode as base, the monitor's hops, one exc_entry per trap */
	W.f.insns += 10;
	ledger l;
	uint64_t base;
	vmm_account(&W.vm, 77, &l, &base);
	assert_int_equal(l.cycles[HOP_GUEST_REFILL], 6 * W.mod.cpi_milli / 1000);
	assert_int_equal(l.count[HOP_GUEST_REFILL], 1);
	assert_int_equal(base, 10 * W.mod.cpi_milli / 1000);
	assert_int_equal(l.cycles[HOP_IDLE], 77);
	assert_int_equal(l.count[HOP_EXC_ENTRY], W.vm.st.traps);
	assert_int_equal(l.cycles[HOP_REFLECT], W.mod.cost[HOP_REFLECT]);
	assert_int_equal(ledger_total(&l), ledger_total(&W.vm.led) + 77 + 6 * W.mod.cpi_milli / 1000 +
	                                       W.vm.st.traps * W.mod.cost[HOP_EXC_ENTRY]);
	teardown_world();
}

/* With EXL set, a refill goes to the general vector and EPC stays. */
static void test_nested_and_bev(void **s)
{
	(void)s;
	setup_world(0, 0, 0x00400000 | ST_EXL); /* BEV */
	W.vm.cp0.r[CP0_EPC][0] = 0x1234;
	vmm_trap t = {.exc = VMM_EXC_TLBS, .badvaddr = 0xc0001000, .epc = 0x80000100, .refill = 1};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0xbfc00380);
	assert_int_equal(W.vm.cp0.r[CP0_EPC][0], 0x1234);
	assert_int_equal(W.vm.st.refill_reflect, 0);
	assert_int_equal(W.vm.st.tlb_reflect, 1);
	/* BEV refill with EXL clear: 0xbfc00200 */
	W.vm.cp0.r[CP0_STATUS][0] &= ~ST_EXL;
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0xbfc00200);
	assert_int_equal(W.vm.cp0.r[CP0_EPC][0], 0x80000100);
	teardown_world();
}

static void test_syscall_and_interrupt(void **s)
{
	(void)s;
	setup_world(0, 0, 0);
	mtc0(CP0_PRID, 1, 0x80300000);
	mtc0(CP0_STATUS, 0, ST_KSU_USER | ST_IE | 0x8400);
	vmm_trap t = {.exc = VMM_EXC_SYS, .epc = 0x400300, .insn = 0xc, .next_pc = 0x400304};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x80300180);
	assert_int_equal(hops(HOP_SYSCALL_REFLECT), 1);
	assert_int_equal(W.vm.st.guest_exc[VMM_EXC_SYS], 1);
	W.vm.cp0.r[CP0_EPC][0] += 4; /* the guest's handler */
	assert_int_equal(priv(ERET, 0x80300400), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x400304);
	assert_int_equal(hops(HOP_SYSCALL_RETT), 1);
	/* a timer interrupt the guest admits, with Cause.IV: +0x200 */
	W.vm.cp0.r[CP0_CAUSE][0] |= CA_IV; /* set by the guest kernel at boot */
	W.f.cp0[CP0_CAUSE][0] |= CA_TI | 0x8000;
	t = (vmm_trap){.exc = VMM_EXC_INT, .epc = 0x400400};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x80300200);
	assert_int_equal(W.vm.st.ctx_entries[VMM_CTX_TIMER], 1);
	assert_int_equal(priv(ERET, 0x80300400), VMM_CONTINUE);
	assert_int_equal(hops(HOP_EXC_RETT), 1);
	/* one the guest masks (IM7 off) is not delivered */
	W.vm.cp0.r[CP0_STATUS][0] = 0;
	mtc0(CP0_STATUS, 0, ST_KSU_USER | ST_IE | 0x0400);
	assert_int_equal(W.f.status & 0xff00, 0x0400);
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x400400);
	assert_int_equal(W.vm.st.int_reflect, 1);
	teardown_world();
}

static void test_kseg_miss(void **s)
{
	(void)s;
	setup_world(0, 0, 0);
	uint32_t ma;
	vmm_trap t = {.exc = VMM_EXC_TLBL, .badvaddr = 0x80105008, .epc = 0x80100000, .refill = 1};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x80100000); /* retried, the guest sees nothing */
	assert_int_equal(hops(HOP_KSEG_MISS), 1);
	assert_int_equal(W.vm.st.pages_alloc, 1); /* only the touched page */
	assert_int_equal(f_xlate(&W.f, 0x80105008, 0, &ma), 1);
	assert_int_equal(ma, (W.vm.pmap.mfn[0x105] << 12) | 8);
	assert_int_equal(f_xlate(&W.f, 0x80104000, 0, &ma), -1); /* neighbour not backed */
	/* kseg1 alias: the same machine frame */
	t.badvaddr = 0xa0105010;
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(f_xlate(&W.f, 0xa0105010, 0, &ma), 1);
	assert_int_equal(ma, (W.vm.pmap.mfn[0x105] << 12) | 0x10);
	/* a device: the VM's own physical address, through the I/O window */
	t.badvaddr = 0xbf000500;
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(f_xlate(&W.f, 0xbf000500, 1, &ma), 1);
	assert_int_equal(ma, VMM_IO_BASE + 0x1f000500);
	assert_int_equal(W.vm.st.pages_alloc, 1);
	/* the guest's first store to the fresh page: zeros at offset 0 */
	assert_int_equal(f_xlate(&W.f, 0x80105000, 1, &ma), -2);
	W.f.r[4] = 0x80105000;
	t = (vmm_trap){.exc = VMM_EXC_MOD, .badvaddr = 0x80105000, .epc = 0x80100010, .insn = SW(0, 4)};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x80100010);
	assert_int_equal(W.vm.st.pages_zeroed_twice, 1);
	assert_int_equal(f_xlate(&W.f, 0x80105000, 1, &ma), 1);
	/* in user mode kseg is the CPU's address error, the guest's own */
	mtc0(CP0_STATUS, 0, ST_KSU_USER);
	t = (vmm_trap){.exc = VMM_EXC_ADEL, .badvaddr = 0x80105000, .epc = 0x400000};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.vm.cp0.r[CP0_BADVADDR][0], 0x80105000);
	assert_int_equal(W.vm.st.guest_exc[VMM_EXC_ADEL], 1);
	teardown_world();
}

/* The guest's own TLB and the software TLB.  After a machine switch
 * flushed the real TLB, a page the guest's TLB holds is reloaded by the
 * monitor, unseen (natively it would have hit); a page the guest's tlbwr
 * pushed out of its TLB is served by the software TLB in swtlb mode and
 * reflected as a refill otherwise (0 entries: as virt); a tlbp of the page
 * makes the software TLB forget it. */
static void swtlb_case(uint32_t entries, int expect_hit)
{
	setup_world(entries != 0, entries, 0);
	mtc0(CP0_ENTRYHI, 0, 9);
	guest_tlbwi(2, 0x10000009, (0x50 << 6) | EL_V | EL_D, (0x51 << 6) | EL_V | EL_D);
	vmm_vm_enter(&W.vm, 1);
	assert_int_equal(hops(HOP_MACHINE_SWITCH), 1);
	mtc0(CP0_STATUS, 0, ST_KSU_USER);
	uint32_t ma;
	assert_int_equal(f_xlate(&W.f, 0x10001004, 0, &ma), 0);
	vmm_trap t = {.exc = VMM_EXC_TLBL, .badvaddr = 0x10001004, .epc = 0x400000, .refill = 1};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x400000);
	assert_int_equal(W.vm.st.vtlb_reload, 1);
	assert_int_equal(W.vm.st.refill_reflect, 0);
	assert_int_equal(f_xlate(&W.f, 0x10001004, 0, &ma), 1);
	assert_int_equal(ma >> 12, W.vm.pmap.mfn[0x51]);
	/* the guest's tlbwr pushes a page out of its TLB, for room */
	W.vm.cp0.r[CP0_STATUS][0] = 0;
	mtc0(CP0_ENTRYHI, 0, 0x20000009);
	mtc0(CP0_ENTRYLO0, 0, (0x60 << 6) | EL_V | EL_D);
	mtc0(CP0_ENTRYLO1, 0, (0x61 << 6) | EL_V | EL_D);
	assert_int_equal(priv(TLBWR, 0x80001000), VMM_CONTINUE);
	uint32_t va = 0x20000000, pushed = 0;
	for (int k = 1; k < 400 && !pushed; k++) {
		mtc0(CP0_ENTRYHI, 0, (0x30000000u + ((uint32_t)k << 13)) | 9);
		assert_int_equal(priv(TLBWR, 0x80001000), VMM_CONTINUE);
		pushed = vmm_vtlb_match(&W.vm.vtlb, va, 9) < 0;
	}
	assert_true(pushed);
	mtc0(CP0_ENTRYHI, 0, 9);
	vmm_vm_enter(&W.vm, 1);
	mtc0(CP0_STATUS, 0, ST_KSU_USER);
	t.badvaddr = va + 4;
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	if (expect_hit) {
		assert_int_equal(W.f.pc, 0x400000);
		assert_int_equal(hops(HOP_SWTLB_HIT), 1);
		assert_int_equal(W.vm.st.refill_reflect, 0);
		assert_int_equal(f_xlate(&W.f, va + 4, 0, &ma), 1);
		assert_int_equal(ma >> 12, W.vm.pmap.mfn[0x60]);
		/* the guest probes the page (before flushing it): forgotten */
		W.vm.cp0.r[CP0_STATUS][0] = 0;
		mtc0(CP0_ENTRYHI, 0, va | 9);
		assert_int_equal(priv(TLBP, 0x80001000), VMM_CONTINUE);
		assert_true(W.vm.st.swtlb_drop >= 1);
		mtc0(CP0_ENTRYHI, 0, 9);
		vmm_vm_enter(&W.vm, 1);
		mtc0(CP0_STATUS, 0, ST_KSU_USER);
		assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
		assert_int_equal(W.vm.st.refill_reflect, 1);
		assert_int_equal(W.f.pc, 0x80000000);
	} else {
		assert_int_equal(hops(HOP_SWTLB_HIT), 0);
		assert_int_equal(hops(HOP_SWTLB_LOOKUP), 0);
		assert_int_equal(W.vm.st.refill_reflect, 1);
		assert_int_equal(W.f.pc, 0x80000000);
	}
	teardown_world();
}

static void test_swtlb(void **s)
{
	(void)s;
	swtlb_case(64, 1);
	swtlb_case(0, 0);
}

/* The guest's TLB says invalid / clean: reflected as invalid / modified. */
static void test_invalid_and_mod(void **s)
{
	(void)s;
	setup_world(0, 0, 0);
	guest_tlbwi(0, 0x00600000, (0x10 << 6) | EL_V, 0); /* even clean, odd invalid */
	mtc0(CP0_PRID, 1, 0x80000000);
	mtc0(CP0_STATUS, 0, ST_KSU_USER);
	vmm_trap t = {.exc = VMM_EXC_TLBL, .badvaddr = 0x00601000, .epc = 0x400000, .refill = 0};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.f.pc, 0x80000180);
	assert_int_equal(W.vm.st.refill_reflect, 0);
	assert_int_equal(W.vm.st.guest_exc[VMM_EXC_TLBL], 1);
	W.vm.cp0.r[CP0_STATUS][0] &= ~ST_EXL;
	vmm_sync_real(&W.vm);
	t = (vmm_trap){.exc = VMM_EXC_MOD, .badvaddr = 0x00600010, .epc = 0x400000, .insn = SW(2, 3)};
	assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
	assert_int_equal(W.vm.st.guest_exc[VMM_EXC_MOD], 1);
	assert_int_equal(W.f.pc, 0x80000180);
	teardown_world();
}

static void test_masid_exhaustion(void **s)
{
	(void)s;
	setup_world(0, 0, 0);
	/* 256 guest ASIDs cannot all have one of 255 machine ASIDs */
	for (unsigned a = 0; a < 256; a++)
		guest_tlbwi(a % NTLB, 0x00400000 | a, (0x10 << 6) | EL_V, 0);
	assert_int_equal(W.vm.st.masid_flushes, 1);
	assert_true(W.vm.st.rtlb_flushes >= 1);
	/* the real EntryHi still names the current guest ASID's machine ASID */
	assert_int_equal(W.f.cp0[CP0_ENTRYHI][0], vmm_masid_peek(&W.vm, vmm_guest_asid(&W.vm)));
	teardown_world();
}

/* A seeded random walk: guest page tables (the test's), a guest refill
 * handler (the test's, through trapped instructions), random references,
 * ASID switches, invalidations; every reference ends in a real hit whose
 * machine frame belongs to this VM and backs the guest frame the guest's
 * own page table names.  Run in virt and in swtlb mode. */
static uint32_t rng_state;
static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

#define NPAGES 64
static uint32_t pt[4][NPAGES]; /* per ASID 1..3: guest frame of page n, 0 = none */

static void walk(int use_swtlb)
{
	setup_world(use_swtlb, use_swtlb ? 32 : 0, 0);
	rng_state = 12345;
	mtc0(CP0_PRID, 1, 0x80000000);
	for (unsigned a = 1; a < 4; a++)
		for (unsigned p = 0; p < NPAGES; p++)
			pt[a][p] = 0x100 + (rnd() % 512);
	unsigned asid = 1;
	mtc0(CP0_ENTRYHI, 0, asid);
	mtc0(CP0_STATUS, 0, ST_KSU_USER);
	uint64_t refills = 0;
	for (int step = 0; step < 4000; step++) {
		unsigned k = rnd() % 100;
		if (k < 3) { /* context switch */
			asid = 1 + rnd() % 3;
			W.vm.cp0.r[CP0_STATUS][0] = 0;
			mtc0(CP0_ENTRYHI, 0, asid);
			mtc0(CP0_STATUS, 0, ST_KSU_USER);
			continue;
		}
		if (k < 5) { /* the guest remaps a page and flushes it (tlbp, tlbwi) */
			unsigned p = rnd() % NPAGES;
			pt[asid][p] = 0x100 + (rnd() % 512);
			W.vm.cp0.r[CP0_STATUS][0] = 0;
			mtc0(CP0_ENTRYHI, 0, ((p * 0x1000u) & EH_VPN2) | asid);
			assert_int_equal(priv(TLBP, 0x80001000), VMM_CONTINUE);
			uint32_t ix = mfc0(CP0_INDEX, 0);
			if (!(ix & IDX_P))
				guest_tlbwi(ix, 0x80000000u + (ix << 13), 0, 0);
			mtc0(CP0_ENTRYHI, 0, asid);
			mtc0(CP0_STATUS, 0, ST_KSU_USER);
			continue;
		}
		if (k < 7) /* another VM ran: the real TLB was flushed */
			vmm_vm_enter(&W.vm, 1);
		unsigned p = rnd() % NPAGES;
		uint32_t va = p * 0x1000u + (rnd() & 0xffc), ma;
		int tries = 0, r;
		while ((r = f_xlate(&W.f, va, 0, &ma)) != 1) {
			assert_true(++tries < 4);
			vmm_trap t = {.exc = VMM_EXC_TLBL, .badvaddr = va, .epc = 0x400000, .refill = r == 0};
			assert_int_equal(vmm_exception(&W.vm, &t), VMM_CONTINUE);
			if (W.f.pc == 0x400000)
				continue; /* served by the monitor */
			/* the guest's refill handler: even/odd PTEs of the faulting pair */
			assert_int_equal(W.f.pc, 0x80000000);
			refills++;
			uint32_t bv = mfc0(CP0_BADVADDR, 0), pair = (bv >> 12) & ~1u;
			mtc0(CP0_ENTRYLO0, 0, (pt[asid][pair] << 6) | EL_V | EL_D);
			mtc0(CP0_ENTRYLO1, 0, (pt[asid][pair + 1] << 6) | EL_V | EL_D);
			assert_int_equal(priv(TLBWR, 0x80000010), VMM_CONTINUE);
			assert_int_equal(priv(ERET, 0x80000014), VMM_CONTINUE);
			assert_int_equal(W.f.pc, 0x400000);
		}
		uint32_t mfn = ma >> 12;
		if (W.m.mem.owner_gpfn[mfn] != pt[asid][p])
			fprintf(stderr, "swtlb %d step %d va %x asid %u: gpfn %x, page table %x; reloads %llu hits %llu\n",
			        use_swtlb, step, va, asid, W.m.mem.owner_gpfn[mfn], pt[asid][p],
			        (unsigned long long)W.vm.st.vtlb_reload, (unsigned long long)W.vm.st.swtlb_hit);
		assert_int_equal(W.m.mem.owner_vm[mfn], 1);
		assert_int_equal(W.m.mem.owner_gpfn[mfn], pt[asid][p]);
		assert_int_equal(W.vm.pmap.mfn[pt[asid][p]], mfn);
	}
	/* identities */
	assert_int_equal(W.vm.st.refill_reflect, refills);
	assert_int_equal(hops(HOP_REFLECT), refills);
	assert_int_equal(hops(HOP_RETT), refills);
	assert_int_equal(hops(HOP_TRAP_TLBWRITE), W.vm.st.guest_tlbwr + W.vm.st.guest_tlbwi);
	assert_int_equal(W.vm.st.vmm_miss, refills + W.vm.st.swtlb_hit + W.vm.st.vtlb_reload);
	assert_true(W.vm.st.vtlb_reload > 0);
	if (use_swtlb)
		assert_true(W.vm.st.swtlb_hit > 0);
	else
		assert_int_equal(W.vm.st.swtlb_hit, 0);
	teardown_world();
}

static void test_random_walk(void **s)
{
	(void)s;
	walk(0);
	walk(1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cp0_masks),
		cmocka_unit_test(test_status_mode),
		cmocka_unit_test(test_tlbwrite_and_tlbr),
		cmocka_unit_test(test_refill_flow),
		cmocka_unit_test(test_nested_and_bev),
		cmocka_unit_test(test_syscall_and_interrupt),
		cmocka_unit_test(test_kseg_miss),
		cmocka_unit_test(test_swtlb),
		cmocka_unit_test(test_invalid_and_mod),
		cmocka_unit_test(test_masid_exhaustion),
		cmocka_unit_test(test_random_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
