/*
 * sys_priv.h - the CPU's system-mode state (CP0, the joint TLB, the
 * per-mode micro-TLBs, time, statistics) and the functions shared by
 * cp0.c, jtlb.c, except.c, sys.c and the system build of exec.h.
 */
#ifndef VMMSIM_SYS_PRIV_H
#define VMMSIM_SYS_PRIV_H

#include <stdint.h>

#include "cpu/cpu_priv.h"
#include "cpu/cpu_sys.h"

#define SYS_TLB_MAX 64
#define SYS_SPC_BITS 14
#define SYS_SPC_N (1u << SYS_SPC_BITS)

/* Status bits */
#define ST_IE 0x00000001u
#define ST_EXL 0x00000002u
#define ST_ERL 0x00000004u
#define ST_KSU 0x00000018u
#define ST_IM 0x0000ff00u
#define ST_NMI 0x00080000u
#define ST_SR 0x00100000u
#define ST_BEV 0x00400000u
#define ST_CU0 0x10000000u
#define ST_CU1 0x20000000u
/* Cause bits */
#define CA_EXC 0x0000007cu
#define CA_IP 0x0000ff00u
#define CA_IV 0x00800000u
#define CA_CE 0x30000000u
#define CA_TI 0x40000000u
#define CA_BD 0x80000000u

/* Privilege modes, which index the micro-TLB sets. */
enum { SYS_KERNEL = 0, SYS_SUPER = 1, SYS_USER = 2, SYS_NMODES = 3 };

/* One joint-TLB entry: an even/odd page pair. */
struct jtlb_ent {
	uint32_t vpn2;     /* EntryHi VPN2 bits (& ~(mask | 0x1fff)) */
	uint32_t mask;     /* PageMask */
	uint8_t asid, g;
	uint32_t lo[2];    /* EntryLo0/1 without G: PFN, C, D, V */
};

struct cpu_sys {
	cpu_bus bus;

	/* CP0 (stored registers; Random and Count are computed) */
	uint32_t index, entrylo0, entrylo1, context, pagemask, wired, hwrena;
	uint32_t badvaddr, entryhi, compare, status, intctl, cause, epc;
	uint32_t ebase, config0, errorepc, userlocal, desave;
	uint32_t watchlo[8], watchhi[8], taglo[2], taghi[2];
	uint32_t count_off;    /* Count = count_off + time / 2 */
	uint32_t rand_seed;    /* tlbwr's choice: deterministic, from here */
	uint32_t rand_prev;
	uint32_t hw_ip;        /* Cause.IP2..IP7 from cpu_set_irq (bits 10..15) */
	uint32_t ce;           /* coprocessor of the pending CpU exception */

	/* time */
	uint64_t idle;         /* cycles passed in wait */
	uint64_t timer_due;    /* time at which Count next equals Compare */
	int waiting;           /* stopped in `wait` */
	int stop_req;          /* cpu_request_stop */

	/* joint TLB */
	unsigned ntlb;
	struct jtlb_ent tlb[SYS_TLB_MAX];
	int refill;            /* the pending TLBL/TLBS found no matching entry */
	int align_err;         /* the pending AdEL/AdES is a misaligned access */
	uint32_t mmio_pa;      /* physical address of the pending bus access */

	/* micro-TLB per mode (kernel, supervisor, user): exec.h uses the
	 * current mode's set; translation fills it, TLB writes, ASID and ERL
	 * changes invalidate it */
	unsigned mode;
	struct utlb_ent utlb[SYS_NMODES][3][UTLB_N];

	/* decoded instructions by host address of the word (the RAM location,
	 * so aliases share it), checked against the word fetched: a store into
	 * code makes the entry miss, never wrong; then the decode memo */
	struct spc_ent {
		uintptr_t host;
		uint32_t w, op;
	} spc[SYS_SPC_N];

	/* statistics and hop contexts */
	struct cpu_sys_stats st;
	uint8_t ctx_stack[64];
	unsigned ctx_depth;
	uint64_t ctx_mark;     /* c->insns when insns were last attributed */

	cpu_exc_hook hook;
	void *hook_opaque;

	/* beneath a monitor (cpu_vmm.h): supervisor mode is the guest's kernel,
	 * every address it uses is mapped; details of the exception the hook
	 * is handling */
	int vmm_mode;
	uint32_t exc_next;

	/* recording (cpu_sys_record_start, c->ev set): the ASID of the last
	 * TK_ASID record, records that found no room (a bug if ever non-zero) */
	uint32_t ev_asid;
	uint64_t ev_lost;
};

/* Appends one record to the recording, if one is being made (c->ev). */
static inline void sys_ev(cpu *c, unsigned kind, unsigned sub, unsigned x, uint32_t arg,
                          uint64_t addr)
{
	if (!c->ev)
		return;
	if (c->ev_len >= c->ev_cap) {
		c->priv->sys->ev_lost++;
		return;
	}
	trace_rec *r = &c->ev[c->ev_len++];
	r->addr = addr;
	r->arg = arg;
	r->x = (uint16_t)x;
	r->kind = (uint8_t)kind;
	r->sub = (uint8_t)sub;
}

/* A TK_ASID record when EntryHi.ASID differs from the last one recorded. */
static inline void sys_ev_asid(cpu *c)
{
	struct cpu_sys *s = c->priv->sys;
	if (c->ev && (s->entryhi & 0xffu) != s->ev_asid) {
		s->ev_asid = s->entryhi & 0xffu;
		sys_ev(c, TK_ASID, 0, 0, s->ev_asid, 0);
	}
}

/* trace_mode of a SYS_* mode */
static inline unsigned sys_trace_mode(unsigned m)
{
	return m == SYS_USER ? TMODE_USER : m == SYS_SUPER ? TMODE_SUPER : TMODE_KERNEL;
}

/* time before the instruction being executed; exec.h passes done =
 * instructions already executed in the current run */
static inline uint64_t sys_now(const cpu *c, uint64_t done)
{
	return c->insns + done + c->priv->sys->idle;
}

/* cp0.c */
void sys_cp0_reset(cpu *c);
unsigned sys_mode_of(uint32_t status);
/* mfc0 / mtc0 at time now; return 0, or -1 for a register that does not
 * exist (read as 0, write ignored, as QEMU) */
uint32_t sys_mfc0(cpu *c, unsigned reg, unsigned sel, uint64_t now);
void sys_mtc0(cpu *c, unsigned reg, unsigned sel, uint32_t v, uint64_t now);
uint32_t sys_count(const cpu *c, uint64_t now);
void sys_timer_update(cpu *c, uint64_t now); /* recompute timer_due */
void sys_timer_check(cpu *c, uint64_t now);  /* set Cause.TI when due */
uint32_t sys_cause(const cpu *c);            /* Cause as mfc0 reads it */
/* enabled interrupt pending: the Cause.IP bits, 0 if none or disabled */
uint32_t sys_irq_pending(const cpu *c);
/* a Status write: mode, ERL and ASID bookkeeping */
void sys_status_changed(cpu *c, uint32_t old);

/* jtlb.c */
uint8_t *sys_xlate(cpu *c, uint32_t a, unsigned size, enum mem_access acc);
void sys_utlb_flush(struct cpu_sys *s);
void sys_tlbr(cpu *c);
/* writes entry i from EntryHi/Lo0/Lo1/PageMask words (tlbwi's body) */
void sys_tlb_set(struct cpu_sys *s, unsigned i, uint32_t hi, uint32_t lo0, uint32_t lo1,
                 uint32_t mask);
void sys_tlbwi(cpu *c);
void sys_tlbwr(cpu *c, uint64_t now);
void sys_tlbp(cpu *c);
uint32_t sys_random(cpu *c);
/* a bus access for the pending MMIO address (sys->mmio_pa) */
int sys_bus_read(cpu *c, unsigned size, uint32_t *v);
int sys_bus_write(cpu *c, unsigned size, uint32_t v);

/* except.c */
int sys_deliver(cpu *c, uint32_t exc, uint32_t badvaddr, uint32_t insn_pc, int in_slot);
/* eret: returns the new pc */
uint32_t sys_eret(cpu *c);
void sys_ctx_account(cpu *c);   /* attribute instructions up to now */

/* sys.c: the stop code by which exec.h's system build asks the outer loop
 * (cpu_run_system) to continue after an exception was delivered */
#define SYS_RESUME 0

#endif
