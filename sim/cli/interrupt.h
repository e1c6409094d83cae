/*
 * interrupt.h - Ctrl-C and kill for the long-running commands: while
 * caught, SIGINT and SIGTERM only set a flag, which the run loops poll
 * between slices (the modeled OS: os_config.stop); the command then stops
 * cleanly, prints its report so far, removes its temporary files and exits
 * with 128 + the signal (130, 143), as a shell shows a killed program.
 * A second signal while the first is pending kills at once.  A signal the
 * command was started with ignored (a background job of a script) stays
 * ignored.
 */
#ifndef VMMSIM_CLI_INTERRUPT_H
#define VMMSIM_CLI_INTERRUPT_H

#include <signal.h>

typedef struct cli_interrupt {
	struct sigaction old_int, old_term;
} cli_interrupt;

/* Installs the handlers (saving the previous ones in s) and clears the
 * flag.  Returns the flag: 0, or the number of the signal received. */
volatile sig_atomic_t *cli_interrupt_catch(cli_interrupt *s);
/* Puts the previous handlers back. */
void cli_interrupt_restore(const cli_interrupt *s);
/* "SIGINT" or "SIGTERM" (the signals caught). */
const char *cli_interrupt_name(int sig);

#endif
