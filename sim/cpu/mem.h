/*
 * mem.h - guest memory: one process's 32-bit virtual address space.
 *
 * Pages are 4 KiB, held in guest byte order (the CPU swaps for big-endian
 * guests).  Mapping a range only reserves it: a page's storage is allocated
 * and zero-filled on its first touch (the CPU's or the OS's), and the
 * first-touch hook is called then, so the modeled OS can report demand-zero
 * faults to the machine models.  Every function taking a range works on whole
 * pages (addr and len are rounded out to page boundaries).
 */
#ifndef VMMSIM_MEM_H
#define VMMSIM_MEM_H

#include <stddef.h>
#include <stdint.h>

#define MEM_PAGE_SHIFT 12
#define MEM_PAGE_SIZE (1u << MEM_PAGE_SHIFT)

enum mem_prot { MEM_R = 1, MEM_W = 2, MEM_X = 4 };
enum mem_access { MEM_FETCH = 0, MEM_LOAD = 1, MEM_STORE = 2 };

typedef struct mem mem;

/* Called once per page on its first touch, with the page's virtual address. */
typedef void (*mem_touch_fn)(void *ctx, uint32_t page_vaddr);

/* Returns a new empty address space, or NULL when out of memory. */
mem *mem_new(void);
void mem_free(mem *m);

/* Returns a deep copy (fork), or NULL when out of memory.  The hook is copied. */
mem *mem_clone(const mem *m);

void mem_set_touch_hook(mem *m, mem_touch_fn fn, void *ctx);

/* Maps [addr, addr+len) with prot, replacing whatever was there (MAP_FIXED).
 * Returns 0, or -1 when out of memory. */
int mem_map(mem *m, uint32_t addr, uint32_t len, unsigned prot);
/* The same, shared (MAP_SHARED | MAP_ANONYMOUS): the pages' storage is
 * allocated now, and mem_clone's copy shares it instead of copying it (it
 * is freed with its last mapping).  The touch hook still runs once per
 * page and address space, on its first touch there. */
int mem_map_shared(mem *m, uint32_t addr, uint32_t len, unsigned prot);
/* 1 if a page of [addr, addr+len) is mapped shared. */
int mem_any_shared(const mem *m, uint32_t addr, uint32_t len);
/* Unmaps the range (unmapped pages in it are fine).  Returns 0. */
int mem_unmap(mem *m, uint32_t addr, uint32_t len);
/* Changes protection.  Returns 0, or -1 if a page in the range is unmapped. */
int mem_protect(mem *m, uint32_t addr, uint32_t len, unsigned prot);
/* The rights (enum mem_prot bits) of the page holding addr; 0 if unmapped
 * (or mapped without rights). */
unsigned mem_prot(const mem *m, uint32_t addr);
/* Returns 1 if every page of the range is mapped, else 0. */
int mem_is_mapped(const mem *m, uint32_t addr, uint32_t len);
/* Lowest page-aligned address >= hint where len bytes are free below
 * limit, or 0 if none. */
uint32_t mem_find_free(const mem *m, uint32_t hint, uint32_t len, uint32_t limit);

/* Host pointer to the byte at addr if its page is mapped with the rights
 * for access (allocating it on first touch), else NULL.  Valid up to the end
 * of the page, until the page is unmapped. */
uint8_t *mem_host(mem *m, uint32_t addr, enum mem_access access);

/* Copies between guest and host for the OS (system calls, the loader).
 * Return 0, or -1 if some page is unmapped or lacks the right (EFAULT).
 * mem_write_force ignores write protection (the loader); it also bumps the
 * generation (the CPU drops decoded instructions it cached). */
int mem_read(mem *m, uint32_t addr, void *dst, size_t n);
int mem_write(mem *m, uint32_t addr, const void *src, size_t n);
int mem_write_force(mem *m, uint32_t addr, const void *src, size_t n);
/* Copies a NUL-terminated string of at most max-1 bytes into dst; returns
 * its length, -1 on a fault, -2 if it does not fit. */
long mem_read_str(mem *m, uint32_t addr, char *dst, size_t max);

/* A counter bumped by every change that can invalidate a host pointer, a
 * right or cached code (map, unmap, protect, write_force): the CPU flushes
 * its micro-TLB and its decoded-instruction cache when it moved. */
uint64_t mem_generation(const mem *m);

/* Pages mapped, and pages touched (allocated), for reports. */
uint64_t mem_pages_mapped(const mem *m);
uint64_t mem_pages_touched(const mem *m);

#endif
