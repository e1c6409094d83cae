/*
 * cpu.c - the MIPS32r2 CPU: state, the interpreter variants (exec.h), the
 * one place where accesses are translated (cpu_xlate) and the one place
 * where exceptions are delivered (cpu_deliver), and disassembly (capstone).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>

#include "cpu/cpu.h"
#include "cpu/cpu_priv.h"
#include "cpu/cpu_sys.h"
#include "cpu/sys_priv.h"

static void utlb_flush(struct cpu_priv *p)
{
	for (unsigned k = 0; k < 3; k++)
		for (unsigned i = 0; i < UTLB_N; i++) {
			p->tlb[k][i].tag = UTLB_EMPTY;
			p->tlb[k][i].writable = 0;
			p->tlb[k][i].add = 0;
		}
	for (unsigned i = 0; i < PCACHE_N; i++)
		p->pcache[i].pc = 1;
	p->tlb_mem = NULL;
}

static struct cpu_priv *priv_new(void)
{
	struct cpu_priv *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	utlb_flush(p);
	/* every memo slot starts as word 0, which is sll $0,$0,0 (nop) */
	for (unsigned i = 0; i < MEMO_N; i++) {
		p->memo[i].w = 0;
		p->memo[i].op = ISA_SLL;
	}
	p->npc_for = 1; /* no pc is odd: nothing to resume */
	return p;
}

cpu *cpu_new(mem *m, int big_endian)
{
	cpu *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->priv = priv_new();
	if (!c->priv) {
		free(c);
		return NULL;
	}
	c->mem = m;
	c->big_endian = big_endian ? 1 : 0;
	return c;
}

void cpu_free(cpu *c)
{
	if (!c)
		return;
	if (c->priv->cs_open) {
		csh h = (csh)c->priv->cs;
		cs_close(&h);
	}
	free(c->priv->sys);
	free(c->priv);
	free(c);
}

cpu *cpu_clone(const cpu *c, mem *m)
{
	cpu *n = malloc(sizeof(*n));
	if (!n)
		return NULL;
	*n = *c;
	n->priv = malloc(sizeof(*n->priv));
	if (!n->priv) {
		free(n);
		return NULL;
	}
	*n->priv = *c->priv;
	if (c->priv->sys) {
		n->priv->sys = malloc(sizeof(*n->priv->sys));
		if (!n->priv->sys) {
			free(n->priv);
			free(n);
			return NULL;
		}
		*n->priv->sys = *c->priv->sys;
	}
	n->priv->cs_open = 0;
	n->priv->cs = 0;
	n->mem = m;
	utlb_flush(n->priv);
	return n;
}

void cpu_set_mem(cpu *c, mem *m)
{
	c->mem = m;
	utlb_flush(c->priv);
	c->priv->llbit = 0;
}

void cpu_flush(cpu *c)
{
	utlb_flush(c->priv);
}

int cpu_in_delay_slot(const cpu *c)
{
	return c->priv->bd;
}

uint32_t cpu_fcsr(const cpu *c)
{
	return c->priv->fcsr;
}

void cpu_set_fcsr(cpu *c, uint32_t v)
{
	c->priv->fcsr = v & FCSR_WRITABLE;
}

uint32_t cpu_fpr(const cpu *c, unsigned n)
{
	return c->priv->fpr[n & 31];
}

void cpu_set_fpr(cpu *c, unsigned n, uint32_t v)
{
	c->priv->fpr[n & 31] = v;
}

void cpu_set_stats(cpu *c, int on)
{
	c->priv->stats = on ? 1 : 0;
}

unsigned cpu_class_counts(const cpu *c, uint64_t *out, unsigned n)
{
	if (n > ISA_NCLASSES)
		n = ISA_NCLASSES;
	memset(out, 0, n * sizeof(*out));
	for (unsigned op = 0; op < ISA_NOPS; op++)
		if ((unsigned)isa_table[op].cls < n)
			out[isa_table[op].cls] += c->priv->count[op];
	return n;
}

uint32_t cpu_decode_fill(struct cpu_priv *p, uint32_t w)
{
	uint32_t op = (uint32_t)isa_decode(w);
	struct memo_ent *m = &p->memo[memo_hash(w)];
	m->w = w;
	m->op = op;
	return op;
}

uint8_t *cpu_xlate(cpu *c, uint32_t a, unsigned size, enum mem_access acc)
{
	struct cpu_priv *p = c->priv;
	if (a & (size - 1)) {
		p->pend_exc = acc == MEM_STORE ? CPU_EXC_ADES : CPU_EXC_ADEL;
		return NULL;
	}
	/* User mode: kseg0 and above are an address error. */
	if (a >= 0x80000000u) {
		p->pend_exc = acc == MEM_STORE ? CPU_EXC_ADES : CPU_EXC_ADEL;
		return NULL;
	}
	uint8_t *h = mem_host(c->mem, a, acc);
	if (!h) {
		p->pend_exc = acc == MEM_STORE ? CPU_EXC_TLBS : CPU_EXC_TLBL;
		return NULL;
	}
	uint32_t page = a & ~(MEM_PAGE_SIZE - 1);
	struct utlb_ent *e = &p->tlb[acc][(a >> MEM_PAGE_SHIFT) & (UTLB_N - 1)];
	e->tag = page;
	e->writable = (mem_prot(c->mem, a) & MEM_W) != 0;
	e->add = (uintptr_t)(h - (a - page)) - page;
	return h;
}

int cpu_deliver(cpu *c, uint32_t exc, uint32_t badvaddr, uint32_t insn_pc,
                uint32_t insn, int in_slot)
{
	struct cpu_priv *p = c->priv;
	if (p->sys) { /* system mode: to the guest's vectors (except.c) */
		c->insn = insn;
		return sys_deliver(c, exc, badvaddr, insn_pc, in_slot);
	}
	c->exc = exc;
	c->badvaddr = badvaddr;
	c->insn = insn;
	c->insn_pc = insn_pc;
	p->bd = in_slot;
	c->pc = in_slot ? insn_pc - 4 : insn_pc;
	p->npc_for = 1; /* resuming re-executes from c->pc */
	p->slot_next = 0;
	p->annul_next = 0;
	switch (exc) {
	case CPU_EXC_BP: return CPU_STOP_BREAK;
	case CPU_EXC_TR: return CPU_STOP_TRAP;
	default: return CPU_STOP_EXC;
	}
}

/* The eight builds of the interpreter: byte order x events x statistics. */
#define EXEC_FN exec_le
#define EXEC_BE 0
#define EXEC_EV 0
#define EXEC_ST 0
#include "cpu/exec.h"

#define EXEC_FN exec_be
#define EXEC_BE 1
#define EXEC_EV 0
#define EXEC_ST 0
#include "cpu/exec.h"

#define EXEC_FN exec_le_ev
#define EXEC_BE 0
#define EXEC_EV 1
#define EXEC_ST 0
#include "cpu/exec.h"

#define EXEC_FN exec_be_ev
#define EXEC_BE 1
#define EXEC_EV 1
#define EXEC_ST 0
#include "cpu/exec.h"

#define EXEC_FN exec_le_st
#define EXEC_BE 0
#define EXEC_EV 0
#define EXEC_ST 1
#include "cpu/exec.h"

#define EXEC_FN exec_be_st
#define EXEC_BE 1
#define EXEC_EV 0
#define EXEC_ST 1
#include "cpu/exec.h"

#define EXEC_FN exec_le_ev_st
#define EXEC_BE 0
#define EXEC_EV 1
#define EXEC_ST 1
#include "cpu/exec.h"

#define EXEC_FN exec_be_ev_st
#define EXEC_BE 1
#define EXEC_EV 1
#define EXEC_ST 1
#include "cpu/exec.h"

int cpu_run(cpu *c, uint64_t budget)
{
	struct cpu_priv *p = c->priv;
	if (p->sys) /* a system CPU has no address space of its own (sys.c) */
		return cpu_run_system(c, budget);
	if (p->tlb_mem != c->mem || p->mem_gen != mem_generation(c->mem)) {
		utlb_flush(p);
		p->tlb_mem = c->mem;
		p->mem_gen = mem_generation(c->mem);
	}
	if (budget > CPU_BUDGET_MAX)
		budget = CPU_BUDGET_MAX;
	int host_mode = fpu_enter(c);
	int r;
	if (p->stats) {
		if (c->ev)
			r = c->big_endian ? exec_be_ev_st(c, budget) : exec_le_ev_st(c, budget);
		else
			r = c->big_endian ? exec_be_st(c, budget) : exec_le_st(c, budget);
	} else if (c->ev) {
		r = c->big_endian ? exec_be_ev(c, budget) : exec_le_ev(c, budget);
	} else {
		r = c->big_endian ? exec_be(c, budget) : exec_le(c, budget);
	}
	fpu_leave(host_mode);
	return r;
}

static void disasm_with(csh h, uint32_t insn, uint32_t pc, char *buf, size_t len)
{
	cs_insn *ci = NULL;
	uint8_t b[4] = { (uint8_t)insn, (uint8_t)(insn >> 8), (uint8_t)(insn >> 16), (uint8_t)(insn >> 24) };
	if (cs_disasm(h, b, 4, pc, 1, &ci) == 1) {
		if (ci->op_str[0])
			snprintf(buf, len, "%s %s", ci->mnemonic, ci->op_str);
		else
			snprintf(buf, len, "%s", ci->mnemonic);
		cs_free(ci, 1);
	} else {
		snprintf(buf, len, ".word 0x%08x", insn);
	}
}

/* The word is always given to capstone in little-endian order: the
 * instruction is the same value whatever the guest's byte order. */
static int disasm_open(csh *h)
{
	return cs_open(CS_ARCH_MIPS, (cs_mode)(CS_MODE_MIPS32 | CS_MODE_LITTLE_ENDIAN), h) == CS_ERR_OK;
}

void cpu_disasm(uint32_t insn, uint32_t pc, char *buf, size_t len)
{
	csh h;
	if (len == 0)
		return;
	if (!disasm_open(&h)) {
		snprintf(buf, len, ".word 0x%08x", insn);
		return;
	}
	disasm_with(h, insn, pc, buf, len);
	cs_close(&h);
}

/* The trace line of the instruction at pc into buf. */
static void trace_line(cpu *c, uint32_t pc, const char *suffix, char *buf, size_t len)
{
	struct cpu_priv *p = c->priv;
	uint8_t b[4];
	if (!c->mem || mem_read(c->mem, pc, b, 4) != 0) {
		snprintf(buf, len, "0x%08x: (unmapped)", pc);
		return;
	}
	uint32_t w = c->big_endian ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]
	                           : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
	char d[96];
	if (!p->cs_open) {
		csh h;
		if (disasm_open(&h)) {
			p->cs = (size_t)h;
			p->cs_open = 1;
		}
	}
	if (p->cs_open)
		disasm_with((csh)p->cs, w, pc, d, sizeof(d));
	else
		snprintf(d, sizeof(d), ".word 0x%08x", w);
	snprintf(buf, len, "0x%08x: %08x  %s%s", pc, w, d, suffix);
}

int cpu_step_traced(cpu *c, char *buf, size_t len)
{
	struct cpu_priv *p = c->priv;
	if (len)
		trace_line(c, c->pc, c->pc == p->npc_for && p->annul_next ? " (annulled)" : "", buf, len);
	return cpu_run(c, 1);
}
