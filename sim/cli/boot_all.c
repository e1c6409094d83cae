/*
 * boot_all.c - `vmmsim boot --mode all` (or a list, --mode native,virt,swtlb):
 * each mode is its own execution of the guest (the monitor changes what the
 * guest's TLB and clock see, so the modes cannot share one), run as a child
 * `vmmsim boot --mode M ... --json DIR/M.json --console DIR/M.console -q`,
 * as many at once as the machine has cores.  The first mode's console goes
 * to standard output (or --console), the report compares the modes side by
 * side with their slowdowns against native (or the first mode), and --json
 * holds every mode's report under "modes" with its "slowdown".
 */
#include "cli/boot_all.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "machine/ledger.h"
#include "cli/boot_csv.h"
#include "cli/boot_report.h"
#include "cli/report.h"
#include "util/util.h"

extern char **environ;

#define MAX_MODES 8

typedef struct child {
	const char *mode;
	pid_t pid;
	int status;     /* exit status, -1 not run */
	json_t *json;   /* its report */
	json_t *m;      /* its modes.MODE object */
} child;

/* Where mode's console goes: console_dir/console-MODE.txt, or the
 * temporary dir/MODE.console. */
static void console_path(char *out, size_t n, const char *dir, const char *console_dir, const char *mode)
{
	if (console_dir)
		snprintf(out, n, "%s/console-%s.txt", console_dir, mode);
	else
		snprintf(out, n, "%s/%s.console", dir, mode);
}

/* SIGCHLD only ends sigsuspend (its default action, ignore, would not) */
static void on_child(int sig)
{
	(void)sig;
}

static int spawn_mode(child *ch, int argc, char **argv, const char *dir, const char *console_dir,
                      const sigset_t *mask)
{
	static char a_prog[] = "vmmsim", a_boot[] = "boot", a_mode[] = "--mode", a_json[] = "--json",
		    a_con[] = "--console", a_q[] = "-q";
	char json[4096], con[4096], mode[64];
	snprintf(mode, sizeof mode, "%s", ch->mode);
	snprintf(json, sizeof json, "%s/%s.json", dir, ch->mode);
	console_path(con, sizeof con, dir, console_dir, ch->mode);
	char **av = calloc((size_t)argc + 12, sizeof *av);
	if (!av)
		return -1;
	int n = 0;
	av[n++] = a_prog;
	av[n++] = a_boot;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--mode") || !strcmp(a, "--json") || !strcmp(a, "--console") || !strcmp(a, "--csv") ||
		    !strcmp(a, "--console-dir")) {
			i++; /* the parent's */
			continue;
		}
		if (!strcmp(a, "-q"))
			continue;
		if ((!strcmp(a, "--swtlb-entries") || !strcmp(a, "--swtlb-assoc")) && strcmp(ch->mode, "swtlb")) {
			i++; /* the software TLB's: swtlb's only */
			continue;
		}
		av[n++] = argv[i];
	}
	av[n++] = a_mode;
	av[n++] = mode;
	av[n++] = a_json;
	av[n++] = json;
	av[n++] = a_con;
	av[n++] = con;
	av[n++] = a_q;
	av[n] = NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawnattr_t at; /* the child gets the signal mask boot_all blocked */
	posix_spawnattr_init(&at);
	posix_spawnattr_setsigmask(&at, mask);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK);
	int rc = posix_spawn(&ch->pid, "/proc/self/exe", &fa, &at, av, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	free(av);
	if (rc) {
		errno = rc;
		return -1;
	}
	return 0;
}

/* Returns 0, -1 if `to` cannot be written, -2 if `from` does not exist. */
static int copy_file(const char *from, FILE *to)
{
	FILE *f = fopen(from, "rb");
	if (!f)
		return errno == ENOENT ? -2 : -1;
	char buf[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			rc = -1;
	fclose(f);
	return rc;
}

static uint64_t geti(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (uint64_t)json_integer_value(v) : 0;
}

static uint64_t hop_cycles(json_t *m, const char *hop)
{
	return geti(json_object_get(json_object_get(m, "hops"), hop), "cycles");
}

static void report(FILE *f, child *ch, int n, const char *kernel)
{
	fprintf(f, "vmmsim boot: %s, modes", kernel);
	for (int i = 0; i < n; i++)
		fprintf(f, " %s", ch[i].mode);
	fprintf(f, "\n  %-22s", "");
	for (int i = 0; i < n; i++)
		fprintf(f, " %15s", ch[i].mode);
	fprintf(f, "\n");
	uint64_t ref = geti(ch[0].m, "cycles");
	const char *rows[] = {"instructions", "user_instructions", "kernel_instructions", "cycles"};
	for (unsigned r = 0; r < sizeof rows / sizeof rows[0]; r++) {
		fprintf(f, "  %-22s", rows[r]);
		for (int i = 0; i < n; i++)
			fprintf(f, " %15llu", (unsigned long long)geti(ch[i].m, rows[r]));
		fprintf(f, "\n");
	}
	fprintf(f, "  %-22s", "slowdown");
	for (int i = 0; i < n; i++)
		fprintf(f, " %15.3f", ref ? (double)geti(ch[i].m, "cycles") / (double)ref : 0.0);
	fprintf(f, "\n  %-22s", "base (user)");
	for (int i = 0; i < n; i++)
		fprintf(f, " %15llu", (unsigned long long)geti(ch[i].m, "base_cycles"));
	fprintf(f, "\n");
	for (unsigned h = 0; h < HOP_N; h++) {
		const char *name = ledger_hop_name(h);
		int any = 0;
		for (int i = 0; i < n; i++)
			if (json_object_get(json_object_get(ch[i].m, "hops"), name))
				any = 1;
		if (!any)
			continue;
		fprintf(f, "  %-22s", name);
		for (int i = 0; i < n; i++) {
			if (json_object_get(json_object_get(ch[i].m, "hops"), name))
				fprintf(f, " %15llu", (unsigned long long)hop_cycles(ch[i].m, name));
			else
				fprintf(f, " %15s", "-");
		}
		fprintf(f, "\n");
	}
}

int boot_all(int argc, char **argv, const char *modes, const char *kernel, const char *json_path,
             const char *csv_path, const char *console, const char *console_dir, int quiet,
             volatile sig_atomic_t *stop)
{
	child ch[MAX_MODES];
	int n = 0, status = 0;
	char list[256];
	snprintf(list, sizeof list, "%s", !strcmp(modes, "all") ? "native,virt,swtlb" : modes);
	/* each mode once (two would share their files), at least one */
	for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "native") && strcmp(t, "virt") && strcmp(t, "swtlb") && strcmp(t, "none")) {
			util_error("boot: --mode: '%s' is not a mode of a list (none, native, virt, swtlb)", t);
			return 2;
		}
		for (int i = 0; i < n; i++)
			if (!strcmp(ch[i].mode, t)) {
				util_error("boot: --mode: '%s' twice", t);
				return 2;
			}
		ch[n].mode = t; /* (in list) */
		ch[n].pid = 0;
		ch[n].status = -1;
		ch[n].json = ch[n].m = NULL;
		n++;
	}
	if (!n) {
		util_error("boot: --mode: '%s' names no mode", modes);
		return 2;
	}
	int with_ledger = 0;
	for (int i = 0; i < n; i++)
		with_ledger |= strcmp(ch[i].mode, "none") != 0;
	if (csv_path && !with_ledger) {
		util_error("boot: --csv needs a ledger (--mode native, virt, swtlb or all)");
		return 2;
	}
	/* the outputs, created before the modes run (a path that cannot be:
	 * said at once), committed together after them */
	util_out *jo = NULL, *co = NULL;
	if (json_path && !(jo = util_out_open(json_path))) {
		util_error("%s: cannot create: %s", json_path, strerror(errno));
		return 1;
	}
	if (csv_path && !(co = util_out_open(csv_path))) {
		util_error("%s: cannot create: %s", csv_path, strerror(errno));
		if (jo)
			util_out_abort(jo);
		return 1;
	}
	/* the modes' consoles (--console-dir) can be created: said once */
	for (int i = 0; console_dir && i < n; i++) {
		char path[4096];
		console_path(path, sizeof path, NULL, console_dir, ch[i].mode);
		FILE *f = fopen(path, "w");
		if (!f || fclose(f) != 0) {
			util_error("%s: cannot create: %s", path, strerror(errno));
			if (jo)
				util_out_abort(jo);
			if (co)
				util_out_abort(co);
			return 1;
		}
	}
	/* --console too */
	FILE *con = console ? fopen(console, "w") : stdout;
	if (!con) {
		util_error("%s: cannot create: %s", console, strerror(errno));
		if (jo)
			util_out_abort(jo);
		if (co)
			util_out_abort(co);
		return 1;
	}
	char dir[1024];
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp || strlen(tmp) > 900)
		tmp = "/tmp";
	snprintf(dir, sizeof dir, "%s/vmmsim-boot.XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		util_error("boot: cannot create a temporary directory: %s", strerror(errno));
		if (console)
			fclose(con);
		if (jo)
			util_out_abort(jo);
		if (co)
			util_out_abort(co);
		return 1;
	}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int par = cores < 1 ? 1 : cores > n ? n : (int)cores, running = 0, next = 0, forwarded = 0;
	/* SIGINT and SIGTERM (the caller's handler sets *stop) are passed on to
	 * the modes running, which stop with their report so far; no mode is
	 * started after them.  They and SIGCHLD are blocked but in sigsuspend,
	 * so none comes between a test and the wait. */
	struct sigaction chld, old_chld;
	memset(&chld, 0, sizeof chld);
	chld.sa_handler = on_child;
	sigemptyset(&chld.sa_mask);
	sigaction(SIGCHLD, &chld, &old_chld);
	sigset_t block, old_mask;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old_mask);
	for (;;) {
		while (next < n && running < par && !*stop) {
			if (spawn_mode(&ch[next], argc, argv, dir, console_dir, &old_mask) != 0) {
				util_error("boot: cannot run mode %s: %s", ch[next].mode, strerror(errno));
				ch[next].status = 1;
			} else {
				running++;
			}
			next++;
		}
		int ws;
		pid_t p;
		while (running && (p = waitpid(-1, &ws, WNOHANG)) > 0)
			for (int i = 0; i < n; i++)
				if (ch[i].pid == p) {
					ch[i].status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
					running--;
				}
		if (*stop && !forwarded) {
			for (int i = 0; i < next; i++)
				if (ch[i].pid > 0 && ch[i].status == -1)
					kill(ch[i].pid, *stop);
			forwarded = 1;
		}
		if (!running) {
			if (next < n && !*stop)
				continue;
			break;
		}
		sigsuspend(&old_mask);
	}
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGCHLD, &old_chld, NULL);
	if (*stop) {
		util_error("boot: stopped by signal %d: %d of %d modes ran", (int)*stop, next, n);
		status = 128 + *stop;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s.json", dir, ch[i].mode);
		json_error_t je;
		ch[i].json = json_load_file(path, 0, &je);
		ch[i].m = ch[i].json ? json_object_get(json_object_get(ch[i].json, "modes"), ch[i].mode) : NULL;
		if (ch[i].status && !status)
			status = ch[i].status;
		if (!ch[i].m) { /* (a mode that failed said why; one not run, the signal) */
			if (!ch[i].status || (ch[i].status > 128 && !*stop))
				util_error("boot: mode %s gave no report (exit status %d)", ch[i].mode, ch[i].status);
			status = status ? status : 1;
		}
	}
	/* the first mode's console */
	char path[4096];
	console_path(path, sizeof path, dir, console_dir, ch[0].mode);
	int cr = con ? copy_file(path, con) : -1;
	if (cr == -1) {
		util_error("%s: cannot write the console", console ? console : "standard output");
		status = status ? status : 1;
	} else if (cr == -2 && !ch[0].status) { /* (a mode that failed said why) */
		util_error("boot: mode %s left no console", ch[0].mode);
		status = status ? status : 1;
	}
	if (console && con)
		fclose(con);
	else
		fflush(stdout);
	int complete = 1;
	for (int i = 0; i < n; i++)
		complete &= ch[i].m != NULL;
	if (complete && !quiet)
		report(stderr, ch, n, kernel);
	int outs_ok = complete;
	if (complete && (json_path || csv_path)) {
		json_t *root = json_object();
		json_object_set_new(root, "kernel", json_string(kernel));
		json_t *ms = json_object();
		uint64_t ref = geti(ch[0].m, "cycles");
		for (int i = 0; i < n; i++) {
			json_t *m = json_deep_copy(ch[i].m);
			json_object_set_new(m, "exit_status", json_integer(ch[i].status));
			json_object_set_new(m, "end", json_incref(json_object_get(ch[i].json, "end")));
			json_object_set_new(m, "seconds", json_incref(json_object_get(ch[i].json, "seconds")));
			if (ref)
				json_object_set_new(m, "slowdown", json_real((double)geti(ch[i].m, "cycles") / (double)ref));
			json_object_set_new(ms, ch[i].mode, m);
		}
		json_object_set_new(root, "modes", ms);
		const char *slash = strrchr(kernel, '/');
		if (co && boot_csv_to(ms, slash ? slash + 1 : kernel, csv_path, co->f) != 0)
			outs_ok = 0;
		if (outs_ok && jo && boot_report_json_to(json_path, jo->f, root) != 0)
			outs_ok = 0;
		json_decref(root);
	}
	/* all or none (a mode without a report: none) */
	if (jo && (outs_ok ? util_out_commit(jo) != 0 : (util_out_abort(jo), 0)))
		outs_ok = 0;
	if (co && (outs_ok ? util_out_commit(co) != 0 : (util_out_abort(co), 0)))
		outs_ok = 0;
	if ((json_path || csv_path) && !outs_ok)
		status = status ? status : 1;
	for (int i = 0; i < n; i++) {
		char p2[4096];
		snprintf(p2, sizeof p2, "%s/%s.json", dir, ch[i].mode);
		unlink(p2);
		if (!console_dir) {
			snprintf(p2, sizeof p2, "%s/%s.console", dir, ch[i].mode);
			unlink(p2);
		}
		json_decref(ch[i].json);
	}
	rmdir(dir);
	return status;
}
