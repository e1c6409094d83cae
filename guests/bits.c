/* bits: the MIPS32r2 bit and multiply instructions through inline asm
 * (ext, ins, wsbh, seb, seh, rotr, rotrv, clz, clo, madd(u), msub(u),
 * mul, movn, movz, ll/sc, rdhwr $29 is not used: no TLS set up), with
 * results folded and printed; compared with qemu. */
#include "rt.h"

static volatile u32 in[] = { 0, 1, 0x80000000u, 0x7fffffffu, 0xffffffffu, 0x12345678u, 0xdeadbeefu,
                             0x00ff00ffu, 0x8000ffffu, 0x55aa55aau };
#define NIN (sizeof(in) / sizeof(in[0]))

static u32 h(u32 s, u32 v) { return (s ^ v) * 0x01000193u + (v >> 7); }

int main(void)
{
	u32 s = 0x811c9dc5u;
	for (unsigned i = 0; i < NIN; i++) {
		u32 a = in[i], r;
		__asm__("ext %0, %1, 3, 9" : "=r"(r) : "r"(a)); s = h(s, r);
		__asm__("ext %0, %1, 0, 32" : "=r"(r) : "r"(a)); s = h(s, r);
		__asm__("ext %0, %1, 31, 1" : "=r"(r) : "r"(a)); s = h(s, r);
		r = 0xa5a5a5a5u; __asm__("ins %0, %1, 4, 12" : "+r"(r) : "r"(a)); s = h(s, r);
		r = 0x5a5a5a5au; __asm__("ins %0, %1, 0, 32" : "+r"(r) : "r"(a)); s = h(s, r);
		__asm__("wsbh %0, %1" : "=r"(r) : "r"(a)); s = h(s, r);
		__asm__("seb %0, %1" : "=r"(r) : "r"(a)); s = h(s, r);
		__asm__("seh %0, %1" : "=r"(r) : "r"(a)); s = h(s, r);
		__asm__("rotr %0, %1, 13" : "=r"(r) : "r"(a)); s = h(s, r);
		__asm__("clz %0, %1" : "=r"(r) : "r"(a)); s = h(s, r);
		__asm__("clo %0, %1" : "=r"(r) : "r"(a)); s = h(s, r);
		for (unsigned j = 0; j < NIN; j++) {
			u32 b = in[j], hi, lo;
			__asm__("rotrv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); s = h(s, r);
			__asm__("mul %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); s = h(s, r);
			__asm__("mthi %2\n\tmtlo %3\n\tmadd %4, %5\n\tmfhi %0\n\tmflo %1"
			        : "=r"(hi), "=r"(lo) : "r"(a), "r"(b), "r"(a), "r"(b) : "hi", "lo");
			s = h(h(s, hi), lo);
			__asm__("mthi %2\n\tmtlo %3\n\tmaddu %4, %5\n\tmfhi %0\n\tmflo %1"
			        : "=r"(hi), "=r"(lo) : "r"(b), "r"(a), "r"(a), "r"(b) : "hi", "lo");
			s = h(h(s, hi), lo);
			__asm__("mthi %2\n\tmtlo %3\n\tmsub %4, %5\n\tmfhi %0\n\tmflo %1"
			        : "=r"(hi), "=r"(lo) : "r"(a), "r"(b), "r"(a), "r"(b) : "hi", "lo");
			s = h(h(s, hi), lo);
			__asm__("mthi %2\n\tmtlo %3\n\tmsubu %4, %5\n\tmfhi %0\n\tmflo %1"
			        : "=r"(hi), "=r"(lo) : "r"(b), "r"(a), "r"(a), "r"(b) : "hi", "lo");
			s = h(h(s, hi), lo);
			r = a; __asm__("movn %0, %1, %2" : "+r"(r) : "r"(b), "r"(a & 2)); s = h(s, r);
			r = a; __asm__("movz %0, %1, %2" : "+r"(r) : "r"(b), "r"(a & 2)); s = h(s, r);
			if (b != 0) {
				__asm__("divu $0, %2, %3\n\tmfhi %0\n\tmflo %1" : "=r"(hi), "=r"(lo) : "r"(a), "r"(b) : "hi", "lo");
				s = h(h(s, hi), lo);
			}
			__asm__("sltu %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); s = h(s, r);
			__asm__("slt %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); s = h(s, r);
		}
	}
	static volatile u32 cell = 5;
	u32 t, ok;
	for (int k = 0; k < 100; k++) {
		__asm__ volatile("1: ll %0, %2\n\taddiu %0, %0, 3\n\tsc %0, %2\n\tbeqz %0, 1b\n\tnop\n\tli %1, 1"
		                 : "=&r"(t), "=r"(ok), "+m"(cell));
		s = h(s, cell + ok);
	}
	put_kv("bits", s);
	put_kv("cell", cell);
	return 0;
}
