/*
 * fuzz_os.h - what the harnesses of the modeled OS share (fuzz_elf.c,
 * fuzz_syscall.c): a private root directory for the guest, standard input
 * and output on /dev/null (a guest reading fd 0 must not wait for the
 * terminal), the program handed over as a memfd, and a run bounded in
 * instructions.  Run with -close_fd_mask=2 to silence what guests write to
 * fd 2 (and the OS's one-time warnings); crash reports still show.
 */
#ifndef VMMSIM_FUZZ_OS_H
#define VMMSIM_FUZZ_OS_H

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "os/os.h"

static char fz_root[64];

static int fz_rm(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	if (ftw->level > 0)
		remove(path);
	return 0;
}

/* Empties the root (a guest given --fs-rw may have written there). */
static void fz_clean_root(void)
{
	nftw(fz_root, fz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

static void fz_init(void)
{
	if (fz_root[0])
		return;
	snprintf(fz_root, sizeof fz_root, "/tmp/vmmsim-fuzz-root.XXXXXX");
	if (!mkdtemp(fz_root))
		abort();
	int fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		abort();
	dup2(fd, 0);
	dup2(fd, 1);
	if (fd > 2)
		close(fd);
}

static int fz_sink(void *ctx, const trace_rec *recs, size_t n)
{
	(void)recs;
	*(size_t *)ctx += n;
	return 0;
}

/* Loads the program bytes through a memfd and runs them; returns os_new's
 * verdict (0 loaded, -1 refused). */
static int fz_run(const uint8_t *prog, size_t len, os_config *cfg)
{
	int fd = memfd_create("fuzz-prog", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	if (len && write(fd, prog, len) != (ssize_t)len)
		abort();
	char path[64], err[1024];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	char *argv[] = {"prog", "arg", NULL};
	char *envp[] = {"PATH=/bin", "HOME=/", NULL};
	size_t events = 0;
	cfg->fs_root = fz_root;
	if (cfg->sink == fz_sink)
		cfg->sink_ctx = &events;
	os *o = os_new(cfg, path, argv, envp, err, sizeof err);
	int rc = -1;
	if (o) {
		os_run(o);
		(void)os_end_message(o);
		os_free(o);
		rc = 0;
	} else if (!err[0]) {
		abort(); /* a refusal always says why */
	}
	close(fd);
	if (cfg->fs_rw)
		fz_clean_root();
	return rc;
}

#endif
