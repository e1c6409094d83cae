/*
 * cpu_test.h - helpers for the CPU unit tests: assemble a snippet with the
 * cross assembler (mipsel-linux-gnu-as, or mips-linux-gnu-as for big
 * endian) at test time, place it in a fresh address space, run it.
 */
#ifndef VMMSIM_CPU_TEST_H
#define VMMSIM_CPU_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "cpu/mem.h"

#define CT_CODE 0x00400000u  /* where snippets are placed */
#define CT_DATA 0x10000000u  /* a 64 KiB read-write data area */
#define CT_DATA_LEN 0x10000u

/* 1 if the cross assembler for this byte order is installed. */
static inline int ct_have_as(int big)
{
	return system(big ? "mips-linux-gnu-as --version >/dev/null 2>&1"
	                  : "mipsel-linux-gnu-as --version >/dev/null 2>&1") == 0;
}

/* Assembles src (noreorder, noat, MIPS32r2, fp32) into *out; returns the
 * number of bytes (a multiple of 4), or -1. */
static inline long ct_assemble(const char *src, int big, uint8_t **out)
{
	const char *tmp = getenv("TMPDIR");
	char dir[256];
	char cmd[1024], path[512];
	snprintf(dir, sizeof dir, "%s/vmmsim-ct.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/a.s", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "\t.set noreorder\n\t.set noat\n\t.text\n%s\n", src);
	fclose(f);
	const char *pre = big ? "mips-linux-gnu-" : "mipsel-linux-gnu-";
	snprintf(cmd, sizeof(cmd),
	         "cd %s && %sas -mips32r2 -mfp32 %s -o a.o a.s && %sobjcopy -R .MIPS.abiflags -R .reginfo a.o && %sld -Ttext 0x%x -e 0x%x -o a.out a.o && %sobjcopy -O binary -j .text a.out a.bin",
	         dir, pre, big ? "-EB" : "-EL", pre, pre, CT_CODE, CT_CODE, pre);
	long n = -1;
	if (system(cmd) == 0) {
		snprintf(path, sizeof(path), "%s/a.bin", dir);
		f = fopen(path, "rb");
		if (f) {
			*out = malloc(1 << 20);
			n = (long)fread(*out, 1, 1 << 20, f);
			fclose(f);
		}
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		n = -1;
	return n;
}

typedef struct ct {
	mem *m;
	cpu *c;
	uint32_t end; /* address past the code */
} ct;

/* A fresh machine with src assembled at CT_CODE and the data area mapped.
 * Returns 0, or -1 (the assembler failed). */
static inline int ct_setup(ct *t, const char *src, int big)
{
	memset(t, 0, sizeof(*t));
	uint8_t *code = NULL;
	long n = ct_assemble(src, big, &code);
	if (n < 0)
		return -1;
	t->m = mem_new();
	mem_map(t->m, CT_CODE, (uint32_t)n + 64, MEM_R | MEM_X);
	mem_write_force(t->m, CT_CODE, code, (size_t)n);
	mem_map(t->m, CT_DATA, CT_DATA_LEN, MEM_R | MEM_W);
	t->c = cpu_new(t->m, big);
	t->c->pc = CT_CODE;
	t->end = CT_CODE + (uint32_t)n;
	free(code);
	return 0;
}

static inline void ct_free(ct *t)
{
	cpu_free(t->c);
	mem_free(t->m);
}

/* Runs until a stop other than LIMIT or until max instructions; returns
 * the stop. */
static inline int ct_run(ct *t, uint64_t max)
{
	int s;
	do
		s = cpu_run(t->c, max - (t->c->insns < max ? t->c->insns : max));
	while (s == CPU_STOP_LIMIT && t->c->insns < max);
	return s;
}

/* Memory word at a, in guest byte order. */
static inline uint32_t ct_word(ct *t, uint32_t a)
{
	uint8_t b[4];
	if (mem_read(t->m, a, b, 4))
		return 0xdeadbeefu;
	if (t->c->big_endian)
		return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

#endif
