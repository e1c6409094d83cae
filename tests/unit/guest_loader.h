/*
 * guest_loader.h - TEST-ONLY: a minimal loader and OS for freestanding
 * guests (the C files in guests/), used by the CPU's differential tests and its speed
 * benchmark before (and independently of) the modeled OS in sim/os/.
 *
 * Loads the PT_LOAD segments of a static ELF32 MIPS executable into a fresh
 * address space (libelf), maps a stack, sets pc = entry, and runs the CPU,
 * handling only write (4004) and exit / exit_group (4001 / 4246); any other
 * system call returns ENOSYS.  Traps, breaks and exceptions end the run
 * with the signal Linux would send (status 128 + signal).
 */
#ifndef VMMSIM_GUEST_LOADER_H
#define VMMSIM_GUEST_LOADER_H

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "cpu/mem.h"

#define GL_STACK_TOP 0x7fff0000u
#define GL_STACK_SIZE (1u << 20)
#define GL_OUT_MAX (1u << 20)

typedef struct guest {
	mem *m;
	cpu *c;
	int passthrough;      /* 1: write to the real fds instead of out[] */
	char *out;            /* captured output of fds 1 and 2 */
	size_t outlen;
	int exited, status;   /* status: exit code, or 128 + signal */
	char err[256];
} guest;

/* Loads path.  Returns 0, or -1 with g->err set. */
static inline int guest_load(guest *g, const char *path)
{
	memset(g, 0, sizeof(*g));
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(g->err, sizeof(g->err), "%s: cannot open", path);
		return -1;
	}
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	GElf_Ehdr eh;
	size_t fsize = 0;
	char *raw = e ? elf_rawfile(e, &fsize) : NULL;
	if (!e || !raw || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_machine != EM_MIPS) {
		snprintf(g->err, sizeof(g->err), "%s: not a 32-bit MIPS ELF", path);
		if (e)
			elf_end(e);
		close(fd);
		return -1;
	}
	int big = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	g->m = mem_new();
	size_t nph = 0;
	elf_getphdrnum(e, &nph);
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		unsigned prot = ((ph.p_flags & PF_R) ? MEM_R : 0) | ((ph.p_flags & PF_W) ? MEM_W : 0) |
		                ((ph.p_flags & PF_X) ? MEM_X : 0);
		if ((ph.p_filesz && ph.p_offset + ph.p_filesz > fsize) ||
		    mem_map(g->m, (uint32_t)ph.p_vaddr, (uint32_t)ph.p_memsz, prot) ||
		    mem_write_force(g->m, (uint32_t)ph.p_vaddr, raw + ph.p_offset, ph.p_filesz)) {
			snprintf(g->err, sizeof(g->err), "%s: bad segment %zu", path, i);
			elf_end(e);
			close(fd);
			return -1;
		}
	}
	elf_end(e);
	close(fd);
	mem_map(g->m, GL_STACK_TOP - GL_STACK_SIZE, GL_STACK_SIZE, MEM_R | MEM_W);
	g->c = cpu_new(g->m, big);
	g->c->pc = (uint32_t)eh.e_entry;
	g->c->r[29] = GL_STACK_TOP - 64; /* argc 0, argv/envp/auxv empty: zeros */
	g->out = malloc(GL_OUT_MAX);
	return 0;
}

static inline void guest_free(guest *g)
{
	cpu_free(g->c);
	mem_free(g->m);
	free(g->out);
}

/* Handles the system call the CPU stopped at. */
static inline void guest_syscall(guest *g)
{
	cpu *c = g->c;
	uint32_t n = c->r[2];
	if (n == 4001 || n == 4246) {
		g->exited = 1;
		g->status = (int)(c->r[4] & 0xff);
		return;
	}
	if (n == 4004) {
		uint32_t fd = c->r[4], buf = c->r[5], len = c->r[6];
		char tmp[4096];
		uint32_t done = 0;
		while (done < len) {
			uint32_t k = len - done < sizeof(tmp) ? len - done : (uint32_t)sizeof(tmp);
			if (mem_read(g->m, buf + done, tmp, k)) {
				c->r[2] = 14; /* EFAULT */
				c->r[7] = 1;
				return;
			}
			if (g->passthrough) {
				if (write(fd == 2 ? 2 : 1, tmp, k) < 0)
					break;
			} else if (fd == 1 || fd == 2) {
				size_t room = GL_OUT_MAX - g->outlen;
				size_t m = k < room ? k : room;
				memcpy(g->out + g->outlen, tmp, m);
				g->outlen += m;
			}
			done += k;
		}
		c->r[2] = len;
		c->r[7] = 0;
		return;
	}
	c->r[2] = 89; /* ENOSYS */
	c->r[7] = 1;
}

/* Runs until exit, a fatal stop or max instructions.  Returns 0 when the
 * guest ended (exited or killed: g->status), -1 with g->err otherwise. */
static inline int guest_run(guest *g, uint64_t max)
{
	cpu *c = g->c;
	while (!g->exited) {
		uint64_t left = max > c->insns ? max - c->insns : 0;
		if (left == 0) {
			snprintf(g->err, sizeof(g->err), "instruction limit %llu reached", (unsigned long long)max);
			return -1;
		}
		int s = cpu_run(c, left);
		switch (s) {
		case CPU_STOP_SYSCALL:
			guest_syscall(g);
			break;
		case CPU_STOP_LIMIT:
			break;
		case CPU_STOP_EVFULL:
			c->ev_len = 0;
			break;
		case CPU_STOP_TRAP:
			g->exited = 1;
			g->status = 128 + (c->code == 7 ? 8 : 5); /* SIGFPE / SIGTRAP */
			break;
		case CPU_STOP_BREAK:
			g->exited = 1;
			g->status = 128 + (c->code == 7 || c->code == 6 ? 8 : 5);
			break;
		default: {
			int sig = 4; /* SIGILL */
			if (c->exc == CPU_EXC_TLBL || c->exc == CPU_EXC_TLBS)
				sig = 11;
			else if (c->exc == CPU_EXC_ADEL || c->exc == CPU_EXC_ADES)
				sig = 10; /* SIGBUS on MIPS is 10 */
			else if (c->exc == CPU_EXC_OV || c->exc == CPU_EXC_FPE)
				sig = 8;
			g->exited = 1;
			g->status = 128 + sig;
			char d[64];
			cpu_disasm(c->insn, c->insn_pc, d, sizeof(d));
			snprintf(g->err, sizeof(g->err), "signal %d at pc 0x%08x: %08x %s", sig, c->insn_pc,
			         c->insn, d);
			break; }
		}
	}
	return 0;
}

#endif
