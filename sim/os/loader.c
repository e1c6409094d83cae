/*
 * loader.c - loads a static ELF32 MIPS executable into a fresh address
 * space and builds the initial stack exactly as Linux's binfmt_elf does:
 *
 *   high  [null word] [filename] [envp strings] [argv strings]
 *         [platform string] [16 random bytes] (16-aligned)
 *         auxv pairs ... AT_NULL
 *         NULL, envp[envc-1] .. envp[0]
 *         NULL, argv[argc-1] .. argv[0]
 *   sp -> argc                                          (16-aligned)
 *
 * Everything is checked before the old image is touched, so a failed
 * execve leaves the calling process intact.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/os_priv.h"

#define PAGE_DOWN(a) ((a) & ~(uint32_t)(MEM_PAGE_SIZE - 1))
#define PAGE_UP(a) (((a) + MEM_PAGE_SIZE - 1) & ~(uint32_t)(MEM_PAGE_SIZE - 1))

#define MAX_SEGS 16
#define EF_MIPS_ABI2_FLAG 0x20u

enum {
	AT_NULL_ = 0, AT_PHDR_ = 3, AT_PHENT_ = 4, AT_PHNUM_ = 5, AT_PAGESZ_ = 6,
	AT_BASE_ = 7, AT_FLAGS_ = 8, AT_ENTRY_ = 9, AT_UID_ = 11, AT_EUID_ = 12,
	AT_GID_ = 13, AT_EGID_ = 14, AT_PLATFORM_ = 15, AT_HWCAP_ = 16,
	AT_CLKTCK_ = 17, AT_SECURE_ = 23, AT_RANDOM_ = 25, AT_EXECFN_ = 31,
};

typedef struct seg {
	uint32_t vaddr, memsz, filesz, offset;
	unsigned prot;
} seg;

typedef struct image {
	int big_endian;
	uint32_t entry, phdr, phent, phnum, end;
	seg s[MAX_SEGS];
	int n;
} image;

/* Checks the ELF and fills img; returns 0 or -ENOEXEC/-EIO with err set. */
static int check_elf(int fd, const char *name, image *img, char *err, size_t errlen)
{
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -EIO;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", name);
		return -EACCES;
	}
	unsigned char ident[EI_NIDENT];
	ssize_t got = pread(fd, ident, sizeof ident, 0);
	if (got < 4 || memcmp(ident, ELFMAG, SELFMAG) != 0) {
		snprintf(err, errlen, "%s: not an ELF executable", name);
		return -ENOEXEC;
	}
	if (got < EI_NIDENT) {
		snprintf(err, errlen, "%s: truncated ELF header (%zd bytes)", name, got);
		return -ENOEXEC;
	}
	if (ident[EI_CLASS] != ELFCLASS32) {
		snprintf(err, errlen, "%s: wrong ELF class (%s), need a 32-bit MIPS executable", name,
		         ident[EI_CLASS] == ELFCLASS64 ? "64-bit" : "unknown");
		return -ENOEXEC;
	}
	if (ident[EI_DATA] != ELFDATA2LSB && ident[EI_DATA] != ELFDATA2MSB) {
		snprintf(err, errlen, "%s: unknown ELF byte order %u", name, ident[EI_DATA]);
		return -ENOEXEC;
	}
	img->big_endian = ident[EI_DATA] == ELFDATA2MSB;
	if (st.st_size < (off_t)sizeof(Elf32_Ehdr)) {
		snprintf(err, errlen, "%s: truncated ELF header (%lld bytes)", name, (long long)st.st_size);
		return -ENOEXEC;
	}

	int rc = -ENOEXEC;
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		snprintf(err, errlen, "%s: not an ELF executable (%s)", name, elf_errmsg(-1));
		goto out;
	}
	Elf32_Ehdr *eh = elf32_getehdr(e);
	if (!eh) {
		snprintf(err, errlen, "%s: truncated or corrupt ELF header (%s)", name, elf_errmsg(-1));
		goto out;
	}
	if (eh->e_machine != EM_MIPS) {
		snprintf(err, errlen, "%s: wrong machine %u in the ELF header, need MIPS (%u)", name,
		         eh->e_machine, EM_MIPS);
		goto out;
	}
	if (eh->e_flags & EF_MIPS_ABI2_FLAG) {
		snprintf(err, errlen, "%s: n32 ABI executable, only o32 is supported", name);
		goto out;
	}
	if (eh->e_type != ET_EXEC) {
		snprintf(err, errlen, "%s: not a static executable (ELF type %u%s); link with -static", name,
		         eh->e_type, eh->e_type == ET_DYN ? ", position-independent" : "");
		goto out;
	}
	if (eh->e_phentsize != sizeof(Elf32_Phdr)) { /* (as Linux's binfmt_elf) */
		snprintf(err, errlen, "%s: ELF program header entries of %u bytes, not %zu", name,
		         eh->e_phentsize, sizeof(Elf32_Phdr));
		goto out;
	}
	size_t phnum;
	if (elf_getphdrnum(e, &phnum) != 0 || phnum == 0) {
		snprintf(err, errlen, "%s: no program headers", name);
		goto out;
	}
	Elf32_Phdr *ph = elf32_getphdr(e);
	if (!ph || (uint64_t)eh->e_phoff + phnum * sizeof *ph > (uint64_t)st.st_size) {
		snprintf(err, errlen, "%s: truncated ELF program headers", name);
		goto out;
	}
	img->entry = eh->e_entry;
	img->phent = eh->e_phentsize;
	img->phnum = (uint32_t)phnum;
	img->phdr = 0;
	img->n = 0;
	img->end = 0;
	for (size_t i = 0; i < phnum; i++) {
		if (ph[i].p_type == PT_INTERP) {
			snprintf(err, errlen, "%s: dynamically linked (has an interpreter); only static "
			         "executables run: link with -static", name);
			goto out;
		}
		if (ph[i].p_type == PT_PHDR)
			img->phdr = ph[i].p_vaddr;
		if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
			continue;
		if (img->n == MAX_SEGS) {
			snprintf(err, errlen, "%s: more than %d loadable segments", name, MAX_SEGS);
			goto out;
		}
		uint64_t fend = (uint64_t)ph[i].p_offset + ph[i].p_filesz;
		uint64_t vend = (uint64_t)ph[i].p_vaddr + ph[i].p_memsz;
		if (ph[i].p_filesz > ph[i].p_memsz || vend > OS_STACK_TOP - OS_STACK_SIZE ||
		    ph[i].p_vaddr < MEM_PAGE_SIZE) {
			snprintf(err, errlen, "%s: segment %zu at 0x%x (size 0x%x) is outside user space", name,
			         i, ph[i].p_vaddr, ph[i].p_memsz);
			goto out;
		}
		if (ph[i].p_filesz > 0 && fend > (uint64_t)st.st_size) { /* a bss-only segment may start past the end */
			snprintf(err, errlen, "%s: truncated: segment %zu needs bytes up to %llu, the file has %lld",
			         name, i, (unsigned long long)fend, (long long)st.st_size);
			goto out;
		}
		if (img->n > 0 && ph[i].p_vaddr < img->s[img->n - 1].vaddr + img->s[img->n - 1].memsz) {
			snprintf(err, errlen, "%s: loadable segments overlap or are not sorted", name);
			goto out;
		}
		seg *s = &img->s[img->n++];
		s->vaddr = ph[i].p_vaddr;
		s->memsz = ph[i].p_memsz;
		s->filesz = ph[i].p_filesz;
		s->offset = ph[i].p_offset;
		s->prot = ((ph[i].p_flags & PF_R) ? MEM_R : 0) | ((ph[i].p_flags & PF_W) ? MEM_W : 0) |
		          ((ph[i].p_flags & PF_X) ? MEM_X : 0);
		if ((uint32_t)vend > img->end)
			img->end = (uint32_t)vend;
		if (!img->phdr && eh->e_phoff >= ph[i].p_offset && eh->e_phoff < fend)
			img->phdr = ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
	}
	if (img->n == 0) {
		snprintf(err, errlen, "%s: no loadable segments", name);
		goto out;
	}
	int in = 0;
	for (int i = 0; i < img->n; i++)
		if (img->entry >= img->s[i].vaddr && img->entry - img->s[i].vaddr < img->s[i].memsz &&
		    (img->s[i].prot & MEM_X))
			in = 1;
	if (!in) {
		snprintf(err, errlen, "%s: entry point 0x%x is outside the loaded executable segments",
		         name, img->entry);
		goto out;
	}
	rc = 0;
out:
	if (e)
		elf_end(e);
	return rc;
}

/* Maps and fills the segments into m.  Returns 0 or -errno. */
static int load_segments(mem *m, int fd, const image *img, char *err, size_t errlen, const char *name)
{
	uint32_t prev_end = 0;
	unsigned prev_prot = 0;
	for (int i = 0; i < img->n; i++) {
		const seg *s = &img->s[i];
		uint32_t lo = PAGE_DOWN(s->vaddr), hi = PAGE_UP(s->vaddr + s->memsz);
		if (lo < prev_end) { /* shares a page with the previous segment */
			if (mem_protect(m, lo, MEM_PAGE_SIZE, prev_prot | s->prot) != 0)
				return -ENOMEM;
			lo = prev_end;
		}
		if (hi > lo && mem_map(m, lo, hi - lo, s->prot) != 0)
			return -ENOMEM;
		prev_end = hi;
		prev_prot = s->prot;
		uint8_t buf[65536];
		for (uint32_t done = 0; done < s->filesz;) {
			uint32_t n = s->filesz - done < sizeof buf ? s->filesz - done : (uint32_t)sizeof buf;
			ssize_t got = pread(fd, buf, n, (off_t)s->offset + done);
			if (got <= 0) {
				snprintf(err, errlen, "%s: read failed at offset %u", name, s->offset + done);
				return -EIO;
			}
			if (mem_write_force(m, s->vaddr + done, buf, (size_t)got) != 0)
				return -ENOMEM;
			done += (uint32_t)got;
		}
	}
	return 0;
}

static int push(mem *m, uint32_t *sp, const void *src, size_t n)
{
	*sp -= (uint32_t)n;
	return mem_write(m, *sp, src, n);
}

/* Builds the initial stack; returns the initial sp or 0 if it does not fit. */
static uint32_t build_stack(os *o, mem *m, const image *img, const char *execfn,
                            char *const argv[], char *const envp[])
{
	int be = img->big_endian;
	uint32_t sp = OS_STACK_TOP - 4;
	size_t argc = 0, envc = 0, total = 0;
	while (argv && argv[argc])
		total += strlen(argv[argc++]) + 1;
	while (envp && envp[envc])
		total += strlen(envp[envc++]) + 1;
	if (total + strlen(execfn) + 1 + 4 * (argc + envc) > OS_ARG_MAX) /* E2BIG */
		return 0;
	uint32_t *aptr = calloc(argc + 1, sizeof *aptr), *eptr = calloc(envc + 1, sizeof *eptr);
	uint8_t *tab = NULL;
	uint32_t ret = 0;
	if (!aptr || !eptr)
		goto out;
	if (push(m, &sp, execfn, strlen(execfn) + 1) != 0)
		goto out;
	uint32_t execfn_at = sp;
	for (size_t i = envc; i-- > 0;) {
		if (push(m, &sp, envp[i], strlen(envp[i]) + 1) != 0)
			goto out;
		eptr[i] = sp;
	}
	for (size_t i = argc; i-- > 0;) {
		if (push(m, &sp, argv[i], strlen(argv[i]) + 1) != 0)
			goto out;
		aptr[i] = sp;
	}
	sp &= ~15u;
	static const char platform[] = "mips";
	if (push(m, &sp, platform, sizeof platform) != 0)
		goto out;
	uint32_t platform_at = sp;
	uint8_t rnd[16];
	for (int i = 0; i < 16; i += 8) {
		uint64_t r = os_random(o);
		memcpy(rnd + i, &r, 8);
	}
	if (push(m, &sp, rnd, sizeof rnd) != 0)
		goto out;
	uint32_t random_at = sp;

	uint32_t aux[][2] = {
		{AT_HWCAP_, 0},
		{AT_PAGESZ_, MEM_PAGE_SIZE},
		{AT_CLKTCK_, 100},
		{AT_PHDR_, img->phdr},
		{AT_PHENT_, img->phent},
		{AT_PHNUM_, img->phnum},
		{AT_BASE_, 0},
		{AT_FLAGS_, 0},
		{AT_ENTRY_, img->entry},
		{AT_UID_, (uint32_t)getuid()},
		{AT_EUID_, (uint32_t)geteuid()},
		{AT_GID_, (uint32_t)getgid()},
		{AT_EGID_, (uint32_t)getegid()},
		{AT_SECURE_, 0},
		{AT_RANDOM_, random_at},
		{AT_EXECFN_, execfn_at},
		{AT_PLATFORM_, platform_at},
		{AT_NULL_, 0},
	};
	size_t naux = sizeof aux / sizeof aux[0];
	size_t words = 1 + (argc + 1) + (envc + 1) + 2 * naux;
	sp = (sp - (uint32_t)(words * 4)) & ~15u;
	tab = malloc(words * 4);
	if (!tab)
		goto out;
	size_t w = 0;
	g_put32(be, tab + 4 * w++, (uint32_t)argc);
	for (size_t i = 0; i < argc; i++)
		g_put32(be, tab + 4 * w++, aptr[i]);
	g_put32(be, tab + 4 * w++, 0);
	for (size_t i = 0; i < envc; i++)
		g_put32(be, tab + 4 * w++, eptr[i]);
	g_put32(be, tab + 4 * w++, 0);
	for (size_t i = 0; i < naux; i++) {
		g_put32(be, tab + 4 * w++, aux[i][0]);
		g_put32(be, tab + 4 * w++, aux[i][1]);
	}
	if (mem_write(m, sp, tab, words * 4) != 0)
		goto out;
	ret = sp;
out:
	free(aptr);
	free(eptr);
	free(tab);
	return ret;
}

int os_load(os *o, proc *p, int fd, const char *name, char *const argv[],
            char *const envp[], char *err, size_t errlen)
{
	image img;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(err, errlen, "%s: libelf: %s", name, elf_errmsg(-1));
		return -ENOEXEC;
	}
	int rc = check_elf(fd, name, &img, err, errlen);
	if (rc != 0)
		return rc;
	if (p->m && p->c && img.big_endian != p->c->big_endian) {
		snprintf(err, errlen, "%s: byte order differs from the running program", name);
		return -ENOEXEC;
	}
	/* The new image's pages (segments, stack, signal trampoline) instead of
	 * the old image's: within --max-mem? */
	uint64_t need = OS_STACK_SIZE / MEM_PAGE_SIZE + 1, have = p->m ? mem_pages_mapped(p->m) : 0;
	for (int i = 0; i < img.n; i++)
		need += (PAGE_UP(img.s[i].vaddr + img.s[i].memsz) - PAGE_DOWN(img.s[i].vaddr)) / MEM_PAGE_SIZE;
	if (need > have && !os_mem_fits(o, need - have)) {
		if (p->m) /* execve: the guest gets ENOMEM, the user a warning */
			os_limit_mem(o, need - have);
		snprintf(err, errlen, "%s: the program needs %llu KiB of memory, more than --max-mem allows",
		         name, (unsigned long long)(need * MEM_PAGE_SIZE / 1024));
		return -ENOMEM;
	}
	/* Point of no return: tear down the old image. */
	mem *m = mem_new();
	if (!m) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -ENOMEM;
	}
	if (p->m) {
		os_page_drop_all(o, p);
		mem_free(p->m);
		p->m = NULL;
	}
	os_attach_mem(o, p, m);
	rc = load_segments(m, fd, &img, err, errlen, name);
	if (rc == 0 && mem_map(m, OS_STACK_TOP - OS_STACK_SIZE, OS_STACK_SIZE, MEM_R | MEM_W) != 0)
		rc = -ENOMEM;
	if (rc == 0 && os_sig_tramp(o, m, img.big_endian) != 0)
		rc = -ENOMEM;
	uint32_t sp = 0;
	if (rc == 0) {
		sp = build_stack(o, m, &img, name, argv, envp);
		if (!sp) {
			snprintf(err, errlen, "%s: arguments and environment too long", name);
			rc = -E2BIG;
		}
	}
	if (rc != 0) {
		if (!err[0])
			snprintf(err, errlen, "%s: out of memory while loading", name);
		return rc;
	}
	cpu *c = cpu_new(m, img.big_endian);
	if (!c) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -ENOMEM;
	}
	if (p->c) {
		p->insns_done += p->c->insns;

		cpu_free(p->c);
	}
	p->c = c;
	c->pc = img.entry;
	c->r[29] = sp;
	p->brk_start = p->brk = PAGE_UP(img.end);
	return 0;
}
