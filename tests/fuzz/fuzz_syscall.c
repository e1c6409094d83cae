/*
 * fuzz_syscall.c - libFuzzer harness of the modeled OS's system calls.
 * The harness builds a small freestanding o32 program around the input:
 * a loop that loads a system call number and seven arguments from a table
 * and executes `syscall`, record after record, then exit_group(0).
 *
 *   input[0]       options: bit 0 events on, bit 1 --fs-rw (the private
 *                  root is emptied after each run), bits 2-4 the quantum,
 *                  bit 5 big-endian
 *   input[1..256]  the first bytes of the data page at DATA (paths, iovecs,
 *                  structures the calls point to)
 *   then records of 2 + 7*4 bytes: the number (4000 + n % 450, o32's
 *   range) and seven arguments, each 4 bytes whose low two bits of the
 *   first byte say what it is: 0 a small number (-128..127), 1 a pointer
 *   into the data page, 2 and 3 the 32-bit value as given
 *
 * Arguments 5-7 go on the stack (o32).  fork, execve, signals with
 * handlers at fuzzer-chosen addresses, brk and munmap of the program
 * itself all happen; the run is bounded by 20000 instructions.  Nothing
 * may crash, hang, leak or trip the sanitizers.
 *
 *   make fuzz && build-fuzz/fuzz_syscall -max_total_time=600 -close_fd_mask=2 \
 *     tests/fuzz/corpus/syscall
 * FUZZ_SYSCALL_DUMP=FILE writes the program built from an input to FILE
 * (then: vmmsim run --trace-insns - -- FILE).
 */
#include <stdint.h>

#include "fuzz_os.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BASE 0x00400000u
#define CODE_OFF 0x80u
#define TABLE_OFF 0x200u
#define DATA 0x10000000u
#define DATA_SIZE 0x4000u
#define REC_IN 30u   /* input bytes per system call */
#define REC_OUT 32u  /* table bytes per system call: nr, a0..a6 */
#define MAX_CALLS 256u

/* o32 instruction encoders */
#define R_(op, rs, rt, imm) ((uint32_t)(op) << 26 | (uint32_t)(rs) << 21 | (uint32_t)(rt) << 16 | ((uint32_t)(imm) & 0xffff))
#define LUI(rt, imm) R_(0x0f, 0, rt, imm)
#define ORI(rt, rs, imm) R_(0x0d, rs, rt, imm)
#define ADDIU(rt, rs, imm) R_(0x09, rs, rt, imm)
#define LW(rt, off, base) R_(0x23, base, rt, off)
#define SW(rt, off, base) R_(0x2b, base, rt, off)
#define BEQ(rs, rt, off) R_(0x04, rs, rt, off)
#define SYSCALL 0x0000000cu
#define NOP 0u
enum { V0 = 2, A0 = 4, A1, A2, A3, T0 = 8, S0 = 16, S1 = 17, SP = 29 };

static void put32(uint8_t *b, uint32_t v, int be)
{
	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(v >> (be ? 24 - 8 * i : 8 * i));
}

static void put16(uint8_t *b, uint16_t v, int be)
{
	b[be ? 1 : 0] = (uint8_t)v;
	b[be ? 0 : 1] = (uint8_t)(v >> 8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	if (size < 1)
		return 0;
	uint8_t opt = data[0];
	int be = (opt >> 5) & 1;
	size_t dlen = size - 1 < 256 ? size - 1 : 256;
	const uint8_t *dinit = data + 1, *recs = data + 1 + dlen;
	size_t ncalls = (size - 1 - dlen) / REC_IN;
	if (ncalls > MAX_CALLS)
		ncalls = MAX_CALLS;
	uint32_t table_end = TABLE_OFF + (uint32_t)ncalls * REC_OUT;
	uint32_t data_off = (table_end + 0xfffu) & ~0xfffu;
	size_t flen = data_off + dlen;
	uint8_t *f = calloc(1, flen);
	if (!f)
		abort();

	/* ELF header and two program headers */
	memcpy(f, "\177ELF", 4);
	f[4] = 1;                 /* ELFCLASS32 */
	f[5] = be ? 2 : 1;        /* byte order */
	f[6] = 1;                 /* EV_CURRENT */
	put16(f + 16, 2, be);     /* ET_EXEC */
	put16(f + 18, 8, be);     /* EM_MIPS */
	put32(f + 20, 1, be);
	put32(f + 24, BASE + CODE_OFF, be);
	put32(f + 28, 52, be);    /* e_phoff */
	put32(f + 36, 0x1000, be); /* e_flags: EF_MIPS_ARCH_32 << 28 would be 0x50000000; o32 */
	put16(f + 40, 52, be);
	put16(f + 42, 32, be);
	put16(f + 44, 2, be);
	uint8_t *ph = f + 52;
	put32(ph + 0, 1, be);     /* PT_LOAD: header, code, table */
	put32(ph + 4, 0, be);
	put32(ph + 8, BASE, be);
	put32(ph + 12, BASE, be);
	put32(ph + 16, table_end, be);
	put32(ph + 20, table_end, be);
	put32(ph + 24, 7, be);    /* RWX */
	put32(ph + 28, 0x1000, be);
	ph += 32;
	put32(ph + 0, 1, be);     /* PT_LOAD: the data page */
	put32(ph + 4, data_off, be);
	put32(ph + 8, DATA, be);
	put32(ph + 12, DATA, be);
	put32(ph + 16, (uint32_t)dlen, be);
	put32(ph + 20, DATA_SIZE, be);
	put32(ph + 24, 6, be);    /* RW */
	put32(ph + 28, 0x1000, be);

	/* the loop */
	uint32_t tab = BASE + TABLE_OFF, end = BASE + table_end;
	const uint32_t code[] = {
		LUI(S0, tab >> 16), ORI(S0, S0, tab), LUI(S1, end >> 16), ORI(S1, S1, end),
		ADDIU(SP, SP, -64),
		/* loop: */
		BEQ(S0, S1, 15), NOP,
		LW(V0, 0, S0), LW(A0, 4, S0), LW(A1, 8, S0), LW(A2, 12, S0), LW(A3, 16, S0),
		LW(T0, 20, S0), SW(T0, 16, SP), LW(T0, 24, S0), SW(T0, 20, SP),
		LW(T0, 28, S0), SW(T0, 24, SP),
		SYSCALL,
		BEQ(0, 0, -15), ADDIU(S0, S0, 32),
		/* done: exit_group(0) */
		ORI(V0, 0, 4246), ORI(A0, 0, 0), SYSCALL, NOP,
	};
	for (size_t i = 0; i < sizeof code / sizeof code[0]; i++)
		put32(f + CODE_OFF + 4 * i, code[i], be);

	/* the table */
	for (size_t k = 0; k < ncalls; k++) {
		const uint8_t *r = recs + k * REC_IN;
		uint8_t *t = f + TABLE_OFF + k * REC_OUT;
		put32(t, 4000u + ((uint32_t)r[0] << 8 | r[1]) % 450u, be);
		for (int a = 0; a < 7; a++) {
			const uint8_t *v = r + 2 + 4 * a;
			uint32_t raw = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
			uint32_t val;
			switch (v[0] & 3) {
			case 0: val = (uint32_t)(int32_t)(int8_t)v[3]; break;
			case 1: val = DATA + (raw & (DATA_SIZE - 1)); break;
			default: val = raw; break;
			}
			put32(t + 4 + 4 * a, val, be);
		}
	}
	memcpy(f + data_off, dinit, dlen);

	const char *dump = getenv("FUZZ_SYSCALL_DUMP"); /* the program, for vmmsim run */
	if (dump) {
		FILE *df = fopen(dump, "wb");
		if (!df || fwrite(f, 1, flen, df) != flen || fclose(df) != 0)
			abort();
	}
	os_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.max_insns = 20000;
	cfg.quantum = 1u + ((opt >> 2) & 7) * 997u;
	cfg.seed = 1;
	cfg.fs_rw = (opt >> 1) & 1;
	if (opt & 1)
		cfg.sink = fz_sink;
	if (fz_run(f, flen, &cfg) != 0)
		abort(); /* the harness's program must always load */
	free(f);
	return 0;
}
