/* unaligned accesses through packed structs (lwl/lwr/swl/swr) */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
struct __attribute__((packed)) pk { uint8_t tag; uint32_t a; uint16_t b; uint64_t c; int32_t d; double e; };
struct __attribute__((packed)) pk2 { char c; struct pk inner[3]; };
static struct pk2 g;
static unsigned char raw[64];
int main(void)
{
	g.c = 'q';
	for (int i = 0; i < 3; i++) {
		g.inner[i].tag = (uint8_t)i;
		g.inner[i].a = 0x11223344u * (unsigned)(i + 1);
		g.inner[i].b = (uint16_t)(0xabcd + i);
		g.inner[i].c = 0x0102030405060708ULL << i;
		g.inner[i].d = -1000 * i;
		g.inner[i].e = 1.5 * i;
	}
	uint64_t s = 0;
	for (int i = 0; i < 3; i++) {
		struct pk *p = &g.inner[i];
		s += p->a + p->b + p->c + (uint64_t)(int64_t)p->d + (uint64_t)p->e;
		printf("%u %x %x %llx %d %g\n", p->tag, p->a, p->b, (unsigned long long)p->c, p->d, p->e);
	}
	printf("sum %llx size %zu\n", (unsigned long long)s, sizeof g);
	for (int i = 0; i < 64; i++)
		raw[i] = (unsigned char)(i * 7 + 1);
	for (int off = 0; off < 8; off++) {
		uint32_t v;
		uint16_t h;
		uint64_t q;
		memcpy(&v, raw + off, 4);
		memcpy(&h, raw + off + 1, 2);
		memcpy(&q, raw + off + 3, 8);
		printf("%d %08x %04x %016llx\n", off, v, h, (unsigned long long)q);
		v ^= 0xffffffffu;
		memcpy(raw + off + 20, &v, 4);
	}
	for (int i = 0; i < 64; i++)
		printf("%02x", raw[i]);
	printf("\n");
	return 0;
}
