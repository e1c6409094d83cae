/*
 * make_corpus.c - writes the seed corpus of fuzz_trace_reader: small valid
 * traces made by the trace writer (every kind, names, loops, junk), each
 * also as its raw stream (raw_NAME: zstd -dc NAME).
 *
 * The seeds empty, junk, loops and loops_names are version 1.0 traces,
 * written before format 1.1, and fullsys.zst a 1.1 one: keep them (the
 * reader must read 1.x), so that by default only the 2.0 seeds blocks.zst
 * (fullsys.zst's records) and blocks_junk.zst are written; --all rewrites
 * every seed (fullsys.zst as 1.1, the others as 2.0).
 *   make && cc -Isim -Itests/unit -std=c11 -O2 -D_GNU_SOURCE -o build/make_corpus \
 *     tests/fuzz/make_corpus.c $(find build/sim -name "*.o" ! -name main.o) -lzstd -lcmocka \
 *   && build/make_corpus tests/fuzz/corpus/trace_reader \
 *   && for s in blocks blocks_junk; do zstd -dcq tests/fuzz/corpus/trace_reader/$s.zst \
 *        > tests/fuzz/corpus/trace_reader/raw_$s; done
 */
#include "trace_testlib.h"

static void one(const char *dir, const char *name, const trace_rec *v, size_t n,
                int with_names, unsigned major)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	trace_header h;
	test_header(&h, name);
	trace_writer *w;
	char err[512];
	if (trace_writer_open(&w, path, &h, 0, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	if (trace_writer_set_version(w, major)) {
		fprintf(stderr, "make_corpus: %s\n", trace_writer_error(w));
		exit(1);
	}
	if (with_names) {
		trace_writer_name(w, "init");
		trace_writer_name(w, "main loop");
	}
	if (trace_write(w, v, n) || trace_writer_finish(w, err, sizeof err)) {
		fprintf(stderr, "make_corpus: %s\n", name);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int all = argc == 3 && !strcmp(argv[1], "--all");
	if (argc != 2 && !all)
		return 2;
	const char *dir = argv[argc - 1];
	static trace_rec v[4000];
	/* format 1.1: a kernel's refill, a syscall, an interrupt, TLB writes,
	 * idle, among loops of fetches, loads and stores */
	gen_stream(v, 3000, 4, 0);
	static const trace_rec fs[] = {
		{ 0, 0, 0, TK_MODE, TMODE_KERNEL },
		{ 0x400000, 0x10010000, 0x000, TK_EXC, 2 },  /* TLBL, refill vector */
		{ 0x00412340000a5c1full, 0x10010001, 0, TK_TLBW, 17 }, /* tlbwr */
		{ 0x400000, 0, 0, TK_PRIV, TPRIV_ERET },
		{ 0x400008, 0, 0x180, TK_EXC, 8 },           /* Sys */
		{ 0x80001000, 0x84, 0x200, TK_EXC, 0 },      /* Int */
		{ 0, 0xc0000000, 3, TK_TLBW, TTLBW_INDEXED | 5 }, /* tlbwi, PageMask 0x6000 */
		{ 0, 0, 0, TK_PRIV, TPRIV_WAIT },
		{ 12000, 0, 0, TK_IDLE, 0 },
		{ 0, 0, 0, TK_MODE, TMODE_USER },
	};
	for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
		v[300 * i + 150] = fs[i];
	one(dir, "blocks.zst", v, 3000, 0, 2);
	if (all)
		one(dir, "fullsys.zst", v, 3000, 0, 1);
	rng g = { 1 };
	for (int i = 0; i < 200; i++)
		v[i] = rand_junk(&g, 2);
	one(dir, "blocks_junk.zst", v, 200, 1, 2);
	if (!all)
		return 0;
	one(dir, "junk.zst", v, 200, 1, 2);
	one(dir, "empty.zst", v, 0, 0, 2);
	gen_stream(v, 3000, 2, 0);
	one(dir, "loops.zst", v, 3000, 0, 2);
	gen_stream(v, 400, 3, 2);
	one(dir, "loops_names.zst", v, 400, 1, 2);
	return 0;
}
