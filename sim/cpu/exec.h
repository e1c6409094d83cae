/*
 * exec.h - the interpreter loop.  Included by cpu.c once per variant, with
 *
 *   EXEC_FN  the function's name
 *   EXEC_BE  1 for a big-endian guest, 0 for little endian
 *   EXEC_EV  1 to append TK_FETCH/TK_LOAD/TK_STORE records to c->ev
 *
 * so that neither the byte order nor "are events on?" is tested per access:
 * cpu_run picks the variant once.
 *
 * Pipeline: pc is the instruction to execute next, npc the one after it.
 * An instruction at cur advances pc = npc, npc += 4; a taken branch sets npc
 * to its target, so the delay slot (now at pc) runs before the target.  A
 * branch-likely not taken annuls its slot: the slot is fetched and counted
 * (qemu -singlestep logs it as an executed instruction) but not executed.
 * brleft records `left` after a branch, so the next instruction knows it is
 * a delay slot (left + 1 == brleft) without any work on other instructions.
 *
 * Events: lwl/lwr/swl/swr record the aligned word (addr & ~3, size 4); an
 * annulled delay slot records its fetch; a failed sc records nothing.
 */

static int EXEC_FN(cpu *c, uint64_t budget)
{
	struct cpu_priv *const p = c->priv;
	uint32_t *const R = c->r;
	uint32_t pc = c->pc, npc, cur = pc, w = 0, exc = 0, bad = 0;
	uint64_t left = budget, brleft = UINT64_MAX; /* budget <= CPU_BUDGET_MAX */
	int stop, in_slot;
#if EXEC_EV
	trace_rec *const ev = c->ev;
	uint32_t evn = c->ev_len;
	const uint32_t evcap = c->ev_cap;
#define EVENT(k, a, s) do { \
	trace_rec *r_ = &ev[evn++]; \
	r_->addr = (a); r_->arg = (s); r_->x = 0; r_->kind = (k); r_->sub = 0; \
} while (0)
#else
#define EVENT(k, a, s) do { } while (0)
#endif

#if EXEC_BE
#define G16(x) __builtin_bswap16(x)
#define G32(x) __builtin_bswap32(x)
#define G64(x) __builtin_bswap64(x)
#else
#define G16(x) (x)
#define G32(x) (x)
#define G64(x) (x)
#endif

/* Host pointer for a size-byte access of kind acc at a, or to the exception. */
#define XLATE(ptr, a, size, acc) do { \
	const struct utlb_ent *e_ = &p->tlb[acc][((a) >> MEM_PAGE_SHIFT) & (UTLB_N - 1)]; \
	if (LIKELY(e_->tag == ((a) & (0xfffff000u | ((size) - 1))))) { \
		ptr = (uint8_t *)(e_->add + (a)); \
	} else { \
		ptr = cpu_xlate(c, (a), (size), (acc)); \
		if (UNLIKELY(!ptr)) { exc = p->pend_exc; bad = (a); goto exception; } \
	} \
} while (0)

#define LOAD(T, G, v, a, acc) do { \
	uint8_t *h_; T t_; \
	XLATE(h_, a, sizeof(T), acc); \
	memcpy(&t_, h_, sizeof(T)); \
	v = G(t_); \
} while (0)
#define STORE(T, G, a, v) do { \
	uint8_t *h_; T t_ = G((T)(v)); \
	XLATE(h_, a, sizeof(T), MEM_STORE); \
	memcpy(h_, &t_, sizeof(T)); \
} while (0)

#define RS ((w >> 21) & 31)
#define RT ((w >> 16) & 31)
#define RD ((w >> 11) & 31)
#define SA ((w >> 6) & 31)
#define SIMM ((uint32_t)(int32_t)(int16_t)w)
#define UIMM (w & 0xffffu)
#define EA (R[RS] + SIMM)
#define FT RT
#define FS RD
#define FD SA

#define IN_SLOT (left + 1 == brleft)
/* A branch: the slot follows; a branch in a delay slot is a reserved
 * instruction (as qemu has it). */
#define BRANCH(cond) do { \
	if (UNLIKELY(IN_SLOT)) goto reserved; \
	if (cond) npc = cur + 4 + (SIMM << 2); \
	brleft = left; \
} while (0)
#define BRANCH_LIKELY(cond) do { \
	if (UNLIKELY(IN_SLOT)) goto reserved; \
	if (cond) { npc = cur + 4 + (SIMM << 2); brleft = left; } \
	else goto annul; \
} while (0)
#define JUMP(target) do { \
	if (UNLIKELY(IN_SLOT)) goto reserved; \
	npc = (target); \
	brleft = left; \
} while (0)
#define TRAP_IF(cond) do { \
	if (cond) { exc = CPU_EXC_TR; bad = 0; goto exception; } \
} while (0)
#define FPR64(n) (((uint64_t)p->fpr[(n) + 1] << 32) | p->fpr[n])
#define SET_FPR64(n, v) do { \
	uint64_t v_ = (v); p->fpr[n] = (uint32_t)v_; p->fpr[(n) + 1] = (uint32_t)(v_ >> 32); \
} while (0)

	if (c->pc == p->npc_for) {
		npc = p->npc;
		if (p->slot_next)
			brleft = left;
		if (p->annul_next) {
			if (left == 0) {
				stop = CPU_STOP_LIMIT;
				goto save;
			}
#if EXEC_EV
			if (evn == evcap) {
				stop = CPU_STOP_EVFULL;
				goto save;
			}
#endif
			goto annul_resume;
		}
	} else {
		npc = pc + 4;
	}

	for (;;) {
		if (UNLIKELY(left == 0)) {
			stop = CPU_STOP_LIMIT;
			break;
		}
#if EXEC_EV
		if (UNLIKELY(evcap - evn < 2)) {
			stop = CPU_STOP_EVFULL;
			break;
		}
#endif
		cur = pc;
		{
			const struct utlb_ent *e = &p->tlb[MEM_FETCH][(cur >> MEM_PAGE_SHIFT) & (UTLB_N - 1)];
			const uint8_t *h;
			uint32_t t;
			if (LIKELY(e->tag == (cur & 0xfffff003u))) {
				h = (const uint8_t *)(e->add + cur);
			} else {
				h = cpu_xlate(c, cur, 4, MEM_FETCH);
				if (UNLIKELY(!h)) {
					/* not fetched, not counted */
					exc = p->pend_exc;
					bad = cur;
					in_slot = left == brleft;
					goto deliver;
				}
			}
			memcpy(&t, h, 4);
			w = G32(t);
		}
		EVENT(TK_FETCH, cur, 4);
		left--;
		pc = npc;
		npc += 4;
		uint32_t op;
		{
			const struct memo_ent *m = &p->memo[memo_hash(w)];
			op = LIKELY(m->w == w) ? m->op : cpu_decode_fill(p, w);
		}
#if EXEC_EV
		p->count[op]++;
#endif
		switch (op) {
		/* ---- ALU ------------------------------------------------ */
		case ISA_SLL: R[RD] = R[RT] << SA; break;
		case ISA_SRL: R[RD] = R[RT] >> SA; break;
		case ISA_ROTR: { unsigned s = SA; uint32_t x = R[RT];
			R[RD] = s ? (x >> s) | (x << (32 - s)) : x; break; }
		case ISA_SRA: R[RD] = (uint32_t)((int32_t)R[RT] >> SA); break;
		case ISA_SLLV: R[RD] = R[RT] << (R[RS] & 31); break;
		case ISA_SRLV: R[RD] = R[RT] >> (R[RS] & 31); break;
		case ISA_ROTRV: { unsigned s = R[RS] & 31; uint32_t x = R[RT];
			R[RD] = s ? (x >> s) | (x << (32 - s)) : x; break; }
		case ISA_SRAV: R[RD] = (uint32_t)((int32_t)R[RT] >> (R[RS] & 31)); break;
		case ISA_MOVZ: if (R[RT] == 0) R[RD] = R[RS]; break;
		case ISA_MOVN: if (R[RT] != 0) R[RD] = R[RS]; break;
		case ISA_MOVF: if (!((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1)) R[RD] = R[RS]; break;
		case ISA_MOVT: if ((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1) R[RD] = R[RS]; break;
		case ISA_ADD: { int32_t r;
			if (__builtin_add_overflow((int32_t)R[RS], (int32_t)R[RT], &r)) goto overflow;
			R[RD] = (uint32_t)r; break; }
		case ISA_ADDU: R[RD] = R[RS] + R[RT]; break;
		case ISA_SUB: { int32_t r;
			if (__builtin_sub_overflow((int32_t)R[RS], (int32_t)R[RT], &r)) goto overflow;
			R[RD] = (uint32_t)r; break; }
		case ISA_SUBU: R[RD] = R[RS] - R[RT]; break;
		case ISA_AND: R[RD] = R[RS] & R[RT]; break;
		case ISA_OR: R[RD] = R[RS] | R[RT]; break;
		case ISA_XOR: R[RD] = R[RS] ^ R[RT]; break;
		case ISA_NOR: R[RD] = ~(R[RS] | R[RT]); break;
		case ISA_SLT: R[RD] = (int32_t)R[RS] < (int32_t)R[RT]; break;
		case ISA_SLTU: R[RD] = R[RS] < R[RT]; break;
		case ISA_ADDI: { int32_t r;
			if (__builtin_add_overflow((int32_t)R[RS], (int32_t)SIMM, &r)) goto overflow;
			R[RT] = (uint32_t)r; break; }
		case ISA_ADDIU: R[RT] = R[RS] + SIMM; break;
		case ISA_SLTI: R[RT] = (int32_t)R[RS] < (int32_t)SIMM; break;
		case ISA_SLTIU: R[RT] = R[RS] < SIMM; break;
		case ISA_ANDI: R[RT] = R[RS] & UIMM; break;
		case ISA_ORI: R[RT] = R[RS] | UIMM; break;
		case ISA_XORI: R[RT] = R[RS] ^ UIMM; break;
		case ISA_LUI: R[RT] = UIMM << 16; break;
		case ISA_CLZ: { uint32_t x = R[RS]; R[RD] = x ? (uint32_t)__builtin_clz(x) : 32; break; }
		case ISA_CLO: { uint32_t x = ~R[RS]; R[RD] = x ? (uint32_t)__builtin_clz(x) : 32; break; }
		case ISA_EXT: { unsigned pos = SA, size = RD + 1;
			if (pos + size > 32) goto reserved;
			uint32_t x = R[RS] >> pos;
			R[RT] = size == 32 ? x : x & ((1u << size) - 1); break; }
		case ISA_INS: { unsigned pos = SA, msb = RD;
			if (msb < pos) goto reserved;
			unsigned size = msb - pos + 1;
			uint32_t mask = (size == 32 ? 0xffffffffu : ((1u << size) - 1)) << pos;
			R[RT] = (R[RT] & ~mask) | ((R[RS] << pos) & mask); break; }
		case ISA_WSBH: { uint32_t x = R[RT];
			R[RD] = ((x & 0x00ff00ffu) << 8) | ((x >> 8) & 0x00ff00ffu); break; }
		case ISA_SEB: R[RD] = (uint32_t)(int32_t)(int8_t)R[RT]; break;
		case ISA_SEH: R[RD] = (uint32_t)(int32_t)(int16_t)R[RT]; break;

		/* ---- multiply and divide -------------------------------- */
		case ISA_MFHI: R[RD] = c->hi; break;
		case ISA_MTHI: c->hi = R[RS]; break;
		case ISA_MFLO: R[RD] = c->lo; break;
		case ISA_MTLO: c->lo = R[RS]; break;
		case ISA_MULT: { int64_t r = (int64_t)(int32_t)R[RS] * (int32_t)R[RT];
			c->lo = (uint32_t)r; c->hi = (uint32_t)((uint64_t)r >> 32); break; }
		case ISA_MULTU: { uint64_t r = (uint64_t)R[RS] * R[RT];
			c->lo = (uint32_t)r; c->hi = (uint32_t)(r >> 32); break; }
		case ISA_DIV: { int32_t a = (int32_t)R[RS], b = (int32_t)R[RT];
			/* As qemu: x/0 and INT_MIN/-1 divide by 1. */
			if (b == 0 || (a == INT32_MIN && b == -1)) b = 1;
			c->lo = (uint32_t)(a / b); c->hi = (uint32_t)(a % b); break; }
		case ISA_DIVU: { uint32_t a = R[RS], b = R[RT];
			if (b == 0) b = 1;
			c->lo = a / b; c->hi = a % b; break; }
		case ISA_MUL: R[RD] = (uint32_t)((int64_t)(int32_t)R[RS] * (int32_t)R[RT]); break;
		case ISA_MADD: case ISA_MSUB: {
			uint64_t acc = ((uint64_t)c->hi << 32) | c->lo;
			uint64_t prod = (uint64_t)((int64_t)(int32_t)R[RS] * (int32_t)R[RT]);
			acc = op == ISA_MADD ? acc + prod : acc - prod;
			c->lo = (uint32_t)acc; c->hi = (uint32_t)(acc >> 32); break; }
		case ISA_MADDU: case ISA_MSUBU: {
			uint64_t acc = ((uint64_t)c->hi << 32) | c->lo;
			uint64_t prod = (uint64_t)R[RS] * R[RT];
			acc = op == ISA_MADDU ? acc + prod : acc - prod;
			c->lo = (uint32_t)acc; c->hi = (uint32_t)(acc >> 32); break; }

		/* ---- branches and jumps --------------------------------- */
		case ISA_BEQ: BRANCH(R[RS] == R[RT]); break;
		case ISA_BNE: BRANCH(R[RS] != R[RT]); break;
		case ISA_BLEZ: BRANCH((int32_t)R[RS] <= 0); break;
		case ISA_BGTZ: BRANCH((int32_t)R[RS] > 0); break;
		case ISA_BLTZ: BRANCH((int32_t)R[RS] < 0); break;
		case ISA_BGEZ: BRANCH((int32_t)R[RS] >= 0); break;
		case ISA_BLTZAL: { int t = (int32_t)R[RS] < 0; BRANCH(t); R[31] = cur + 8; break; }
		case ISA_BGEZAL: { int t = (int32_t)R[RS] >= 0; BRANCH(t); R[31] = cur + 8; break; }
		case ISA_BEQL: BRANCH_LIKELY(R[RS] == R[RT]); break;
		case ISA_BNEL: BRANCH_LIKELY(R[RS] != R[RT]); break;
		case ISA_BLEZL: BRANCH_LIKELY((int32_t)R[RS] <= 0); break;
		case ISA_BGTZL: BRANCH_LIKELY((int32_t)R[RS] > 0); break;
		case ISA_BLTZL: BRANCH_LIKELY((int32_t)R[RS] < 0); break;
		case ISA_BGEZL: BRANCH_LIKELY((int32_t)R[RS] >= 0); break;
		case ISA_BLTZALL: { int t = (int32_t)R[RS] < 0;
			if (UNLIKELY(IN_SLOT)) goto reserved;
			R[31] = cur + 8; BRANCH_LIKELY(t); break; }
		case ISA_BGEZALL: { int t = (int32_t)R[RS] >= 0;
			if (UNLIKELY(IN_SLOT)) goto reserved;
			R[31] = cur + 8; BRANCH_LIKELY(t); break; }
		case ISA_J: JUMP(((cur + 4) & 0xf0000000u) | ((w & 0x03ffffffu) << 2)); break;
		case ISA_JAL: JUMP(((cur + 4) & 0xf0000000u) | ((w & 0x03ffffffu) << 2));
			R[31] = cur + 8; break;
		case ISA_JR: JUMP(R[RS]); break;
		case ISA_JALR: JUMP(R[RS]); R[RD] = cur + 8; break;
		case ISA_BC1F: BRANCH(!((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1)); break;
		case ISA_BC1T: BRANCH((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1); break;
		case ISA_BC1FL: BRANCH_LIKELY(!((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1)); break;
		case ISA_BC1TL: BRANCH_LIKELY((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1); break;

		/* ---- loads and stores ----------------------------------- */
		case ISA_LB: { uint32_t a = EA; uint8_t v; LOAD(uint8_t, , v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 1); R[RT] = (uint32_t)(int32_t)(int8_t)v; break; }
		case ISA_LBU: { uint32_t a = EA; uint8_t v; LOAD(uint8_t, , v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 1); R[RT] = v; break; }
		case ISA_LH: { uint32_t a = EA; uint16_t v; LOAD(uint16_t, G16, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 2); R[RT] = (uint32_t)(int32_t)(int16_t)v; break; }
		case ISA_LHU: { uint32_t a = EA; uint16_t v; LOAD(uint16_t, G16, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 2); R[RT] = v; break; }
		case ISA_LW: { uint32_t a = EA; uint32_t v; LOAD(uint32_t, G32, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 4); R[RT] = v; break; }
		case ISA_LL: { uint32_t a = EA; uint32_t v; LOAD(uint32_t, G32, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 4); R[RT] = v; p->llbit = 1; p->lladdr = a; break; }
		case ISA_SB: { uint32_t a = EA; STORE(uint8_t, , a, R[RT]); EVENT(TK_STORE, a, 1); break; }
		case ISA_SH: { uint32_t a = EA; STORE(uint16_t, G16, a, R[RT]); EVENT(TK_STORE, a, 2); break; }
		case ISA_SW: { uint32_t a = EA; STORE(uint32_t, G32, a, R[RT]); EVENT(TK_STORE, a, 4); break; }
		case ISA_SC: { uint32_t a = EA; uint8_t *h;
			XLATE(h, a, 4, MEM_STORE);
			if (p->llbit && p->lladdr == a) {
				uint32_t t = G32(R[RT]);
				memcpy(h, &t, 4);
				EVENT(TK_STORE, a, 4);
				R[RT] = 1;
			} else {
				R[RT] = 0;
			}
			p->llbit = 0; break; }
		case ISA_LWL: case ISA_LWR: {
			uint32_t a = EA, al = a & ~3u, m, r = R[RT];
			LOAD(uint32_t, G32, m, al, MEM_LOAD);
			EVENT(TK_LOAD, al, 4);
			/* k: the byte offset as a big-endian machine sees it */
			unsigned k = EXEC_BE ? (a & 3) : 3 - (a & 3);
			if (op == ISA_LWL) {
				unsigned s = 8 * k;
				R[RT] = (m << s) | (r & (uint32_t)((1ull << s) - 1));
			} else {
				unsigned s = 8 * (3 - k);
				R[RT] = (m >> s) | (r & ~(uint32_t)(0xffffffffu >> s));
			}
			break; }
		case ISA_SWL: case ISA_SWR: {
			uint32_t a = EA, al = a & ~3u, m, r = R[RT];
			uint8_t *h;
			XLATE(h, al, 4, MEM_STORE);
			memcpy(&m, h, 4);
			m = G32(m);
			unsigned k = EXEC_BE ? (a & 3) : 3 - (a & 3);
			if (op == ISA_SWL) {
				unsigned s = 8 * k;
				m = (m & ~(uint32_t)(0xffffffffu >> s)) | (r >> s);
			} else {
				unsigned s = 8 * (3 - k);
				m = (r << s) | (m & (uint32_t)((1ull << s) - 1));
			}
			m = G32(m);
			memcpy(h, &m, 4);
			EVENT(TK_STORE, al, 4);
			break; }

		/* ---- FPU memory and moves -------------------------------- */
		case ISA_LWC1: { uint32_t a = EA; uint32_t v; LOAD(uint32_t, G32, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 4); p->fpr[FT] = v; break; }
		case ISA_SWC1: { uint32_t a = EA; STORE(uint32_t, G32, a, p->fpr[FT]);
			EVENT(TK_STORE, a, 4); break; }
		case ISA_LDC1: { uint32_t a = EA; uint64_t v; LOAD(uint64_t, G64, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 8); SET_FPR64(FT & ~1u, v); break; }
		case ISA_SDC1: { uint32_t a = EA; STORE(uint64_t, G64, a, FPR64(FT & ~1u));
			EVENT(TK_STORE, a, 8); break; }
		case ISA_LWXC1: { uint32_t a = R[RS] + R[RT]; uint32_t v;
			LOAD(uint32_t, G32, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 4); p->fpr[FD] = v; break; }
		case ISA_SWXC1: { uint32_t a = R[RS] + R[RT];
			STORE(uint32_t, G32, a, p->fpr[FS]); EVENT(TK_STORE, a, 4); break; }
		case ISA_LDXC1: { uint32_t a = R[RS] + R[RT]; uint64_t v;
			LOAD(uint64_t, G64, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 8); SET_FPR64(FD & ~1u, v); break; }
		case ISA_SDXC1: { uint32_t a = R[RS] + R[RT];
			STORE(uint64_t, G64, a, FPR64(FS & ~1u)); EVENT(TK_STORE, a, 8); break; }
		case ISA_MFC1: R[RT] = p->fpr[FS]; break;
		case ISA_MTC1: p->fpr[FS] = R[RT]; break;
		case ISA_MFHC1: if (FS & 1) goto reserved; R[RT] = p->fpr[FS + 1]; break;
		case ISA_MTHC1: if (FS & 1) goto reserved; p->fpr[FS + 1] = R[RT]; break;
		case ISA_CFC1: { uint32_t v; if (fpu_cfc1(c, FS, &v)) goto reserved; R[RT] = v; break; }
		case ISA_CTC1: { uint32_t e = fpu_ctc1(c, FS, R[RT]);
			if (e == CPU_EXC_RI) goto reserved;
			if (e) { exc = e; bad = 0; goto exception; }
			break; }

		/* ---- system, traps, misc --------------------------------- */
		case ISA_SYSCALL:
			c->code = (w >> 6) & 0xfffffu;
			stop = CPU_STOP_SYSCALL;
			goto out;
		case ISA_BREAK: {
			/* Linux's reading of the code field (do_bp). */
			uint32_t code = (w >> 6) & 0xfffffu;
			if (code >= (1u << 10))
				code = ((code & 0x3ffu) << 10) | (code >> 10);
			c->code = code;
			exc = CPU_EXC_BP;
			bad = 0;
			goto exception; }
		case ISA_TGE: c->code = (w >> 6) & 0x3ffu; TRAP_IF((int32_t)R[RS] >= (int32_t)R[RT]); break;
		case ISA_TGEU: c->code = (w >> 6) & 0x3ffu; TRAP_IF(R[RS] >= R[RT]); break;
		case ISA_TLT: c->code = (w >> 6) & 0x3ffu; TRAP_IF((int32_t)R[RS] < (int32_t)R[RT]); break;
		case ISA_TLTU: c->code = (w >> 6) & 0x3ffu; TRAP_IF(R[RS] < R[RT]); break;
		case ISA_TEQ: c->code = (w >> 6) & 0x3ffu; TRAP_IF(R[RS] == R[RT]); break;
		case ISA_TNE: c->code = (w >> 6) & 0x3ffu; TRAP_IF(R[RS] != R[RT]); break;
		case ISA_TGEI: c->code = 0; TRAP_IF((int32_t)R[RS] >= (int32_t)SIMM); break;
		case ISA_TGEIU: c->code = 0; TRAP_IF(R[RS] >= SIMM); break;
		case ISA_TLTI: c->code = 0; TRAP_IF((int32_t)R[RS] < (int32_t)SIMM); break;
		case ISA_TLTIU: c->code = 0; TRAP_IF(R[RS] < SIMM); break;
		case ISA_TEQI: c->code = 0; TRAP_IF(R[RS] == SIMM); break;
		case ISA_TNEI: c->code = 0; TRAP_IF(R[RS] != SIMM); break;
		case ISA_SYNC: case ISA_SYNCI: case ISA_PREF: case ISA_PREFX: break;
		case ISA_RDHWR: {
			uint32_t v;
			switch (RD) {
			case 0: v = 0; break;                      /* CPUNum */
			case 1: v = 32; break;                     /* SYNCI_Step */
			case 2: v = (uint32_t)(c->insns + (budget - left) - 1); break; /* CC: instructions before */
			case 3: v = 1; break;                      /* CCRes */
			case 29: v = c->ulr; break;                /* UserLocal */
			default: goto reserved;
			}
			R[RT] = v; break; }

		/* ---- FPU arithmetic (fpu.c) ------------------------------ */
		default:
			if (op == ISA_RI)
				goto reserved;
			exc = fpu_exec(c, op, w);
			if (exc == CPU_EXC_RI)
				goto reserved;
			if (exc) {
				bad = 0;
				goto exception;
			}
			break;
		}
		R[0] = 0;
		continue;

	annul:
		/* branch-likely not taken: the slot at pc is fetched, counted
		 * and skipped */
		R[0] = 0;
		if (UNLIKELY(left == 0)) {
			p->annul_next = 1;
			stop = CPU_STOP_LIMIT;
			goto save;
		}
		/* (room for this record: two were checked for the branch) */
	annul_resume:
		EVENT(TK_FETCH, pc, 4);
		left--;
		pc += 4;
		npc = pc + 4;
		p->annul_next = 0;
	}
	goto out;

reserved:
	exc = CPU_EXC_RI;
	bad = 0;
	goto exception;
overflow:
	exc = CPU_EXC_OV;
	bad = 0;
exception:
	in_slot = IN_SLOT;
deliver:
	/* Every guest exception leaves the loop here and is delivered in one
	 * place (cpu_deliver). */
	R[0] = 0;
	p->annul_next = 0;
	c->insns += budget - left;
#if EXEC_EV
	c->ev_len = evn;
#endif
	return cpu_deliver(c, exc, bad, cur, w, in_slot);

out:
	R[0] = 0;
	p->annul_next = 0;
save:
	c->pc = pc;
	p->npc = npc;
	p->npc_for = pc;
	p->slot_next = brleft == left && !p->annul_next;
	c->insns += budget - left;
#if EXEC_EV
	c->ev_len = evn;
#endif
	return stop;

#undef EVENT
#undef G16
#undef G32
#undef G64
#undef XLATE
#undef LOAD
#undef STORE
#undef RS
#undef RT
#undef RD
#undef SA
#undef SIMM
#undef UIMM
#undef EA
#undef FT
#undef FS
#undef FD
#undef IN_SLOT
#undef BRANCH
#undef BRANCH_LIKELY
#undef JUMP
#undef TRAP_IF
#undef FPR64
#undef SET_FPR64
}
