/* struct copies and returns by value, memcpy of various sizes and alignments */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
struct big { double d[9]; int i[7]; char c[13]; };
static struct big make(int k) { struct big b; for (int i = 0; i < 9; i++) b.d[i] = k * 0.5 + i; for (int i = 0; i < 7; i++) b.i[i] = k * i; memset(b.c, 'a' + k % 26, 12); b.c[12] = 0; return b; }
static double sum(struct big b) { double s = 0; for (int i = 0; i < 9; i++) s += b.d[i]; for (int i = 0; i < 7; i++) s += b.i[i]; return s + b.c[3]; }
int main(void)
{
	struct big arr[20];
	for (int k = 0; k < 20; k++) arr[k] = make(k);
	struct big t = arr[3]; arr[3] = arr[17]; arr[17] = t;
	double s = 0;
	for (int k = 0; k < 20; k++) s += sum(arr[k]);
	printf("%.3f %s %s\n", s, arr[3].c, arr[17].c);
	static uint8_t src[4096], dst[4096];
	for (int i = 0; i < 4096; i++) src[i] = (uint8_t)(i ^ (i >> 3));
	uint32_t h = 0;
	for (int so = 0; so < 8; so++)
		for (int d = 0; d < 8; d++)
			for (int len = 0; len < 300; len += 37) {
				memcpy(dst + d, src + so, (size_t)len);
				for (int i = 0; i < len; i++) h = h * 31 + dst[d + i];
			}
	printf("%08x\n", h);
	return 0;
}
