/* integer division by zero: the compiler's teq ...,7 trap -> SIGFPE (136) */
#include <stdio.h>
static volatile int zero;
int main(void)
{
	printf("dividing\n");
	fflush(stdout);
	return 10 / zero;
}
