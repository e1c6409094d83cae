# synth.awk - two synthetic workloads in the text trace form (traces/TEXT.md),
# written by `make demo` (tests/demo.sh) to compare shadow and nested paging
# where each is known to lose.  Deterministic (srand(1)).
#
#   awk -v KIND=fork -v P=400 -v K=32 -f traces/synth.awk
#     fork-heavy: P short-lived processes (64 ASIDs reused) each touching K
#     fresh pages (demand faults: a PTE write each), running 200
#     instructions, and unmapping them all (a PTE update each): page-table
#     updates and address-space switches dominate.
#   awk -v KIND=bigmem -v N=8192 -v R=2000000 -f traces/synth.awk
#     large footprint: one process touches N pages (32 MB for 8192) once,
#     then makes R loads at random pages among them (one instruction per 4
#     loads): TLB misses dominate, page faults are few.
BEGIN {
	srand(1)
	if (KIND == "fork") {
		for (p = 1; p <= P; p++) {
			a = p % 64 + 1
			printf "asid %d\n", a
			for (i = 0; i < K; i++)
				printf "fetch 0x%x 4\nstore 0x%x 4\n", 4194304 + (i % 16) * 4, 268435456 + i * 4096
			for (i = 0; i < 200; i++)
				printf "fetch 0x%x 4\n", 4194304 + (i % 64) * 4
			for (i = 0; i < K; i++)
				printf "unmap %d 0x%x\n", a, 268435456 + i * 4096
		}
	} else if (KIND == "bigmem") {
		for (i = 0; i < N; i++)
			printf "fetch 0x400000 4\nstore 0x%x 4\n", 268435456 + i * 4096
		for (r = 0; r < R; r++) {
			if (r % 4 == 0)
				printf "fetch 0x%x 4\n", 4194304 + (r % 64) * 4
			printf "load 0x%x 8\n", 268435456 + int(rand() * N) * 4096 + (r % 512) * 8
		}
	} else {
		print "synth.awk: KIND must be fork or bigmem" > "/dev/stderr"
		exit 1
	}
}
