/* switch: jump tables, indirect calls, recursion (fib, ackermann). */
#include "rt.h"

static int op(int k, int x)
{
	switch (k & 15) {
	case 0: return x + 1;
	case 1: return x * 3;
	case 2: return x - 7;
	case 3: return x ^ 0x55;
	case 4: return x << 2;
	case 5: return x >> 1;
	case 6: return ~x;
	case 7: return x * x;
	case 8: return x / 3;
	case 9: return x % 11;
	case 10: return x | 0x100;
	case 11: return x & 0xfff;
	default: return x + k;
	}
}

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int ack(int m, int n)
{
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
static int (*const fns[2])(int) = { twice, square };

int main(void)
{
	int x = 1;
	for (int i = 0; i < 5000; i++)
		x = op(i * 7 + (x & 3), x);
	put_kv("x", (u32)x);
	put_kv("fib", (u32)fib(20));
	put_kv("ack", (u32)ack(2, 9));
	u32 s = 0;
	for (int i = 0; i < 100; i++)
		s += (u32)fns[i & 1](i);
	put_kv("fns", s);
	return fib(10);
}
