/*
 * ledger.c - the hop table (hops.def) as data, and ledger arithmetic.
 */
#include "machine/ledger.h"

#include <string.h>

static const hop_info hops[HOP_N] = {
#define HOP(id, nm, sec, k, u, md, d) [HOP_##id] = {.name = #nm, .section = sec, .key = k, \
	                                             .unit = u, .modes = md, .desc = d},
#include "machine/hops.def"
#undef HOP
};

const hop_info *ledger_hop_info(unsigned hop)
{
	return hop < HOP_N ? &hops[hop] : NULL;
}

const char *ledger_hop_name(unsigned hop)
{
	return hop < HOP_N ? hops[hop].name : NULL;
}

const char *ledger_hop_desc(unsigned hop)
{
	return hop < HOP_N ? hops[hop].desc : NULL;
}

int ledger_hop_find(const char *name)
{
	for (unsigned i = 0; i < HOP_N; i++)
		if (!strcmp(hops[i].name, name))
			return (int)i;
	return -1;
}

void ledger_add(ledger *a, const ledger *b)
{
	for (unsigned i = 0; i < HOP_N; i++) {
		a->count[i] += b->count[i];
		a->cycles[i] += b->cycles[i];
	}
}

uint64_t ledger_total(const ledger *l)
{
	uint64_t t = 0;
	for (unsigned i = 0; i < HOP_N; i++)
		t += l->cycles[i];
	return t;
}
