/* setjmp/longjmp, nested and across frames */
#include <stdio.h>
#include <setjmp.h>
static jmp_buf env, env2;
static int depth;
static void dive(int n)
{
	volatile double x = n * 1.5;
	if (n == 0)
		longjmp(env, 7);
	depth++;
	dive(n - 1);
	printf("never %f\n", x);
}
static int inner(void)
{
	int r = setjmp(env2);
	if (r == 0)
		longjmp(env2, 0);
	return r;
}
int main(void)
{
	volatile int count = 0;
	volatile double f = 1.25;
	int r = setjmp(env);
	count++;
	f *= 2;
	if (count < 5)
		longjmp(env, count);
	printf("r=%d count=%d f=%g\n", r, count, f);
	r = setjmp(env);
	if (!r)
		dive(100);
	printf("after dive r=%d depth=%d\n", r, depth);
	printf("inner %d\n", inner());
	sigjmp_buf sj;
	if (!sigsetjmp(sj, 1))
		siglongjmp(sj, 3);
	printf("sigsetjmp ok\n");
	return 0;
}
