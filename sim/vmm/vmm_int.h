/*
 * vmm_int.h - the monitor's functions shared between its files (see vmm.h
 * for which file holds which concern).
 */
#ifndef VMMSIM_VMM_INT_H
#define VMMSIM_VMM_INT_H

#include "vmm/vmm.h"

/* CP0 register numbers (mfc0/mtc0 rd). */
enum {
	CP0_INDEX = 0, CP0_RANDOM = 1, CP0_ENTRYLO0 = 2, CP0_ENTRYLO1 = 3,
	CP0_CONTEXT = 4, CP0_PAGEMASK = 5, CP0_WIRED = 6, CP0_HWRENA = 7,
	CP0_BADVADDR = 8, CP0_COUNT = 9, CP0_ENTRYHI = 10, CP0_COMPARE = 11,
	CP0_STATUS = 12, CP0_CAUSE = 13, CP0_EPC = 14, CP0_PRID = 15,
	CP0_CONFIG = 16, CP0_LLADDR = 17, CP0_WATCHLO = 18, CP0_WATCHHI = 19,
	CP0_DEBUG = 23, CP0_DEPC = 24, CP0_PERFCNT = 25, CP0_ERRCTL = 26,
	CP0_CACHEERR = 27, CP0_TAGLO = 28, CP0_TAGHI = 29, CP0_ERROREPC = 30,
	CP0_DESAVE = 31,
};

/* Status bits. */
#define ST_IE 0x00000001u
#define ST_EXL 0x00000002u
#define ST_ERL 0x00000004u
#define ST_KSU 0x00000018u
#define ST_KSU_SUPER 0x00000008u
#define ST_KSU_USER 0x00000010u
#define ST_IM 0x0000ff00u
#define ST_BEV 0x00400000u
#define ST_FR 0x04000000u
#define ST_CU0 0x10000000u
#define ST_CU1 0x20000000u
/* bits mtc0 Status can change (QEMU's 24Kf CP0_Status_rw_bitmask) */
#define ST_RW 0x3678ff1fu

/* Cause bits. */
#define CA_BD 0x80000000u
#define CA_TI 0x40000000u
#define CA_CE 0x30000000u
#define CA_DC 0x08000000u
#define CA_IV 0x00800000u
#define CA_IP 0x0000ff00u
#define CA_IPSW 0x00000300u  /* IP1..0: software interrupts */
#define CA_EXC 0x0000007cu

/* EntryHi / EntryLo / Index fields. */
#define EH_VPN2 0xffffe000u
#define EH_ASID 0x000000ffu
#define EL_G 0x1u
#define EL_V 0x2u
#define EL_D 0x4u
#define EL_PFN 0x3fffffc0u   /* PFN field (bits 29:6) */
#define EL_FLAGS 0x3fu       /* C, D, V, G */
#define IDX_P 0x80000000u

/* Key of the software TLB for a global entry (guest ASIDs are 0..255). */
#define VMM_GLOBAL_ASID 0x100u

/* Segments of the guest's virtual address space. */
static inline int vmm_is_kseg01(uint32_t va) { return va >= 0x80000000u && va < 0xc0000000u; }

/* Costs from the model, charged to the VM's ledger. */
static inline void vmm_charge(vmm_vm *vm, unsigned hop)
{
	ledger_charge(&vm->led, hop, 1, model_hop_cost(vm->m->mod, hop));
}

/* ---- vcp0.c ---- */
void vmm_vcp0_init(vmm_vm *vm);
uint32_t vmm_cp0_read(vmm_vm *vm, unsigned reg, unsigned sel);
void vmm_cp0_write(vmm_vm *vm, unsigned reg, unsigned sel, uint32_t v);
/* The guest is in its kernel mode (EXL, ERL or KSU = kernel). */
int vmm_guest_kernel(const vmm_vm *vm);
/* Sets the real CPU's Status, translation mode and ASID from the virtual state. */
void vmm_sync_real(vmm_vm *vm);
/* Guest's current ASID (virtual EntryHi). */
static inline uint32_t vmm_guest_asid(const vmm_vm *vm) { return vm->cp0.r[CP0_ENTRYHI][0] & EH_ASID; }
/* Random: the next tlbwr index in [Wired, n-1] (advances the generator). */
unsigned vmm_vcp0_random(vmm_vm *vm);

/* ---- vtlb.c ---- */
int vmm_vtlb_init(vmm_vtlb *t, unsigned n);
void vmm_vtlb_free(vmm_vtlb *t);
/* Index of the entry matching va for asid (own or global), or -1. */
int vmm_vtlb_match(const vmm_vtlb *t, uint32_t va, uint32_t asid);
/* Index of an entry other than skip, with a valid page, the same VPN2 as
 * hi and its ASID or global on either side (a duplicate), or -1. */
int vmm_vtlb_dup(const vmm_vtlb *t, uint32_t hi, int global, unsigned skip);
/* EntryLo word of the page of va in entry i. */
uint32_t vmm_vtlb_lo(const vmm_vtlb *t, unsigned i, uint32_t va);

/* ---- pmap.c ---- */
int vmm_mem_init(vmm_mem *mm, uint32_t frames);
void vmm_mem_free(vmm_mem *mm);
int vmm_pmap_init(vmm_pmap *p, uint32_t pages);
void vmm_pmap_free(vmm_pmap *p);
/* Machine address of guest-physical pa, allocating (and zeroing) the
 * machine page on first touch; addresses outside the guest's RAM go to
 * VMM_IO_BASE + pa.  Returns 0 and *maddr, or -1 (machine memory exhausted
 * or pa not representable). */
int vmm_pmap_translate(vmm_vm *vm, uint32_t pa, uint32_t *maddr);
/* vmm_page_alloc / vmm_page_zero: a new machine frame for guest page gpfn. */
int vmm_page_alloc(vmm_vm *vm, uint32_t gpfn, uint32_t *mfn);
void vmm_page_zero(vmm_vm *vm, uint32_t mfn);
/* 1 if the machine frame was zeroed by the monitor and never written by the guest. */
int vmm_page_fresh(const vmm_vm *vm, uint32_t mfn);
/* The guest's first store to a fresh frame: at page offset off, all-zero
 * bytes (zero != 0): counted as the guest zeroing the page again. */
void vmm_page_first_store(vmm_vm *vm, uint32_t mfn, uint32_t off, int zero);

/* ---- masid.c ---- */
/* Machine ASID of (vm, guest asid); allocates one, flushing every
 * assignment (and this VM's real TLB) when all are in use. */
uint32_t vmm_masid(vmm_vm *vm, uint32_t gasid);
/* The machine ASID (vm, gasid) has, or 0 if none (allocates nothing). */
uint32_t vmm_masid_peek(const vmm_vm *vm, uint32_t gasid);

/* ---- rtlb.c ---- */
int vmm_rtlb_init(vmm_rtlb *t, unsigned n);
void vmm_rtlb_free(vmm_rtlb *t);
/* Installs (hi, lo0, lo1) in the real TLB, over an entry with the same
 * VPN2 and ASID (or global) if there is one, else the next victim. */
void vmm_rtlb_install(vmm_vm *vm, uint32_t hi, uint32_t lo0, uint32_t lo1);
/* Rewrites real entry i from its meant words (after a first store). */
void vmm_rtlb_refresh(vmm_vm *vm, unsigned i);
/* Invalidates the real entry for (VPN2 of hi, its ASID or global). */
void vmm_rtlb_drop(vmm_vm *vm, uint32_t hi, int global);
/* The real entry that maps va for machine asid, or -1. */
int vmm_rtlb_match(const vmm_vm *vm, uint32_t va, uint32_t masid);
void vmm_rtlb_flush(vmm_vm *vm);

/* ---- stlb.c ---- */
int vmm_stlb_init(vmm_stlb *s, uint32_t entries, uint32_t assoc);
void vmm_stlb_free(vmm_stlb *s);
/* Key of (hi's VPN2, asid or global). */
static inline uint64_t vmm_stlb_key(uint32_t hi, uint32_t asid, int global)
{
	return ((uint64_t)(hi >> 13) << 9) | (global ? VMM_GLOBAL_ASID : (asid & 0xff));
}
void vmm_stlb_insert(vmm_stlb *s, uint64_t key, uint32_t lo0, uint32_t lo1);
/* 1 and the machine pair if key is cached. */
int vmm_stlb_lookup(vmm_stlb *s, uint64_t key, uint32_t *lo0, uint32_t *lo1);
int vmm_stlb_drop(vmm_stlb *s, uint64_t key);
/* Drops every entry. */
void vmm_stlb_clear(vmm_stlb *s);

/* ---- tlbwrite.c ---- */
/* trap_tlbwrite: the guest writes its EntryHi/Lo0/Lo1/PageMask into virtual
 * entry i (random: by tlbwr).  0, or -1 (machine memory exhausted). */
int vmm_trap_tlbwrite(vmm_vm *vm, unsigned i, int random);

/* ---- reflect.c ---- */
/* Delivers exception exc to the guest's vector as the CPU would have
 * (virtual EPC, Cause, BadVAddr, Context, EntryHi; EXL; kernel mode), and
 * continues there.  refill: a TLB refill (refill vector when EXL = 0). */
void vmm_reflect(vmm_vm *vm, const vmm_trap *t, uint32_t exc, int refill);
/* eret emulation: back to EPC (ErrorEPC), guest mode from the virtual Status. */
void vmm_rett(vmm_vm *vm);
/* Context bookkeeping. */
void vmm_ctx_push(vmm_vm *vm, unsigned ctx);
void vmm_ctx_pop(vmm_vm *vm);

/* ---- emulate.c ---- */
/* Emulates the privileged instruction t->insn the guest kernel executed.
 * Returns an enum vmm_action, or -1 when it is not one the monitor
 * emulates (the caller reflects the exception). */
int vmm_emulate(vmm_vm *vm, const vmm_trap *t);

/* ---- miss.c ---- */
/* A TLB exception (refill, invalid, modified) on a guest reference. */
int vmm_tlb_exception(vmm_vm *vm, const vmm_trap *t);

#endif
