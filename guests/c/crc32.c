/* table-driven CRC-32 and Adler-32 over generated data */
#include <stdio.h>
#include <stdint.h>
static uint32_t table[256];
int main(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		table[i] = c;
	}
	static uint8_t data[1 << 20];
	uint32_t x = 1;
	for (unsigned i = 0; i < sizeof data; i++) {
		x = x * 1664525u + 1013904223u;
		data[i] = (uint8_t)(x >> 24);
	}
	uint32_t crc = 0xffffffffu, a = 1, b = 0;
	for (unsigned i = 0; i < sizeof data; i++) {
		crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
		a = (a + data[i]) % 65521;
		b = (b + a) % 65521;
	}
	printf("crc32 %08x adler32 %08x\n", crc ^ 0xffffffffu, b << 16 | a);
	return 0;
}
