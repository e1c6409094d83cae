/*
 * codec.h - encoding internals shared by the trace writer and reader
 * (traces/FORMAT.md is the specification; this file must agree with it).
 */
#ifndef VMMSIM_TRACE_CODEC_H
#define VMMSIM_TRACE_CODEC_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

#define TRC_MAGIC "VMMTRACE"        /* first 8 bytes of the raw stream */
#define TRC_MAGIC_LEN 8
#define TRC_VMAJOR 1
#define TRC_VMINOR 1            /* format 1: the reader reads any 1.x; the writer writes 1.1 on request */
#define TRC_V2MAJOR 2
#define TRC_V2MINOR 0           /* format 2 (blocks): what the writer writes by default */
#define TRC_HDR_FIXED 18            /* header bytes before the description */
#define TRC_NAME_MAX 4096           /* longest marker name in bytes */
#define TRC_NAMES_MAX (1u << 24)    /* most marker names in one trace */
#define TRC_NAMES_BYTES (1u << 26)  /* most bytes of marker names in one trace */
#define TRC_TOKMAX 48               /* longest record token in bytes */

/* The trailer and the totals frame count nk kinds (FORMAT.md sections 5
 * and 6): 12 in a 1.0 trace, 15 in a 1.1 trace (what this writer writes). */
#define TRC_TRAILER_LEN(nk) (1 + 8 * (nk) + 8 + 8) /* after the END opcode */

/* The totals skippable frame appended after the main zstd frame. */
#define TRC_SKIP_MAGIC 0x184D2A5Eu
#define TRC_TOTALS_TAG "VMMTOTAL"
#define TRC_TOTALS_PAYLOAD(nk) (8 + 8 + 8 * (nk) + 8 + 8)
#define TRC_TOTALS_FRAME(nk) (8 + TRC_TOTALS_PAYLOAD(nk))

/* The number of kinds a version 1.minor trailer counts, as this reader
 * expects it: 12 for 1.0, 15 for 1.1.  A trailer of a later minor version
 * may count more (its reader-unknown kinds must then count 0): see
 * trc_nkinds_ok. */
static inline unsigned trc_nkinds(unsigned major, unsigned minor)
{
	return major == 1 && minor == 0 ? TK_NKINDS_1_0 : TK_NKINDS;
}

/* Whether a trailer (or totals frame) of a major.minor trace may count nk
 * kinds: exactly trc_nkinds for the versions this reader knows (1.0, 1.1,
 * 2.0); at least TK_NKINDS for a later minor. */
static inline int trc_nkinds_ok(unsigned major, unsigned minor, unsigned nk)
{
	unsigned known = major == 1 ? TRC_VMINOR : TRC_V2MINOR;
	return minor <= known ? nk == trc_nkinds(major, minor) : nk >= TK_NKINDS;
}

#define ZSTD_MAGIC 0xFD2FB528u

/* ---- little-endian fixed-width fields --------------------------------- */

static inline void trc_put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t trc_get64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static inline void trc_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint32_t trc_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* ---- varints ----------------------------------------------------------- */

static inline uint64_t trc_zig(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline uint64_t trc_unzig(uint64_t u)
{
	return (u >> 1) ^ (0 - (u & 1));
}

static inline uint8_t *trc_putv(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

/* Reads a varint of at most 10 bytes; on a longer one sets *bad.  Reads at
 * most 10 bytes whatever the input. */
static inline const uint8_t *trc_getv(const uint8_t *p, uint64_t *v, int *bad)
{
	uint64_t b = *p++;
	if (b < 0x80) {
		*v = b;
		return p;
	}
	uint64_t x = b & 0x7f;
	b = *p;
	if (b < 0x80) { /* (two bytes: the common case of a longer one) */
		*v = x | b << 7;
		return p + 1;
	}
	unsigned sh = 7;
	for (;;) {
		b = *p++;
		x |= (b & 0x7f) << sh;
		if (b < 0x80)
			break;
		sh += 7;
		if (sh > 63) {
			*bad = 1;
			break;
		}
	}
	*v = x;
	return p;
}

/* ---- runs of fetches (trace_read_runs) ------------------------------- */

/* The room a fetch of sz bytes at a leaves in its TRACE_RUN_BLOCK-aligned
 * block, 0 if it cannot start a run (size 0, or it crosses the block's
 * end).  A fetch joins an open run ending at rend with room left if it
 * starts at rend and its size is 1..room (a size of 0 wraps: no join). */
static inline uint64_t trc_run_room(uint64_t a, uint32_t sz)
{
	uint64_t r = TRACE_RUN_BLOCK - (a & (TRACE_RUN_BLOCK - 1)); /* 1..TRACE_RUN_BLOCK */
	return (uint64_t)sz - 1 < r ? r - sz : 0; /* (a size of 0 wraps: 0) */
}

/* ---- the stream checksum (FORMAT.md, "Checksum") ---------------------- */

#define TRC_HASH_SEED 0x243F6A8885A308D3ull
#define TRC_HASH_MUL 0x9E3779B97F4A7C15ull

typedef struct trc_hash {
	uint64_t h, len;
	uint8_t carry[8];
	unsigned nc;
} trc_hash;

static inline void trc_hash_init(trc_hash *s)
{
	s->h = TRC_HASH_SEED;
	s->len = 0;
	s->nc = 0;
}

static inline uint64_t trc_hash_step(uint64_t h, uint64_t w)
{
	h ^= w;
	h = (h << 29) | (h >> 35);
	return h * TRC_HASH_MUL;
}

static inline void trc_hash_update(trc_hash *s, const uint8_t *p, size_t n)
{
	s->len += n;
	if (s->nc) {
		while (n && s->nc < 8) {
			s->carry[s->nc++] = *p++;
			n--;
		}
		if (s->nc < 8)
			return;
		s->h = trc_hash_step(s->h, trc_get64(s->carry));
		s->nc = 0;
	}
	uint64_t h = s->h;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8); /* little-endian hosts; see trc_get64 otherwise */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		h = trc_hash_step(h, w);
		p += 8;
		n -= 8;
	}
	s->h = h;
	memcpy(s->carry, p, n);
	s->nc = (unsigned)n;
}

static inline uint64_t trc_hash_final(const trc_hash *s)
{
	uint64_t h = s->h;
	if (s->nc) {
		uint8_t w[8] = {0};
		memcpy(w, s->carry, s->nc);
		h = trc_hash_step(h, trc_get64(w));
	}
	h ^= s->len;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDull;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 33;
	return h;
}

/* Checksum of a small contiguous buffer (the totals frame). */
static inline uint64_t trc_hash_buf(const uint8_t *p, size_t n)
{
	trc_hash s;
	trc_hash_init(&s);
	trc_hash_update(&s, p, n);
	return trc_hash_final(&s);
}

/* ---- record encoding, format 1.1 (FORMAT.md, "Records") ---------------- */

/* Opcodes: the first byte of a token. */
enum {
	OP_RUN = 0x00,        /* 0x00-0x7f: op+1 predicted memory records */
	OP_FSEQ = 0x80,       /* 0x80-0x8f: fetch at the sequential address, size code */
	OP_FJMP = 0x90,       /* 0x90-0x9f: fetch, zigzag delta follows, size code */
	OP_FSEQ_X = 0xa0,     /* fetch at the sequential address, varint size follows */
	OP_FJMP_X = 0xa1,     /* fetch, varint size then zigzag delta follow */
	OP_DATA = 0xc0,       /* 0xc0-0xdf: load/store, see DOP_* bits */
	OP_KIND = 0xe0,       /* 0xe0+kind: other kinds (TK_MODE..TK_IDLE: 0xe3..0xee) */
	OP_NAME = 0xf0,       /* marker name definition */
	OP_END = 0xff,        /* end of records; the trailer follows */
};
#define DOP_STORE 0x10        /* store, else load */
#define DOP_GLOBAL 0x08       /* delta from the last data address, else from the slot's */
#define DSZ_PRED 0            /* data size codes (low 3 bits): 0 slot's size, */
#define DSZ_ESC 7             /* 1..6 sizes 1,2,4,8,16,32, 7 varint follows */
#define RUN_MAX 128

/* Format 2.0's block tokens (FORMAT.md 4b); 0x00-0x7f are runs of blocks,
 * 0xe3-0xff as in 1.1. */
enum {
	OP2_USE = 0x80,       /* block number, then patches */
	OP2_NEXT = 0x81,      /* the predicted block, then patches */
	OP2_DEF = 0x82,       /* a new block: start delta, count, records */
};
#define TRB_SIZE_ESC 63       /* an item byte's size field: a varint size follows */

#define TRC_IBITS 14          /* instruction table: 2^14 slots */
#define TRC_DBITS 14          /* data table: 2^14 slots */
#define TRC_DSTEP 0x9e5u      /* data slot step per access within an instruction */

typedef struct trc_islot {
	uint64_t next;   /* address fetched after this instruction last time */
	uint32_t size;   /* size of the instruction last fetched here */
	uint32_t ndata;  /* loads/stores that followed it last time */
} trc_islot;         /* (the reader keeps trc_ihash(next) in an array of its own) */

typedef struct trc_dslot {
	uint64_t last;   /* address of the last access through this slot */
	uint64_t stride; /* difference between its last two addresses */
	uint32_t size;
	uint32_t kind;   /* TK_LOAD or TK_STORE (0 before first use: a load) */
} trc_dslot;

/* Predictor state, mirrored exactly by writer and reader. */
typedef struct trc_pred {
	trc_islot *it;      /* 2^TRC_IBITS */
	trc_dslot *dt;      /* 2^TRC_DBITS */
	uint64_t pc;        /* address of the last fetch (0 at start) */
	uint32_t psize;     /* its size (0 at start) */
	uint32_t ih;        /* slot of pc */
	uint32_t didx;      /* loads/stores seen since the last fetch */
	uint64_t dlast;     /* address of the last load/store (0 at start) */
} trc_pred;

static inline uint32_t trc_ihash(uint64_t a)
{
	return (uint32_t)((a ^ (a >> TRC_IBITS) ^ (a >> 2 * TRC_IBITS)) & ((1u << TRC_IBITS) - 1));
}

static inline uint32_t trc_dhash(uint32_t ih, uint32_t didx)
{
	return (ih + didx * TRC_DSTEP) & ((1u << TRC_DBITS) - 1);
}

/* Allocates the tables in their initial state (FORMAT.md): all zero but
 * every data slot's kind, TK_LOAD.  Returns 0 or -1 (out of memory). */
static inline int trc_pred_init(trc_pred *s)
{
	memset(s, 0, sizeof *s);
	s->it = calloc(1u << TRC_IBITS, sizeof *s->it);
	s->dt = calloc(1u << TRC_DBITS, sizeof *s->dt);
	if (!s->it || !s->dt) {
		free(s->it);
		free(s->dt);
		s->it = NULL;
		s->dt = NULL;
		return -1;
	}
	for (uint32_t i = 0; i < 1u << TRC_DBITS; i++)
		s->dt[i].kind = TK_LOAD;
	s->ih = trc_ihash(0);
	return 0;
}

static const uint32_t trc_dsizes[8] = { 0, 1, 2, 4, 8, 16, 32, 0 };

static inline unsigned trc_dsize_code(uint32_t size, uint32_t pred)
{
	if (size == pred)
		return DSZ_PRED;
	switch (size) {
	case 1: return 1;
	case 2: return 2;
	case 4: return 3;
	case 8: return 4;
	case 16: return 5;
	case 32: return 6;
	}
	return DSZ_ESC;
}

#endif
