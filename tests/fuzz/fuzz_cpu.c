/*
 * fuzz_cpu.c - libFuzzer harness of the CPU: the input's first byte picks
 * the byte order and whether events are on, the rest is code placed at
 * 0x00400000 (read-write-execute, so it can also rewrite itself) beside a
 * data page; every register points into the data page.  The CPU runs up
 * to 20000 instructions; each stop is handled as an OS would (a fault
 * skips the instruction), so garbage runs on.  Finds crashes, hangs and
 * sanitizer reports in the interpreter, the FPU and the memory code.
 *
 *   make fuzz && build-fuzz/fuzz_cpu -max_total_time=600
 */
#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "cpu/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 5)
		return 0;
	const uint32_t code = 0x00400000u, dat = 0x10000000u;
	size_t n = size - 1 > 0x4000 ? 0x4000 : size - 1;
	mem *m = mem_new();
	mem_map(m, code, 0x4000, MEM_R | MEM_W | MEM_X);
	mem_map(m, dat, 0x2000, MEM_R | MEM_W);
	mem_write_force(m, code, data + 1, n);
	cpu *c = cpu_new(m, data[0] & 1);
	c->pc = code;
	for (int i = 1; i < 32; i++)
		c->r[i] = dat + 0x100u * (uint32_t)i;
	trace_rec ev[8];
	if (data[0] & 2) {
		c->ev = ev;
		c->ev_cap = 8;
	}
	for (int iter = 0; iter < 20000 && c->insns < 20000; iter++) {
		int s = cpu_run(c, 20000 - c->insns);
		c->ev_len = 0;
		if (s == CPU_STOP_EXC || s == CPU_STOP_BREAK || s == CPU_STOP_TRAP || s == CPU_STOP_SYSCALL) {
			uint32_t next = s == CPU_STOP_SYSCALL ? c->pc : c->insn_pc + 4;
			if (next < code || next >= code + n)
				next = code;
			c->pc = next;
		}
	}
	cpu_free(c);
	mem_free(m);
	return 0;
}
