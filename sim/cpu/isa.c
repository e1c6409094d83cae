/*
 * isa.c - the instruction table and its decoder.
 *
 * isa_decode scans the table rows of the word's primary opcode in table
 * order.  The interpreter does not call it per instruction:
 * it memoizes the result per instruction word (cpu.c), so the scan cost is
 * paid once per distinct word.
 */
#include <stddef.h>

#include "cpu/isa.h"

const isa_info isa_table[ISA_NOPS] = {
	[ISA_RI] = { "(reserved)", 0, 0, "", ISA_C_NONE },
#define I(ID, nm, ma, mk, ops, c) [ISA_##ID] = { nm, ma, mk, ops, c },
#include "cpu/isa.def"
#undef I
};

static const char *const class_names[ISA_NCLASSES] = {
	"reserved", "alu", "muldiv", "branch", "jump", "load", "store", "trap",
	"sys", "misc", "fpu", "fpdiv", "fpcvt", "fpcmp", "fpmove", "fpmem",
};

const char *isa_class_name(unsigned cls)
{
	return cls < ISA_NCLASSES ? class_names[cls] : NULL;
}

enum isa_op isa_decode(uint32_t w)
{
	/* Every row's mask covers the primary opcode, so a row can only match
	 * words of its own opcode; skipping the others is a cheap pre-test. */
	uint32_t prim = w & 0xfc000000u;
	for (unsigned op = 1; op < ISA_NOPS; op++) {
		const isa_info *t = &isa_table[op];
		if ((t->match & 0xfc000000u) != prim)
			continue;
		if ((w & t->mask) == t->match)
			return (enum isa_op)op;
	}
	return ISA_RI;
}
