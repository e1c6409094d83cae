/*
 * fuzz_elf.c - libFuzzer harness of the ELF loader: the input is a program
 * file.  os_new checks it and loads it (headers, segments, bss, the initial
 * stack); a program that loads then runs for up to 20000 instructions under
 * the modeled OS (empty private root, stdin/stdout on /dev/null), so what
 * the loader built is also used.  Refusals must say why; nothing may
 * crash, hang, leak or trip the sanitizers.
 *
 *   make fuzz && build-fuzz/fuzz_elf -max_total_time=600 -close_fd_mask=2 \
 *     -max_len=65536 tests/fuzz/corpus/elf
 * (seed: the freestanding guest, guests/special/freestanding.c)
 */
#include <stdint.h>

#include "fuzz_os.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	os_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.max_insns = 20000;
	cfg.quantum = 5000;
	cfg.seed = 1;
	cfg.sink = fz_sink;
	fz_run(data, size, &cfg);
	return 0;
}
