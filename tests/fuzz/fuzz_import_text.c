/* fuzz_import_text.c - libFuzzer harness of the text importer (see fuzz_import.h). */
#define FUZZ_FORMAT IMPORT_TEXT
#define FUZZ_TEXT 1
#include "fuzz_import.h"
