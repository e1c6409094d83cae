/*
 * report.c - rendering replay results: the aligned table, JSON and CSV.
 * Field names, hop names and CSV columns are stable (README).
 */
#include "cli/report.h"

#include <string.h>

#include "util/util.h"

/* Hops mode md can charge (hops.def), listed in JSON and CSV. */
static int hop_in_mode(unsigned hop, unsigned md)
{
	return ledger_hop_in_mode(ledger_hop_info(hop), md);
}

static double pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void table_mode(const replay *r, unsigned md, int vm, FILE *f)
{
	replay_result x;
	if (replay_get_result(r, md, vm, &x))
		return;
	fprintf(f, "== %s ==\n", replay_mode_name(md));
	fprintf(f, "  %-22s %16llu\n", "instructions", (unsigned long long)x.instructions);
	fprintf(f, "  %-22s %16llu\n", "references", (unsigned long long)x.references);
	fprintf(f, "  %-22s %16s %16s %7s\n", "hop", "count", "cycles", "share");
	fprintf(f, "  %-22s %16llu %16llu %6.2f%%\n", "base (instructions)",
	        (unsigned long long)x.instructions, (unsigned long long)x.base_cycles,
	        pct(x.base_cycles, x.cycles));
	for (unsigned h = 0; h < HOP_N; h++) {
		if (!x.hops.count[h] && !x.hops.cycles[h])
			continue;
		fprintf(f, "  %-22s %16llu %16llu %6.2f%%\n", ledger_hop_name(h),
		        (unsigned long long)x.hops.count[h], (unsigned long long)x.hops.cycles[h],
		        pct(x.hops.cycles[h], x.cycles));
	}
	fprintf(f, "  %-22s %16llu   (%.3f per 1000 instructions)\n", "TLB misses",
	        (unsigned long long)x.tlb_misses,
	        x.instructions ? 1000.0 * (double)x.tlb_misses / (double)x.instructions : 0.0);
	if (x.tlb_misses)
		fprintf(f, "  %-22s %16.1f\n", "cycles per TLB miss",
		        (double)x.tlb_miss_cycles / (double)x.tlb_misses);
	if (md != REPLAY_NATIVE && x.kseg_misses)
		fprintf(f, "  %-22s %16llu\n", "kseg misses", (unsigned long long)x.kseg_misses);
	fprintf(f, "  %-22s %16llu\n", "page faults", (unsigned long long)x.page_faults);
	if (md == REPLAY_SWTLB)
		fprintf(f, "  %-22s %16llu / %llu   (hit rate %.2f%%)\n", "swtlb hits / misses",
		        (unsigned long long)x.swtlb_hits, (unsigned long long)x.swtlb_misses,
		        pct(x.swtlb_hits, x.swtlb_hits + x.swtlb_misses));
	fprintf(f, "  %-22s %16llu\n", "total cycles", (unsigned long long)x.cycles);
	if (x.slowdown > 0)
		fprintf(f, "  %-22s %16.4f\n", "slowdown vs native", x.slowdown);
}

void report_write_table(const replay *r, FILE *f)
{
	const model *m = replay_get_model(r);
	fprintf(f, "model %s: TLB %u entries%s (%u wired), %s, page %llu; software TLB ",
	        m->name, m->tlb_entries, m->tlb_pairs ? " x 2 pages" : "", m->tlb_wired,
	        model_policy_name((int)m->tlb_policy), (unsigned long long)m->page_size);
	if (m->swtlb_entries)
		fprintf(f, "%u entries, %u-way\n", m->swtlb_entries,
		        m->swtlb_assoc && m->swtlb_assoc < m->swtlb_entries ? m->swtlb_assoc : m->swtlb_entries);
	else
		fprintf(f, "off\n");
	for (unsigned v = 0; replay_nvms(r) > 1 && v < replay_nvms(r); v++) {
		fprintf(f, "\n-- VM %u: %s --\n", v, replay_get_label(r, v) ? replay_get_label(r, v) : "");
		for (unsigned md = 0; md < REPLAY_NMODES; md++)
			table_mode(r, md, (int)v, f);
	}
	if (replay_nvms(r) > 1)
		fprintf(f, "\n-- all VMs --\n");
	for (unsigned md = 0; md < REPLAY_NMODES; md++)
		table_mode(r, md, -1, f);
}

static json_t *mode_json(const replay *r, unsigned md, int vm)
{
	replay_result x;
	if (replay_get_result(r, md, vm, &x))
		return NULL;
	json_t *o = json_object();
	json_object_set_new(o, "instructions", json_integer((json_int_t)x.instructions));
	json_object_set_new(o, "references", json_integer((json_int_t)x.references));
	json_object_set_new(o, "base_cycles", json_integer((json_int_t)x.base_cycles));
	json_object_set_new(o, "cycles", json_integer((json_int_t)x.cycles));
	json_object_set_new(o, "tlb_misses", json_integer((json_int_t)x.tlb_misses));
	json_object_set_new(o, "tlb_miss_cycles", json_integer((json_int_t)x.tlb_miss_cycles));
	json_object_set_new(o, "kseg_misses", json_integer((json_int_t)x.kseg_misses));
	json_object_set_new(o, "page_faults", json_integer((json_int_t)x.page_faults));
	json_object_set_new(o, "slowdown", json_real(x.slowdown));
	if (md == REPLAY_SWTLB) {
		json_object_set_new(o, "swtlb_hits", json_integer((json_int_t)x.swtlb_hits));
		json_object_set_new(o, "swtlb_misses", json_integer((json_int_t)x.swtlb_misses));
	}
	json_t *hops = json_object();
	for (unsigned h = 0; h < HOP_N; h++) {
		if (!hop_in_mode(h, md))
			continue;
		json_t *e = json_object();
		json_object_set_new(e, "count", json_integer((json_int_t)x.hops.count[h]));
		json_object_set_new(e, "cycles", json_integer((json_int_t)x.hops.cycles[h]));
		json_object_set_new(hops, ledger_hop_name(h), e);
	}
	json_object_set_new(o, "hops", hops);
	return o;
}

static json_t *modes_json(const replay *r, int vm)
{
	json_t *modes = json_object();
	for (unsigned md = 0; md < REPLAY_NMODES; md++) {
		json_t *o = mode_json(r, md, vm);
		if (o)
			json_object_set_new(modes, replay_mode_name(md), o);
	}
	return modes;
}

json_t *report_json(const replay *r)
{
	json_t *root = json_object();
	json_object_set_new(root, "modes", modes_json(r, -1));
	json_object_set_new(root, "model", json_string(replay_get_model(r)->name));
	if (replay_nvms(r) > 1) {
		json_t *vms = json_array();
		for (unsigned v = 0; v < replay_nvms(r); v++) {
			json_t *o = json_object();
			json_object_set_new(o, "trace", json_string(replay_get_label(r, v) ? replay_get_label(r, v) : ""));
			json_object_set_new(o, "modes", modes_json(r, (int)v));
			json_array_append_new(vms, o);
		}
		json_object_set_new(root, "vms", vms);
	}
	return root;
}

int report_write_json(const replay *r, FILE *f)
{
	json_t *j = report_json(r);
	int rc = json_dumpf(j, f, REPORT_JSON_FLAGS);
	json_decref(j);
	if (!rc)
		fputc('\n', f);
	return rc ? -1 : 0;
}

static void csv_rows(const replay *r, int vm, FILE *f)
{
	for (unsigned md = 0; md < REPLAY_NMODES; md++) {
		replay_result x;
		if (replay_get_result(r, md, vm, &x))
			continue;
		const char *label = vm >= 0 ? replay_get_label(r, (unsigned)vm)
		                            : (replay_nvms(r) == 1 ? replay_get_label(r, 0) : "all");
		for (int h = -1; h < HOP_N; h++) {
			if (h >= 0 && !hop_in_mode((unsigned)h, md))
				continue;
			util_csv_put(f, label ? label : "");
			if (vm >= 0)
				fprintf(f, ",%d", vm);
			else
				fputs(",all", f);
			uint64_t cnt = h < 0 ? x.instructions : x.hops.count[h];
			uint64_t cyc = h < 0 ? x.base_cycles : x.hops.cycles[h];
			fprintf(f, ",%s,%s,%llu,%llu,%.6f,%llu,%llu,%llu,%.6f\n", replay_mode_name(md),
			        h < 0 ? "base" : ledger_hop_name((unsigned)h), (unsigned long long)cnt,
			        (unsigned long long)cyc, x.cycles ? (double)cyc / (double)x.cycles : 0.0,
			        (unsigned long long)x.instructions, (unsigned long long)x.cycles,
			        (unsigned long long)x.tlb_misses, x.slowdown);
		}
	}
}

void report_write_csv(const replay *r, FILE *f)
{
	fputs("trace,vm,mode,hop,count,cycles,share,instructions,total_cycles,tlb_misses,slowdown\n", f);
	if (replay_nvms(r) > 1)
		for (unsigned v = 0; v < replay_nvms(r); v++)
			csv_rows(r, (int)v, f);
	csv_rows(r, -1, f);
}
