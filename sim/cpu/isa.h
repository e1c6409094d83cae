/*
 * isa.h - the instruction set table (isa.def) and the decoder built from it.
 */
#ifndef VMMSIM_ISA_H
#define VMMSIM_ISA_H

#include <stdint.h>

/* Instruction classes, for statistics. */
enum isa_class {
	ISA_C_NONE = 0, /* reserved instruction */
	ISA_C_ALU, ISA_C_MULDIV, ISA_C_BRANCH, ISA_C_JUMP, ISA_C_LOAD,
	ISA_C_STORE, ISA_C_TRAP, ISA_C_SYS, ISA_C_MISC, ISA_C_FPU, ISA_C_FPDIV,
	ISA_C_FPCVT, ISA_C_FPCMP, ISA_C_FPMOVE, ISA_C_FPMEM,
	ISA_NCLASSES
};

/* Operation ids: ISA_RI (0, a reserved instruction), then one per table row. */
enum isa_op {
	ISA_RI = 0,
#define I(ID, name, match, mask, ops, cls) ISA_##ID,
#include "cpu/isa.def"
#undef I
	ISA_NOPS
};

typedef struct isa_info {
	const char *name;
	uint32_t match, mask;
	const char *operands;
	enum isa_class cls;
} isa_info;

/* The table, indexed by enum isa_op (row 0 describes the reserved instruction). */
extern const isa_info isa_table[ISA_NOPS];

/* Returns the operation of an instruction word (ISA_RI if none matches). */
enum isa_op isa_decode(uint32_t w);

/* Name of a class ("alu", "load", ...), or NULL if out of range. */
const char *isa_class_name(unsigned cls);

#endif
