/*
 * fpu.c - CP1, the floating-point unit of a MIPS32r2 in FR=0 mode (o32):
 * 32 single registers, doubles in even/odd pairs (even = low word).
 *
 * Arithmetic runs on the host's IEEE single and double with the host
 * rounding mode set to the guest's FCSR.RM for the whole of cpu_run
 * (fpu_enter/fpu_leave, and ctc1).  The host's IEEE flags give each
 * operation's FCSR cause bits.  What differs between x86 and a MIPS with
 * legacy NaNs (NAN2008 = 0, as qemu's 24Kf) is done by hand, as qemu does:
 *   - a quiet NaN has the top mantissa bit clear, a signalling one set;
 *   - an invalid operation produces the default NaN 0x7fbfffff /
 *     0x7ff7ffffffffffff;
 *   - a NaN operand gives the default NaN too (qemu's default-NaN mode for
 *     legacy NaNs), with V if any operand is a signalling NaN;
 *   - conversion to an integer of a NaN or of a value out of range gives
 *     2^31-1 (2^63-1) and V.
 * abs/neg/mov are bit operations (no exception).  madd/msub/nmadd/nmsub are
 * not fused (multiply rounds, then add rounds), as on the 24Kf; nmadd and
 * nmsub negate the final result, NaN included.  When an operation raises a
 * cause whose enable bit is set (or E), FCSR.Cause is updated, the
 * destination is left alone and CPU_EXC_FPE is returned.
 */
#include <fenv.h>
#include <math.h>
#include <string.h>

#include "cpu/cpu_priv.h"

#define FCSR_RW_MASK 0xff83ffffu /* writable bits of FCSR (qemu's 24Kf) */
#define DEFAULT_NAN_S 0x7fbfffffu
#define DEFAULT_NAN_D 0x7ff7ffffffffffffull

static const int host_modes[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD };

int fpu_enter(const cpu *c)
{
	int old = fegetround();
	fesetround(host_modes[c->priv->fcsr & FCSR_RM]);
	return old;
}

void fpu_leave(int host_mode)
{
	fesetround(host_mode);
}

/* ---- register access ---------------------------------------------------- */

static inline uint32_t rs_bits(const struct cpu_priv *p, unsigned n) { return p->fpr[n]; }
static inline uint64_t rd_bits(const struct cpu_priv *p, unsigned n)
{
	return ((uint64_t)p->fpr[n + 1] << 32) | p->fpr[n];
}
static inline void ws_bits(struct cpu_priv *p, unsigned n, uint32_t v) { p->fpr[n] = v; }
static inline void wd_bits(struct cpu_priv *p, unsigned n, uint64_t v)
{
	p->fpr[n] = (uint32_t)v;
	p->fpr[n + 1] = (uint32_t)(v >> 32);
}
static inline float b2f(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static inline uint32_t f2b(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static inline double b2d(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static inline uint64_t d2b(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }

/* ---- NaNs (legacy MIPS encoding) --------------------------------------- */

static inline int nan_s(uint32_t b) { return (b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu); }
static inline int snan_s(uint32_t b) { return nan_s(b) && (b & 0x00400000u); }
static inline int nan_d(uint64_t b)
{
	return (b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0x000fffffffffffffull);
}
static inline int snan_d(uint64_t b) { return nan_d(b) && (b & 0x0008000000000000ull); }

/* NaN result of operands v[0..n-1], one of which is a NaN; sets *fl. */
static uint32_t pick_nan_s(const uint32_t *v, int n, unsigned *fl)
{
	for (int i = 0; i < n; i++)
		if (snan_s(v[i]))
			*fl |= FP_V;
	return DEFAULT_NAN_S;
}

static uint64_t pick_nan_d(const uint64_t *v, int n, unsigned *fl)
{
	for (int i = 0; i < n; i++)
		if (snan_d(v[i]))
			*fl |= FP_V;
	return DEFAULT_NAN_D;
}

/* ---- host flags ---------------------------------------------------------- */

static inline void clear_flags(void)
{
	feclearexcept(FE_ALL_EXCEPT);
}

static inline unsigned host_flags(void)
{
	int e = fetestexcept(FE_ALL_EXCEPT);
	unsigned f = 0;
	if (e & FE_INEXACT) f |= FP_I;
	if (e & FE_UNDERFLOW) f |= FP_U;
	if (e & FE_OVERFLOW) f |= FP_O;
	if (e & FE_DIVBYZERO) f |= FP_Z;
	if (e & FE_INVALID) f |= FP_V;
	return f;
}

/* Records cause fl; returns CPU_EXC_FPE if it is enabled (the result must
 * then not be written), else 0 with the flags accumulated. */
static uint32_t raise_flags(struct cpu_priv *p, unsigned fl)
{
	unsigned enables = ((p->fcsr >> FCSR_ENABLES_SHIFT) & 0x1f) | FP_E;
	p->fcsr = (p->fcsr & ~(0x3fu << FCSR_CAUSE_SHIFT)) | (fl << FCSR_CAUSE_SHIFT);
	if (fl & enables)
		return CPU_EXC_FPE;
	p->fcsr |= (fl & 0x1f) << FCSR_FLAGS_SHIFT;
	return 0;
}

/* ---- arithmetic ---------------------------------------------------------- */

enum arith { A_ADD, A_SUB, A_MUL, A_DIV, A_SQRT, A_RECIP, A_RSQRT };

static uint32_t arith_s(enum arith k, uint32_t a, uint32_t b, unsigned *fl)
{
	uint32_t in[2] = { a, b };
	int n = (k == A_SQRT || k == A_RECIP || k == A_RSQRT) ? 1 : 2;
	if (nan_s(a) || (n == 2 && nan_s(b)))
		return pick_nan_s(in, n, fl);
	volatile float r;
	float x = b2f(a), y = b2f(b);
	clear_flags();
	switch (k) {
	case A_ADD: r = x + y; break;
	case A_SUB: r = x - y; break;
	case A_MUL: r = x * y; break;
	case A_DIV: r = x / y; break;
	case A_SQRT: r = sqrtf(x); break;
	case A_RECIP: r = 1.0f / x; break;
	case A_RSQRT: { volatile float s = sqrtf(x); r = 1.0f / s; break; }
	default: r = 0; break;
	}
	*fl |= host_flags();
	float rr = r;
	return isnan(rr) ? DEFAULT_NAN_S : f2b(rr);
}

static uint64_t arith_d(enum arith k, uint64_t a, uint64_t b, unsigned *fl)
{
	uint64_t in[2] = { a, b };
	int n = (k == A_SQRT || k == A_RECIP || k == A_RSQRT) ? 1 : 2;
	if (nan_d(a) || (n == 2 && nan_d(b)))
		return pick_nan_d(in, n, fl);
	volatile double r;
	double x = b2d(a), y = b2d(b);
	clear_flags();
	switch (k) {
	case A_ADD: r = x + y; break;
	case A_SUB: r = x - y; break;
	case A_MUL: r = x * y; break;
	case A_DIV: r = x / y; break;
	case A_SQRT: r = sqrt(x); break;
	case A_RECIP: r = 1.0 / x; break;
	case A_RSQRT: { volatile double s = sqrt(x); r = 1.0 / s; break; }
	default: r = 0; break;
	}
	*fl |= host_flags();
	double rr = r;
	return isnan(rr) ? DEFAULT_NAN_D : d2b(rr);
}

/* ---- conversions ----------------------------------------------------------- */

enum rnd { R_CUR, R_NEAR, R_ZERO, R_UP, R_DOWN };

static double round_to(double x, enum rnd r)
{
	switch (r) {
	case R_NEAR: return roundeven(x);
	case R_ZERO: return trunc(x);
	case R_UP: return ceil(x);
	case R_DOWN: return floor(x);
	default: return nearbyint(x);
	}
}

/* x (a float or double value widened exactly to double; nan set if it was
 * a NaN) to int32 or int64 with rounding r. */
static uint64_t to_int(double x, int isnan_, int bits, enum rnd r, unsigned *fl)
{
	uint64_t ovf = bits == 32 ? 0x7fffffffu : 0x7fffffffffffffffull;
	if (isnan_ || isinf(x)) {
		*fl |= FP_V;
		return ovf;
	}
	double y = round_to(x, r);
	int inexact = y != x;
	if (bits == 32) {
		if (!(y >= -2147483648.0 && y <= 2147483647.0)) {
			*fl |= FP_V;
			return ovf;
		}
		if (inexact)
			*fl |= FP_I;
		return (uint32_t)(int32_t)y;
	}
	if (!(y >= -9223372036854775808.0 && y < 9223372036854775808.0)) {
		*fl |= FP_V;
		return ovf;
	}
	if (inexact)
		*fl |= FP_I;
	return (uint64_t)(int64_t)y;
}

static uint32_t d_to_s(uint64_t a, unsigned *fl)
{
	if (nan_d(a)) {
		if (snan_d(a))
			*fl |= FP_V;
		return DEFAULT_NAN_S;
	}
	clear_flags();
	volatile float r = (float)b2d(a);
	*fl |= host_flags();
	return f2b(r);
}

static uint64_t s_to_d(uint32_t a, unsigned *fl)
{
	if (nan_s(a)) {
		if (snan_s(a))
			*fl |= FP_V;
		return DEFAULT_NAN_D;
	}
	return d2b((double)b2f(a)); /* exact */
}

static uint32_t i_to_s(int64_t v, unsigned *fl)
{
	clear_flags();
	volatile float r = (float)v;
	*fl |= host_flags();
	return f2b(r);
}

static uint64_t i_to_d(int64_t v, unsigned *fl)
{
	clear_flags();
	volatile double r = (double)v;
	*fl |= host_flags();
	return d2b(r);
}

/* ---- compare ---------------------------------------------------------------- */

static int compare(int un, int lt, int eq, unsigned cond, int any_snan, unsigned *fl)
{
	if (any_snan || (un && (cond & 8)))
		*fl |= FP_V;
	return ((cond & 4) && lt) || ((cond & 2) && eq) || ((cond & 1) && un);
}

/* ---- the dispatcher ---------------------------------------------------------- */

uint32_t fpu_exec(cpu *c, uint32_t op, uint32_t w)
{
	struct cpu_priv *p = c->priv;
	unsigned ft = (w >> 16) & 31, fs = (w >> 11) & 31, fd = (w >> 6) & 31, fr = (w >> 21) & 31;
	unsigned fl = 0;
	int is_d = 0;      /* the destination is a double (pair) */
	uint64_t res = 0;  /* the result, written if no enabled exception */
	int write = 1;     /* 0: no register result */
	int update = 1;    /* 1: an arithmetic op updating FCSR.Cause */

#define NEED_EVEN(r) do { if ((r) & 1) return CPU_EXC_RI; } while (0)
	switch (op) {
	case ISA_ADD_S: case ISA_SUB_S: case ISA_MULF_S: case ISA_DIVF_S:
		res = arith_s((enum arith)(op == ISA_ADD_S ? A_ADD : op == ISA_SUB_S ? A_SUB :
		                           op == ISA_MULF_S ? A_MUL : A_DIV),
		              rs_bits(p, fs), rs_bits(p, ft), &fl);
		break;
	case ISA_ADD_D: case ISA_SUB_D: case ISA_MULF_D: case ISA_DIVF_D:
		NEED_EVEN(fd | fs | ft);
		is_d = 1;
		res = arith_d((enum arith)(op == ISA_ADD_D ? A_ADD : op == ISA_SUB_D ? A_SUB :
		                           op == ISA_MULF_D ? A_MUL : A_DIV),
		              rd_bits(p, fs), rd_bits(p, ft), &fl);
		break;
	case ISA_SQRT_S: case ISA_RECIP_S: case ISA_RSQRT_S:
		res = arith_s(op == ISA_SQRT_S ? A_SQRT : op == ISA_RECIP_S ? A_RECIP : A_RSQRT,
		              rs_bits(p, fs), 0, &fl);
		break;
	case ISA_SQRT_D: case ISA_RECIP_D: case ISA_RSQRT_D:
		NEED_EVEN(fd | fs);
		is_d = 1;
		res = arith_d(op == ISA_SQRT_D ? A_SQRT : op == ISA_RECIP_D ? A_RECIP : A_RSQRT,
		              rd_bits(p, fs), 0, &fl);
		break;
	case ISA_MADD_S: case ISA_MSUB_S: case ISA_NMADD_S: case ISA_NMSUB_S: {
		uint32_t t = arith_s(A_MUL, rs_bits(p, fs), rs_bits(p, ft), &fl);
		int sub = op == ISA_MSUB_S || op == ISA_NMSUB_S;
		uint32_t r = arith_s(sub ? A_SUB : A_ADD, t, rs_bits(p, fr), &fl);
		if (op == ISA_NMADD_S || op == ISA_NMSUB_S)
			r ^= 0x80000000u;
		res = r;
		break; }
	case ISA_MADD_D: case ISA_MSUB_D: case ISA_NMADD_D: case ISA_NMSUB_D: {
		NEED_EVEN(fd | fs | ft | fr);
		is_d = 1;
		uint64_t t = arith_d(A_MUL, rd_bits(p, fs), rd_bits(p, ft), &fl);
		int sub = op == ISA_MSUB_D || op == ISA_NMSUB_D;
		uint64_t r = arith_d(sub ? A_SUB : A_ADD, t, rd_bits(p, fr), &fl);
		if (op == ISA_NMADD_D || op == ISA_NMSUB_D)
			r ^= 0x8000000000000000ull;
		res = r;
		break; }

	/* bit operations: no cause update */
	case ISA_ABS_S: update = 0; res = rs_bits(p, fs) & 0x7fffffffu; break;
	case ISA_NEG_S: update = 0; res = rs_bits(p, fs) ^ 0x80000000u; break;
	case ISA_MOV_S: update = 0; res = rs_bits(p, fs); break;
	case ISA_ABS_D: NEED_EVEN(fd | fs); update = 0; is_d = 1;
		res = rd_bits(p, fs) & 0x7fffffffffffffffull; break;
	case ISA_NEG_D: NEED_EVEN(fd | fs); update = 0; is_d = 1;
		res = rd_bits(p, fs) ^ 0x8000000000000000ull; break;
	case ISA_MOV_D: NEED_EVEN(fd | fs); update = 0; is_d = 1; res = rd_bits(p, fs); break;

	/* conditional moves */
	case ISA_MOVF_S: case ISA_MOVT_S: case ISA_MOVF_D: case ISA_MOVT_D: {
		update = 0;
		is_d = op == ISA_MOVF_D || op == ISA_MOVT_D;
		if (is_d)
			NEED_EVEN(fd | fs);
		unsigned cc = (p->fcsr >> fcc_bit((w >> 18) & 7)) & 1;
		unsigned want = (w >> 16) & 1;
		if (cc != want)
			return 0;
		res = is_d ? rd_bits(p, fs) : rs_bits(p, fs);
		break; }
	case ISA_MOVZF_S: case ISA_MOVNF_S: case ISA_MOVZF_D: case ISA_MOVNF_D: {
		update = 0;
		is_d = op == ISA_MOVZF_D || op == ISA_MOVNF_D;
		if (is_d)
			NEED_EVEN(fd | fs);
		int z = c->r[ft] == 0;
		if ((op == ISA_MOVZF_S || op == ISA_MOVZF_D) != z)
			return 0;
		res = is_d ? rd_bits(p, fs) : rs_bits(p, fs);
		break; }

	/* conversions */
	case ISA_CVT_S_D: NEED_EVEN(fs); res = d_to_s(rd_bits(p, fs), &fl); break;
	case ISA_CVT_S_W: res = i_to_s((int32_t)rs_bits(p, fs), &fl); break;
	case ISA_CVT_S_L: NEED_EVEN(fs); res = i_to_s((int64_t)rd_bits(p, fs), &fl); break;
	case ISA_CVT_D_S: NEED_EVEN(fd); is_d = 1; res = s_to_d(rs_bits(p, fs), &fl); break;
	case ISA_CVT_D_W: NEED_EVEN(fd); is_d = 1; res = i_to_d((int32_t)rs_bits(p, fs), &fl); break;
	case ISA_CVT_D_L: NEED_EVEN(fd | fs); is_d = 1; res = i_to_d((int64_t)rd_bits(p, fs), &fl); break;

	case ISA_CVT_W_S: case ISA_ROUND_W_S: case ISA_TRUNC_W_S: case ISA_CEIL_W_S: case ISA_FLOOR_W_S:
	case ISA_CVT_L_S: case ISA_ROUND_L_S: case ISA_TRUNC_L_S: case ISA_CEIL_L_S: case ISA_FLOOR_L_S:
	case ISA_CVT_W_D: case ISA_ROUND_W_D: case ISA_TRUNC_W_D: case ISA_CEIL_W_D: case ISA_FLOOR_W_D:
	case ISA_CVT_L_D: case ISA_ROUND_L_D: case ISA_TRUNC_L_D: case ISA_CEIL_L_D: case ISA_FLOOR_L_D: {
		enum rnd r;
		int bits, src_d;
		switch (op) {
		case ISA_CVT_W_S: r = R_CUR; bits = 32; src_d = 0; break;
		case ISA_ROUND_W_S: r = R_NEAR; bits = 32; src_d = 0; break;
		case ISA_TRUNC_W_S: r = R_ZERO; bits = 32; src_d = 0; break;
		case ISA_CEIL_W_S: r = R_UP; bits = 32; src_d = 0; break;
		case ISA_FLOOR_W_S: r = R_DOWN; bits = 32; src_d = 0; break;
		case ISA_CVT_L_S: r = R_CUR; bits = 64; src_d = 0; break;
		case ISA_ROUND_L_S: r = R_NEAR; bits = 64; src_d = 0; break;
		case ISA_TRUNC_L_S: r = R_ZERO; bits = 64; src_d = 0; break;
		case ISA_CEIL_L_S: r = R_UP; bits = 64; src_d = 0; break;
		case ISA_FLOOR_L_S: r = R_DOWN; bits = 64; src_d = 0; break;
		case ISA_CVT_W_D: r = R_CUR; bits = 32; src_d = 1; break;
		case ISA_ROUND_W_D: r = R_NEAR; bits = 32; src_d = 1; break;
		case ISA_TRUNC_W_D: r = R_ZERO; bits = 32; src_d = 1; break;
		case ISA_CEIL_W_D: r = R_UP; bits = 32; src_d = 1; break;
		case ISA_FLOOR_W_D: r = R_DOWN; bits = 32; src_d = 1; break;
		case ISA_CVT_L_D: r = R_CUR; bits = 64; src_d = 1; break;
		case ISA_ROUND_L_D: r = R_NEAR; bits = 64; src_d = 1; break;
		case ISA_TRUNC_L_D: r = R_ZERO; bits = 64; src_d = 1; break;
		case ISA_CEIL_L_D: r = R_UP; bits = 64; src_d = 1; break;
		default: r = R_DOWN; bits = 64; src_d = 1; break;
		}
		if (src_d)
			NEED_EVEN(fs);
		if (bits == 64)
			NEED_EVEN(fd);
		is_d = bits == 64;
		double x;
		int isn;
		if (src_d) {
			uint64_t b = rd_bits(p, fs);
			isn = nan_d(b);
			x = b2d(b);
		} else {
			uint32_t b = rs_bits(p, fs);
			isn = nan_s(b);
			x = b2f(b);
		}
		res = to_int(x, isn, bits, r, &fl);
		break; }

	case ISA_C_S: case ISA_C_D: {
		unsigned cond = w & 15, cc = (w >> 8) & 7;
		int un, lt, eq, sn;
		write = 0;
		if (op == ISA_C_S) {
			uint32_t a = rs_bits(p, fs), b = rs_bits(p, ft);
			un = nan_s(a) || nan_s(b);
			sn = snan_s(a) || snan_s(b);
			lt = !un && b2f(a) < b2f(b);
			eq = !un && b2f(a) == b2f(b);
		} else {
			NEED_EVEN(fs | ft);
			uint64_t a = rd_bits(p, fs), b = rd_bits(p, ft);
			un = nan_d(a) || nan_d(b);
			sn = snan_d(a) || snan_d(b);
			lt = !un && b2d(a) < b2d(b);
			eq = !un && b2d(a) == b2d(b);
		}
		int t = compare(un, lt, eq, cond, sn, &fl);
		uint32_t e = raise_flags(p, fl);
		if (e)
			return e;
		if (t)
			p->fcsr |= 1u << fcc_bit(cc);
		else
			p->fcsr &= ~(1u << fcc_bit(cc));
		return 0; }

	default:
		return CPU_EXC_RI;
	}
#undef NEED_EVEN

	if (update) {
		uint32_t e = raise_flags(p, fl);
		if (e)
			return e;
	}
	if (write) {
		if (is_d)
			wd_bits(p, fd, res);
		else
			ws_bits(p, fd, (uint32_t)res);
	}
	return 0;
}

/* ---- control registers ------------------------------------------------------ */

int fpu_cfc1(const cpu *c, unsigned reg, uint32_t *v)
{
	uint32_t f = c->priv->fcsr;
	switch (reg) {
	case 0: *v = CPU_FIR; return 0;
	case 25: *v = ((f >> 24) & 0xfe) | ((f >> 23) & 1); return 0;  /* FCCR */
	case 26: *v = f & 0x0003f07cu; return 0;                       /* FEXR */
	case 28: *v = (f & 0x00000f83u) | ((f >> 22) & 4); return 0;   /* FENR */
	case 31: *v = f; return 0;
	default: return -1;
	}
}

uint32_t fpu_ctc1(cpu *c, unsigned reg, uint32_t v)
{
	struct cpu_priv *p = c->priv;
	uint32_t f = p->fcsr;
	switch (reg) {
	case 25: /* FCCR: fcc7..1 -> bits 31..25, fcc0 -> bit 23 */
		if (v & 0xffffff00u)
			return 0;
		f = (f & 0x017fffffu) | ((v & 0xfe) << 24) | ((v & 1) << 23);
		break;
	case 26: /* FEXR: cause and flags */
		if (v & 0xfffc0f83u)
			return 0;
		f = (f & 0xfffc0f83u) | (v & 0x0003f07cu);
		break;
	case 28: /* FENR: enables, FS, RM */
		if (v & 0xfffff07bu)
			return 0;
		f = (f & 0xfefff07cu) | (v & 0x00000f83u) | ((v & 4) << 22);
		break;
	case 31:
		f = (v & FCSR_RW_MASK) | (f & ~FCSR_RW_MASK);
		break;
	default:
		return CPU_EXC_RI;
	}
	p->fcsr = f;
	fesetround(host_modes[f & FCSR_RM]);
	unsigned cause = (f >> FCSR_CAUSE_SHIFT) & 0x3f;
	unsigned enables = ((f >> FCSR_ENABLES_SHIFT) & 0x1f) | FP_E;
	return (cause & enables) ? CPU_EXC_FPE : 0;
}
