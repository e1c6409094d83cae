/*
 * util.h - small helpers shared by the commands.
 */
#ifndef VMMSIM_UTIL_H
#define VMMSIM_UTIL_H

#include <stdint.h>
#include <stdio.h>

/* Prints "vmmsim: MESSAGE\n" on stderr. */
void util_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses a whole string as an unsigned decimal or 0x-hex number.
 * Returns 0 and stores *v, or -1 (empty, junk, overflow). */
int util_parse_u64(const char *s, uint64_t *v);
/* As util_parse_u64, also accepting a K, M or G suffix (powers of 1024). */
int util_parse_size(const char *s, uint64_t *v);

/* An output file written all or nothing.  util_out_open("-") is stdout;
 * any other path is written to a temporary file beside it, renamed into
 * place by util_out_commit and removed by util_out_abort - except a path
 * that exists and is not a regular file (/dev/null, a FIFO, a terminal),
 * which is written directly: renaming over it would replace it.  A path
 * that is a symbolic link is written through it: the link's target is
 * replaced, the link stays (as cp and shells do).  open returns NULL (with
 * errno) on failure. */
typedef struct util_out {
	FILE *f;
	char *path, *tmp; /* tmp: the file written (NULL for stdout) */
	int direct;       /* tmp is path itself: no rename, no unlink */
} util_out;

/* The file an output path names: path itself, or the final target of the
 * symbolic link(s) it is (which need not exist yet).  A new string, or
 * NULL with errno (ELOOP after 40 links, ENOMEM). */
char *util_out_target(const char *path);

/* The permissions an output replacing path gets: those of the file path
 * names if it exists (as cp keeps them), else 0644. */
unsigned util_out_mode(const char *path);

/* If output path out is the same file (device and inode, through links)
 * as one of the n inputs, prints "vmmsim: OUT: is the input IN; refusing
 * to overwrite it" and returns -1; else 0.  "-", NULL and outputs that do
 * not exist yet or are not regular files never clash. */
int util_out_check(const char *out, const char *const *in, size_t n);

/* 1 if outputs a and b would be written to the same place: both "-"
 * (standard output), or the same file through links, whether it exists yet
 * or not (the same final target; for a new file, the same directory and
 * name).  Outputs that exist and are not regular files (/dev/null) never
 * clash; NULL never does. */
int util_out_same(const char *a, const char *b);

/* 1 if path exists and is not a regular file (write it in place). */
int util_is_special(const char *path);
util_out *util_out_open(const char *path);
/* Flushes, closes, renames.  Returns 0, or -1 with a message on stderr
 * naming the file (the temporary file is then removed).  Frees o. */
int util_out_commit(util_out *o);
void util_out_abort(util_out *o);

/* Writes s as one CSV field (RFC 4180: quoted, with quotes doubled, when
 * it holds a comma, quote, CR or LF). */
void util_csv_put(FILE *f, const char *s);

/* A new string: path made absolute by prefixing the current directory
 * (not resolved further); NULL with errno if the directory is unknown
 * (deleted) or out of memory. */
char *util_abs_path(const char *path);

/* Writes s for a terminal: printable ASCII and valid UTF-8 as they are,
 * a backslash as \\, every other byte (control characters, DEL, C1
 * controls, bytes of invalid UTF-8) as \xNN, so that no escape sequence
 * or newline of s reaches the terminal. */
void util_put_escaped(FILE *f, const char *s);

/* Flushes standard output; 0, or -1 after printing "vmmsim: standard
 * output: write error: REASON" (a full disk, /dev/full, a closed pipe). */
int util_flush_stdout(void);

/* 1 if stderr is a terminal (for progress lines). */
int util_stderr_tty(void);

/* Monotonic time in seconds. */
double util_now(void);

#endif
