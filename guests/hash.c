/* hash: FNV-1a and a murmur-style mix over a buffer, many rounds (the CPU
 * speed benchmark raises ROUNDS). */
#include "rt.h"

#ifndef ROUNDS
#define ROUNDS 3
#endif

static unsigned char buf[8192];

int main(void)
{
	u32 h = 2166136261u, m = 0;
	for (int i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 131 + (i >> 5));
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < (int)sizeof(buf); i++) {
			h ^= buf[i];
			h *= 16777619u;
		}
		const u32 *w = (const u32 *)buf;
		for (int i = 0; i < (int)(sizeof(buf) / 4); i++) {
			u32 k = w[i] * 0xcc9e2d51u;
			k = (k << 15) | (k >> 17);
			m ^= k * 0x1b873593u;
			m = ((m << 13) | (m >> 19)) * 5 + 0xe6546b64u;
		}
		buf[r % sizeof(buf)] ^= (unsigned char)h;
	}
	put_kv("fnv", h);
	put_kv("murmur", m);
	return 0;
}
