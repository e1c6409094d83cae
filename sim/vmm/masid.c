/*
 * masid.c - machine ASIDs: the monitor gives each (VM, guest ASID) its own
 * real ASID, so that the real TLB can hold several guests' and several
 * processes' entries at once.  1..255 are handed out in order; when they
 * run out every assignment is forgotten, the generation moves on and the
 * real TLB is flushed (other VMs' real TLBs are flushed when they next run,
 * vmm_vm_enter, as their entries carry the old generation).  0 is the
 * monitor's own (its kseg mappings are global).
 */
#include "vmm/vmm_int.h"

#include <string.h>

uint32_t vmm_masid(vmm_vm *vm, uint32_t gasid)
{
	vmm_masids *a = &vm->m->masid;
	uint8_t *slot = &a->map[vm->id - 1][gasid & 0xff];
	if (*slot)
		return *slot;
	if (a->next > 255) {
		memset(a->map, 0, sizeof a->map);
		a->next = 1;
		a->gen++;
		vm->st.masid_flushes++;
		vmm_rtlb_flush(vm);
		*slot = (uint8_t)a->next++;
		/* the current ASID's assignment went too: the real EntryHi follows */
		uint32_t cur = vmm_guest_asid(vm);
		if (cur != (gasid & 0xff))
			a->map[vm->id - 1][cur] = (uint8_t)a->next++;
		vm->hw->cp0_set(vm->hwp, CP0_ENTRYHI, 0, a->map[vm->id - 1][cur]);
		return *slot;
	}
	*slot = (uint8_t)a->next++;
	return *slot;
}

uint32_t vmm_masid_peek(const vmm_vm *vm, uint32_t gasid)
{
	return vm->m->masid.map[vm->id - 1][gasid & 0xff];
}
