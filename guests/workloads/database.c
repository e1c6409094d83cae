/*
 * database.c - the "database" workload of tests/workloads (Disco, SOSP '97,
 * Fig. 5: system-call heavy): a table of fixed-size records in one file of
 * /tmp (tmpfs), then transactions that each seek to a record, read it,
 * update it and write it back, and append a line to a log; every so often
 * the log is read back from the start.  Many small reads, writes and
 * seeks: almost all its time is in system calls.
 *
 * Usage: database SCALE (transactions = 2000 * SCALE).  Prints a checksum
 * of the table; nothing depends on time.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RECORDS 512
#define RECSZ 128

typedef struct rec {
	unsigned id, balance, updates;
	char name[RECSZ - 12];
} rec;

static unsigned lcg(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

int main(int argc, char **argv)
{
	int scale = argc > 1 ? atoi(argv[1]) : 1;
	unsigned seed = 42, sum = 0;
	int fd = open("/tmp/db.table", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int lg = open("/tmp/db.log", O_RDWR | O_CREAT | O_TRUNC | O_APPEND, 0644);
	if (fd < 0 || lg < 0)
		die("open");
	rec r;
	for (unsigned i = 0; i < RECORDS; i++) {
		memset(&r, 0, sizeof r);
		r.id = i;
		r.balance = 1000;
		snprintf(r.name, sizeof r.name, "account-%u", i);
		if (write(fd, &r, sizeof r) != sizeof r)
			die("write");
	}
	long n = 2000L * scale;
	for (long t = 0; t < n; t++) {
		unsigned a = lcg(&seed) % RECORDS, amount = lcg(&seed) % 100;
		off_t at = (off_t)a * RECSZ;
		if (lseek(fd, at, SEEK_SET) != at || read(fd, &r, sizeof r) != sizeof r)
			die("read");
		r.balance += amount;
		r.updates++;
		if (lseek(fd, at, SEEK_SET) != at || write(fd, &r, sizeof r) != sizeof r)
			die("write");
		char line[64];
		int len = snprintf(line, sizeof line, "%ld %u %u\n", t, a, amount);
		if (write(lg, line, (size_t)len) != len)
			die("log");
		if (t % 500 == 499) {
			/* a query: scan the log from the start in small reads */
			char buf[256];
			ssize_t k;
			unsigned lines = 0;
			if (lseek(lg, 0, SEEK_SET) != 0)
				die("lseek");
			while ((k = read(lg, buf, sizeof buf)) > 0)
				for (ssize_t j = 0; j < k; j++)
					lines += buf[j] == '\n';
			if (lines != (unsigned)t + 1)
				die("log lines");
		}
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		die("lseek");
	unsigned total = 0, updates = 0;
	for (unsigned i = 0; i < RECORDS; i++) {
		if (read(fd, &r, sizeof r) != sizeof r)
			die("read");
		total += r.balance;
		updates += r.updates;
		sum = sum * 31 + r.balance;
	}
	printf("database: %ld transactions, %u records, total %u, updates %u, checksum %08x\n", n, RECORDS,
	       total, updates, sum);
	close(fd);
	close(lg);
	unlink("/tmp/db.table");
	unlink("/tmp/db.log");
	return 0;
}
