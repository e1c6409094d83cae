/*
 * cmd.h - the subcommands of vmmsim.  Each takes the arguments after its own
 * name (argv[0] is the subcommand name) and returns the process exit status.
 * Errors are reported on stderr as one line "vmmsim: ..." by the command.
 */
#ifndef VMMSIM_CMD_H
#define VMMSIM_CMD_H

int cmd_trace(int argc, char **argv);  /* trace info|cat|convert   (cmd_trace.c) */
int cmd_replay(int argc, char **argv); /* --trace FILE --mode ...   (cmd_replay.c) */
int cmd_model(int argc, char **argv);  /* model show [FILE]         (cmd_model.c) */
/* std_closed: bit n set if vmmsim's descriptor n was closed at start (main
 * put /dev/null there); the guest gets it closed too. */
int cmd_run(int argc, char **argv, unsigned std_closed); /* run [opts] -- PROGRAM (cmd_run.c) */
int cmd_sweep(int argc, char **argv);  /* sweep --trace FILE ...    (cmd_sweep.c) */
int cmd_plot(int argc, char **argv);   /* plot KIND CSV -o OUT      (cmd_plot.c) */
int cmd_merge(int argc, char **argv);  /* merge CSV... -o OUT       (cmd_merge.c) */
int cmd_boot(int argc, char **argv);   /* boot [opts] KERNEL        (cmd_boot.c) */

#endif
