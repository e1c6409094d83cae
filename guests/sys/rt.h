/*
 * rt.h - the runtime of the freestanding test kernels in guests/sys/: the
 * console (the Malta's 16550 at ISA port 0x3f8), exit (SOFTRES), CP0 access,
 * the exception frame and the TLB helpers.  Each test defines
 * test_main() and, if it takes exceptions, test_exception().
 */
#ifndef GUESTS_SYS_RT_H
#define GUESTS_SYS_RT_H

typedef unsigned int u32;

struct rt_frame {
	u32 r[32];
	u32 hi, lo, epc, cause, status, badvaddr, vec; /* vec: 0 refill, 1 general, 2 interrupt */
};

#define MFC0(reg, sel) ({ u32 v_; __asm__ volatile("mfc0 %0, $" #reg ", " #sel : "=r"(v_)); v_; })
#define MTC0(reg, sel, v) __asm__ volatile("mtc0 %0, $" #reg ", " #sel "\n\tehb" : : "r"((u32)(v)) : "memory")

enum { C0_INDEX = 0, C0_RANDOM = 1, C0_ENTRYLO0 = 2, C0_ENTRYLO1 = 3, C0_CONTEXT = 4,
       C0_PAGEMASK = 5, C0_WIRED = 6, C0_BADVADDR = 8, C0_COUNT = 9, C0_ENTRYHI = 10,
       C0_COMPARE = 11, C0_STATUS = 12, C0_CAUSE = 13, C0_EPC = 14, C0_PRID = 15 };

void rt_putc(char ch);
void rt_puts(const char *s);
void rt_hex(u32 v);              /* 8 hex digits */
void rt_dec(u32 v);
void rt_kv(const char *k, u32 v); /* "k=0x........\n" */
void rt_exit(void) __attribute__((noreturn));

void tlb_write_index(u32 index, u32 hi, u32 lo0, u32 lo1, u32 pagemask);
void tlb_read_index(u32 index, u32 *hi, u32 *lo0, u32 *lo1, u32 *pagemask);
u32 tlb_probe(u32 hi);          /* Index after tlbp */
void tlb_invalidate_all(void);  /* every entry to a unique unmatched kseg0 VPN */
u32 tlb_entries(void);          /* from Config1 */
/* EntryLo for physical address pa: cached noncoherent (3), flags D/V/G */
#define LO(pa, d, v, g) ((((pa) >> 12) << 6) | (3u << 3) | ((d) ? 4u : 0) | ((v) ? 2u : 0) | ((g) ? 1u : 0))
#define KPHYS(p) ((u32)(p) & 0x1fffffffu)

/* Runs fn (an address in kuseg) in user mode with a0 = arg, a1 = arg2;
 * returns when the user code executes "syscall" with v0 = 0 (then returns v1). */
u32 rt_user_call(u32 fn, u32 arg, u32 sp, u32 arg2);
extern u32 rt_user_ksu; /* Status.KSU for rt_user_call: 0x10 user (default), 0x08 supervisor */

void test_main(void);
/* Called for every exception rt itself does not handle; returns to f->epc. */
void test_exception(struct rt_frame *f);

extern char __utext[], __utext_end[];
extern u32 rt_depth; /* exception nesting: 1 in a handler, 2 in a nested one */

static inline u32 exc_code(const struct rt_frame *f) { return (f->cause >> 2) & 31; }

#endif
