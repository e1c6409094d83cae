/*
 * exec.h - the interpreter loop.  Included by cpu.c once per variant, with
 *
 *   EXEC_FN  the function's name
 *   EXEC_BE  1 for a big-endian guest, 0 for little endian
 *   EXEC_EV  1 to append TK_FETCH/TK_LOAD/TK_STORE records to c->ev
 *   EXEC_ST  1 to count executed instructions per operation (statistics)
 *   EXEC_SYS 1 for the system-mode build (cpu_run_system): translation
 *            through the TLB into the current mode's micro-TLB set, bus
 *            accesses outside RAM, the privileged instructions, CpU checks;
 *            exceptions go to the guest's vectors (cpu_deliver returns
 *            SYS_RESUME and cpu_run_system continues).  Instructions that
 *            change what the outer loop decides (mode, interrupt enables,
 *            the timer, a device access that moved an interrupt line,
 *            wait) end the run after themselves
 *            (KICK), at an instruction boundary.  No per-pc decoded cache:
 *            every fetch reads the word (a store into code takes effect)
 *            and decodes it through the memo.
 *
 * so that neither the byte order nor "are events on?" is tested per access:
 * cpu_run picks the variant once.  The four are defined before the include
 * and undefined at the end of this file.
 *
 * Pipeline: pc is the instruction to execute next, npc the one after it.
 * An instruction at cur advances pc = npc, npc += 4; a taken branch sets npc
 * to its target, so the delay slot (now at pc) runs before the target.  A
 * branch-likely not taken annuls its slot: the slot is fetched and counted
 * (qemu -singlestep logs it as an executed instruction) but not executed.
 * brleft records `left` after a branch, so the next instruction knows it is
 * a delay slot (left + 1 == brleft) without any work on other instructions.
 * A branch and its slot run as a unit (BRANCH_UNIT): no stop falls between
 * them except when single-stepping.
 *
 * Each instruction: budget and event-room checks, the per-pc decoded cache
 * (else fetch through the micro-TLB and decode through the memo), then one
 * dispatch - computed goto through a table of handler labels (EXEC_GOTO,
 * the default) or a switch over the same handlers.  Faults leave through
 * `exception`/`deliver` to cpu_deliver, the one place exceptions go.
 *
 * Events: lwl/lwr/swl/swr record the aligned word (addr & ~3, size 4); an
 * annulled delay slot records its fetch; a failed sc records nothing.
 */

#ifndef EXEC_OPS
/* The operations with a handler of their own below (the others go to the
 * FPU dispatcher); the computed-goto build needs their labels listed, and
 * the compiler checks the list (an unlisted handler's label is unused, a
 * listed one without handler undefined). */
#define EXEC_OPS(X) \
	X(SLL) \
	X(SRL) \
	X(ROTR) \
	X(SRA) \
	X(SLLV) \
	X(SRLV) \
	X(ROTRV) \
	X(SRAV) \
	X(MOVZ) \
	X(MOVN) \
	X(MOVF) \
	X(MOVT) \
	X(ADD) \
	X(ADDU) \
	X(SUB) \
	X(SUBU) \
	X(AND) \
	X(OR) \
	X(XOR) \
	X(NOR) \
	X(SLT) \
	X(SLTU) \
	X(ADDI) \
	X(ADDIU) \
	X(SLTI) \
	X(SLTIU) \
	X(ANDI) \
	X(ORI) \
	X(XORI) \
	X(LUI) \
	X(CLZ) \
	X(CLO) \
	X(EXT) \
	X(INS) \
	X(WSBH) \
	X(SEB) \
	X(SEH) \
	X(MFHI) \
	X(MTHI) \
	X(MFLO) \
	X(MTLO) \
	X(MULT) \
	X(MULTU) \
	X(DIV) \
	X(DIVU) \
	X(MUL) \
	X(MADD) \
	X(MSUB) \
	X(MADDU) \
	X(MSUBU) \
	X(BEQ) \
	X(BNE) \
	X(BLEZ) \
	X(BGTZ) \
	X(BLTZ) \
	X(BGEZ) \
	X(BLTZAL) \
	X(BGEZAL) \
	X(BEQL) \
	X(BNEL) \
	X(BLEZL) \
	X(BGTZL) \
	X(BLTZL) \
	X(BGEZL) \
	X(BLTZALL) \
	X(BGEZALL) \
	X(J) \
	X(JAL) \
	X(JR) \
	X(JALR) \
	X(BC1F) \
	X(BC1T) \
	X(BC1FL) \
	X(BC1TL) \
	X(LB) \
	X(LBU) \
	X(LH) \
	X(LHU) \
	X(LW) \
	X(LL) \
	X(SB) \
	X(SH) \
	X(SW) \
	X(SC) \
	X(LWL) \
	X(LWR) \
	X(SWL) \
	X(SWR) \
	X(LWC1) \
	X(SWC1) \
	X(LDC1) \
	X(SDC1) \
	X(LWXC1) \
	X(SWXC1) \
	X(LDXC1) \
	X(SDXC1) \
	X(MFC1) \
	X(MTC1) \
	X(MFHC1) \
	X(MTHC1) \
	X(CFC1) \
	X(CTC1) \
	X(SYSCALL) \
	X(BREAK) \
	X(TGE) \
	X(TGEU) \
	X(TLT) \
	X(TLTU) \
	X(TEQ) \
	X(TNE) \
	X(TGEI) \
	X(TGEIU) \
	X(TLTI) \
	X(TLTIU) \
	X(TEQI) \
	X(TNEI) \
	X(SYNC) \
	X(SYNCI) \
	X(PREF) \
	X(PREFX) \
	X(RDHWR) \
	/* end */
#endif

#ifndef EXEC_SYS
#define EXEC_SYS 0
#endif

/* The privileged operations: in user-mode builds they are reserved
 * instructions; the system build has handlers. */
#define EXEC_PRIV_OPS(X) \
	X(MFC0) \
	X(MTC0) \
	X(DI) \
	X(EI) \
	X(RDPGPR) \
	X(WRPGPR) \
	X(TLBR) \
	X(TLBWI) \
	X(TLBWR) \
	X(TLBP) \
	X(ERET) \
	X(WAIT) \
	X(CACHE) \
	/* end */

static int EXEC_FN(cpu *c, uint64_t budget)
{
	struct cpu_priv *const p = c->priv;
#if EXEC_SYS
	struct cpu_sys *const S = p->sys;
	struct utlb_ent (*const UT)[UTLB_N] = S->utlb[S->mode];
#else
#define UT p->tlb
#endif
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
/* around a helper that appends records itself (system build) */
#define EV_OUT() (c->ev_len = evn)
#define EV_IN() (evn = c->ev_len)
#else
#define EVENT(k, a, s) do { } while (0)
#define EV_OUT() ((void)0)
#define EV_IN() ((void)0)
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
#if EXEC_SYS
/* (a bus address here - lwl/swl/sc to a device - is a bus error) */
#define XLATE(ptr, a, size, acc) do { \
	const struct utlb_ent *e_ = &UT[acc][((a) >> MEM_PAGE_SHIFT) & (UTLB_N - 1)]; \
	if (LIKELY(e_->tag == ((a) & (0xfffff000u | ((size) - 1))))) { \
		ptr = (uint8_t *)(e_->add + (a)); \
	} else { \
		ptr = sys_xlate(c, (a), (size), (acc)); \
		if (UNLIKELY(!ptr)) { \
			exc = p->pend_exc ? p->pend_exc : CPU_EXC_DBE; bad = (a); goto exception; \
		} \
	} \
} while (0)
/* Loads and stores: RAM through the micro-TLB, else the slow path, which
 * translates (filling the micro-TLB) or names a bus address. */
#define LOAD(T, G, v, a, acc) do { \
	const struct utlb_ent *e_ = &UT[acc][((a) >> MEM_PAGE_SHIFT) & (UTLB_N - 1)]; \
	uint8_t *h_; T t_; \
	if (LIKELY(e_->tag == ((a) & (0xfffff000u | (sizeof(T) - 1))))) { \
		h_ = (uint8_t *)(e_->add + (a)); \
	} else { \
		h_ = sys_xlate(c, (a), sizeof(T), (acc)); \
		if (UNLIKELY(!h_)) { \
			uint32_t mv_, ip_ = S->hw_ip; \
			if (p->pend_exc) { exc = p->pend_exc; bad = (a); goto exception; } \
			if (sizeof(T) > 4 || sys_bus_read(c, sizeof(T), &mv_)) { \
				exc = CPU_EXC_DBE; bad = (a); goto exception; \
			} \
			t_ = (T)mv_; \
			v = t_; \
			BUS_DONE(ip_); \
			break; \
		} \
	} \
	memcpy(&t_, h_, sizeof(T)); \
	v = G(t_); \
} while (0)
#define STORE(T, G, a, v) do { \
	const struct utlb_ent *e_ = &UT[MEM_STORE][((a) >> MEM_PAGE_SHIFT) & (UTLB_N - 1)]; \
	uint8_t *h_; T t_ = G((T)(v)); \
	if (LIKELY(e_->tag == ((a) & (0xfffff000u | (sizeof(T) - 1))))) { \
		h_ = (uint8_t *)(e_->add + (a)); \
	} else { \
		h_ = sys_xlate(c, (a), sizeof(T), MEM_STORE); \
		if (UNLIKELY(!h_)) { \
			uint32_t ip_ = S->hw_ip; \
			if (p->pend_exc) { exc = p->pend_exc; bad = (a); goto exception; } \
			if (sizeof(T) > 4 || sys_bus_write(c, sizeof(T), (uint32_t)(T)(v))) { \
				exc = CPU_EXC_DBE; bad = (a); goto exception; \
			} \
			BUS_DONE(ip_); \
			break; \
		} \
	} \
	memcpy(h_, &t_, sizeof(T)); \
} while (0)
/* ends the run after the current instruction (budget - left stays the
 * count of instructions executed) */
#define KICK() do { budget -= left; left = 0; brleft = UINT64_MAX; } while (0)
/* after a device access: if it moved an interrupt line (a read can too: an
 * acknowledge, a status read) or the board asked to stop (SOFTRES), the run
 * ends after this instruction, so the line is seen at that boundary */
#define BUS_DONE(ip) do { if (S->hw_ip != (ip) || S->stop_req) KICK(); } while (0)
#define CP0() do { \
	if (UNLIKELY(S->mode != SYS_KERNEL && !(S->status & ST_CU0))) goto cp0_unusable; \
} while (0)
#define CP1() do { if (UNLIKELY(!(S->status & ST_CU1))) goto cp1_unusable; } while (0)
#define NOW() sys_now(c, budget - left - 1)
/* brings c->insns up to date (mode changes attribute instructions) */
#define SYNC_INSNS() do { c->insns += budget - left; budget = left; } while (0)
#else
#define XLATE(ptr, a, size, acc) do { \
	const struct utlb_ent *e_ = &UT[acc][((a) >> MEM_PAGE_SHIFT) & (UTLB_N - 1)]; \
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
#define CP1() do { } while (0)
#endif

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
/* A branch and its delay slot run as a unit: before a branch changes
 * anything, it makes sure the slot can run too - budget left (else it is
 * undone and the run stops before it) and room for the slot's events (else
 * undone, EVFULL).  So no stop falls between a branch and its slot - except
 * when the branch is a run's first instruction and its budget is spent
 * (single-stepping): then the slot is pending, kept in p->npc / slot_next /
 * annul_next, valid while c->pc stays what the run left. */
#if EXEC_EV && EXEC_SYS
#define EV_SLOT_ROOM() do { if (UNLIKELY(evcap - evn < CPU_SYS_EV_RESERVE)) goto undo_evfull; } while (0)
#elif EXEC_EV
#define EV_SLOT_ROOM() do { if (UNLIKELY(evcap - evn < 2)) goto undo_evfull; } while (0)
#else
#define EV_SLOT_ROOM() do { } while (0)
#endif
#define BRANCH_UNIT() do { \
	if (UNLIKELY(IN_SLOT)) goto reserved; \
	if (UNLIKELY(left == 0) && budget > 1) \
		goto undo_limit; \
	EV_SLOT_ROOM(); \
} while (0)
#define BRANCH(cond) do { \
	BRANCH_UNIT(); \
	if (cond) npc = cur + 4 + (SIMM << 2); \
	brleft = left; \
} while (0)
#define BRANCH_LIKELY(cond) do { \
	BRANCH_UNIT(); \
	if (cond) { npc = cur + 4 + (SIMM << 2); brleft = left; } \
	else goto annul; \
} while (0)
#define JUMP(target) do { \
	BRANCH_UNIT(); \
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

#if EXEC_GOTO
	/* computed goto: a table of handler labels, filled per call */
	const void *jt[ISA_NOPS];
	for (unsigned i_ = 0; i_ < ISA_NOPS; i_++)
		jt[i_] = &&L_default;
#define X_(ID) jt[ISA_##ID] = &&L_##ID;
	EXEC_OPS(X_)
	EXEC_PRIV_OPS(X_)
#undef X_
#define DISPATCH_BEGIN goto *jt[op];
#define DISPATCH_END
#define OP(ID) L_##ID:
#define OP_DEFAULT L_default:
/* (Replicating the fetch-decode-dispatch at the end of every handler -
 * "threaded" dispatch - measured no faster than this single dispatch point
 * on this machine, for twice the code.) */
#define NEXT goto next_insn
#define NEXT_LABEL next_insn:
#else
#define DISPATCH_BEGIN switch (op) {
#define DISPATCH_END }
#define OP(ID) case ISA_##ID:
#define OP_DEFAULT default:
#define NEXT break
#define NEXT_LABEL
#endif

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

#if EXEC_EV
#if EXEC_SYS
#define EV_ROOM_N CPU_SYS_EV_RESERVE /* a fetch, a data access, what the helpers add */
#else
#define EV_ROOM_N 2
#endif
#define EV_ROOM_CHECK() do { \
	if (UNLIKELY(evcap - evn < EV_ROOM_N)) { stop = CPU_STOP_EVFULL; goto out; } \
} while (0)
#else
#define EV_ROOM_CHECK() do { } while (0)
#endif
#if EXEC_ST
#define EV_COUNT(op) (p->count[op]++)
#else
#define EV_COUNT(op) ((void)0)
#endif
/* The start of every instruction: budget and event-room checks; the
 * decoded instruction from the per-pc cache, or else fetch through the
 * micro-TLB and decode through the memo; count, advance pc/npc. */
#if EXEC_SYS
#define INSN_BEGIN() do { \
		if (UNLIKELY(left == 0)) { \
			stop = CPU_STOP_LIMIT; \
			goto out; \
		} \
		EV_ROOM_CHECK(); \
		cur = pc; \
		{ \
			const struct utlb_ent *fe_ = &UT[MEM_FETCH][(cur >> MEM_PAGE_SHIFT) & (UTLB_N - 1)]; \
			const uint8_t *fh_; \
			uint32_t ft_; \
			if (LIKELY(fe_->tag == (cur & 0xfffff003u))) { \
				fh_ = (const uint8_t *)(fe_->add + cur); \
			} else { \
				fh_ = sys_xlate(c, cur, 4, MEM_FETCH); \
				if (UNLIKELY(fh_ == NULL)) { \
					/* not fetched, not counted: */ \
					exc = p->pend_exc; \
					bad = cur; \
					in_slot = left == brleft; \
					if (exc == 0) { \
						if (sys_bus_read(c, 4, &ft_) == 0) \
							w = ft_; \
						else \
							exc = CPU_EXC_IBE; \
					} \
					if (exc) \
						goto deliver; \
					const struct memo_ent *fm_ = &p->memo[memo_hash(w)]; \
					op = LIKELY(fm_->w == w) ? fm_->op : cpu_decode_fill(p, w); \
					goto fetched_; \
				} \
			} \
			memcpy(&ft_, fh_, 4); \
			w = G32(ft_); \
			{ \
				struct spc_ent *se_ = &S->spc[((uintptr_t)fh_ >> 2) & (SYS_SPC_N - 1)]; \
				if (LIKELY(se_->host == (uintptr_t)fh_ && se_->w == w)) { \
					op = se_->op; \
				} else { \
					const struct memo_ent *fm_ = &p->memo[memo_hash(w)]; \
					op = LIKELY(fm_->w == w) ? fm_->op : cpu_decode_fill(p, w); \
					se_->host = (uintptr_t)fh_; \
					se_->w = w; \
					se_->op = op; \
				} \
			} \
		} \
	fetched_: \
		EVENT(TK_FETCH, cur, 4); \
		left--; \
		pc = npc; \
		npc += 4; \
} while (0)
#else
#define INSN_BEGIN() do { \
		if (UNLIKELY(left == 0)) { \
			stop = CPU_STOP_LIMIT; \
			goto out; \
		} \
		EV_ROOM_CHECK(); \
		cur = pc; \
		{ \
			struct pc_ent *pe_ = &p->pcache[(cur >> 2) & (PCACHE_N - 1)]; \
			if (LIKELY(pe_->pc == cur)) { \
				w = pe_->w; \
				op = pe_->op; \
			} else { \
				const struct utlb_ent *fe_ = &p->tlb[MEM_FETCH][(cur >> MEM_PAGE_SHIFT) & (UTLB_N - 1)]; \
				const uint8_t *fh_; \
				uint32_t ft_; \
				if (LIKELY(fe_->tag == (cur & 0xfffff003u))) { \
					fh_ = (const uint8_t *)(fe_->add + cur); \
				} else { \
					fh_ = cpu_xlate(c, cur, 4, MEM_FETCH); \
					if (UNLIKELY(!fh_)) { \
						/* not fetched, not counted: */ \
						exc = p->pend_exc; \
						bad = cur; \
						in_slot = left == brleft; \
						goto deliver; \
					} \
				} \
				memcpy(&ft_, fh_, 4); \
				w = G32(ft_); \
				const struct memo_ent *fm_ = &p->memo[memo_hash(w)]; \
				op = LIKELY(fm_->w == w) ? fm_->op : cpu_decode_fill(p, w); \
				if (!fe_->writable) { \
					pe_->pc = cur; \
					pe_->w = w; \
					pe_->op = op; \
				} \
			} \
		} \
		EVENT(TK_FETCH, cur, 4); \
		left--; \
		pc = npc; \
		npc += 4; \
		EV_COUNT(op); \
} while (0)
#endif

	uint32_t op;
	for (;;) {
		INSN_BEGIN();
		DISPATCH_BEGIN
		/* ---- ALU ------------------------------------------------ */
		OP(SLL) R[RD] = R[RT] << SA; NEXT;
		OP(SRL) R[RD] = R[RT] >> SA; NEXT;
		OP(ROTR) { unsigned s = SA; uint32_t x = R[RT];
			R[RD] = s ? (x >> s) | (x << (32 - s)) : x; NEXT; }
		OP(SRA) R[RD] = (uint32_t)((int32_t)R[RT] >> SA); NEXT;
		OP(SLLV) R[RD] = R[RT] << (R[RS] & 31); NEXT;
		OP(SRLV) R[RD] = R[RT] >> (R[RS] & 31); NEXT;
		OP(ROTRV) { unsigned s = R[RS] & 31; uint32_t x = R[RT];
			R[RD] = s ? (x >> s) | (x << (32 - s)) : x; NEXT; }
		OP(SRAV) R[RD] = (uint32_t)((int32_t)R[RT] >> (R[RS] & 31)); NEXT;
		OP(MOVZ) if (R[RT] == 0) R[RD] = R[RS]; NEXT;
		OP(MOVN) if (R[RT] != 0) R[RD] = R[RS]; NEXT;
		OP(MOVF) CP1(); if (!((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1)) R[RD] = R[RS]; NEXT;
		OP(MOVT) CP1(); if ((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1) R[RD] = R[RS]; NEXT;
		OP(ADD) { int32_t r;
			if (__builtin_add_overflow((int32_t)R[RS], (int32_t)R[RT], &r)) goto overflow;
			R[RD] = (uint32_t)r; NEXT; }
		OP(ADDU) R[RD] = R[RS] + R[RT]; NEXT;
		OP(SUB) { int32_t r;
			if (__builtin_sub_overflow((int32_t)R[RS], (int32_t)R[RT], &r)) goto overflow;
			R[RD] = (uint32_t)r; NEXT; }
		OP(SUBU) R[RD] = R[RS] - R[RT]; NEXT;
		OP(AND) R[RD] = R[RS] & R[RT]; NEXT;
		OP(OR) R[RD] = R[RS] | R[RT]; NEXT;
		OP(XOR) R[RD] = R[RS] ^ R[RT]; NEXT;
		OP(NOR) R[RD] = ~(R[RS] | R[RT]); NEXT;
		OP(SLT) R[RD] = (int32_t)R[RS] < (int32_t)R[RT]; NEXT;
		OP(SLTU) R[RD] = R[RS] < R[RT]; NEXT;
		OP(ADDI) { int32_t r;
			if (__builtin_add_overflow((int32_t)R[RS], (int32_t)SIMM, &r)) goto overflow;
			R[RT] = (uint32_t)r; NEXT; }
		OP(ADDIU) R[RT] = R[RS] + SIMM; NEXT;
		OP(SLTI) R[RT] = (int32_t)R[RS] < (int32_t)SIMM; NEXT;
		OP(SLTIU) R[RT] = R[RS] < SIMM; NEXT;
		OP(ANDI) R[RT] = R[RS] & UIMM; NEXT;
		OP(ORI) R[RT] = R[RS] | UIMM; NEXT;
		OP(XORI) R[RT] = R[RS] ^ UIMM; NEXT;
		OP(LUI) R[RT] = UIMM << 16; NEXT;
		OP(CLZ) { uint32_t x = R[RS]; R[RD] = x ? (uint32_t)__builtin_clz(x) : 32; NEXT; }
		OP(CLO) { uint32_t x = ~R[RS]; R[RD] = x ? (uint32_t)__builtin_clz(x) : 32; NEXT; }
		OP(EXT) { unsigned pos = SA, size = RD + 1;
			if (pos + size > 32) goto reserved;
			uint32_t x = R[RS] >> pos;
			R[RT] = size == 32 ? x : x & ((1u << size) - 1); NEXT; }
		OP(INS) { unsigned pos = SA, msb = RD;
			if (msb < pos) goto reserved;
			unsigned size = msb - pos + 1;
			uint32_t mask = (size == 32 ? 0xffffffffu : ((1u << size) - 1)) << pos;
			R[RT] = (R[RT] & ~mask) | ((R[RS] << pos) & mask); NEXT; }
		OP(WSBH) { uint32_t x = R[RT];
			R[RD] = ((x & 0x00ff00ffu) << 8) | ((x >> 8) & 0x00ff00ffu); NEXT; }
		OP(SEB) R[RD] = (uint32_t)(int32_t)(int8_t)R[RT]; NEXT;
		OP(SEH) R[RD] = (uint32_t)(int32_t)(int16_t)R[RT]; NEXT;

		/* ---- multiply and divide -------------------------------- */
		OP(MFHI) R[RD] = c->hi; NEXT;
		OP(MTHI) c->hi = R[RS]; NEXT;
		OP(MFLO) R[RD] = c->lo; NEXT;
		OP(MTLO) c->lo = R[RS]; NEXT;
		OP(MULT) { int64_t r = (int64_t)(int32_t)R[RS] * (int32_t)R[RT];
			c->lo = (uint32_t)r; c->hi = (uint32_t)((uint64_t)r >> 32); NEXT; }
		OP(MULTU) { uint64_t r = (uint64_t)R[RS] * R[RT];
			c->lo = (uint32_t)r; c->hi = (uint32_t)(r >> 32); NEXT; }
		OP(DIV) { int32_t a = (int32_t)R[RS], b = (int32_t)R[RT];
			/* As qemu: x/0 and INT_MIN/-1 divide by 1. */
			if (b == 0 || (a == INT32_MIN && b == -1)) b = 1;
			c->lo = (uint32_t)(a / b); c->hi = (uint32_t)(a % b); NEXT; }
		OP(DIVU) { uint32_t a = R[RS], b = R[RT];
			if (b == 0) b = 1;
			c->lo = a / b; c->hi = a % b; NEXT; }
		OP(MUL) R[RD] = (uint32_t)((int64_t)(int32_t)R[RS] * (int32_t)R[RT]); NEXT;
		OP(MADD) OP(MSUB) {
			uint64_t acc = ((uint64_t)c->hi << 32) | c->lo;
			uint64_t prod = (uint64_t)((int64_t)(int32_t)R[RS] * (int32_t)R[RT]);
			acc = op == ISA_MADD ? acc + prod : acc - prod;
			c->lo = (uint32_t)acc; c->hi = (uint32_t)(acc >> 32); NEXT; }
		OP(MADDU) OP(MSUBU) {
			uint64_t acc = ((uint64_t)c->hi << 32) | c->lo;
			uint64_t prod = (uint64_t)R[RS] * R[RT];
			acc = op == ISA_MADDU ? acc + prod : acc - prod;
			c->lo = (uint32_t)acc; c->hi = (uint32_t)(acc >> 32); NEXT; }

		/* ---- branches and jumps --------------------------------- */
		OP(BEQ) BRANCH(R[RS] == R[RT]); NEXT;
		OP(BNE) BRANCH(R[RS] != R[RT]); NEXT;
		OP(BLEZ) BRANCH((int32_t)R[RS] <= 0); NEXT;
		OP(BGTZ) BRANCH((int32_t)R[RS] > 0); NEXT;
		OP(BLTZ) BRANCH((int32_t)R[RS] < 0); NEXT;
		OP(BGEZ) BRANCH((int32_t)R[RS] >= 0); NEXT;
		OP(BLTZAL) { int t = (int32_t)R[RS] < 0; BRANCH(t); R[31] = cur + 8; NEXT; }
		OP(BGEZAL) { int t = (int32_t)R[RS] >= 0; BRANCH(t); R[31] = cur + 8; NEXT; }
		OP(BEQL) BRANCH_LIKELY(R[RS] == R[RT]); NEXT;
		OP(BNEL) BRANCH_LIKELY(R[RS] != R[RT]); NEXT;
		OP(BLEZL) BRANCH_LIKELY((int32_t)R[RS] <= 0); NEXT;
		OP(BGTZL) BRANCH_LIKELY((int32_t)R[RS] > 0); NEXT;
		OP(BLTZL) BRANCH_LIKELY((int32_t)R[RS] < 0); NEXT;
		OP(BGEZL) BRANCH_LIKELY((int32_t)R[RS] >= 0); NEXT;
		OP(BLTZALL) { int t = (int32_t)R[RS] < 0;
			BRANCH_UNIT();
			R[31] = cur + 8; BRANCH_LIKELY(t); NEXT; }
		OP(BGEZALL) { int t = (int32_t)R[RS] >= 0;
			BRANCH_UNIT();
			R[31] = cur + 8; BRANCH_LIKELY(t); NEXT; }
		OP(J) JUMP(((cur + 4) & 0xf0000000u) | ((w & 0x03ffffffu) << 2)); NEXT;
		OP(JAL) JUMP(((cur + 4) & 0xf0000000u) | ((w & 0x03ffffffu) << 2));
			R[31] = cur + 8; NEXT;
		OP(JR) JUMP(R[RS]); NEXT;
		OP(JALR) JUMP(R[RS]); R[RD] = cur + 8; NEXT;
		OP(BC1F) CP1(); BRANCH(!((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1)); NEXT;
		OP(BC1T) CP1(); BRANCH((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1); NEXT;
		OP(BC1FL) CP1(); BRANCH_LIKELY(!((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1)); NEXT;
		OP(BC1TL) CP1(); BRANCH_LIKELY((p->fcsr >> fcc_bit((w >> 18) & 7)) & 1); NEXT;

		/* ---- loads and stores ----------------------------------- */
		OP(LB) { uint32_t a = EA; uint8_t v; LOAD(uint8_t, , v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 1); R[RT] = (uint32_t)(int32_t)(int8_t)v; NEXT; }
		OP(LBU) { uint32_t a = EA; uint8_t v; LOAD(uint8_t, , v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 1); R[RT] = v; NEXT; }
		OP(LH) { uint32_t a = EA; uint16_t v; LOAD(uint16_t, G16, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 2); R[RT] = (uint32_t)(int32_t)(int16_t)v; NEXT; }
		OP(LHU) { uint32_t a = EA; uint16_t v; LOAD(uint16_t, G16, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 2); R[RT] = v; NEXT; }
		OP(LW) { uint32_t a = EA; uint32_t v; LOAD(uint32_t, G32, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 4); R[RT] = v; NEXT; }
		OP(LL) { uint32_t a = EA; uint32_t v; LOAD(uint32_t, G32, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 4); R[RT] = v; p->llbit = 1; p->lladdr = a; NEXT; }
		OP(SB) { uint32_t a = EA; STORE(uint8_t, , a, R[RT]); EVENT(TK_STORE, a, 1); NEXT; }
		OP(SH) { uint32_t a = EA; STORE(uint16_t, G16, a, R[RT]); EVENT(TK_STORE, a, 2); NEXT; }
		OP(SW) { uint32_t a = EA; STORE(uint32_t, G32, a, R[RT]); EVENT(TK_STORE, a, 4); NEXT; }
		OP(SC) { uint32_t a = EA; uint8_t *h;
			XLATE(h, a, 4, MEM_STORE);
			if (p->llbit && p->lladdr == a) {
				uint32_t t = G32(R[RT]);
				memcpy(h, &t, 4);
				EVENT(TK_STORE, a, 4);
				R[RT] = 1;
			} else {
				R[RT] = 0;
			}
			p->llbit = 0; NEXT; }
		OP(LWL) OP(LWR) {
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
			NEXT; }
		OP(SWL) OP(SWR) {
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
			NEXT; }

		/* ---- FPU memory and moves -------------------------------- */
		OP(LWC1) CP1(); { uint32_t a = EA; uint32_t v; LOAD(uint32_t, G32, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 4); p->fpr[FT] = v; NEXT; }
		OP(SWC1) CP1(); { uint32_t a = EA; STORE(uint32_t, G32, a, p->fpr[FT]);
			EVENT(TK_STORE, a, 4); NEXT; }
		OP(LDC1) CP1(); { uint32_t a = EA; uint64_t v; LOAD(uint64_t, G64, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 8); SET_FPR64(FT & ~1u, v); NEXT; }
		OP(SDC1) CP1(); { uint32_t a = EA; STORE(uint64_t, G64, a, FPR64(FT & ~1u));
			EVENT(TK_STORE, a, 8); NEXT; }
		OP(LWXC1) CP1(); { uint32_t a = R[RS] + R[RT]; uint32_t v;
			LOAD(uint32_t, G32, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 4); p->fpr[FD] = v; NEXT; }
		OP(SWXC1) CP1(); { uint32_t a = R[RS] + R[RT];
			STORE(uint32_t, G32, a, p->fpr[FS]); EVENT(TK_STORE, a, 4); NEXT; }
		OP(LDXC1) CP1(); { uint32_t a = R[RS] + R[RT]; uint64_t v;
			LOAD(uint64_t, G64, v, a, MEM_LOAD);
			EVENT(TK_LOAD, a, 8); SET_FPR64(FD & ~1u, v); NEXT; }
		OP(SDXC1) CP1(); { uint32_t a = R[RS] + R[RT];
			STORE(uint64_t, G64, a, FPR64(FS & ~1u)); EVENT(TK_STORE, a, 8); NEXT; }
		OP(MFC1) CP1(); R[RT] = p->fpr[FS]; NEXT;
		OP(MTC1) CP1(); p->fpr[FS] = R[RT]; NEXT;
		OP(MFHC1) CP1(); if (FS & 1) goto reserved; R[RT] = p->fpr[FS + 1]; NEXT;
		OP(MTHC1) CP1(); if (FS & 1) goto reserved; p->fpr[FS + 1] = R[RT]; NEXT;
		OP(CFC1) CP1(); { uint32_t v; if (fpu_cfc1(c, FS, &v)) goto reserved; R[RT] = v; NEXT; }
		OP(CTC1) CP1(); { uint32_t e = fpu_ctc1(c, FS, R[RT]);
			if (e == CPU_EXC_RI) goto reserved;
			if (e) { exc = e; bad = 0; goto exception; }
			NEXT; }

		/* ---- system, traps, misc --------------------------------- */
		OP(SYSCALL)
			c->code = (w >> 6) & 0xfffffu;
#if EXEC_SYS
			exc = CPU_EXC_SYS;
			bad = 0;
			goto exception;
#else
			stop = CPU_STOP_SYSCALL;
			goto out;
#endif
		OP(BREAK) {
			/* Linux's reading of the code field (do_bp). */
			uint32_t code = (w >> 6) & 0xfffffu;
			if (code >= (1u << 10))
				code = ((code & 0x3ffu) << 10) | (code >> 10);
			c->code = code;
			exc = CPU_EXC_BP;
			bad = 0;
			goto exception; }
		OP(TGE) c->code = (w >> 6) & 0x3ffu; TRAP_IF((int32_t)R[RS] >= (int32_t)R[RT]); NEXT;
		OP(TGEU) c->code = (w >> 6) & 0x3ffu; TRAP_IF(R[RS] >= R[RT]); NEXT;
		OP(TLT) c->code = (w >> 6) & 0x3ffu; TRAP_IF((int32_t)R[RS] < (int32_t)R[RT]); NEXT;
		OP(TLTU) c->code = (w >> 6) & 0x3ffu; TRAP_IF(R[RS] < R[RT]); NEXT;
		OP(TEQ) c->code = (w >> 6) & 0x3ffu; TRAP_IF(R[RS] == R[RT]); NEXT;
		OP(TNE) c->code = (w >> 6) & 0x3ffu; TRAP_IF(R[RS] != R[RT]); NEXT;
		OP(TGEI) c->code = 0; TRAP_IF((int32_t)R[RS] >= (int32_t)SIMM); NEXT;
		OP(TGEIU) c->code = 0; TRAP_IF(R[RS] >= SIMM); NEXT;
		OP(TLTI) c->code = 0; TRAP_IF((int32_t)R[RS] < (int32_t)SIMM); NEXT;
		OP(TLTIU) c->code = 0; TRAP_IF(R[RS] < SIMM); NEXT;
		OP(TEQI) c->code = 0; TRAP_IF(R[RS] == SIMM); NEXT;
		OP(TNEI) c->code = 0; TRAP_IF(R[RS] != SIMM); NEXT;
		OP(SYNC) OP(SYNCI) OP(PREF) NEXT;
		OP(PREFX) CP1(); NEXT;
#if EXEC_SYS
		OP(RDHWR) {
			/* As QEMU's 24Kf: allowed in kernel mode or with CU0, else
			 * per HWREna bit; UserLocal only there (Config3.ULRI = 0). */
			uint32_t v = 0, hw = RD;
			int k_ = S->mode == SYS_KERNEL || (S->status & ST_CU0);
			if (hw <= 3 && !k_ && !((S->hwrena >> hw) & 1)) goto reserved;
			if (hw == 0) v = S->ebase & 0x3ffu;
			else if (hw == 1) v = 32;
			else if (hw == 2) v = sys_count(c, NOW());
			else if (hw == 3) v = 2;
			else if (hw == 29 && k_) v = S->userlocal;
			else goto reserved;
			R[RT] = v; NEXT; }

		/* ---- privileged ------------------------------------------ */
		OP(MFC0) { CP0(); uint32_t v = sys_mfc0(c, RD, w & 7, NOW()); R[RT] = v; NEXT; }
		OP(MTC0) { CP0(); unsigned r_ = RD; uint64_t now_ = NOW();
			SYNC_INSNS();
			EV_OUT();
			sys_mtc0(c, r_, w & 7, R[RT], now_);
			EV_IN();
			if (r_ == 9 || r_ == 11 || r_ == 12 || r_ == 13) KICK();
			NEXT; }
		OP(DI) CP0(); R[RT] = S->status; S->status &= ~ST_IE; NEXT;
		OP(EI) CP0(); R[RT] = S->status; S->status |= ST_IE; KICK(); NEXT;
		OP(RDPGPR) OP(WRPGPR) CP0(); R[RD] = R[RT]; NEXT; /* one register set */
		OP(TLBR) CP0(); EV_OUT(); sys_tlbr(c); EV_IN(); NEXT;
		OP(TLBWI) CP0(); EV_OUT(); sys_tlbwi(c); EV_IN(); NEXT;
		OP(TLBWR) CP0(); EV_OUT(); sys_tlbwr(c, NOW()); EV_IN(); NEXT;
		OP(TLBP) CP0(); EV_OUT(); sys_tlbp(c); EV_IN(); NEXT;
		OP(ERET) CP0();
			SYNC_INSNS();
			EV_OUT();
			pc = sys_eret(c); npc = pc + 4;
			EV_IN();
			KICK(); NEXT;
		OP(WAIT) CP0(); EV_OUT(); sys_ev(c, TK_PRIV, TPRIV_WAIT, 0, 0, 0); EV_IN();
			S->waiting = 1; KICK(); NEXT;
		OP(CACHE) CP0(); NEXT; /* no caches are modeled */
#else
		EXEC_PRIV_OPS(OP) goto reserved;
		OP(RDHWR) {
			uint32_t v, hw = RD;
			if (hw == 0) v = 0;                                /* CPUNum */
			else if (hw == 1) v = 32;                          /* SYNCI_Step */
			else if (hw == 2) v = (uint32_t)(c->insns + (budget - left) - 1); /* CC: insns before */
			else if (hw == 3) v = 1;                           /* CCRes */
			else if (hw == 29) v = c->ulr;                     /* UserLocal */
			else goto reserved;
			R[RT] = v; NEXT; }
#endif

		/* ---- FPU arithmetic (fpu.c) ------------------------------ */
		OP_DEFAULT
			if (op == ISA_RI)
				goto reserved;
			CP1();
			exc = fpu_exec(c, op, w);
			if (exc == CPU_EXC_RI)
				goto reserved;
			if (exc) {
				bad = 0;
				goto exception;
			}
			NEXT;
		DISPATCH_END
	NEXT_LABEL
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

#if EXEC_SYS
cp0_unusable:
	exc = CPU_EXC_CPU;
	S->ce = 0;
	bad = 0;
	goto exception;
cp1_unusable:
	exc = CPU_EXC_CPU;
	S->ce = 1;
	bad = 0;
	goto exception;
#endif
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
#if EXEC_SYS
	/* where the instruction would have gone on (the branch target for a
	 * delay slot): a monitor emulating it continues there (cpu_vmm.h) */
	S->exc_next = pc;
#endif
	p->annul_next = 0;
	c->insns += budget - left;
#if EXEC_EV
	c->ev_len = evn;
#endif
	return cpu_deliver(c, exc, bad, cur, w, in_slot);

undo_limit:
	stop = CPU_STOP_LIMIT;
	goto undo;
#if EXEC_EV
undo_evfull:
	stop = CPU_STOP_EVFULL;
#endif
undo:
	/* the branch at cur is undone (nothing of it was done but its fetch
	 * and count); the next run starts with it */
	left++;
#if EXEC_EV
	evn--; /* the branch's fetch record: the last one written */
#endif
#if EXEC_ST
	p->count[op]--;
#endif
	pc = cur;
	npc = cur + 4;
	brleft = UINT64_MAX;
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
#undef EV_OUT
#undef EV_IN
#undef EV_ROOM_N
#undef UT
#undef KICK
#undef BUS_DONE
#undef CP0
#undef CP1
#undef NOW
#undef SYNC_INSNS
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
#undef BRANCH_UNIT
#undef EV_SLOT_ROOM
#undef TRAP_IF
#undef FPR64
#undef SET_FPR64
#undef DISPATCH_BEGIN
#undef DISPATCH_END
#undef OP
#undef OP_DEFAULT
#undef NEXT
#undef NEXT_LABEL
#undef INSN_BEGIN
#undef EV_ROOM_CHECK
#undef EV_COUNT
/* the parameters of this build, so the next include can set them afresh */
#undef EXEC_FN
#undef EXEC_BE
#undef EXEC_EV
#undef EXEC_ST
#undef EXEC_SYS
}
