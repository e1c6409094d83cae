/*
 * rt.h - the whole runtime of the freestanding test guests: _start, raw
 * o32 system calls (write 4004, exit 4001, exit_group 4246 only), and the
 * few helpers a program needs to print its results.  Each guest is one C
 * file including this, built by
 *   mipsel-linux-gnu-gcc -static -nostdlib -ffreestanding -O2 -mno-abicalls
 *     -fno-pic -no-pie prog.c -lgcc
 * (mips-linux-gnu-gcc -EB for big endian) and run under vmmsim's CPU and
 * qemu-mipsel: output, exit status and instruction count must agree.
 */
#ifndef GUEST_RT_H
#define GUEST_RT_H

typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned long size_t;

__asm__(".text\n"
        ".globl __start\n"
        ".ent __start\n"
        "__start:\n"
        "\t.set noreorder\n"
        "\tlui $gp, %hi(_gp)\n"
        "\taddiu $gp, $gp, %lo(_gp)\n"
        "\taddiu $sp, $sp, -32\n"
        "\tjal main\n"
        "\tnop\n"
        "\tmove $a0, $v0\n"
        "\tli $v0, 4246\n"
        "\tsyscall\n"
        "\t.set reorder\n"
        ".end __start\n");

static inline long sys3(long n, long a, long b, long c)
{
	register long v0 __asm__("$2") = n;
	register long a0 __asm__("$4") = a;
	register long a1 __asm__("$5") = b;
	register long a2 __asm__("$6") = c;
	register long a3 __asm__("$7");
	__asm__ volatile("syscall"
	                 : "+r"(v0), "=r"(a3), "+r"(a0), "+r"(a1), "+r"(a2)
	                 :
	                 : "memory", "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13",
	                   "$14", "$15", "$24", "$25", "hi", "lo");
	return a3 ? -v0 : v0;
}

static inline void sys_exit(int status)
{
	sys3(4001, status, 0, 0);
	for (;;)
		;
}

static inline size_t rt_strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static inline void put(const char *s)
{
	sys3(4004, 1, (long)s, (long)rt_strlen(s));
}

static inline void put_hex(u32 v)
{
	char b[11];
	b[0] = '0';
	b[1] = 'x';
	for (int i = 0; i < 8; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
	b[10] = 0;
	put(b);
}

static inline void put_dec(long long v)
{
	char b[24];
	int i = 23;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	b[i] = 0;
	do {
		b[--i] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (v < 0)
		b[--i] = '-';
	put(b + i);
}

static inline void put_kv(const char *k, u32 v)
{
	put(k);
	put(" ");
	put_hex(v);
	put("\n");
}

/* gcc may call these even in freestanding code */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memcpy(void *d, const void *s, size_t n)
{
	char *dd = d;
	const char *ss = s;
	while (n--)
		*dd++ = *ss++;
	return d;
}
void *memset(void *d, int c, size_t n)
{
	char *dd = d;
	while (n--)
		*dd++ = (char)c;
	return d;
}
void *memmove(void *d, const void *s, size_t n)
{
	char *dd = d;
	const char *ss = s;
	if (dd < ss)
		while (n--)
			*dd++ = *ss++;
	else
		while (n--)
			dd[n] = ss[n];
	return d;
}
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

int main(void);

#endif
