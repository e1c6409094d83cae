/*
 * fuzz_replay.c - the machine models on arbitrary record streams: never
 * crash, and the invariants between the modes hold (hardware TLB misses
 * and page faults equal in every mode, swtlb hits + misses = misses, one
 * reflection per miss the software TLB did not catch, shared TLB
 * simulation = separate).  The first bytes choose the configuration.
 * build-fuzz/fuzz_replay tests/fuzz/corpus/replay
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c, what)                                     \
	do {                                               \
		if (!(c)) {                                \
			fprintf(stderr, "violated: %s\n", what); \
			abort();                           \
		}                                          \
	} while (0)

static replay *run(const replay_opts *o, unsigned bits, const trace_rec *r, size_t n)
{
	replay *rp;
	char err[256];
	if (replay_new(&rp, o, REPLAY_ALL, 1, err, sizeof err))
		abort();
	replay_set_source(rp, 0, bits, 0);
	for (size_t i = 0; i < n; i += 7)
		replay_feed(rp, r + i, n - i < 7 ? n - i : 7);
	replay_finish(rp);
	return rp;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 8)
		return 0;
	replay_opts o;
	replay_opts_init(&o);
	o.tlb_entries = 1 + data[0] % 16;
	o.tlb_policy = data[1] % 3;
	o.pairs = data[1] / 3 % 2;
	o.page_size = 1024u << (data[2] % 5);
	o.swtlb_entries = data[3] % 4 == 0 ? 0 : 4u << (data[3] % 4);
	o.swtlb_assoc = data[4] % 2 ? 0 : 2;
	o.tlb_mod = data[4] / 2 % 2;
	o.kseg_mapped = data[4] / 4 % 2;
	o.seed = data[5];
	unsigned bits = data[6] % 2 ? 64 : 32;
	data += 8;
	size -= 8;
	size_t n = size / 8;
	trace_rec *r = calloc(n ? n : 1, sizeof *r);
	if (!r)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *d = data + 8 * i;
		uint32_t w = (uint32_t)d[4] | (uint32_t)d[5] << 8 | (uint32_t)d[6] << 16 | (uint32_t)d[7] << 24;
		uint64_t addr = (uint64_t)(d[1] % 8) << 28 | (uint64_t)d[2] << 12 | d[3];
		if (d[1] & 0x80)
			addr |= 0xffffffff00000000ull;
		r[i].addr = addr;
		r[i].kind = (uint8_t)(d[0] % 16 < 12 ? d[0] % 3 : d[0] % TK_NKINDS);
		r[i].arg = r[i].kind <= TK_STORE ? 1 + w % 16 : w % 64;
		r[i].sub = (uint8_t)(d[7] % 8);
		r[i].x = (uint16_t)(d[6] % 3);
	}
	int vmsw = 0; /* VM switches flush the monitor's TLB only */
	for (size_t i = 0; i < n; i++)
		vmsw |= r[i].kind == TK_VM;
	replay *a = run(&o, bits, r, n);
	o.shared_tlb = 0;
	replay *b = run(&o, bits, r, n);
	replay_result x[3], y[3];
	for (unsigned md = 0; md < 3; md++) {
		if (replay_get_result(a, md, -1, &x[md]) || replay_get_result(b, md, -1, &y[md]))
			abort();
		CHECK(x[md].cycles == y[md].cycles && !memcmp(&x[md].hops, &y[md].hops, sizeof x[md].hops),
		      "shared = separate");
	}
	CHECK(x[1].tlb_misses == x[2].tlb_misses, "virt misses = swtlb misses");
	CHECK(x[0].page_faults == x[1].page_faults, "page faults equal");
	CHECK(o.kseg_mapped || vmsw || x[0].tlb_misses == x[1].tlb_misses, "native misses = virt misses");
	CHECK(x[2].swtlb_hits + x[2].swtlb_misses == (o.swtlb_entries ? x[2].tlb_misses : 0),
	      "swtlb hits + misses = misses");
	CHECK(x[1].hops.count[HOP_REFLECT] == x[1].tlb_misses, "one reflection per miss");
	CHECK(o.kseg_mapped || vmsw || x[1].cycles >= x[0].cycles, "virt >= native");
	replay_free(a);
	replay_free(b);
	free(r);
	return 0;
}
