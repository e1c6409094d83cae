/*
 * loader.c - kernel and initrd loading, and the YAMON boot contract (see
 * loader.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board/loader.h"

#define KSEG0 0x80000000u
#define KSEG2 0xc0000000u
#define INITRD_ALIGN 0x10000u    /* QEMU's INITRD_PAGE_SIZE */
#define INITRD_GAP (128u << 10)  /* room QEMU leaves above the initrd */

static int fail(char *err, size_t errlen, const char *path, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(char *err, size_t errlen, const char *path, uint64_t off, const char *fmt, ...)
{
	int n = snprintf(err, errlen, "%s:%llu: ", path, (unsigned long long)off);
	if (n >= 0 && (size_t)n < errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int read_all(int fd, uint8_t *dst, uint32_t len, uint64_t off)
{
	while (len) {
		ssize_t n = pread(fd, dst, len, (off_t)off);
		if (n <= 0)
			return -1;
		dst += n;
		len -= (uint32_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* Opens path, a regular file (the kernel and the initrd are read with
 * their sizes), into *st: a file descriptor, or -1 with the message in
 * err.  (O_NONBLOCK: a FIFO without a writer is refused, not waited for.) */
static int open_regular(const char *path, struct stat *st, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fstat(fd, st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	} else if (S_ISDIR(st->st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
	} else if (!S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "%s: not a regular file (a pipe or a device: give a file)", path);
	} else {
		return fd;
	}
	if (fd >= 0)
		close(fd);
	return -1;
}

int board_load_kernel(board *b, const char *path, board_kernel *k, char *err, size_t errlen)
{
	struct stat st;
	int fd = open_regular(path, &st, err, errlen);
	if (fd < 0)
		return -1;
	int rc = -1;
	Elf *e = NULL;
	unsigned char ident[EI_NIDENT];
	ssize_t got = pread(fd, ident, sizeof ident, 0);
	if (got < SELFMAG || memcmp(ident, ELFMAG, SELFMAG) != 0) {
		fail(err, errlen, path, 0, "not an ELF file");
		goto out;
	}
	if (got < EI_NIDENT || st.st_size < (off_t)sizeof(Elf32_Ehdr)) {
		fail(err, errlen, path, 0, "truncated ELF header");
		goto out;
	}
	if (ident[EI_CLASS] != ELFCLASS32) {
		fail(err, errlen, path, EI_CLASS, "not a 32-bit ELF file: the kernel must be MIPS32");
		goto out;
	}
	if (ident[EI_DATA] != ELFDATA2LSB) {
		fail(err, errlen, path, EI_DATA, "%s kernel: this Malta board is little-endian (mipsel)",
		     ident[EI_DATA] == ELFDATA2MSB ? "big-endian" : "unknown byte order of the");
		goto out;
	}
	if (elf_version(EV_CURRENT) == EV_NONE || !(e = elf_begin(fd, ELF_C_READ, NULL)) ||
	    elf_kind(e) != ELF_K_ELF) {
		fail(err, errlen, path, 0, "not an ELF file (%s)", elf_errmsg(-1));
		goto out;
	}
	Elf32_Ehdr *eh = elf32_getehdr(e);
	if (!eh) {
		fail(err, errlen, path, 0, "corrupt ELF header (%s)", elf_errmsg(-1));
		goto out;
	}
	if (eh->e_machine != EM_MIPS) {
		fail(err, errlen, path, offsetof(Elf32_Ehdr, e_machine),
		     "wrong machine %u in the ELF header, need MIPS (%u)", eh->e_machine, EM_MIPS);
		goto out;
	}
	if (eh->e_type != ET_EXEC) {
		fail(err, errlen, path, offsetof(Elf32_Ehdr, e_type),
		     "ELF type %u is not an executable: link the kernel at a fixed address", eh->e_type);
		goto out;
	}
	if (eh->e_phentsize != sizeof(Elf32_Phdr)) {
		fail(err, errlen, path, offsetof(Elf32_Ehdr, e_phentsize),
		     "program header entries of %u bytes, not %zu", eh->e_phentsize, sizeof(Elf32_Phdr));
		goto out;
	}
	size_t phnum;
	Elf32_Phdr *ph;
	if (elf_getphdrnum(e, &phnum) != 0 || phnum == 0 || !(ph = elf32_getphdr(e)) ||
	    (uint64_t)eh->e_phoff + phnum * sizeof *ph > (uint64_t)st.st_size) {
		fail(err, errlen, path, eh->e_phoff, "no or truncated program headers");
		goto out;
	}
	uint32_t entry = eh->e_entry;
	if (entry < KSEG0 || entry >= KSEG2) {
		fail(err, errlen, path, offsetof(Elf32_Ehdr, e_entry),
		     "entry point 0x%08x is not in kseg0 or kseg1", entry);
		goto out;
	}
	/* first pass: check everything, so that a bad file loads nothing */
	int loads = 0, entry_in = 0;
	uint32_t lo = UINT32_MAX, hi = 0;
	for (size_t i = 0; i < phnum; i++) {
		uint64_t at = eh->e_phoff + i * sizeof *ph;
		if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
			continue;
		uint32_t va = ph[i].p_vaddr;
		uint64_t vend = (uint64_t)va + ph[i].p_memsz;
		if (va < KSEG0 || vend > KSEG2) {
			fail(err, errlen, path, at, "segment at 0x%08x (0x%x bytes) is not in kseg0 or kseg1",
			     va, ph[i].p_memsz);
			goto out;
		}
		uint32_t pa = va & 0x1fffffffu;
		if ((uint64_t)pa + ph[i].p_memsz > b->ram_size) {
			fail(err, errlen, path, at, "segment at 0x%08x (0x%x bytes) is outside RAM (%u MB)",
			     va, ph[i].p_memsz, b->ram_size >> 20);
			goto out;
		}
		if (ph[i].p_filesz > ph[i].p_memsz) {
			fail(err, errlen, path, at, "segment at 0x%08x: 0x%x bytes of file in 0x%x of memory "
			     "(p_filesz above p_memsz)", va, ph[i].p_filesz, ph[i].p_memsz);
			goto out;
		}
		if ((uint64_t)ph[i].p_offset + ph[i].p_filesz > (uint64_t)st.st_size) {
			fail(err, errlen, path, at, "segment at 0x%08x: file bytes %u..%llu beyond the file (%lld bytes)",
			     va, ph[i].p_offset, (unsigned long long)ph[i].p_offset + ph[i].p_filesz,
			     (long long)st.st_size);
			goto out;
		}
		if (entry >= va && entry - va < ph[i].p_memsz)
			entry_in = 1;
		if (pa < lo)
			lo = pa;
		if (pa + ph[i].p_memsz > hi)
			hi = pa + ph[i].p_memsz;
		loads++;
	}
	if (!loads) {
		fail(err, errlen, path, eh->e_phoff, "no loadable segments");
		goto out;
	}
	if (!entry_in) {
		fail(err, errlen, path, offsetof(Elf32_Ehdr, e_entry),
		     "entry point 0x%08x is outside the loaded segments", entry);
		goto out;
	}
	for (size_t i = 0; i < phnum; i++) {
		if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
			continue;
		uint32_t pa = ph[i].p_vaddr & 0x1fffffffu;
		if (read_all(fd, b->ram + pa, ph[i].p_filesz, ph[i].p_offset) != 0) {
			fail(err, errlen, path, ph[i].p_offset, "read error");
			goto out;
		}
		memset(b->ram + pa + ph[i].p_filesz, 0, ph[i].p_memsz - ph[i].p_filesz);
	}
	k->entry = entry;
	k->lo = lo;
	k->hi = hi;
	rc = 0;
out:
	if (e)
		elf_end(e);
	close(fd);
	return rc;
}

int board_load_initrd(board *b, const char *path, const board_kernel *k, uint32_t *addr,
                      uint32_t *size, char *err, size_t errlen)
{
	struct stat st;
	int fd = open_regular(path, &st, err, errlen);
	if (fd < 0)
		return -1;
	uint64_t len = (uint64_t)st.st_size;
	uint64_t top = b->ram_size;
	uint64_t at = len + INITRD_GAP > top ? 0 : top - (len + INITRD_GAP);
	at = (at + INITRD_ALIGN - 1) & ~(uint64_t)(INITRD_ALIGN - 1);
	if (len == 0 || len + INITRD_GAP > top || at <= k->hi || at + len > top) {
		close(fd);
		snprintf(err, errlen, "%s: %s (%llu bytes; kernel ends at 0x%08x, RAM is %u MB)", path,
		         len == 0 ? "empty initrd" : "initrd does not fit in RAM above the kernel",
		         (unsigned long long)len, k->hi, b->ram_size >> 20);
		return -1;
	}
	if (read_all(fd, b->ram + at, (uint32_t)len, 0) != 0) {
		snprintf(err, errlen, "%s: read error", path);
		close(fd);
		return -1;
	}
	close(fd);
	*addr = (uint32_t)at;
	*size = (uint32_t)len;
	return 0;
}

static void put32(board *b, uint32_t pa, uint32_t v)
{
	b->ram[pa] = (uint8_t)v;
	b->ram[pa + 1] = (uint8_t)(v >> 8);
	b->ram[pa + 2] = (uint8_t)(v >> 16);
	b->ram[pa + 3] = (uint8_t)(v >> 24);
}

/* Entry i of the table: a pointer to its string, or NULL. */
static void env_set(board *b, unsigned i, const char *s)
{
	uint32_t table_off = 4 * BOARD_ENV_ENTRIES + i * BOARD_ENV_ENTRY_SIZE;
	if (!s) {
		put32(b, BOARD_ENV_PADDR + 4 * i, 0);
		return;
	}
	put32(b, BOARD_ENV_PADDR + 4 * i, KSEG0 + BOARD_ENV_PADDR + table_off);
	char *dst = (char *)b->ram + BOARD_ENV_PADDR + table_off;
	snprintf(dst, BOARD_ENV_ENTRY_SIZE, "%s", s);
}

int board_boot_contract(board *b, const board_kernel *k, const char *cmdline,
                        uint32_t initrd_addr, uint32_t initrd_size, board_boot_regs *r,
                        char *err, size_t errlen)
{
	char line[BOARD_ENV_ENTRY_SIZE + 64];
	int n;
	if (initrd_size)
		n = snprintf(line, sizeof line, "rd_start=0xffffffff%08x rd_size=%u %s",
		             KSEG0 + initrd_addr, initrd_size, cmdline);
	else
		n = snprintf(line, sizeof line, "%s", cmdline);
	if (n < 0 || (size_t)n > BOARD_CMDLINE_MAX) {
		snprintf(err, errlen, "command line too long: %d bytes with the initrd's arguments, at most %u",
		         n, BOARD_CMDLINE_MAX);
		return -1;
	}
	char memsize[16], ememsize[16];
	snprintf(memsize, sizeof memsize, "%u", b->ram_size);
	snprintf(ememsize, sizeof ememsize, "%u", b->ram_size);
	const char *env[] = { "vmlinux", line, "memsize", memsize, "ememsize", ememsize,
		              "modetty0", "38400n8r", NULL };
	memset(b->ram + BOARD_ENV_PADDR, 0, 4 * BOARD_ENV_ENTRIES + BOARD_ENV_ENTRIES * BOARD_ENV_ENTRY_SIZE);
	for (unsigned i = 0; i < sizeof env / sizeof env[0]; i++)
		env_set(b, i, env[i]);
	memset(r, 0, sizeof *r);
	r->a[0] = 2;
	r->a[1] = KSEG0 + BOARD_ENV_PADDR;
	r->a[2] = KSEG0 + BOARD_ENV_PADDR + 8;
	r->a[3] = b->ram_size;
	r->sp = KSEG0 + BOARD_ENV_PADDR - 64;
	r->pc = k->entry;
	r->status = 0x00400000u; /* BEV */
	return 0;
}
