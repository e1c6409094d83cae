/* 64-bit arithmetic on a 32-bit machine (libgcc helpers, mult/multu, carries) */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
static volatile int64_t v[] = {0, 1, -1, 3, -3, 1000000007LL, -999999999999LL, INT64_MAX, INT64_MIN,
                               0x123456789abcdefLL, (int64_t)0xfedcba9876543210ULL};
int main(void)
{
	unsigned n = sizeof v / sizeof v[0];
	uint64_t h = 1469598103934665603ULL;
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < n; j++) {
			int64_t a = v[i], b = v[j];
			uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
			int64_t q = 0, r = 0;
			if (b && !(a == INT64_MIN && b == -1)) { q = a / b; r = a % b; }
			uint64_t uq = ub ? ua / ub : 0, ur = ub ? ua % ub : 0;
			printf("%" PRId64 " %" PRId64 " %" PRIx64 " %" PRId64 " %" PRId64 " %" PRIu64 " %" PRIu64 " %" PRIx64 " %" PRId64 "\n",
			       (int64_t)(ua + ub), (int64_t)(ua - ub), ua * ub, q, r, uq, ur, ua << (ub & 63), a >> (ub & 63));
			h = (h ^ ua * 31 ^ ub) * 1099511628211ULL;
		}
	printf("hash %016" PRIx64 " %lld %llu\n", h, (long long)(h >> 3), (unsigned long long)h % 1000003);
	return 0;
}
