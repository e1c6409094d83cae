/*
 * pmap.c - machine memory and each VM's pmap (guest-physical page ->
 * machine frame).
 *
 * Machine frames are handed out in order of first touch (frame 0 stays the
 * monitor's), each zeroed by the monitor when it is handed out
 * (vmm_page_alloc, vmm_page_zero, charged at the model's [vmm] costs).  A
 * frame stays "fresh" until the guest's first store to it; if that store
 * writes zeros at the start of the page, the guest is zeroing the page
 * again (Linux's clear_page begins so): the page is counted as zeroed twice,
 * the information gap of the chapter.  Guest-physical addresses outside the
 * VM's RAM are its devices and holes: machine VMM_IO_BASE + pa.
 */
#include "vmm/vmm_int.h"

#include <stdlib.h>
#include <string.h>

enum { FRAME_FREE = 0, FRAME_FRESH, FRAME_USED };

int vmm_mem_init(vmm_mem *mm, uint32_t frames)
{
	memset(mm, 0, sizeof *mm);
	if (frames < 2 || frames > (VMM_IO_BASE >> VMM_PAGE_SHIFT))
		return -1;
	mm->ram = calloc(frames, VMM_PAGE_SIZE);
	mm->owner_vm = calloc(frames, sizeof *mm->owner_vm);
	mm->owner_gpfn = calloc(frames, sizeof *mm->owner_gpfn);
	mm->state = calloc(frames, 1);
	if (!mm->ram || !mm->owner_vm || !mm->owner_gpfn || !mm->state) {
		vmm_mem_free(mm);
		return -1;
	}
	mm->frames = frames;
	mm->next = 1;
	return 0;
}

void vmm_mem_free(vmm_mem *mm)
{
	free(mm->ram);
	free(mm->owner_vm);
	free(mm->owner_gpfn);
	free(mm->state);
	memset(mm, 0, sizeof *mm);
}

int vmm_pmap_init(vmm_pmap *p, uint32_t pages)
{
	p->pages = pages;
	p->mfn = calloc(pages ? pages : 1, sizeof *p->mfn);
	return p->mfn ? 0 : -1;
}

void vmm_pmap_free(vmm_pmap *p)
{
	free(p->mfn);
	p->mfn = NULL;
	p->pages = 0;
}

int vmm_page_alloc(vmm_vm *vm, uint32_t gpfn, uint32_t *mfn)
{
	vmm_mem *mm = &vm->m->mem;
	if (mm->next >= mm->frames)
		return -1;
	uint32_t f = mm->next++;
	mm->owner_vm[f] = vm->id;
	mm->owner_gpfn[f] = gpfn;
	vm->pmap.mfn[gpfn] = f;
	vm->st.pages_alloc++;
	vmm_charge(vm, HOP_VMM_PAGE_ALLOC);
	*mfn = f;
	return 0;
}

void vmm_page_zero(vmm_vm *vm, uint32_t mfn)
{
	vmm_mem *mm = &vm->m->mem;
	memset(mm->ram + ((size_t)mfn << VMM_PAGE_SHIFT), 0, VMM_PAGE_SIZE);
	mm->state[mfn] = FRAME_FRESH;
	vm->st.pages_zeroed++;
	vmm_charge(vm, HOP_VMM_PAGE_ZERO);
}

int vmm_page_fresh(const vmm_vm *vm, uint32_t mfn)
{
	return mfn < vm->m->mem.frames && vm->m->mem.state[mfn] == FRAME_FRESH;
}

void vmm_page_first_store(vmm_vm *vm, uint32_t mfn, uint32_t off, int zero)
{
	if (!vmm_page_fresh(vm, mfn))
		return;
	vm->m->mem.state[mfn] = FRAME_USED;
	if (zero && off == 0)
		vm->st.pages_zeroed_twice++;
}

int vmm_pmap_translate(vmm_vm *vm, uint32_t pa, uint32_t *maddr)
{
	uint32_t gpfn = pa >> VMM_PAGE_SHIFT, mfn;
	if (gpfn >= vm->pmap.pages) {
		if (pa >= VMM_IO_BASE)
			return -1;
		*maddr = VMM_IO_BASE + pa;
		return 0;
	}
	mfn = vm->pmap.mfn[gpfn];
	if (!mfn) {
		if (vmm_page_alloc(vm, gpfn, &mfn))
			return -1;
		vmm_page_zero(vm, mfn);
	}
	*maddr = (mfn << VMM_PAGE_SHIFT) | (pa & (VMM_PAGE_SIZE - 1));
	return 0;
}

int vmm_vm_load(vmm_vm *vm, uint32_t pa, const uint8_t *data, uint32_t len)
{
	if ((uint64_t)pa + len > (uint64_t)vm->pmap.pages << VMM_PAGE_SHIFT)
		return -1;
	while (len) {
		uint32_t maddr, n = VMM_PAGE_SIZE - (pa & (VMM_PAGE_SIZE - 1));
		if (n > len)
			n = len;
		if (vmm_pmap_translate(vm, pa, &maddr))
			return -1;
		memcpy(vm->m->mem.ram + maddr, data, n);
		vm->m->mem.state[maddr >> VMM_PAGE_SHIFT] = FRAME_USED;
		pa += n;
		data += n;
		len -= n;
	}
	return 0;
}
