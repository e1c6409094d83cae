/* hello: output and exit status. */
#include "rt.h"

int main(void)
{
	put("hello from a freestanding guest\n");
	return 3;
}
