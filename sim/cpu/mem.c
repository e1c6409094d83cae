/*
 * mem.c - guest memory: a two-level page table of host pointers.
 *
 * The 32-bit address splits 10 / 10 / 12: l1[addr >> 22] points to a table
 * of 1024 pages, each with its host storage (NULL until first touch) and its
 * protection byte (PAGE_MAPPED | enum mem_prot, 0 when unmapped).  Storage
 * is one 4 KiB calloc'd block per touched page; a shared page's block (PAGE_SHARED,
 * allocated when mapped) has a reference count after its 4 KiB, one per address
 * space mapping it, and PAGE_TOUCHED says whether this address space touched
 * it yet.  Every change that can make
 * a host pointer or a right obsolete bumps the generation, which the CPU
 * compares on entry to flush its micro-TLB (see cpu.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/mem.h"

#define L2_BITS 10
#define L2_SIZE (1u << L2_BITS)
#define L1_SIZE (1u << (32 - L2_BITS - MEM_PAGE_SHIFT))
#define PAGE_MAPPED 0x80u
#define PAGE_SHARED 0x40u
#define PAGE_TOUCHED 0x20u  /* shared pages: touched in this address space */
#define PAGE_KEEP (PAGE_SHARED | PAGE_TOUCHED) /* what mem_protect keeps */

/* A shared page's reference count, after its storage. */
static uint32_t *shared_refs(uint8_t *h)
{
	return (uint32_t *)(void *)(h + MEM_PAGE_SIZE);
}

/* Drops a reference to page storage h (prot: its protection byte). */
static void put_storage(uint8_t *h, unsigned prot)
{
	if (h && (prot & PAGE_SHARED) && --*shared_refs(h) > 0)
		return;
	free(h);
}

struct mem_l2 {
	uint8_t *host[L2_SIZE];
	uint8_t prot[L2_SIZE];
	unsigned nmapped;
};

struct mem {
	struct mem_l2 *l1[L1_SIZE];
	mem_touch_fn touch;
	void *touch_ctx;
	uint64_t mapped, touched;
	uint64_t gen;
};

static inline uint32_t l1i(uint32_t a) { return a >> (L2_BITS + MEM_PAGE_SHIFT); }
static inline uint32_t l2i(uint32_t a) { return (a >> MEM_PAGE_SHIFT) & (L2_SIZE - 1); }

/* A generation no other address space is likely to have: the CPU keys its
 * micro-TLB on (mem pointer, generation), and an OS may free an address
 * space and get a new one at the same address (exec), then assign c->mem.
 * Monotonic nanoseconds << 32: only caching depends on it, never results. */
static uint64_t fresh_generation(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec) << 32;
}

mem *mem_new(void)
{
	mem *m = calloc(1, sizeof(mem));
	if (m)
		m->gen = fresh_generation();
	return m;
}

void mem_free(mem *m)
{
	if (!m)
		return;
	for (uint32_t i = 0; i < L1_SIZE; i++) {
		struct mem_l2 *t = m->l1[i];
		if (!t)
			continue;
		for (uint32_t j = 0; j < L2_SIZE; j++)
			put_storage(t->host[j], t->prot[j]);
		free(t);
	}
	free(m);
}

mem *mem_clone(const mem *m)
{
	mem *n = mem_new();
	if (!n)
		return NULL;
	n->touch = m->touch;
	n->touch_ctx = m->touch_ctx;
	n->mapped = m->mapped;
	n->touched = m->touched;
	n->gen = fresh_generation() + 1;
	for (uint32_t i = 0; i < L1_SIZE; i++) {
		const struct mem_l2 *t = m->l1[i];
		if (!t)
			continue;
		struct mem_l2 *u = calloc(1, sizeof(*u));
		if (!u)
			goto oom;
		n->l1[i] = u;
		memcpy(u->prot, t->prot, sizeof(u->prot));
		u->nmapped = t->nmapped;
		for (uint32_t j = 0; j < L2_SIZE; j++) {
			if (!t->host[j])
				continue;
			if (t->prot[j] & PAGE_SHARED) {
				u->host[j] = t->host[j];
				++*shared_refs(u->host[j]);
				continue;
			}
			u->host[j] = malloc(MEM_PAGE_SIZE);
			if (!u->host[j])
				goto oom;
			memcpy(u->host[j], t->host[j], MEM_PAGE_SIZE);
		}
	}
	return n;
oom:
	mem_free(n);
	return NULL;
}

void mem_set_touch_hook(mem *m, mem_touch_fn fn, void *ctx)
{
	m->touch = fn;
	m->touch_ctx = ctx;
}

uint64_t mem_generation(const mem *m)
{
	return m->gen;
}

/* Page range [first, last] (page-aligned addresses) of [addr, addr+len). */
static int page_range(uint32_t addr, uint32_t len, uint32_t *first, uint32_t *last)
{
	if (len == 0)
		return 0;
	uint64_t end = (uint64_t)addr + len - 1;
	if (end > 0xffffffffu)
		end = 0xffffffffu;
	*first = addr & ~(MEM_PAGE_SIZE - 1);
	*last = (uint32_t)end & ~(MEM_PAGE_SIZE - 1);
	return 1;
}

static void unmap_page(mem *m, uint32_t a)
{
	struct mem_l2 *t = m->l1[l1i(a)];
	if (!t || !t->prot[l2i(a)])
		return;
	unsigned prot = t->prot[l2i(a)];
	if (t->host[l2i(a)]) {
		put_storage(t->host[l2i(a)], prot);
		t->host[l2i(a)] = NULL;
		if (!(prot & PAGE_SHARED) || (prot & PAGE_TOUCHED))
			m->touched--;
	}
	t->prot[l2i(a)] = 0;
	t->nmapped--;
	m->mapped--;
}

int mem_map(mem *m, uint32_t addr, uint32_t len, unsigned prot)
{
	uint32_t a, last;
	if (!page_range(addr, len, &a, &last))
		return 0;
	m->gen++;
	for (;; a += MEM_PAGE_SIZE) {
		struct mem_l2 *t = m->l1[l1i(a)];
		if (!t) {
			t = calloc(1, sizeof(*t));
			if (!t)
				return -1;
			m->l1[l1i(a)] = t;
		}
		unmap_page(m, a);
		t->prot[l2i(a)] = (uint8_t)(PAGE_MAPPED | (prot & (MEM_R | MEM_W | MEM_X)));
		t->nmapped++;
		m->mapped++;
		if (a == last)
			break;
	}
	return 0;
}

int mem_map_shared(mem *m, uint32_t addr, uint32_t len, unsigned prot)
{
	uint32_t a, last;
	if (!page_range(addr, len, &a, &last))
		return 0;
	if (mem_map(m, addr, len, prot) != 0)
		return -1;
	for (;; a += MEM_PAGE_SIZE) {
		struct mem_l2 *t = m->l1[l1i(a)];
		uint8_t *h = calloc(1, MEM_PAGE_SIZE + sizeof(uint32_t));
		if (!h) {
			mem_unmap(m, addr, len);
			return -1;
		}
		*shared_refs(h) = 1;
		t->host[l2i(a)] = h;
		t->prot[l2i(a)] |= PAGE_SHARED;
		if (a == last)
			break;
	}
	return 0;
}

int mem_any_shared(const mem *m, uint32_t addr, uint32_t len)
{
	uint32_t a, last;
	if (!page_range(addr, len, &a, &last))
		return 0;
	for (;; a += MEM_PAGE_SIZE) {
		const struct mem_l2 *t = m->l1[l1i(a)];
		if (t && (t->prot[l2i(a)] & PAGE_SHARED))
			return 1;
		if (a == last)
			return 0;
	}
}

int mem_unmap(mem *m, uint32_t addr, uint32_t len)
{
	uint32_t a, last;
	if (!page_range(addr, len, &a, &last))
		return 0;
	m->gen++;
	for (;; a += MEM_PAGE_SIZE) {
		struct mem_l2 *t = m->l1[l1i(a)];
		if (t) {
			unmap_page(m, a);
			if (t->nmapped == 0) {
				free(t);
				m->l1[l1i(a)] = NULL;
			}
		}
		if (a == last)
			break;
	}
	return 0;
}

int mem_protect(mem *m, uint32_t addr, uint32_t len, unsigned prot)
{
	uint32_t a, last;
	if (!page_range(addr, len, &a, &last))
		return 0;
	if (!mem_is_mapped(m, addr, len))
		return -1;
	m->gen++;
	for (;; a += MEM_PAGE_SIZE) {
		uint8_t *pr = &m->l1[l1i(a)]->prot[l2i(a)];
		*pr = (uint8_t)((*pr & PAGE_KEEP) | PAGE_MAPPED | (prot & (MEM_R | MEM_W | MEM_X)));
		if (a == last)
			break;
	}
	return 0;
}

static unsigned page_prot(const mem *m, uint32_t a)
{
	const struct mem_l2 *t = m->l1[l1i(a)];
	return t ? t->prot[l2i(a)] : 0;
}

int mem_is_mapped(const mem *m, uint32_t addr, uint32_t len)
{
	uint32_t a, last;
	if (!page_range(addr, len, &a, &last))
		return 1;
	for (;; a += MEM_PAGE_SIZE) {
		if (!page_prot(m, a))
			return 0;
		if (a == last)
			return 1;
	}
}

uint32_t mem_find_free(const mem *m, uint32_t hint, uint32_t len, uint32_t limit)
{
	if (len == 0)
		return 0;
	uint64_t need = ((uint64_t)len + MEM_PAGE_SIZE - 1) & ~(uint64_t)(MEM_PAGE_SIZE - 1);
	uint64_t a = ((uint64_t)hint + MEM_PAGE_SIZE - 1) & ~(uint64_t)(MEM_PAGE_SIZE - 1);
	uint64_t start = a;
	while (start + need <= limit) {
		if (a == start + need)
			return (uint32_t)start;
		const struct mem_l2 *t = m->l1[l1i((uint32_t)a)];
		if (!t && (a & ((1u << (L2_BITS + MEM_PAGE_SHIFT)) - 1)) == 0) {
			/* a whole empty 4 MiB table */
			a += 1u << (L2_BITS + MEM_PAGE_SHIFT);
			if (a > start + need)
				a = start + need;
			continue;
		}
		if (t && t->prot[l2i((uint32_t)a)]) {
			a += MEM_PAGE_SIZE;
			start = a;
			continue;
		}
		a += MEM_PAGE_SIZE;
	}
	return 0;
}

/* The storage of page a, allocated on first touch; NULL if unmapped. */
static uint8_t *page_storage(mem *m, uint32_t a)
{
	struct mem_l2 *t = m->l1[l1i(a)];
	if (!t || !t->prot[l2i(a)])
		return NULL;
	uint8_t *h = t->host[l2i(a)];
	uint8_t *pr = &t->prot[l2i(a)];
	if (h && (*pr & PAGE_SHARED) && !(*pr & PAGE_TOUCHED)) {
		/* a shared page's first touch in this address space */
		*pr |= PAGE_TOUCHED;
		m->touched++;
		if (m->touch)
			m->touch(m->touch_ctx, a & ~(MEM_PAGE_SIZE - 1));
		return h;
	}
	if (h)
		return h;
	h = calloc(1, MEM_PAGE_SIZE);
	if (!h)
		return NULL;
	t->host[l2i(a)] = h;
	m->touched++;
	if (m->touch)
		m->touch(m->touch_ctx, a & ~(MEM_PAGE_SIZE - 1));
	return h;
}

static int allowed(unsigned prot, enum mem_access access)
{
	/* As on a MIPS32 without RI/XI: any readable or executable page can be
	 * fetched and loaded from; stores need the write right. */
	switch (access) {
	case MEM_FETCH: return (prot & (MEM_R | MEM_X)) != 0;
	case MEM_LOAD: return (prot & (MEM_R | MEM_W | MEM_X)) != 0;
	case MEM_STORE: return (prot & MEM_W) != 0;
	}
	return 0;
}

uint8_t *mem_host(mem *m, uint32_t addr, enum mem_access access)
{
	if (!allowed(page_prot(m, addr), access))
		return NULL;
	uint8_t *h = page_storage(m, addr);
	return h ? h + (addr & (MEM_PAGE_SIZE - 1)) : NULL;
}

static int copy(mem *m, uint32_t addr, void *buf, size_t n, int dir, int force)
{
	uint8_t *b = buf;
	while (n) {
		uint32_t off = addr & (MEM_PAGE_SIZE - 1);
		size_t chunk = MEM_PAGE_SIZE - off;
		if (chunk > n)
			chunk = n;
		unsigned prot = page_prot(m, addr);
		if (!prot)
			return -1;
		if (dir == MEM_STORE && !force && !allowed(prot, MEM_STORE))
			return -1;
		if (dir == MEM_LOAD && !allowed(prot, MEM_LOAD))
			return -1;
		uint8_t *h = page_storage(m, addr);
		if (!h)
			return -1;
		if (dir == MEM_STORE)
			memcpy(h + off, b, chunk);
		else
			memcpy(b, h + off, chunk);
		b += chunk;
		n -= chunk;
		if (n && addr + chunk < addr)
			return -1; /* wraps past 4 GiB */
		addr += (uint32_t)chunk;
	}
	return 0;
}

int mem_read(mem *m, uint32_t addr, void *dst, size_t n)
{
	return copy(m, addr, dst, n, MEM_LOAD, 0);
}

int mem_write(mem *m, uint32_t addr, const void *src, size_t n)
{
	return copy(m, addr, (void *)(uintptr_t)src, n, MEM_STORE, 0);
}

int mem_write_force(mem *m, uint32_t addr, const void *src, size_t n)
{
	/* may rewrite code the CPU has cached decoded: a new generation */
	m->gen++;
	return copy(m, addr, (void *)(uintptr_t)src, n, MEM_STORE, 1);
}

unsigned mem_prot(const mem *m, uint32_t addr)
{
	return page_prot(m, addr) & (MEM_R | MEM_W | MEM_X);
}

long mem_read_str(mem *m, uint32_t addr, char *dst, size_t max)
{
	size_t i = 0;
	for (;;) {
		if (i + 1 > max)
			return -2;
		uint8_t *h = mem_host(m, addr, MEM_LOAD);
		if (!h)
			return -1;
		size_t room = MEM_PAGE_SIZE - (addr & (MEM_PAGE_SIZE - 1));
		for (size_t k = 0; k < room; k++) {
			if (i + 1 > max)
				return -2;
			dst[i] = (char)h[k];
			if (!h[k])
				return (long)i;
			i++;
		}
		addr += (uint32_t)room;
		if (addr == 0)
			return -1;
	}
}

uint64_t mem_pages_mapped(const mem *m)
{
	return m->mapped;
}

uint64_t mem_pages_touched(const mem *m)
{
	return m->touched;
}
