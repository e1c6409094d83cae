/* arguments, the auxiliary vector, identity that does not depend on the host */
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = '%s'\n", i, argv[i]);
	printf("pagesz %lu phent %lu clktck %lu secure %lu random %d\n", getauxval(AT_PAGESZ), getauxval(AT_PHENT),
	       getauxval(AT_CLKTCK), getauxval(AT_SECURE), getauxval(AT_RANDOM) != 0);
	struct utsname u;
	uname(&u);
	printf("sysname %s\n", u.sysname);
	printf("missing env %d\n", getenv("VMMSIM_SURELY_UNSET") == NULL);
	return argc;
}
