/*
 * contract.c - a freestanding kernel that prints what the boot loader and
 * the board give it: the argument registers, the command line and the
 * environment of the YAMON table, the board revision word, the GT-64120's
 * PCI I/O window, the RTC's control registers and the 8259s' masks.  It
 * writes to ttyS0 by polling its LSR and ends as END says:
 *   softres (default)  writes 0x42 to SOFTRES (QEMU -no-reboot exits)
 *   halt               disables interrupts and waits forever
 *   loop               spins forever
 *   panic              prints a kernel-panic message, then spins
 *   panic_reboot       prints a kernel-panic message as Linux's panic=N
 *                      does ("Rebooting in N seconds.."), then writes SOFTRES
 *   echo               reads ttyS0 (polling LSR.DR) up to a '.', echoes it
 *                      in upper case, then writes SOFTRES
 * Build: mipsel-linux-gnu-gcc -O2 -ffreestanding -nostdlib -static -no-pie
 *        -fno-pic -mno-abicalls -G0 -T board.ld [-DEND_HALT ...] contract.c
 * The loader leaves sp at 0x80001fc0, so _start may be C.
 */
typedef unsigned int u32;
typedef unsigned char u8;

#define KSEG1(pa) ((volatile u8 *)(0xa0000000u + (pa)))
#define ISA(port) KSEG1(0x18000000u + (port))
#define REG32(pa) (*(volatile u32 *)(0xa0000000u + (pa)))

static void putc_(char c)
{
	while (!(*ISA(0x3fd) & 0x20))
		;
	*ISA(0x3f8) = (u8)c;
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void hex(u32 v)
{
	puts_("0x");
	for (int i = 28; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 15]);
}

static void kv(const char *k, u32 v)
{
	puts_(k);
	puts_("=");
	hex(v);
	puts_("\n");
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static u8 cmos(u8 reg)
{
	*ISA(0x70) = reg;
	return *ISA(0x71);
}

void __attribute__((section(".text.start"), noreturn)) _start(int argc, char **argv, char **envp, u32 memsize)
{
	kv("argc", (u32)argc);
	kv("argv", (u32)argv);
	kv("envp", (u32)envp);
	kv("memsize_reg", memsize);
	/* argv[0] is the kernel's file name under QEMU: not compared */
	for (int i = 1; i < argc; i++) {
		puts_("arg: ");
		puts_(argv[i]);
		puts_("\n");
	}
	for (char **e = envp; *e && e[1]; e += 2) {
		if (streq(*e, "rngseed"))
			continue; /* QEMU's random seed */
		puts_("env: ");
		puts_(e[0]);
		puts_("=");
		puts_(e[1]);
		puts_("\n");
	}
	kv("revision", REG32(0x1fc00010u));
	kv("gt_pci0iold", REG32(0x1be00048u));
	kv("gt_pci0m0ld", REG32(0x1be00058u));
	kv("rtc_a_dv", cmos(10) & 0x70);
	kv("rtc_b", cmos(11));
	kv("rtc_d", cmos(13));
	kv("nvram_w", (cmos(0x40), *ISA(0x70) = 0x40, *ISA(0x71) = 0x5a, cmos(0x40)));
	kv("uart_lcr", *ISA(0x3fb));
	kv("uart_scr_w", (*ISA(0x3ff) = 0xa5, *ISA(0x3ff)));
	kv("fpga_softres", REG32(0x1f000500u));
#if defined(END_HALT)
	puts_("halting\n");
	__asm__ volatile("mtc0 $zero, $12\n\tehb\n1:\twait\n\tb 1b\n\tnop");
#elif defined(END_LOOP)
	puts_("looping\n");
	for (;;)
		;
#elif defined(END_ECHO)
	puts_("echo: ");
	for (;;) {
		while (!(*ISA(0x3fd) & 0x01))
			;
		char ch = (char)*ISA(0x3f8);
		if (ch == '.')
			break;
		putc_(ch >= 'a' && ch <= 'z' ? (char)(ch - 32) : ch);
	}
	puts_("\n");
	REG32(0x1f000500u) = 0x42;
#elif defined(END_PANIC)
	puts_("Kernel panic - not syncing: contract test\n");
	puts_("---[ end Kernel panic - not syncing: contract test ]---\n");
	for (;;)
		;
#elif defined(END_PANIC_REBOOT)
	puts_("Kernel panic - not syncing: contract test\n");
	puts_("Rebooting in 1 seconds..\n");
	REG32(0x1f000500u) = 0x42;
#else
	puts_("reset\n");
	REG32(0x1f000500u) = 0x42;
#endif
	for (;;)
		;
}
