/* fuzz_import_din.c - libFuzzer harness of the din importer (see fuzz_import.h). */
#define FUZZ_FORMAT IMPORT_DIN
#include "fuzz_import.h"
