/*
 * replay.c - the replay engine: the model from the options, one machine per
 * mode (per VM for native), feeding, interval rows, results.
 */
#include "replay/replay.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/mach.h"
#include "replay/replay_int.h"
#include "util/util.h"

static const char *const mode_names[REPLAY_NMODES] = {"native", "virt", "swtlb",
                                                       "hw",     "shadow", "nested", "pv"};

const char *replay_mode_name(unsigned mode)
{
	return mode < REPLAY_NMODES ? mode_names[mode] : NULL;
}

int replay_modes_parse(const char *s, unsigned *mask)
{
	unsigned m = 0;
	const char *p = s;
	if (!*s)
		return -1;
	while (*p) {
		size_t n = strcspn(p, ",");
		int found = 0;
		if (n == 3 && !strncmp(p, "all", 3)) {
			m |= REPLAY_ALL;
			found = 1;
		}
		if (n == 5 && !strncmp(p, "every", 5)) {
			m |= REPLAY_EVERY;
			found = 1;
		}
		for (unsigned i = 0; i < REPLAY_NMODES && !found; i++)
			if (strlen(mode_names[i]) == n && !strncmp(p, mode_names[i], n)) {
				m |= REPLAY_MODE_BIT(i);
				found = 1;
			}
		if (!found)
			return -1;
		p += n;
		if (*p == ',') {
			p++;
			if (!*p)
				return -1;
		}
	}
	*mask = m;
	return 0;
}

/* ---- options ---------------------------------------------------------- */

void replay_opts_init(replay_opts *o)
{
	memset(o, 0, sizeof *o);
	o->tlb_entries = o->tlb_wired = o->swtlb_entries = o->swtlb_assoc = -1;
	o->tlb_policy = o->pairs = o->kseg_mapped = o->tlb_mod = -1;
	o->pt_levels = o->pwc_entries = o->nested_tlb_entries = -1;
	o->hw_tlb_entries = o->hw_tlb_assoc = o->pv_batch = -1;
	o->seed = 1;
	o->shared_tlb = 1;
	o->runs = 1;
}

int replay_opts_model(const replay_opts *o, model *m, char *err, size_t errlen)
{
	if (o->model)
		*m = *o->model;
	else if (o->model_path ? model_load_file(m, o->model_path, err, errlen)
	                       : model_load_default(m, err, errlen))
		return -1;
	if (o->tlb_entries >= 0)
		m->tlb_entries = (uint32_t)o->tlb_entries;
	if (o->tlb_wired >= 0)
		m->tlb_wired = (uint32_t)o->tlb_wired;
	if (o->tlb_policy >= 0)
		m->tlb_policy = (uint32_t)o->tlb_policy;
	if (o->pairs >= 0)
		m->tlb_pairs = (uint32_t)o->pairs;
	if (o->page_size)
		m->page_size = o->page_size;
	if (o->swtlb_entries >= 0)
		m->swtlb_entries = (uint32_t)o->swtlb_entries;
	if (o->swtlb_assoc >= 0)
		m->swtlb_assoc = (uint32_t)o->swtlb_assoc;
	if (o->quantum)
		m->quantum = o->quantum;
	if (o->kseg_mapped >= 0)
		m->kseg_mapped = (uint32_t)o->kseg_mapped;
	if (o->tlb_mod >= 0)
		m->tlb_mod = (uint32_t)o->tlb_mod;
	if (m->tlb_wired >= m->tlb_entries) {
		snprintf(err, errlen, "TLB: %u wired entries leave none of %u for tlbwr",
		         m->tlb_wired, m->tlb_entries);
		return -1;
	}
	if (m->swtlb_entries && m->swtlb_assoc &&
	    (m->swtlb_assoc > m->swtlb_entries || m->swtlb_entries % m->swtlb_assoc)) {
		snprintf(err, errlen, "software TLB: associativity %u does not divide %u entries",
		         m->swtlb_assoc, m->swtlb_entries);
		return -1;
	}
	if (o->pt_levels >= 0)
		m->pt_levels = (uint32_t)o->pt_levels;
	if (o->pwc_entries >= 0)
		m->pwc_entries = (uint32_t)o->pwc_entries;
	if (o->nested_tlb_entries >= 0)
		m->nested_tlb_entries = (uint32_t)o->nested_tlb_entries;
	if (o->hw_tlb_entries >= 0)
		m->hw_tlb_entries = (uint32_t)o->hw_tlb_entries;
	if (o->hw_tlb_assoc >= 0)
		m->hw_tlb_assoc = (uint32_t)o->hw_tlb_assoc;
	if (o->pv_batch >= 0)
		m->pv_batch = (uint32_t)o->pv_batch;
	const char *bad = model_check_hw(m);
	if (bad) {
		snprintf(err, errlen, "%s", bad);
		return -1;
	}
	if (!m->quantum)
		m->quantum = 1;
	return 0;
}

/* ---- engine ----------------------------------------------------------- */

static mach *new_mach(replay *r, const unsigned *modes, unsigned nmodes, unsigned nvm)
{
	mach *M = calloc(1, sizeof *M);
	if (!M)
		return NULL;
	if (mach_init(M, modes, nmodes, &r->m, nvm, r->o.seed)) {
		mach_free(M);
		free(M);
		return NULL;
	}
	return M;
}

int replay_new(replay **out, const replay_opts *o, unsigned modes, unsigned nvms,
               char *err, size_t errlen)
{
	*out = NULL;
	if (!modes || (modes & ~REPLAY_EVERY) || nvms < 1 || nvms > REPLAY_MAX_LABELS) {
		snprintf(err, errlen, "replay: bad mode set or number of VMs");
		return -1;
	}
	replay *r = calloc(1, sizeof *r);
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r->o = *o;
	r->modes = modes;
	r->nvms = nvms;
	if (replay_opts_model(o, &r->m, err, errlen)) {
		free(r);
		return -1;
	}
	unsigned list[REPLAY_NMODES], nl = 0, hwl[HW_NMODES], nh = 0;
	for (unsigned md = 0; md < REPLAY_NMODES; md++)
		if (modes & REPLAY_MODE_BIT(md) & REPLAY_SWMODES)
			list[nl++] = md;
	for (unsigned md = REPLAY_HW; md <= REPLAY_NESTED; md++)
		if (modes & REPLAY_MODE_BIT(md))
			hwl[nh++] = md - REPLAY_HW;
	int bad = 0;
	if (nh && nvms == 1) {
		bad = !(r->hw = calloc(1, sizeof *r->hw)) || hwmach_init(r->hw, hwl, nh, &r->m, 1);
	} else {
		/* several VMs: hw runs each alone, shadow and nested run all */
		for (unsigned k = 0; k < nh && !bad; k++) {
			if (hwl[k] == HW_MODE_HW) {
				bad = !(r->hwnat = calloc(nvms, sizeof *r->hwnat));
				for (unsigned v = 0; v < nvms && !bad; v++) {
					r->nhwnat = v + 1;
					bad = hwmach_init(&r->hwnat[v], &hwl[k], 1, &r->m, 1);
				}
			} else {
				hwmach *H = calloc(1, sizeof *H);
				bad = !H;
				if (H) {
					r->hwm[r->nhwm++] = H;
					bad = hwmach_init(H, &hwl[k], 1, &r->m, nvms);
				}
			}
		}
	}
	if (!nl || bad) {
		/* no software-TLB mode */
	} else if (nvms == 1 && o->shared_tlb) {
		bad = !(r->ms[r->nms++] = new_mach(r, list, nl, 1));
	} else {
		for (unsigned k = 0; k < nl && !bad; k++) {
			if (list[k] == REPLAY_NATIVE && nvms > 1)
				continue;
			bad = !(r->ms[r->nms++] = new_mach(r, &list[k], 1, nvms));
		}
		if (nvms > 1 && (modes & REPLAY_MODE_BIT(REPLAY_NATIVE))) {
			unsigned nat = REPLAY_NATIVE;
			r->nat = calloc(nvms, sizeof *r->nat);
			bad |= !r->nat;
			for (unsigned v = 0; v < nvms && !bad; v++) {
				r->nnat = v + 1;
				bad |= mach_init(&r->nat[v], &nat, 1, &r->m, 1, o->seed);
			}
		}
	}
	if (bad) {
		replay_free(r);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	*out = r;
	return 0;
}

const model *replay_get_model(const replay *r)
{
	return &r->m;
}

unsigned replay_modes(const replay *r)
{
	return r->modes;
}

unsigned replay_nvms(const replay *r)
{
	return r->nvms;
}

int replay_acct(const replay *r, unsigned md, unsigned vm, mach **m, macct **a, unsigned *mvm)
{
	if (md >= REPLAY_NMODES || vm >= r->nvms || !(r->modes & REPLAY_MODE_BIT(md)))
		return 0;
	if (md == REPLAY_NATIVE && r->nat) {
		*m = &r->nat[vm];
		*a = &r->nat[vm].a[0];
		*mvm = 0;
		return 1;
	}
	for (unsigned j = 0; j < r->nms; j++) {
		macct *A = mach_acct(r->ms[j], md);
		if (A) {
			*m = r->ms[j];
			*a = A;
			*mvm = vm;
			return 1;
		}
	}
	return 0;
}

void replay_set_source(replay *r, unsigned vm, unsigned word_bits, int os_in_trace)
{
	if (vm >= r->nvms)
		return;
	if (r->hw)
		hwmach_set_source(r->hw, 0, word_bits, os_in_trace);
	if (vm < r->nhwnat)
		hwmach_set_source(&r->hwnat[vm], 0, word_bits, os_in_trace);
	for (unsigned j = 0; j < r->nhwm; j++)
		hwmach_set_source(r->hwm[j], vm, word_bits, os_in_trace);
	if (r->nat)
		mach_set_source(&r->nat[vm], 0, word_bits, os_in_trace);
	for (unsigned j = 0; j < r->nms; j++)
		mach_set_source(r->ms[j], vm, word_bits, os_in_trace);
}

void replay_set_stop(replay *r, volatile sig_atomic_t *stop)
{
	r->stop = stop;
}

void replay_set_interval(replay *r, uint64_t every, FILE *f)
{
	r->interval = every;
	r->ivf = f;
	for (unsigned j = 0; j < r->nms; j++)
		mach_set_interval(r->ms[j], every);
	if (f)
		fputs("window,instructions,native_cycles,virt_cycles,swtlb_cycles,virt_overhead,swtlb_overhead\n", f);
}

/* Writes the interval rows every machine has passed, then drops them. */
static void interval_flush(replay *r, int final)
{
	if (!r->interval || !r->ivf)
		return;
	size_t n = SIZE_MAX;
	mach *mm[REPLAY_SWTLB + 1] = {0};
	macct *aa[REPLAY_SWTLB + 1] = {0};
	for (unsigned md = 0; md < REPLAY_SWTLB + 1; md++) {
		unsigned v;
		if (replay_acct(r, md, 0, &mm[md], &aa[md], &v) && aa[md]->nmarks < n)
			n = aa[md]->nmarks;
	}
	if (n == SIZE_MAX)
		return;
	size_t rows = n + (final ? 1 : 0);
	for (size_t k = 0; k < rows; k++) {
		uint64_t c[REPLAY_SWTLB + 1] = {0}, insns = 0;
		int have[REPLAY_SWTLB + 1] = {0};
		for (unsigned md = 0; md < REPLAY_SWTLB + 1; md++) {
			mach *M = mm[md];
			macct *A = aa[md];
			if (!M)
				continue;
			uint64_t now = k < n ? A->marks[k] : mach_clock(M, A);
			c[md] = now - r->iv_last[md];
			r->iv_last[md] = now;
			have[md] = 1;
			insns = k < n ? (r->iv_window + 1) * r->interval : M->insns;
		}
		if (k == n && insns == r->iv_window * r->interval)
			break; /* no partial window left */
		fprintf(r->ivf, "%llu,%llu", (unsigned long long)r->iv_window, (unsigned long long)insns);
		for (unsigned md = 0; md < REPLAY_SWTLB + 1; md++) {
			if (have[md])
				fprintf(r->ivf, ",%llu", (unsigned long long)c[md]);
			else
				fputs(",", r->ivf);
		}
		for (unsigned md = REPLAY_VIRT; md <= REPLAY_SWTLB; md++) {
			if (have[md] && have[REPLAY_NATIVE] && c[REPLAY_NATIVE])
				fprintf(r->ivf, ",%.6f", (double)c[md] / (double)c[REPLAY_NATIVE] - 1.0);
			else
				fputs(",", r->ivf);
		}
		fputc('\n', r->ivf);
		r->iv_window++;
	}
	for (unsigned md = 0; md < REPLAY_SWTLB + 1; md++) {
		macct *A = aa[md];
		if (A && n) {
			memmove(A->marks, A->marks + n, (A->nmarks - n) * sizeof *A->marks);
			A->nmarks -= n;
		}
	}
}

replay_status replay_fail(replay *r, replay_status st, const char *fmt, ...)
{
	if (r->status)
		return r->status;
	r->status = st;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
	va_end(ap);
	return st;
}

replay_status replay_check(replay *r)
{
	if (!r->status && replay_oom(r))
		replay_fail(r, REPLAY_E_NOMEM, "out of memory for per-page state");
	return r->status;
}

const char *replay_error(const replay *r)
{
	return r->errmsg;
}

replay_status replay_get_status(const replay *r)
{
	return r->status;
}

replay_status replay_feed(replay *r, const trace_rec *recs, size_t n)
{
	if (r->status)
		return r->status;
	if (r->finished || r->nvms != 1)
		return replay_fail(r, REPLAY_E_ARG, "replay_feed: %s", r->finished ? "the replay is finished"
		                   : "several VMs are fed by replay_run_files");
	if (replay_feed_all(r, recs, n))
		return r->status;
	interval_flush(r, 0);
	return r->status;
}

void replay_finish(replay *r)
{
	if (r->finished)
		return;
	if (!r->status)
		interval_flush(r, 1);
	r->finished = 1;
}

static void result_of(const mach *M, const macct *A, unsigned v, replay_result *o)
{
	const mach_vm *V = &M->vm[v];
	const acct_vm *X = &A->vm[v];
	o->instructions += V->insns;
	o->references += V->refs;
	uint64_t base = mach_base(M, V->insns);
	o->base_cycles += base;
	o->cycles += base + ledger_total(&X->led);
	o->tlb_misses += V->tlb_misses;
	o->page_faults += V->page_faults;
	o->tlb_miss_cycles += X->tlb_miss_cycles;
	o->kseg_misses += X->kseg_misses;
	o->swtlb_hits += X->sw_hits;
	o->swtlb_misses += X->sw_misses;
	ledger_add(&o->hops, &X->led);
}

/* Adds what VM hv of machine H did in its account of kind k. */
static int hw_add(const hwmach *H, unsigned k, unsigned hv, replay_result *o)
{
	hwmach_counts c;
	if (hwmach_counts_of(H, k, hv, &c))
		return -1;
	uint64_t base = hwmach_base(H, c.insns);
	o->instructions += c.insns;
	o->references += c.refs;
	o->base_cycles += base;
	o->cycles += base + ledger_total(&c.led);
	o->tlb_misses += c.tlb_misses;
	o->tlb_miss_cycles += c.tlb_miss_cycles;
	o->page_faults += c.page_faults;
	o->walks += c.walks;
	o->walk_refs += c.walk_refs;
	ledger_add(&o->hops, &c.led);
	return 0;
}

static int hw_result(const replay *r, unsigned md, int vm, replay_result *o)
{
	unsigned k = md - REPLAY_HW;
	for (unsigned v = 0; v < r->nvms; v++) {
		if (vm >= 0 && (unsigned)vm != v)
			continue;
		const hwmach *H = NULL;
		unsigned hv = v;
		if (r->hw) {
			H = r->hw;
		} else if (k == HW_MODE_HW && v < r->nhwnat) {
			H = &r->hwnat[v];
			hv = 0;
		} else {
			for (unsigned j = 0; j < r->nhwm; j++)
				if (hwmach_acct(r->hwm[j], k))
					H = r->hwm[j];
		}
		if (!H || hw_add(H, k, hv, o))
			return -1;
	}
	return 0;
}

static int raw_result(const replay *r, unsigned md, int vm, replay_result *o)
{
	memset(o, 0, sizeof *o);
	if (md >= REPLAY_NMODES || !(r->modes & REPLAY_MODE_BIT(md)) || vm < -1 || vm >= (int)r->nvms)
		return -1;
	if (REPLAY_IS_HW(md))
		return hw_result(r, md, vm, o);
	for (unsigned v = 0; v < r->nvms; v++) {
		if (vm >= 0 && (unsigned)vm != v)
			continue;
		mach *M;
		macct *A;
		unsigned mv;
		if (!replay_acct(r, md, v, &M, &A, &mv))
			return -1;
		result_of(M, A, mv, o);
	}
	return 0;
}

int replay_get_result(const replay *r, unsigned mode, int vm, replay_result *out)
{
	if (r->status) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	if (raw_result(r, mode, vm, out))
		return -1;
	/* slowdown against the native run of the same machine: hw for the
	 * hardware-walked modes */
	replay_result nat;
	unsigned base = REPLAY_IS_HW(mode) ? REPLAY_HW : REPLAY_NATIVE;
	if (!raw_result(r, base, vm, &nat) && nat.cycles)
		out->slowdown = (double)out->cycles / (double)nat.cycles;
	return 0;
}

int replay_check_cycles(const replay *r, char *err, size_t errlen)
{
	replay_result res;
	for (unsigned md = 0; md < REPLAY_NMODES; md++)
		if ((replay_modes(r) & REPLAY_MODE_BIT(md)) && !raw_result(r, md, -1, &res) &&
		    !model_cycles_fit(replay_get_model(r), &res.hops, res.base_cycles)) {
			snprintf(err, errlen, "the cycles of mode %s reach 2^63: the costs of model %s are too "
			         "large to count them exactly", replay_mode_name(md), replay_get_model(r)->name);
			return -1;
		}
	return 0;
}

int replay_oom(const replay *r)
{
	int oom = 0;
	for (unsigned v = 0; v < r->nnat; v++)
		oom |= r->nat[v].oom;
	for (unsigned j = 0; j < r->nms; j++)
		oom |= r->ms[j]->oom;
	if (r->hw)
		oom |= r->hw->oom;
	for (unsigned v = 0; v < r->nhwnat; v++)
		oom |= r->hwnat[v].oom;
	for (unsigned j = 0; j < r->nhwm; j++)
		oom |= r->hwm[j]->oom;
	return oom;
}

void replay_free(replay *r)
{
	if (!r)
		return;
	for (unsigned v = 0; v < r->nnat; v++)
		mach_free(&r->nat[v]);
	free(r->nat);
	for (unsigned j = 0; j < r->nms; j++) {
		if (r->ms[j])
			mach_free(r->ms[j]); /* (NULL: replay_new failed to make it) */
		free(r->ms[j]);
	}
	for (unsigned v = 0; v < REPLAY_MAX_LABELS; v++)
		free(r->label[v]);
	replay_hw_stop(r);
	if (r->hw)
		hwmach_free(r->hw);
	free(r->hw);
	for (unsigned v = 0; v < r->nhwnat; v++)
		hwmach_free(&r->hwnat[v]);
	free(r->hwnat);
	for (unsigned j = 0; j < r->nhwm; j++) {
		hwmach_free(r->hwm[j]);
		free(r->hwm[j]);
	}
	free(r);
}

void replay_set_label(replay *r, unsigned vm, const char *label)
{
	if (vm >= REPLAY_MAX_LABELS || vm >= r->nvms)
		return;
	free(r->label[vm]);
	r->label[vm] = label ? strdup(label) : NULL;
}

const char *replay_get_label(const replay *r, unsigned vm)
{
	return vm < r->nvms && vm < REPLAY_MAX_LABELS ? r->label[vm] : NULL;
}

struct mach *replay_machine(const replay *r, unsigned md)
{
	mach *M;
	macct *A;
	unsigned v;
	if (r->nvms != 1 || !replay_acct(r, md, 0, &M, &A, &v))
		return NULL;
	return M;
}
