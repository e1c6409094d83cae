/*
 * run.h - running a Malta board with a CPU in system mode: the CPU in slices
 * up to the next device event, idle time in `wait`, and the ends of a run.
 */
#ifndef VMMSIM_BOARD_RUN_H
#define VMMSIM_BOARD_RUN_H

#include <signal.h>
#include <stdint.h>

#include "board/board.h"
#include "cpu/cpu_sys.h"

/* How a run ended. */
enum board_end {
	BOARD_END_SOFTRES = 0, /* the guest wrote SOFTRES (reboot, or QEMU's -no-reboot end) */
	BOARD_END_HALT,        /* `wait` that nothing can ever end (poweroff, halt) */
	BOARD_END_PANIC,       /* the kernel panicked (its message is on the console) */
	BOARD_END_LIMIT,       /* --max-insns reached */
	BOARD_END_SIGNAL,      /* stopped by SIGINT/SIGTERM */
	BOARD_END_CONSOLE,     /* the console could not be written */
	BOARD_END_POWEROFF,    /* the guest powered the board off (PIIX4) */
	BOARD_END_RECORD,      /* the recording could not be written (drain failed) */
};

/* The name of an end ("softres", "halt", "panic", "limit", "signal",
 * "console", "poweroff", "record"). */
const char *board_end_name(int end);

typedef struct board_run_opts {
	uint64_t max_insns;                /* 0: no limit */
	volatile sig_atomic_t *stop;       /* set asynchronously to stop (may be NULL) */
	/* called about every simulated 1/10 s with the instruction count (may be NULL) */
	void (*progress)(void *ctx, const cpu *c);
	void *progress_ctx;
	/* called at every mark (a console line "vmmsim-mark NAME", board.h),
	 * at the instruction boundary after the line's end, c's records just
	 * drained (may be NULL; when recording it may append to c->ev) */
	void (*mark)(void *ctx, cpu *c, const char *name);
	void *mark_ctx;
	/* recording (cpu_sys.h): called with the CPU's records (c->ev, ev_len
	 * > 0) after every slice, before idling and at the end; it consumes
	 * them (sets ev_len = 0) and returns 0, or -1 to end the run with
	 * BOARD_END_RECORD (may be NULL) */
	int (*drain)(void *ctx, cpu *c);
	void *drain_ctx;
} board_run_opts;

/* Runs until the run ends; returns the enum board_end. */
int board_run(board *b, cpu *c, const board_run_opts *o);

#endif
