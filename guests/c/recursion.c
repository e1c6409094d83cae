/* recursion: fibonacci, ackermann, deep recursion (stack growth), mutual recursion */
#include <stdio.h>
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int ack(int m, int n) { return m == 0 ? n + 1 : n == 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, n - 1)); }
static long deep(long n, volatile char *prev)
{
	volatile char pad[256];
	pad[0] = (char)n;
	pad[255] = prev ? prev[0] : 0;
	return n == 0 ? pad[0] : deep(n - 1, pad) + pad[255];
}
static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static void hanoi(int n, int a, int b, int c, long *moves) { if (n) { hanoi(n - 1, a, c, b, moves); (*moves)++; hanoi(n - 1, c, b, a, moves); } }
int main(void)
{
	printf("fib(27) = %d\n", fib(27));
	printf("ack(2,300) = %d ack(3,6) = %d\n", ack(2, 300), ack(3, 6));
	printf("deep = %ld\n", deep(20000, 0));
	printf("even(10001) = %d\n", is_even(10001));
	long m = 0;
	hanoi(18, 1, 2, 3, &m);
	printf("hanoi moves %ld\n", m);
	return 0;
}
