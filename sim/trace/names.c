/*
 * names.c - names of record kinds, sub-kinds and status codes (the words of
 * the text form and of error messages).
 */
#include "trace/trace.h"

static const char *const kind_names[TK_NKINDS] = {
	[TK_FETCH] = "fetch", [TK_LOAD] = "load",   [TK_STORE] = "store",
	[TK_MODE] = "mode",   [TK_ASID] = "asid",   [TK_TRAP] = "trap",
	[TK_PRIV] = "priv",   [TK_PTE] = "pte",     [TK_UNMAP] = "unmap",
	[TK_ZERO] = "zero",   [TK_VM] = "vm",       [TK_MARK] = "mark",
	[TK_EXC] = "exc",     [TK_TLBW] = "tlbw",   [TK_IDLE] = "idle",
};

/* Cause.ExcCode mnemonics as the MIPS32 architecture names them (MIPS32
 * PRA, table "Cause Register ExcCode Field"); reserved codes have none. */
static const char *const exc_names[32] = {
	[0] = "Int",    [1] = "Mod",    [2] = "TLBL",   [3] = "TLBS",
	[4] = "AdEL",   [5] = "AdES",   [6] = "IBE",    [7] = "DBE",
	[8] = "Sys",    [9] = "Bp",     [10] = "RI",    [11] = "CpU",
	[12] = "Ov",    [13] = "Tr",    [15] = "FPE",   [18] = "C2E",
	[23] = "WATCH", [24] = "MCheck", [30] = "CacheErr",
};

static const char *const mode_names[TMODE_N] = {
	[TMODE_USER] = "user", [TMODE_SUPER] = "super", [TMODE_KERNEL] = "kernel",
};

static const char *const trap_names[TTRAP_N] = {
	[TTRAP_SYSCALL] = "syscall", [TTRAP_INTERRUPT] = "interrupt",
	[TTRAP_EXCEPTION] = "exception",
};

static const char *const priv_names[TPRIV_N] = {
	[TPRIV_TLBWR] = "tlbwr", [TPRIV_TLBWI] = "tlbwi", [TPRIV_TLBP] = "tlbp",
	[TPRIV_TLBR] = "tlbr",   [TPRIV_MTC0] = "mtc0",   [TPRIV_MFC0] = "mfc0",
	[TPRIV_ERET] = "eret",   [TPRIV_WAIT] = "wait",
};

static const char *const mark_names[2] = {
	[TMARK_BEGIN] = "begin", [TMARK_END] = "end",
};

const char *trace_kind_name(unsigned kind)
{
	return kind < TK_NKINDS ? kind_names[kind] : NULL;
}

const char *trace_mode_name(unsigned mode)
{
	return mode < TMODE_N ? mode_names[mode] : NULL;
}

const char *trace_trap_name(unsigned trap)
{
	return trap < TTRAP_N ? trap_names[trap] : NULL;
}

const char *trace_priv_name(unsigned op)
{
	return op < TPRIV_N ? priv_names[op] : NULL;
}

const char *trace_mark_name(unsigned mark)
{
	return mark < 2 ? mark_names[mark] : NULL;
}

const char *trace_exc_name(unsigned code)
{
	return code < 32 ? exc_names[code] : NULL;
}

const char *trace_status_name(int status)
{
	switch (status) {
	case TRACE_OK: return "ok";
	case TRACE_E_IO: return "i/o error";
	case TRACE_E_MAGIC: return "not a vmmsim trace";
	case TRACE_E_VERSION: return "unsupported version";
	case TRACE_E_CORRUPT: return "corrupt";
	case TRACE_E_TRUNCATED: return "truncated";
	case TRACE_E_NOMEM: return "out of memory";
	case TRACE_E_ARG: return "invalid argument";
	case TRACE_E_ZSTD: return "zstd error";
	}
	return "unknown status";
}
