/* arith: 32- and 64-bit integer arithmetic, shifts, division, bit tricks. */
#include "rt.h"

static volatile u32 seed = 12345;

static u32 rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed;
}

int main(void)
{
	u32 acc = 0;
	u64 acc64 = 0;
	for (int i = 0; i < 500; i++) {
		u32 a = rnd(), b = rnd() | 1;
		int sa = (int)a, sb = (int)b;
		acc += a / b + a % b;
		acc ^= (u32)(sa / sb) + (u32)(sa % sb);
		acc += (a << (b & 31)) | (a >> (32 - (b & 31) % 32));
		acc += (u32)(sa >> (b & 31));
		u64 x = ((u64)a << 32) | b, y = ((u64)b << 17) + a + 1;
		acc64 += x * y;
		acc64 ^= x / y + x % y;
		acc64 += (u64)((long long)x >> (a & 63));
		acc64 += (u64)((long long)x / ((long long)y | 1));
		acc += (u32)__builtin_clz(a | 1) + (u32)__builtin_popcount(b);
		acc += a > b ? 1 : 0;
		acc += sa < sb ? 2 : 0;
		acc += (u32)((long long)sa * sb >> 32);
		acc += (u32)(((u64)a * b) >> 32);
	}
	put_kv("acc", acc);
	put_kv("acc64.hi", (u32)(acc64 >> 32));
	put_kv("acc64.lo", (u32)acc64);
	put("neg ");
	put_dec(-1234567890123LL);
	put("\n");
	return (int)(acc & 0x7f);
}
