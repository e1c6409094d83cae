/* exit status from exit() after atexit handlers and buffered output */
#include <stdio.h>
#include <stdlib.h>
static void bye(void) { printf("atexit handler\n"); }
int main(int argc, char **argv)
{
	atexit(bye);
	printf("exiting with %d", 42 + argc - 1);
	exit(42 + argc - 1);
}
