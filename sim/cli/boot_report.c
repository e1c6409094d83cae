/*
 * boot_report.c - the counters and the ledger of a boot report (see
 * boot_report.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/boot_report.h"
#include "cli/report.h"
#include "util/util.h"

static const char *const irq_names[8] = { "IP0", "IP1", "IP2", "IP3", "IP4", "IP5", "IP6", "IP7" };

static void print_count(FILE *f, const char *label, uint64_t v)
{
	fprintf(f, "  %-22s %15llu\n", label, (unsigned long long)v);
}

void boot_report_counts_text(FILE *f, const struct cpu_sys_stats *st, uint64_t insns, uint64_t time)
{
	print_count(f, "instructions", insns);
	print_count(f, "  user", st->user_insns);
	print_count(f, "  kernel", st->kernel_insns);
	print_count(f, "simulated cycles", time);
	print_count(f, "  idle", st->ctx_insns[CPU_CTX_IDLE]);
	print_count(f, "tlb refills", st->tlb_refills);
	print_count(f, "tlbwr", st->tlbwr);
	print_count(f, "tlbwi", st->tlbwi);
	fprintf(f, "  exceptions            ");
	int any = 0;
	for (unsigned e = 0; e < 32; e++)
		if (st->exc[e]) {
			fprintf(f, " %s %llu", cpu_exc_name(e) ? cpu_exc_name(e) : "?", (unsigned long long)st->exc[e]);
			any = 1;
		}
	fprintf(f, "%s\n", any ? "" : " none");
	fprintf(f, "  interrupts            ");
	any = 0;
	for (unsigned n = 0; n < 8; n++)
		if (st->irq[n]) {
			fprintf(f, " %s %llu", irq_names[n], (unsigned long long)st->irq[n]);
			any = 1;
		}
	fprintf(f, "%s\n", any ? "" : " none");
}

void boot_report_ledger_text(FILE *f, const char *mode, const model *m, const ledger *l,
                             uint64_t base_cycles, int (*listed)(unsigned h, const void *ctx),
                             const void *ctx)
{
	uint64_t total = ledger_total(l) + base_cycles;
	fprintf(f, "%s ledger (model %s, cpi %.3f): %llu cycles\n", mode, m->name, m->cpi_milli / 1000.0,
	        (unsigned long long)total);
	fprintf(f, "  %-16s %12s %15s %7s\n", "hop", "count", "cycles", "share");
	fprintf(f, "  %-16s %12s %15llu %6.2f%%\n", "base (user)", "",
	        (unsigned long long)base_cycles, total ? 100.0 * (double)base_cycles / (double)total : 0.0);
	for (unsigned h = 0; h < HOP_N; h++) {
		if (!listed(h, ctx))
			continue;
		fprintf(f, "  %-16s %12llu %15llu %6.2f%%\n", ledger_hop_name(h),
		        (unsigned long long)l->count[h], (unsigned long long)l->cycles[h],
		        total ? 100.0 * (double)l->cycles[h] / (double)total : 0.0);
	}
}

json_t *boot_report_counts_json(const struct cpu_sys_stats *st, uint64_t insns, uint64_t time)
{
	json_t *o = json_object();
	json_object_set_new(o, "instructions", json_integer((json_int_t)insns));
	json_object_set_new(o, "user_instructions", json_integer((json_int_t)st->user_insns));
	json_object_set_new(o, "kernel_instructions", json_integer((json_int_t)st->kernel_insns));
	json_object_set_new(o, "simulated_cycles", json_integer((json_int_t)time));
	json_object_set_new(o, "idle_cycles", json_integer((json_int_t)st->ctx_insns[CPU_CTX_IDLE]));
	json_object_set_new(o, "tlb_refills", json_integer((json_int_t)st->tlb_refills));
	json_object_set_new(o, "tlbwr", json_integer((json_int_t)st->tlbwr));
	json_object_set_new(o, "tlbwi", json_integer((json_int_t)st->tlbwi));
	json_object_set_new(o, "tlbp", json_integer((json_int_t)st->tlbp));
	json_object_set_new(o, "tlbr", json_integer((json_int_t)st->tlbr));
	json_object_set_new(o, "eret", json_integer((json_int_t)st->eret));
	json_t *exc = json_object();
	for (unsigned e = 0; e < 32; e++)
		if (cpu_exc_name(e))
			json_object_set_new(exc, cpu_exc_name(e), json_integer((json_int_t)st->exc[e]));
	json_object_set_new(o, "exceptions", exc);
	json_t *irq = json_object();
	for (unsigned n = 0; n < 8; n++) /* (IP0, IP1: software interrupts) */
		json_object_set_new(irq, irq_names[n], json_integer((json_int_t)st->irq[n]));
	json_object_set_new(o, "interrupts", irq);
	return o;
}

void boot_report_ledger_json(json_t *o, const ledger *l, uint64_t base_cycles,
                             int (*listed)(unsigned h, const void *ctx), const void *ctx)
{
	json_object_set_new(o, "base_cycles", json_integer((json_int_t)base_cycles));
	json_object_set_new(o, "cycles", json_integer((json_int_t)ledger_total(l) + base_cycles));
	json_t *hops = json_object();
	for (unsigned h = 0; h < HOP_N; h++) {
		if (!listed(h, ctx))
			continue;
		json_t *e = json_object();
		json_object_set_new(e, "count", json_integer((json_int_t)l->count[h]));
		json_object_set_new(e, "cycles", json_integer((json_int_t)l->cycles[h]));
		json_object_set_new(hops, ledger_hop_name(h), e);
	}
	json_object_set_new(o, "hops", hops);
}

int boot_report_json_to(const char *path, FILE *f, json_t *j)
{
	int rc = json_dumpf(j, f, REPORT_JSON_FLAGS);
	fputc('\n', f);
	if (rc != 0 || fflush(f) || ferror(f)) {
		util_error("%s: cannot write", path);
		return -1;
	}
	return 0;
}

json_t *boot_report_mark_name(const char *kind, const char *name)
{
	size_t k = kind ? strlen(kind) + 1 : 0, n = strlen(name);
	char *buf = malloc(k + 4 * n + 1);
	if (!buf)
		return NULL;
	if (kind)
		sprintf(buf, "%s ", kind);
	memcpy(buf + k, name, n + 1);
	json_t *j = json_string(buf);
	if (!j) { /* not UTF-8: its bytes above 0x7f as \xNN */
		char *o = buf + k;
		for (const unsigned char *p = (const unsigned char *)name; *p; p++)
			o += *p < 0x80 ? sprintf(o, "%c", *p) : sprintf(o, "\\x%02x", *p);
		j = json_string(buf);
	}
	free(buf);
	return j;
}
