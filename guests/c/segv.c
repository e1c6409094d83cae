/* a store through a null pointer: SIGSEGV (139) */
#include <stdio.h>
static int *volatile np;
int main(void)
{
	printf("storing\n");
	fflush(stdout);
	*np = 5;
	return 0;
}
