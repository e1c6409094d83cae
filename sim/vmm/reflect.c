/*
 * reflect.c - reflection: an exception that belongs to the guest is
 * delivered to the guest's own vector exactly as the CPU would have
 * delivered it natively (the chapter's Table 101.5, step 2): the virtual
 * EPC and Cause.BD (unless EXL was already set), Cause.ExcCode and CE,
 * BadVAddr, Context.BadVPN2 and EntryHi.VPN2 for TLB exceptions, then EXL,
 * and the guest continues at its vector - refill (EBase + 0, EXL = 0 only),
 * general (+0x180), interrupt (+0x200 with Cause.IV), or the BEV vectors at
 * 0xbfc00200 - in its kernel mode, which is supervisor mode on the real
 * CPU.  And rett: the guest's eret, emulated (step 6).
 *
 * Hops: a refill's reflection is `reflect` and its eret `rett`; a system
 * call's `syscall_reflect` / `syscall_rett`; everything else `exc_reflect`
 * / `exc_rett`.  Which eret returns from which reflection is kept on a
 * small stack, which also attributes the guest's executed instructions to
 * the handler they belong to (guest_refill, syscall, ...).
 */
#include "vmm/vmm_int.h"

static const char *const ctx_names[VMM_CTX_N] = {
	"user", "kernel", "refill", "tlbfault", "tlbmod",
	"syscall", "timer", "interrupt", "exception",
};

const char *vmm_ctx_name(unsigned ctx)
{
	return ctx < VMM_CTX_N ? ctx_names[ctx] : NULL;
}

static unsigned ctx_cur(const vmm_vm *vm)
{
	if (vm->ctx_sp)
		return vm->ctx[vm->ctx_sp - 1];
	return vmm_guest_kernel(vm) ? VMM_CTX_KERNEL : VMM_CTX_USER;
}

void vmm_ctx_sync(vmm_vm *vm)
{
	uint64_t now = vm->hw->insns(vm->hwp);
	vm->st.ctx_insns[ctx_cur(vm)] += now - vm->ctx_mark;
	vm->ctx_mark = now;
}

void vmm_ctx_push(vmm_vm *vm, unsigned ctx)
{
	vmm_ctx_sync(vm);
	if (vm->ctx_sp == VMM_CTX_DEPTH) { /* drop the oldest */
		for (unsigned i = 1; i < VMM_CTX_DEPTH; i++)
			vm->ctx[i - 1] = vm->ctx[i];
		vm->ctx_sp--;
	}
	vm->ctx[vm->ctx_sp++] = (uint8_t)ctx;
	vm->st.ctx_entries[ctx]++;
}

void vmm_ctx_pop(vmm_vm *vm)
{
	vmm_ctx_sync(vm);
	if (vm->ctx_sp)
		vm->ctx_sp--;
}

/* Interrupt vector number (Cause.IV with IntCtl.VS != 0 and Config3.VInt):
 * the highest pending and enabled line. */
static unsigned int_vector(vmm_vm *vm)
{
	uint32_t p = vmm_cp0_read(vm, CP0_CAUSE, 0) & vm->cp0.r[CP0_STATUS][0] & ST_IM;
	for (unsigned n = 7; n > 0; n--)
		if (p & (0x100u << n))
			return n;
	return 0;
}

void vmm_reflect(vmm_vm *vm, const vmm_trap *t, uint32_t exc, int refill)
{
	vmm_vcp0 *c = &vm->cp0;
	uint32_t st = c->r[CP0_STATUS][0], *cause = &c->r[CP0_CAUSE][0];
	int exl = (st & ST_EXL) != 0;
	unsigned ctx;

	if (!exl) {
		c->r[CP0_EPC][0] = t->epc;
		*cause = t->bd ? (*cause | CA_BD) : (*cause & ~CA_BD);
	}
	*cause = (*cause & ~CA_EXC) | ((exc << 2) & CA_EXC);
	if (exc == VMM_EXC_CPU) /* CE stays as it was for the others (QEMU) */
		*cause = (*cause & ~CA_CE) | ((t->ce << 28) & CA_CE);
	switch (exc) {
	case VMM_EXC_MOD:
	case VMM_EXC_TLBL:
	case VMM_EXC_TLBS:
		c->r[CP0_CONTEXT][0] = (c->r[CP0_CONTEXT][0] & 0xff800000u) | ((t->badvaddr >> 9) & 0x007ffff0u);
		c->r[CP0_ENTRYHI][0] = (t->badvaddr & EH_VPN2) | (c->r[CP0_ENTRYHI][0] & EH_ASID);
		/* fall through */
	case VMM_EXC_ADEL:
	case VMM_EXC_ADES:
		c->r[CP0_BADVADDR][0] = t->badvaddr;
		break;
	default:
		break;
	}

	uint32_t base, off;
	if (st & ST_BEV)
		base = 0xbfc00200u;
	else
		base = 0x80000000u | (c->r[CP0_PRID][1] & 0x3ffff000u);
	if (refill && !exl) {
		off = 0;
	} else if (exc == VMM_EXC_INT && (*cause & CA_IV)) {
		uint32_t vs = (c->r[CP0_STATUS][1] >> 5) & 0x1f;
		off = 0x200;
		if (!(st & ST_BEV) && vs && (c->r[CP0_CONFIG][3] & 0x20u)) /* Config3.VInt */
			off += int_vector(vm) * (vs << 5);
	} else {
		off = 0x180;
	}

	switch (exc) {
	case VMM_EXC_INT:
		ctx = (vmm_cp0_read(vm, CP0_CAUSE, 0) & c->r[CP0_STATUS][0] & 0x8000u) ? VMM_CTX_TIMER
		                                                                        : VMM_CTX_INTERRUPT;
		vm->st.int_reflect++;
		vmm_charge(vm, HOP_EXC_REFLECT);
		break;
	case VMM_EXC_SYS:
		ctx = VMM_CTX_SYSCALL;
		vm->st.syscall_reflect++;
		vmm_charge(vm, HOP_SYSCALL_REFLECT);
		break;
	case VMM_EXC_MOD:
		ctx = VMM_CTX_TLBMOD;
		vm->st.tlb_reflect++;
		vmm_charge(vm, HOP_EXC_REFLECT);
		break;
	case VMM_EXC_TLBL:
	case VMM_EXC_TLBS:
		if (refill && !exl) {
			ctx = VMM_CTX_REFILL;
			vm->st.refill_reflect++;
			vmm_charge(vm, HOP_REFLECT);
		} else {
			ctx = VMM_CTX_TLBFAULT;
			vm->st.tlb_reflect++;
			vmm_charge(vm, HOP_EXC_REFLECT);
		}
		break;
	default:
		ctx = VMM_CTX_EXCEPTION;
		vm->st.exc_reflect++;
		vmm_charge(vm, HOP_EXC_REFLECT);
		break;
	}
	vm->st.guest_exc[exc & 31]++;
	vmm_ctx_push(vm, ctx);
	c->r[CP0_STATUS][0] = st | ST_EXL;
	vmm_sync_real(vm);
	vm->hw->set_pc(vm->hwp, base + off);
}

void vmm_rett(vmm_vm *vm)
{
	vmm_vcp0 *c = &vm->cp0;
	uint32_t *st = &c->r[CP0_STATUS][0], pc;
	unsigned ctx = vm->ctx_sp ? vm->ctx[vm->ctx_sp - 1] : VMM_CTX_EXCEPTION;

	vm->st.guest_eret++;
	vmm_ctx_pop(vm);
	if (*st & ST_ERL) {
		pc = c->r[CP0_ERROREPC][0];
		*st &= ~ST_ERL;
		vmm_rtlb_flush(vm); /* useg was unmapped under ERL */
	} else {
		pc = c->r[CP0_EPC][0];
		*st &= ~ST_EXL;
	}
	if (!vmm_guest_kernel(vm))
		vm->ctx_sp = 0; /* back in user mode: every handler has returned */
	if (vm->hw->clear_ll)
		vm->hw->clear_ll(vm->hwp); /* an sc after the eret fails, as natively */
	vmm_charge(vm, ctx == VMM_CTX_REFILL ? HOP_RETT : ctx == VMM_CTX_SYSCALL ? HOP_SYSCALL_RETT : HOP_EXC_RETT);
	vmm_sync_real(vm);
	vm->hw->set_pc(vm->hwp, pc);
}
