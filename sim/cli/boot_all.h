/*
 * boot_all.h - `vmmsim boot --mode all` or a list of modes (boot_all.c).
 */
#ifndef VMMSIM_BOOT_ALL_H
#define VMMSIM_BOOT_ALL_H

#include <signal.h>

/* Runs every mode of the comma-separated list (or "all": native, virt,
 * swtlb) as its own `vmmsim boot` with the other arguments of argv, and
 * reports them side by side; csv_path (may be NULL): boot_csv_write of
 * every mode; console_dir (may be NULL): each mode's console kept in
 * console_dir/console-MODE.txt.  *stop (set by the caller's SIGINT and
 * SIGTERM handler) is passed on to the modes running, and none is started
 * after it.  Returns the exit status (128 + the signal after one, else the
 * first non-zero of the modes', or 1/2 for its own errors). */
int boot_all(int argc, char **argv, const char *modes, const char *kernel, const char *json_path,
             const char *csv_path, const char *console, const char *console_dir, int quiet,
             volatile sig_atomic_t *stop);

#endif
