/* fuzz_import_lackey.c - libFuzzer harness of the lackey importer (see fuzz_import.h). */
#define FUZZ_FORMAT IMPORT_LACKEY
#include "fuzz_import.h"
