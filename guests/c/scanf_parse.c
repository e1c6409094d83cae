/* sscanf and strtok parsing of numbers and words */
#include <stdio.h>
int main(void)
{
	const char *in[] = {"12 34.5 hello 0x1f", "-7 -0.125 world 077", "2147483647 1e10 x 0", "  3   4   y 12"};
	for (int i = 0; i < 4; i++) {
		int a, c; double b; char w[32];
		int n = sscanf(in[i], "%d %lf %31s %i", &a, &b, w, &c);
		printf("%d: %d %.6g %s %d\n", n, a, b, w, c);
	}
	unsigned h, m, s;
	char mon[8];
	if (sscanf("12:34:56 Mar", "%u:%u:%u %7s", &h, &m, &s, mon) == 4)
		printf("%u %u %u %s\n", h, m, s, mon);
	char a[10], b[10];
	int k = sscanf("key=value;rest", "%9[^=]=%9[^;]", a, b);
	printf("%d %s %s\n", k, a, b);
	long long ll; unsigned long long ull;
	sscanf("-9223372036854775807 18446744073709551615", "%lld %llu", &ll, &ull);
	printf("%lld %llu\n", ll, ull);
	return 0;
}
