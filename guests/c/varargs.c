/* variadic functions with mixed int, long long and double arguments */
#include <stdio.h>
#include <stdarg.h>
static double mix(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	double acc = 0;
	for (const char *p = fmt; *p; p++) {
		switch (*p) {
		case 'i': acc += va_arg(ap, int); break;
		case 'l': acc += (double)va_arg(ap, long long); break;
		case 'd': acc += va_arg(ap, double); break;
		case 's': acc += (double)va_arg(ap, const char *)[0]; break;
		}
	}
	va_end(ap);
	return acc;
}
static int vsum(int n, ...)
{
	va_list ap, ap2;
	va_start(ap, n);
	va_copy(ap2, ap);
	int s = 0;
	for (int i = 0; i < n; i++) s += va_arg(ap, int);
	for (int i = 0; i < n; i++) s += va_arg(ap2, int) * i;
	va_end(ap2);
	va_end(ap);
	return s;
}
static void logf_(const char *fmt, ...) { va_list ap; va_start(ap, fmt); char b[128]; vsnprintf(b, sizeof b, fmt, ap); va_end(ap); printf("log: %s\n", b); }
int main(void)
{
	printf("%.6f\n", mix("idlids", 1, 2.5, 10000000000LL, 7, "A", -0.25));
	printf("%.6f\n", mix("ddddddddii", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9, 10));
	printf("%d\n", vsum(10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
	logf_("%s=%d %.2f %lld", "x", 5, 2.5, -9LL);
	return 0;
}
