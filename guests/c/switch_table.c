/* dense switch (jump tables), function pointer tables, computed dispatch */
#include <stdio.h>
static int op(int code, int x)
{
	switch (code) {
	case 0: return x + 1;
	case 1: return x * 3;
	case 2: return x - 7;
	case 3: return x ^ 0x55;
	case 4: return x << 2;
	case 5: return x >> 1;
	case 6: return -x;
	case 7: return x | 0x100;
	case 8: return x & 0xfff;
	case 9: return x % 1000;
	case 10: return x / 3;
	case 11: return ~x;
	case 12: return x * x;
	case 13: return x + 1000;
	case 14: return x - 1000;
	case 15: return 42;
	default: return x;
	}
}
static const char *name(int c)
{
	switch (c) {
	case 'a': return "alpha"; case 'b': return "bravo"; case 'c': return "charlie"; case 'd': return "delta";
	case 'e': return "echo"; case 'f': return "foxtrot"; case 'g': return "golf"; case 'h': return "hotel";
	case 'i': return "india"; case 'j': return "juliet"; default: return "?";
	}
}
static int f0(int x) { return x + 3; }
static int f1(int x) { return x * 5; }
static int f2(int x) { return x - 11; }
static int f3(int x) { return x / 2; }
static int (*const tab[])(int) = {f0, f1, f2, f3};
int main(void)
{
	int x = 1;
	unsigned long h = 0;
	for (int i = 0; i < 100000; i++) {
		x = op((i * 7 + x) & 31, x);
		x = tab[(unsigned)x & 3](x);
		h = h * 31 + (unsigned)x;
	}
	printf("%d %lu\n", x, h);
	for (int c = 'a'; c <= 'k'; c++)
		printf("%s ", name(c));
	printf("\n");
	return 0;
}
