/* bit operations: clz, ctz, popcount, bswap, rotates, bit fields, ext/ins patterns */
#include <stdio.h>
#include <stdint.h>
struct bf { unsigned a : 3, b : 7, c : 13, d : 9; };
static volatile uint32_t vals[] = {0, 1, 2, 0x80000000u, 0x7fffffffu, 0xdeadbeefu, 0x00f0f000u, 0x12345678u, 0xffffffffu};
int main(void)
{
	for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		uint32_t v = vals[i];
		printf("%08x clz %d ctz %d pop %d par %d bswap %08x bswap16 %04x rotl %08x rotr %08x clrsb %d\n", v,
		       v ? __builtin_clz(v) : 32, v ? __builtin_ctz(v) : 32, __builtin_popcount(v), __builtin_parity(v),
		       __builtin_bswap32(v), __builtin_bswap16((uint16_t)v), (v << 5) | (v >> 27), (v >> 9) | (v << 23),
		       __builtin_clrsb((int)v));
		printf("  ext %x %x ins %08x sext %d %d\n", (v >> 4) & 0x1ff, (v >> 13) & 0xff, (v & ~0x3fc0u) | ((v & 0xff) << 6),
		       (int8_t)v, (int16_t)v);
		uint64_t w = (uint64_t)v << 32 | ~v;
		printf("  64: clz %d ctz %d pop %d bswap %016llx\n", w ? __builtin_clzll(w) : 64, w ? __builtin_ctzll(w) : 64,
		       __builtin_popcountll(w), (unsigned long long)__builtin_bswap64(w));
	}
	struct bf b = {5, 100, 8000, 300};
	for (int i = 0; i < 10; i++) {
		b.a += 3; b.b ^= (unsigned)i * 13; b.c -= 777; b.d += b.a;
		printf("%u %u %u %u\n", b.a, b.b, b.c, b.d);
	}
	return 0;
}
