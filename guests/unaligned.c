/* unaligned: packed structures (lwl/lwr/swl/swr), byte and halfword
 * access, memmove over overlapping ranges. */
#include "rt.h"

struct __attribute__((packed)) rec {
	unsigned char tag;
	u32 a;
	unsigned short b;
	u64 c;
	int d;
};

static struct rec recs[64];
static unsigned char raw[300];

int main(void)
{
	u32 s = 0;
	for (int i = 0; i < 64; i++) {
		recs[i].tag = (unsigned char)i;
		recs[i].a = 0x01020304u * (u32)i + 7;
		recs[i].b = (unsigned short)(i * 1000);
		recs[i].c = 0x1122334455667788ull * (u64)(i + 1);
		recs[i].d = -i * 77;
	}
	for (int i = 0; i < 64; i++)
		s += recs[i].a + recs[i].b + (u32)recs[i].c + (u32)(recs[i].c >> 32) + (u32)recs[i].d + recs[i].tag;
	for (int i = 0; i < 300; i++)
		raw[i] = (unsigned char)(i ^ 0x5a);
	for (int off = 0; off < 8; off++) {
		u32 v;
		memcpy(&v, raw + 13 + off, 4);
		s = s * 31 + v;
		struct rec *r = (struct rec *)(raw + 40 + off);
		r->a = s;
		r->c += s;
		s += r->a ^ (u32)r->c;
	}
	memmove(raw + 3, raw, 200);
	memmove(raw, raw + 5, 200);
	for (int i = 0; i < 300; i++)
		s = s * 17 + raw[i];
	put_kv("sum", s);
	put_kv("first.a", recs[1].a);
	return 0;
}
