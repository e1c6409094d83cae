/*
 * fuzz_model.c - the cost-model parser on arbitrary text: never crashes,
 * and every model it accepts prints to a text that loads back to the same
 * model.  build-fuzz/fuzz_model tests/fuzz/corpus/model
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	model m, m2;
	char err[512];
	if (model_load_string(&m, text, "fuzz.ini", err, sizeof err) == 0) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (f) {
			model_print(&m, f);
			fclose(f);
			if (model_load_string(&m2, buf, "fuzz.ini", err, sizeof err) != 0 ||
			    memcmp(&m, &m2, sizeof m) != 0)
				abort();
			free(buf);
		}
	} else if (strncmp(err, "fuzz.ini", 8) != 0) {
		abort(); /* every message names the file */
	}
	free(text);
	return 0;
}
