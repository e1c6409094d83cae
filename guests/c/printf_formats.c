/* printf of every format */
#include <stdio.h>
#include <stdint.h>
#include <stddef.h>
#include <wchar.h>
static const char *s = "hello";
static int anchor;
int main(void)
{
	int n1 = 0, n2 = 0;
	printf("[%d] [%i] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%*d] [%-*d]%n\n", 42, -42, 42, 42, 42, 42, 42, 7, 6, 9, 6, 9, &n1);
	printf("[%u] [%o] [%#o] [%x] [%#x] [%X] [%#X] [%08x] [%hhd] [%hd] [%hhu] [%hu]\n", 4000000000u, 511, 511, 0xbeef, 0xbeef,
	       0xbeef, 0xbeef, 0xbeef, 300, 70000, 300, 70000);
	printf("[%ld] [%lu] [%lld] [%llu] [%llx] [%zu] [%zd] [%jd] [%td]\n", -123456789L, 123456789UL, -1234567890123LL,
	       18446744073709551615ULL, 0x123456789abcULL, (size_t)99, (ssize_t)-99, (intmax_t)-77, (ptrdiff_t)-5);
	printf("[%c] [%5c] [%-5c] [%s] [%10s] [%-10s] [%.2s] [%%]%n\n", 'x', 'y', 'z', s, s, s, s, &n2);
	printf("n1=%d n2=%d\n", n1, n2);
	double v[] = {0.0, -0.0, 1.0, 0.1, 123.456, -9.875e-7, 1e100, 6.02214076e23, 1.0 / 3};
	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
		printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%+e] [%.3E] [%g] [%G] [%#g] [%.10g] [%a] [%A] [%F]\n", v[i], v[i], v[i],
		       v[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i]);
	printf("[%f] [%e] [%g] [%F]\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0 < 1 ? 0.0 : __builtin_nan(""), __builtin_inf());
	printf("[%p] [%p]\n", (void *)0, (void *)&anchor == NULL ? (void *)1 : (void *)0x1234);
	printf("[%ls] [%lc]\n", L"wide", (wint_t)L'w');
	char buf[16];
	int r = snprintf(buf, sizeof buf, "%s-%d-%s", "truncated", 12345, "string");
	printf("%d [%s]\n", r, buf);
	printf("%5.1s|%-3.0s|%.0d|%#.0o|%#.0x\n", "abc", "abc", 0, 0, 0);
	return 0;
}
