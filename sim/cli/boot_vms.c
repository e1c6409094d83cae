/*
 * boot_vms.c - `vmmsim boot --mode virt|swtlb --vm KERNEL[,INITRD[,APPEND]]
 * --vm ...`: several VMs beneath one monitor, on one machine, scheduled
 * round robin (sim/vmm/sched.c).  Each VM has its own Malta board and its
 * console in DIR/console-N.txt (--console-dir; without it VM 1's console
 * is standard output and the others' are dropped); the report gives each
 * VM's ledger and the total, with the machine's switches and idle time.
 */
#include "cli/boot_vms.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/loader.h"
#include "cli/boot_report.h"
#include "cli/report.h"
#include "util/util.h"
#include "vmm/sched.h"

typedef struct vm_ctx {
	cpu *c;
} vm_ctx;

static uint64_t clock_cb(void *ctx)
{
	vm_ctx *k = ctx;
	return k->c ? cpu_time(k->c) : 0;
}

static void irq_cb(void *ctx, unsigned line, int level)
{
	vm_ctx *k = ctx;
	if (k->c)
		cpu_set_irq(k->c, line, level);
}

static void stop_cb(void *ctx)
{
	vm_ctx *k = ctx;
	if (k->c)
		cpu_request_stop(k->c);
}

void boot_vms_split(char *spec, const char **kernel, const char **initrd, const char **append,
                    const char *default_append)
{
	*kernel = spec;
	*initrd = NULL;
	*append = default_append;
	char *c = strchr(spec, ',');
	if (!c)
		return;
	*c++ = 0;
	*initrd = *c && *c != ',' ? c : NULL;
	char *d = strchr(c, ',');
	if (d) {
		*d++ = 0;
		*append = d;
	}
}

/* the monitor's rows (ctx: the with_swtlb flag) */
static int listed(unsigned h, const void *ctx)
{
	return vmm_hop_charged(h, *(const int *)ctx);
}

static json_t *ledger_json(const ledger *l, uint64_t base, int with_swtlb)
{
	json_t *o = json_object();
	boot_report_ledger_json(o, l, base, listed, &with_swtlb);
	return o;
}

int boot_vms(const boot_vms_opts *o)
{
	unsigned n = o->nvm;
	board *b = calloc(n, sizeof *b);
	vm_ctx *ctx = calloc(n, sizeof *ctx);
	vmm_guest *g = calloc(n, sizeof *g);
	vmm_guest **gp = calloc(n, sizeof *gp);
	FILE **con = calloc(n, sizeof *con);
	char **spec = calloc(n, sizeof *spec);
	int *end = calloc(n, sizeof *end);
	int status = 1, have_mon = 0;
	unsigned boards = 0, guests = 0;
	char err[1024];
	vmm mon;
	util_out *out = NULL; /* --json, created before the run, committed after it */
	if (!b || !ctx || !g || !gp || !con || !spec || !end) {
		util_error("boot: out of memory");
		goto out;
	}
	if ((uint64_t)n * o->mem_mb + 1 > (VMM_IO_BASE >> 20)) {
		util_error("boot: %u VMs of %u MB exceed the machine memory (%u MB)", n, o->mem_mb, VMM_IO_BASE >> 20);
		status = 2;
		goto out;
	}
	if (o->json && !(out = util_out_open(o->json))) {
		util_error("%s: cannot create: %s", o->json, strerror(errno));
		goto out;
	}
	for (unsigned i = 0; i < n; i++) {
		const char *kernel, *initrd, *append;
		spec[i] = strdup(o->vm[i]);
		if (!spec[i]) {
			util_error("boot: out of memory");
			goto out;
		}
		boot_vms_split(spec[i], &kernel, &initrd, &append, o->append);
		if (o->console_dir) {
			char path[4096];
			snprintf(path, sizeof path, "%s/console-%u.txt", o->console_dir, i + 1);
			con[i] = fopen(path, "w");
			if (!con[i]) {
				util_error("%s: cannot create: %s", path, strerror(errno));
				goto out;
			}
		}
		board_config cfg = { .ram_mb = o->mem_mb, .hz = BOARD_CPU_HZ,
			             .console = o->console_dir ? con[i] : i == 0 ? stdout : NULL,
			             .input_fd = -1, .clock = clock_cb, .set_irq = irq_cb,
			             .request_stop = stop_cb, .ctx = &ctx[i] };
		if (board_init(&b[i], &cfg, err, sizeof err) != 0) {
			util_error("boot: %s", err);
			goto out;
		}
		boards++;
		board_kernel k;
		uint32_t rd_at = 0, rd_size = 0;
		board_boot_regs regs;
		if (board_load_kernel(&b[i], kernel, &k, err, sizeof err) != 0 ||
		    (initrd && board_load_initrd(&b[i], initrd, &k, &rd_at, &rd_size, err, sizeof err) != 0) ||
		    board_boot_contract(&b[i], &k, append, rd_at, rd_size, &regs, err, sizeof err) != 0) {
			util_error("%s", err);
			goto out;
		}
		if (i == 0) {
			if (vmm_init(&mon, o->model, n * (o->mem_mb << 20) + VMM_PAGE_SIZE, o->swtlb,
			             o->swtlb_entries, o->swtlb_assoc) != 0) {
				util_error("boot: cannot set up the monitor");
				goto out;
			}
			have_mon = 1;
		}
		if (vmm_guest_init(&g[i], &mon, i + 1, &b[i], &regs, o->tlb_entries, err, sizeof err) != 0) {
			util_error("boot: VM %u: %s", i + 1, err);
			goto out;
		}
		guests++;
		vmm_guest_seed(&g[i], o->seed ? o->seed : 1);
		ctx[i].c = g[i].c;
		gp[i] = &g[i];
	}

	vmm_sched_opts so = { .quantum = o->quantum, .idle_detect = o->idle_detect,
		              .max_cycles = o->max_insns, .stop = o->stop };
	vmm_sched_stats ss;
	double t0 = util_now();
	vmm_sched_run(gp, n, &so, end, &ss);
	double t1 = util_now();

	status = 0;
	ledger total;
	memset(&total, 0, sizeof total);
	uint64_t total_base = 0, insns = 0;
	json_t *vms = json_array();
	if (!o->quiet)
		fprintf(stderr, "vmmsim boot: %u VMs, mode %s, quantum %llu cycles, idle detection %s\n", n,
		        o->swtlb ? "swtlb" : "virt", (unsigned long long)o->quantum, o->idle_detect ? "on" : "off");
	for (unsigned i = 0; i < n; i++) {
		ledger l;
		uint64_t base;
		vmm_guest_account(&g[i], &l, &base);
		ledger_add(&total, &l);
		total_base += base;
		insns += g[i].c->insns;
		const vmm_stats *s = &g[i].vm.st;
		int e = end[i];
		if (e == VMM_END_PANIC && !status)
			status = 3;
		else if ((e == VMM_END_FAIL || e == VMM_END_CONSOLE) && !status)
			status = 1;
		else if (e == VMM_END_RUNNING && !status)
			status = 124;
		if (!o->quiet)
			fprintf(stderr, "  VM %u: %-8s %12llu instructions %14llu cycles, %llu console bytes, "
			        "%llu machine switches in, %llu machine pages (%llu zeroed twice), %llu idle cycles, "
			        "ended at machine cycle %llu\n",
			        i + 1, vmm_end_name(e), (unsigned long long)g[i].c->insns,
			        (unsigned long long)(ledger_total(&l) + base), (unsigned long long)b[i].console_bytes,
			        (unsigned long long)l.count[HOP_MACHINE_SWITCH], (unsigned long long)s->pages_alloc,
			        (unsigned long long)s->pages_zeroed_twice, (unsigned long long)l.cycles[HOP_IDLE],
			        (unsigned long long)ss.finish[i]);
		json_t *v = ledger_json(&l, base, o->swtlb);
		json_object_set_new(v, "vm", json_integer(i + 1));
		json_object_set_new(v, "end", json_string(vmm_end_name(e)));
		json_object_set_new(v, "instructions", json_integer((json_int_t)g[i].c->insns));
		json_object_set_new(v, "console_bytes", json_integer((json_int_t)b[i].console_bytes));
		json_object_set_new(v, "machine_pages", json_integer((json_int_t)s->pages_alloc));
		json_object_set_new(v, "pages_zeroed_twice", json_integer((json_int_t)s->pages_zeroed_twice));
		json_object_set_new(v, "refill_reflections", json_integer((json_int_t)s->refill_reflect));
		json_object_set_new(v, "swtlb_hits", json_integer((json_int_t)s->swtlb_hit));
		json_object_set_new(v, "vtlb_reloads", json_integer((json_int_t)s->vtlb_reload));
		json_object_set_new(v, "traps", json_integer((json_int_t)s->traps));
		json_object_set_new(v, "idle_cycles", json_integer((json_int_t)l.cycles[HOP_IDLE]));
		json_object_set_new(v, "finished_at", json_integer((json_int_t)ss.finish[i]));
		json_array_append_new(vms, v);
	}
	/* stopped: by SIGINT or SIGTERM (128 + it, as one VM alone), else at
	 * --max-insns (124, unless a VM's end said worse) */
	if (ss.stopped && o->stop && *o->stop) {
		util_error("boot: stopped by signal %d at machine cycle %llu", (int)*o->stop,
		           (unsigned long long)ss.machine_cycles);
		status = 128 + *o->stop;
	} else if (ss.stopped) {
		util_error("boot: stopped at --max-insns %llu (machine cycles) before every VM ended",
		           (unsigned long long)o->max_insns);
		if (!status)
			status = 124;
	}
	if (!o->quiet) {
		fprintf(stderr, "  machine: %llu cycles, %llu machine switches, %llu turns, %llu cycles with every VM waiting\n",
		        (unsigned long long)ss.machine_cycles, (unsigned long long)ss.switches,
		        (unsigned long long)ss.turns, (unsigned long long)ss.machine_idle);
		fprintf(stderr, "  total ledger: %llu cycles (base %llu); run time %.2f s, %.1f M instructions/s\n",
		        (unsigned long long)(ledger_total(&total) + total_base), (unsigned long long)total_base,
		        t1 - t0, t1 > t0 ? (double)insns / (t1 - t0) / 1e6 : 0.0);
		for (unsigned h = 0; h < HOP_N; h++)
			if (vmm_hop_charged(h, o->swtlb) && total.cycles[h])
				fprintf(stderr, "    %-16s %12llu %15llu\n", ledger_hop_name(h),
				        (unsigned long long)total.count[h], (unsigned long long)total.cycles[h]);
	}
	if (o->json) {
		json_t *root = json_object();
		json_t *m = ledger_json(&total, total_base, o->swtlb);
		json_object_set_new(m, "vms", vms);
		vms = NULL;
		json_object_set_new(m, "machine_cycles", json_integer((json_int_t)ss.machine_cycles));
		json_object_set_new(m, "machine_switches", json_integer((json_int_t)ss.switches));
		json_object_set_new(m, "turns", json_integer((json_int_t)ss.turns));
		json_object_set_new(m, "machine_idle_cycles", json_integer((json_int_t)ss.machine_idle));
		json_object_set_new(m, "quantum", json_integer((json_int_t)o->quantum));
		json_object_set_new(m, "idle_detect", json_boolean(o->idle_detect));
		json_object_set_new(m, "instructions", json_integer((json_int_t)insns));
		json_t *modes = json_object();
		json_object_set_new(modes, o->swtlb ? "swtlb" : "virt", m);
		json_object_set_new(root, "modes", modes);
		json_object_set_new(root, "model", json_string(o->model->name));
		json_object_set_new(root, "seconds", json_real(t1 - t0));
		if (json_dumpf(root, out->f, REPORT_JSON_FLAGS) != 0 || fputc('\n', out->f) == EOF) {
			util_out_abort(out);
			util_error("%s: cannot write", o->json);
			status = status ? status : 1;
		} else if (util_out_commit(out) != 0) {
			status = status ? status : 1;
		}
		out = NULL;
		json_decref(root);
	}
	json_decref(vms);
out:
	if (out)
		util_out_abort(out);
	for (unsigned i = 0; i < guests; i++)
		vmm_guest_free(&g[i]);
	if (have_mon)
		vmm_free(&mon);
	for (unsigned i = 0; i < boards; i++)
		board_free(&b[i]);
	for (unsigned i = 0; con && i < n; i++)
		if (con[i] && fclose(con[i]) != 0 && !status) {
			util_error("console of VM %u: cannot write: %s", i + 1, strerror(errno));
			status = 1;
		}
	for (unsigned i = 0; spec && i < n; i++)
		free(spec[i]);
	free(b);
	free(ctx);
	free(g);
	free(gp);
	free(con);
	free(spec);
	free(end);
	return status;
}
