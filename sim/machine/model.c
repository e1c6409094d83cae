/*
 * model.c - cost models: INI files parsed with inih into struct model.
 */
#include "machine/model.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model_default.h"

enum ktype { K_COST, K_U32, K_U64, K_CPI, K_POLICY, K_BOOL, K_PAGESIZE };

typedef struct key {
	const char *section, *name; /* name "": a hop without a model key */
	enum ktype type;
	size_t off; /* offset in struct model */
} key;

#define F(field) offsetof(model, field)

/* Every key of a model file: the machine's, one per hop of hops.def (in
 * its order; a hop's cost, per occurrence or per KB, is m->cost[hop]),
 * then the handlers' counts of privileged operations.  model_print writes
 * them section by section in this order. */
static const key keys[] = {
	{"machine", "cpi", K_CPI, F(cpi_milli)},
	{"machine", "tlb_entries", K_U32, F(tlb_entries)},
	{"machine", "tlb_wired", K_U32, F(tlb_wired)},
	{"machine", "tlb_pairs", K_BOOL, F(tlb_pairs)},
	{"machine", "tlb_policy", K_POLICY, F(tlb_policy)},
	{"machine", "page_size", K_PAGESIZE, F(page_size)},
	{"machine", "timer_period", K_U64, F(timer_period)},
	{"machine", "kseg_mapped", K_BOOL, F(kseg_mapped)},
	{"machine", "tlb_mod", K_BOOL, F(tlb_mod)},
	{"machine", "swtlb_entries", K_U32, F(swtlb_entries)},
	{"machine", "swtlb_assoc", K_U32, F(swtlb_assoc)},
	{"machine", "quantum", K_U64, F(quantum)},
	{"machine", "pv_batch", K_U32, F(pv_batch)},
#define HOP(id, nm, sec, k, u, md, d) {sec, k, K_COST, F(cost) + HOP_##id * sizeof(uint64_t)},
#include "machine/hops.def"
#undef HOP
	{"native", "syscall_priv_ops", K_U32, F(syscall_priv_ops)},
	{"native", "page_fault_priv_ops", K_U32, F(page_fault_priv_ops)},
	{"native", "tlb_mod_priv_ops", K_U32, F(tlb_mod_priv_ops)},
	{"native", "context_switch_priv_ops", K_U32, F(context_switch_priv_ops)},
	{"native", "timer_priv_ops", K_U32, F(timer_priv_ops)},
	{"hw", "hw_tlb_entries", K_U32, F(hw_tlb_entries)},
	{"hw", "hw_tlb_assoc", K_U32, F(hw_tlb_assoc)},
	{"hw", "hw_tlb_tagged", K_BOOL, F(hw_tlb_tagged)},
	{"hw", "pt_levels", K_U32, F(pt_levels)},
	{"hw", "pt_index_bits", K_U32, F(pt_index_bits)},
	{"hw", "pwc_entries", K_U32, F(pwc_entries)},
	{"hw", "nested_tlb_entries", K_U32, F(nested_tlb_entries)},
};
#define NKEYS (sizeof keys / sizeof keys[0])

static const char *key_name(const key *k)
{
	return k->name;
}

/* A hop with no model key (its cycles are measured). */
static int no_key(const key *k)
{
	return !k->name[0];
}

static const char *const policy_names[] = {"random", "fifo", "lru"};

const char *model_policy_name(int policy)
{
	return policy >= 0 && policy < 3 ? policy_names[policy] : "?";
}

int model_policy_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, policy_names[i]))
			return i;
	return -1;
}

typedef struct pstate {
	model *m;
	const char *name;
	int seen[NKEYS]; /* the line of each key read, 0 if not (yet) */
	char *err;
	size_t errlen;
	int failed;
	int line;      /* the line being parsed (counted by the reader) */
	int fail_line; /* line of the first value error */
	FILE *f;       /* source: a file, or */
	const char *s; /* a string */
} pstate;

static int perr(pstate *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* inih reader: one line per call, counted, from a file or a string.  Leading
 * blanks are dropped (an indented key is a key, never inih's continuation
 * of the previous value).  A line that does not fit inih's buffer (size
 * bytes: the line, its CR, LF and NUL) would be cut and its tail parsed as
 * a new line: it is an error naming the line, as is a NUL byte; both stop
 * the parse. */
static char *reader(char *buf, int size, void *stream)
{
	pstate *p = stream;
	int n = 0, c, blank = 1, lf = 0;
	for (;;) {
		if (p->f) {
			c = getc(p->f);
			if (c == EOF)
				break;
		} else {
			if (!*p->s)
				break;
			c = (unsigned char)*p->s++;
		}
		if (c == '\n') {
			lf = 1;
			break;
		}
		if (blank && (c == ' ' || c == '\t'))
			continue;
		blank = 0;
		if (c == 0) {
			p->line++;
			perr(p, "%s: NUL byte (not a text file)", p->name);
			return NULL;
		}
		if (n >= size - 3 && !(c == '\r' && n == size - 3)) {
			p->line++;
			perr(p, "%s: line longer than %d characters (split it, or shorten the comment)",
			     p->name, size - 3);
			return NULL;
		}
		buf[n++] = (char)c;
	}
	if (!n && !lf) /* end of input (or only blanks after the last LF) */
		return NULL;
	if (lf)
		buf[n++] = '\n';
	buf[n] = 0;
	p->line++;
	return buf;
}

static int perr(pstate *p, const char *fmt, ...)
{
	if (p->failed)
		return 0;
	p->failed = 1;
	p->fail_line = p->line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	return 0; /* inih: error on this line */
}

/* Parses a non-negative decimal integer; -2 if negative, -1 if junk. */
static int parse_uint(const char *v, uint64_t *out)
{
	while (*v == ' ' || *v == '\t')
		v++;
	if (*v == '-')
		return -2;
	if (*v < '0' || *v > '9')
		return -1;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(v, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (errno || *end)
		return -1;
	*out = x;
	return 0;
}

/* Decimal with up to three fraction digits, as thousandths. */
static int parse_milli(const char *v, uint64_t *out)
{
	uint64_t ip = 0, fp = 0;
	unsigned fd = 0;
	const char *s = v;
	if (*s == '-')
		return -2;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		ip = ip * 10 + (uint64_t)(*s - '0');
		if (ip > 1000000)
			return -1;
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (fd == 3)
				return -1;
			fp = fp * 10 + (uint64_t)(*s - '0');
			fd++;
		}
	}
	if (*s)
		return -1;
	while (fd++ < 3)
		fp *= 10;
	*out = ip * 1000 + fp;
	return 0;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	pstate *p = user;
	if (p->failed)
		return 1; /* report only the first error */
	if (!strcmp(section, "syscalls")) {
		uint64_t num, c;
		if (parse_uint(name, &num) || num > 0xffffffffu)
			return perr(p, "%s: [syscalls] key '%s' is not a system call number", p->name, name);
		int r = parse_uint(value, &c);
		if (r == -2)
			return perr(p, "%s: negative cost '%s' for system call %s", p->name, value, name);
		if (r)
			return perr(p, "%s: bad cost '%s' for system call %s", p->name, value, name);
		for (unsigned i = 0; i < p->m->nsyscalls; i++)
			if (p->m->syscall_num[i] == num)
				return perr(p, "%s: duplicate system call %s", p->name, name);
		if (p->m->nsyscalls == MODEL_MAX_SYSCALLS)
			return perr(p, "%s: more than %d system call costs", p->name, MODEL_MAX_SYSCALLS);
		p->m->syscall_num[p->m->nsyscalls] = (uint32_t)num;
		p->m->syscall_cost[p->m->nsyscalls++] = c;
		return 1;
	}
	const key *k = NULL;
	size_t ki = 0;
	for (ki = 0; ki < NKEYS; ki++)
		if (!no_key(&keys[ki]) && !strcmp(keys[ki].section, section) &&
		    !strcmp(key_name(&keys[ki]), name)) {
			k = &keys[ki];
			break;
		}
	if (!k) {
		for (size_t j = 0; j < NKEYS; j++)
			if (!no_key(&keys[j]) && !strcmp(key_name(&keys[j]), name))
				return perr(p, "%s: key '%s' belongs in section [%s], not [%s]", p->name,
				            name, keys[j].section, section);
		return perr(p, "%s: unknown key '%s' in section [%s]", p->name, name, section);
	}
	if (p->seen[ki])
		return perr(p, "%s: duplicate key '%s'", p->name, name);
	p->seen[ki] = p->line;
	char *base = (char *)p->m + k->off;
	uint64_t v = 0;
	int r = 0;
	switch (k->type) {
	case K_CPI:
		r = parse_milli(value, &v);
		if (!r && (v == 0 || v > 0xffffffffu))
			return perr(p, "%s: cpi '%s' out of range", p->name, value);
		if (!r)
			*(uint32_t *)(void *)base = (uint32_t)v;
		break;
	case K_POLICY: {
		int pol = model_policy_parse(value);
		if (pol < 0)
			return perr(p, "%s: tlb_policy '%s' is not random, fifo or lru", p->name, value);
		*(uint32_t *)(void *)base = (uint32_t)pol;
		return 1;
	}
	case K_BOOL:
		r = parse_uint(value, &v);
		if (!r && v > 1)
			return perr(p, "%s: '%s' must be 0 or 1", p->name, name);
		if (!r)
			*(uint32_t *)(void *)base = (uint32_t)v;
		break;
	case K_U32:
		r = parse_uint(value, &v);
		if (!r && v > 0xffffffffu)
			return perr(p, "%s: '%s' value too large", p->name, name);
		if (!r)
			*(uint32_t *)(void *)base = (uint32_t)v;
		break;
	case K_PAGESIZE:
		r = parse_uint(value, &v);
		if (!r && (v < 1024 || v > (16u << 20) || (v & (v - 1))))
			return perr(p, "%s: page_size %s is not a power of two from 1024 to 16M", p->name, value);
		if (!r)
			*(uint64_t *)(void *)base = v;
		break;
	case K_COST:
	case K_U64:
		r = parse_uint(value, &v);
		if (!r && !v && k->off == F(quantum))
			return perr(p, "%s: quantum must be at least 1 (cycles per VM between machine switches)",
			            p->name);
		if (!r && v > (1ull << 40))
			return perr(p, "%s: '%s' value too large", p->name, name);
		if (!r)
			*(uint64_t *)(void *)base = v;
		break;
	}
	if (r == -2)
		return perr(p, "%s: negative value '%s' for '%s'", p->name, value, name);
	if (r)
		return perr(p, "%s: bad value '%s' for '%s'", p->name, value, name);
	return 1;
}

/* What is wrong with the [hw] keys and pv_batch, and *keyname the key at
 * fault (for a model file's line), or NULL. */
static const char *check_hw(const model *m, const char **keyname)
{
	*keyname = "pv_batch";
	if (m->pv_batch < 1)
		return "pv_batch must be at least 1";
	*keyname = "hw_tlb_entries";
	if (m->hw_tlb_entries < 1 || m->hw_tlb_entries > 4096)
		return "hw_tlb_entries must be 1..4096";
	*keyname = "hw_tlb_assoc";
	if (m->hw_tlb_assoc && (m->hw_tlb_assoc > m->hw_tlb_entries ||
	                        m->hw_tlb_entries % m->hw_tlb_assoc))
		return "hw_tlb_assoc must divide hw_tlb_entries (0: fully associative)";
	*keyname = "pt_levels";
	if (m->pt_levels < 1 || m->pt_levels > 6)
		return "pt_levels must be 1..6";
	*keyname = "pt_index_bits";
	if (m->pt_index_bits < 1 || m->pt_index_bits > 16)
		return "pt_index_bits must be 1..16";
	*keyname = m->pwc_entries > 4096 ? "pwc_entries" : "nested_tlb_entries";
	if (m->pwc_entries > 4096 || m->nested_tlb_entries > 4096)
		return "pwc_entries and nested_tlb_entries must be 0..4096";
	return NULL;
}

const char *model_check_hw(const model *m)
{
	const char *keyname;
	return check_hw(m, &keyname);
}

/* The line of key name in the file parsed (0 if not read). */
static int key_line(const pstate *p, const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (!strcmp(key_name(&keys[i]), name))
			return p->seen[i];
	return 0;
}

/* A value out of range: "FILE:LINE: what", LINE that of key name. */
static int range_err(pstate *p, const char *name, const char *what)
{
	snprintf(p->err, p->errlen, "%s:%d: %s", p->name, key_line(p, name), what);
	return -1;
}

static int finish(pstate *p, int rc)
{
	model *m = p->m;
	if (rc != 0 || p->failed) {
		/* rc > 0: the first line inih found malformed (or a value error
		 * reported by the handler, whose line the reader counted) */
		char msg[512];
		if (p->failed && (rc <= 0 || p->fail_line <= rc)) {
			const char *tail = p->err + strlen(p->name);
			if (!strncmp(p->err, p->name, strlen(p->name)) && *tail == ':')
				snprintf(msg, sizeof msg, "%s:%d:%s", p->name, p->fail_line, tail + 1);
			else
				snprintf(msg, sizeof msg, "%s:%d: %s", p->name, p->fail_line, p->err);
		} else if (rc > 0) {
			snprintf(msg, sizeof msg, "%s:%d: malformed line (expected 'key = value' or '[section]')",
			         p->name, rc);
		} else {
			snprintf(msg, sizeof msg, "%s: cannot read: %s", p->name, strerror(errno));
		}
		snprintf(p->err, p->errlen, "%s", msg);
		return -1;
	}
	for (size_t i = 0; i < NKEYS; i++)
		if (!p->seen[i] && !no_key(&keys[i])) {
			snprintf(p->err, p->errlen, "%s: missing required key '%s' in section [%s]",
			         p->name, key_name(&keys[i]), keys[i].section);
			return -1;
		}
	if (m->tlb_entries < 1 || m->tlb_entries > 4096)
		return range_err(p, "tlb_entries", "tlb_entries must be 1..4096");
	if (m->tlb_wired >= m->tlb_entries)
		return range_err(p, "tlb_wired", "tlb_wired must be below tlb_entries");
	if (m->swtlb_entries && m->swtlb_assoc &&
	    (m->swtlb_assoc > m->swtlb_entries || m->swtlb_entries % m->swtlb_assoc))
		return range_err(p, "swtlb_assoc", "swtlb_assoc must divide swtlb_entries");
	const char *keyname, *bad = check_hw(m, &keyname);
	if (bad)
		return range_err(p, keyname, bad);
	return 0;
}

int model_load_string(model *m, const char *text, const char *name, char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	snprintf(m->name, sizeof m->name, "%s", name);
	pstate p = {.m = m, .name = name, .err = err, .errlen = errlen, .s = text};
	int rc = ini_parse_stream(reader, &p, handler, &p);
	return finish(&p, rc);
}

int model_load_file(model *m, const char *path, char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	snprintf(m->name, sizeof m->name, "%s", path);
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	pstate p = {.m = m, .name = path, .err = err, .errlen = errlen, .f = f};
	int rc = ini_parse_stream(reader, &p, handler, &p);
	if (ferror(f) && rc == 0)
		rc = -1;
	fclose(f);
	return finish(&p, rc);
}

int model_load_default(model *m, char *err, size_t errlen)
{
	return model_load_string(m, model_default_ini, "built-in r4000", err, errlen);
}

uint64_t model_syscall_cost(const model *m, uint32_t num)
{
	for (unsigned i = 0; i < m->nsyscalls; i++)
		if (m->syscall_num[i] == num)
			return m->syscall_cost[i];
	return m->cost[HOP_SYSCALL];
}

uint64_t model_deadline(const model *m, uint64_t insns, uint64_t hop_cycles, uint64_t target)
{
	if (target == UINT64_MAX)
		return UINT64_MAX;
	if (target <= hop_cycles)
		return insns;
	/* smallest x with base(x) + hop_cycles >= target.  base(x) is
	 * floor(x * cpi / 1000) (x = 1000q + r: q * cpi is whole), so it is the
	 * smallest x with x * cpi >= 1000 * need: with need = Q * cpi + R,
	 * 1000 Q + ceil(1000 R / cpi), computed without overflow */
	uint64_t need = target - hop_cycles, cpi = m->cpi_milli;
	uint64_t d = need / cpi * 1000 + ((need % cpi) * 1000 + cpi - 1) / cpi;
	return d < insns ? insns : d;
}

int model_cycles_fit(const model *m, const ledger *l, uint64_t base)
{
	uint64_t sum = base, c;
	for (unsigned h = 0; h < HOP_N; h++) {
		const hop_info *hi = ledger_hop_info(h);
		uint64_t unit = model_hop_cost(m, h);
		if (h == HOP_SYSCALL)
			for (unsigned i = 0; i < m->nsyscalls; i++)
				unit = m->syscall_cost[i] > unit ? m->syscall_cost[i] : unit;
		if (hi->unit == HOP_MEASURED)
			c = l->cycles[h];
		else if (__builtin_mul_overflow(l->count[h], unit, &c))
			return 0;
		if (__builtin_add_overflow(sum, c, &sum) || sum > INT64_MAX)
			return 0;
	}
	return 1;
}

uint64_t model_hop_cost(const model *m, unsigned hop)
{
	const hop_info *h = ledger_hop_info(hop);
	if (!h || h->unit == HOP_MEASURED)
		return 0;
	return h->unit == HOP_PER_KB ? m->cost[hop] * (m->page_size / 1024) : m->cost[hop];
}

/* One key's value as model_load_file reads it back. */
static void print_key(const model *m, const key *k, FILE *f)
{
	const char *base = (const char *)m + k->off;
	fprintf(f, "%s = ", key_name(k));
	switch (k->type) {
	case K_CPI: {
		uint32_t c = *(const uint32_t *)(const void *)base;
		fprintf(f, "%u.%03u\n", c / 1000, c % 1000);
		break;
	}
	case K_POLICY:
		fprintf(f, "%s\n", model_policy_name((int)*(const uint32_t *)(const void *)base));
		break;
	case K_BOOL:
	case K_U32:
		fprintf(f, "%u\n", *(const uint32_t *)(const void *)base);
		break;
	default:
		fprintf(f, "%llu\n", (unsigned long long)*(const uint64_t *)(const void *)base);
		break;
	}
}

void model_print(const model *m, FILE *f)
{
	fprintf(f, "; effective model: %s\n", m->name);
	/* section by section, in order of first appearance in keys[] */
	for (size_t i = 0; i < NKEYS; i++) {
		if (no_key(&keys[i]))
			continue;
		size_t j = 0;
		while (j < i && (no_key(&keys[j]) || strcmp(keys[j].section, keys[i].section)))
			j++;
		if (j < i)
			continue; /* section already printed */
		fprintf(f, "%s[%s]\n", i ? "\n" : "", keys[i].section);
		for (j = i; j < NKEYS; j++)
			if (!no_key(&keys[j]) && !strcmp(keys[j].section, keys[i].section))
				print_key(m, &keys[j], f);
	}
	if (m->nsyscalls) {
		fprintf(f, "\n[syscalls]\n");
		for (unsigned i = 0; i < m->nsyscalls; i++)
			fprintf(f, "%u = %llu\n", m->syscall_num[i], (unsigned long long)m->syscall_cost[i]);
	}
}
