/*
 * ftimes.c - the times a guest sees in stat: simulated, never the host's
 * clock.  The host file system stamps what a run changes with the host's
 * time; so the OS remembers, per file (device, inode), the virtual time of
 * the writes, truncations and creations it made, and stat reports those.
 * A time the host set during the run that the OS did not note (a
 * directory's entries changed, a file read) reads as the virtual boot time;
 * a time from before the run is the input's and is kept.  So the same run
 * on the same files sees the same times.
 */
#include <stdlib.h>
#include <sys/stat.h>

#include "os/os_priv.h"

struct ftimes_ent {
	uint64_t dev, ino;
	uint64_t atime, mtime, ctime; /* virtual CLOCK_REALTIME, ns */
	int used;
};

static uint64_t hash(uint64_t dev, uint64_t ino)
{
	uint64_t h = (dev * 0x9E3779B97F4A7C15ull) ^ (ino * 0xC2B2AE3D27D4EB4Full);
	return h ^ (h >> 29);
}

static struct ftimes_ent *find(const os *o, uint64_t dev, uint64_t ino)
{
	if (!o->ftimes_cap)
		return NULL;
	for (size_t i = hash(dev, ino) & (o->ftimes_cap - 1);; i = (i + 1) & (o->ftimes_cap - 1)) {
		struct ftimes_ent *e = &o->ftimes[i];
		if (!e->used)
			return NULL;
		if (e->dev == dev && e->ino == ino)
			return e;
	}
}

/* The entry of (dev, ino), made if new (NULL: out of memory). */
static struct ftimes_ent *get(os *o, uint64_t dev, uint64_t ino)
{
	struct ftimes_ent *e = find(o, dev, ino);
	if (e)
		return e;
	if (2 * (o->ftimes_n + 1) > o->ftimes_cap) {
		size_t cap = o->ftimes_cap ? 2 * o->ftimes_cap : 64;
		struct ftimes_ent *t = calloc(cap, sizeof *t), *old = o->ftimes;
		if (!t)
			return NULL;
		size_t ocap = o->ftimes_cap;
		o->ftimes = t;
		o->ftimes_cap = cap;
		for (size_t i = 0; i < ocap; i++)
			if (old[i].used) {
				size_t j = hash(old[i].dev, old[i].ino) & (cap - 1);
				while (t[j].used)
					j = (j + 1) & (cap - 1);
				t[j] = old[i];
			}
		free(old);
	}
	size_t j = hash(dev, ino) & (o->ftimes_cap - 1);
	while (o->ftimes[j].used)
		j = (j + 1) & (o->ftimes_cap - 1);
	e = &o->ftimes[j];
	*e = (struct ftimes_ent){ .dev = dev, .ino = ino, .used = 1 };
	o->ftimes_n++;
	return e;
}

void os_ftimes_start(os *o)
{
	clock_gettime(CLOCK_REALTIME_COARSE, &o->host_t0);
}

/* 1 if the host set time t during the run (at or after host_t0). */
static int in_run(const os *o, const struct timespec *t)
{
	return t->tv_sec > o->host_t0.tv_sec ||
	       (t->tv_sec == o->host_t0.tv_sec && t->tv_nsec >= o->host_t0.tv_nsec);
}

void os_ftimes_file(ofile *f, const struct stat *st)
{
	f->timed = S_ISREG(st->st_mode) || S_ISDIR(st->st_mode);
	f->fdev = (uint64_t)st->st_dev;
	f->fino = (uint64_t)st->st_ino;
}

void os_ftimes_note(os *o, uint64_t dev, uint64_t ino, const struct timespec *host_ctime,
                    unsigned what)
{
	if ((what & OS_FT_IFNEW) && (find(o, dev, ino) || !in_run(o, host_ctime)))
		return;
	uint64_t now = os_realtime_base() * 1000000000ull + os_now_ns(o);
	struct ftimes_ent *e = get(o, dev, ino);
	if (!e)
		return; /* (out of memory: that file's times read as the boot's) */
	if (what & OS_FT_NEW)
		e->atime = now;
	if (what & (OS_FT_NEW | OS_FT_DATA))
		e->mtime = now;
	e->ctime = now;
}

/* t as the guest sees it: noted (v != 0), the host's from before the run,
 * or the virtual boot time. */
static void fix(const os *o, struct timespec *t, uint64_t v)
{
	if (v) {
		t->tv_sec = (time_t)(v / 1000000000u);
		t->tv_nsec = (long)(v % 1000000000u);
	} else if (in_run(o, t)) {
		t->tv_sec = (time_t)os_realtime_base();
		t->tv_nsec = 0;
	}
}

void os_ftimes_fix(const os *o, uint64_t dev, uint64_t ino, struct timespec *atime,
                   struct timespec *mtime, struct timespec *ctime, struct timespec *btime)
{
	const struct ftimes_ent *e = find(o, dev, ino);
	fix(o, atime, e ? e->atime : 0);
	fix(o, mtime, e ? e->mtime : 0);
	fix(o, ctime, e ? e->ctime : 0);
	if (btime)
		fix(o, btime, 0);
}
