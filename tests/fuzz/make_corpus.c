/*
 * make_corpus.c - writes the seed corpus of fuzz_trace_reader: small valid
 * traces made by the trace writer (every kind, names, loops, junk).
 * Rebuild it after a format change:
 *   make && cc -Isim -Itests/unit -std=c11 -O2 -D_GNU_SOURCE -o build/make_corpus \
 *     tests/fuzz/make_corpus.c $(find build/sim -name "*.o" ! -name main.o) -lzstd -lcmocka \
 *   && rm -f tests/fuzz/corpus/trace_reader/* && build/make_corpus tests/fuzz/corpus/trace_reader
 */
#include "trace_testlib.h"

static void one(const char *dir, const char *name, const trace_rec *v, size_t n,
                int with_names)
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
	if (argc != 2)
		return 2;
	static trace_rec v[4000];
	one(argv[1], "empty.zst", v, 0, 0);
	rng g = { 1 };
	for (int i = 0; i < 200; i++)
		v[i] = rand_junk(&g, 2);
	one(argv[1], "junk.zst", v, 200, 1);
	gen_stream(v, 3000, 2, 0);
	one(argv[1], "loops.zst", v, 3000, 0);
	gen_stream(v, 400, 3, 2);
	one(argv[1], "loops_names.zst", v, 400, 1);
	return 0;
}
