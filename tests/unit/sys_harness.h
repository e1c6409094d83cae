/*
 * sys_harness.h - test scaffolding for the system-mode CPU (header only,
 * shared by tests/unit/test_sys_cpu.c and tests/bench/sys_speed.c): a
 * minimal bus - 64 MB of RAM, the 16550's THR and LSR at ISA port 0x3f8,
 * SOFTRES at 0x1f000500 - an ELF32 little-endian loader for kernels linked
 * in kseg0, the boot state QEMU's Malta loader leaves, and a run loop that
 * idles to the timer in wait.  Not a board (that is sim/board/): the least
 * the bare-metal kernels of guests/sys/ need.  Failures assert (cmocka) or,
 * without cmocka, return an error.
 */
#ifndef SYS_HARNESS_H
#define SYS_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu_sys.h"

#define RAM_SIZE (64u << 20)
#define OUT_MAX (1u << 16)

struct board {
	cpu *c;
	uint8_t *ram;
	char out[OUT_MAX];
	size_t outlen;
	int reset;
};

static inline int bus_read(void *opaque, uint32_t pa, unsigned size, uint32_t *v)
{
	(void)opaque;
	(void)size;
	if (pa == 0x180003fdu)
		*v = 0x60; /* LSR: THR empty, transmitter empty */
	else
		*v = 0;
	return 0;
}

static inline int bus_write(void *opaque, uint32_t pa, unsigned size, uint32_t v)
{
	struct board *b = opaque;
	(void)size;
	if (pa == 0x180003f8u && b->outlen < OUT_MAX)
		b->out[b->outlen++] = (char)v;
	else if (pa == 0x1f000500u && v == 0x42) {
		b->reset = 1;
		cpu_request_stop(b->c);
	}
	return 0;
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Loads a little-endian ELF32 kernel linked in kseg0 into b->ram; returns
 * its entry, or 0 on an error. */
static inline uint32_t load_elf(struct board *b, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0;
	fseek(fp, 0, SEEK_END);
	long len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	uint8_t *e = malloc((size_t)len);
	size_t n = fread(e, 1, (size_t)len, fp);
	fclose(fp);
	uint32_t entry = 0;
	if (n > 52 && memcmp(e, "\177ELF", 4) == 0 && e[4] == 1 && e[5] == 1) {
		uint32_t phoff = rd32(e + 28);
		unsigned phnum = (unsigned)(e[44] | e[45] << 8), phentsize = (unsigned)(e[42] | e[43] << 8);
		entry = rd32(e + 24);
		for (unsigned i = 0; i < phnum && entry; i++) {
			const uint8_t *ph = e + phoff + i * phentsize;
			if (rd32(ph) != 1) /* PT_LOAD */
				continue;
			uint32_t off = rd32(ph + 4), pa = rd32(ph + 8) & 0x1fffffffu;
			uint32_t filesz = rd32(ph + 16), memsz = rd32(ph + 20);
			if (pa + memsz > RAM_SIZE || off + filesz > n || filesz > memsz) {
				entry = 0;
				break;
			}
			memcpy(b->ram + pa, e + off, filesz);
			memset(b->ram + pa + filesz, 0, memsz - filesz);
		}
	}
	free(e);
	return entry;
}

/* A system CPU with the boot state QEMU's Malta loader leaves (a0-a3, sp,
 * Status = BEV), or NULL. */
static inline cpu *boot(struct board *b, const char *kernel, unsigned tlb)
{
	memset(b, 0, sizeof(*b));
	b->ram = calloc(1, RAM_SIZE);
	if (!b->ram)
		return NULL;
	cpu_bus bus = { b, b->ram, RAM_SIZE, bus_read, bus_write };
	cpu *c = cpu_new_system(&bus, 0, tlb);
	if (!c)
		return NULL;
	b->c = c;
	c->pc = load_elf(b, kernel);
	if (!c->pc) {
		cpu_free(c);
		return NULL;
	}
	c->r[4] = 2;
	c->r[5] = 0x80002000u;
	c->r[6] = 0x80002008u;
	c->r[7] = RAM_SIZE;
	c->r[29] = 0x80001fc0u;
	cpu_cp0_set(c, 12, 0, 0x00400000u);
	return c;
}

/* Runs until SOFTRES; idles to the timer in wait; at most max
 * instructions.  Returns 0, or -1 on an unexpected stop. */
static inline int run(cpu *c, struct board *b, uint64_t max)
{
	while (!b->reset && c->insns < max) {
		int r = cpu_run_system(c, 1000000);
		if (r == CPU_STOP_WAIT) {
			if (!(cpu_cp0_get(c, 12, 0) & 1))
				break; /* wait with interrupts off: halted */
			cpu_idle(c, cpu_cycles_to_timer(c));
		} else if (r != CPU_STOP_LIMIT) {
			return -1;
		}
	}
	return 0;
}

#endif
