/*
 * cmd_boot.c - `vmmsim boot`: boots a MIPS kernel on the simulated Malta
 * board (sim/board/) with the CPU in system mode, the guest's console on
 * standard output (or --console FILE) and standard input on its serial
 * port.  The report goes to stderr after the run (-q silences it) and to
 * --json; with --mode native it includes the ledger of the executed kernel
 * (sim/board/account.c); with --mode virt or swtlb the kernel runs beneath
 * the monitor (sim/vmm/) and the ledger is the monitor's (sim/vmm/account.c).
 *
 * Exit status: 0 when the guest reset the board (SOFTRES), powered it off
 * or halted, 3 when
 * the kernel panicked, 124 at --max-insns, 128 + the signal when SIGINT or
 * SIGTERM stopped it, 1 for an unusable file, 2 for a bad command line.
 */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board/account.h"
#include "board/board.h"
#include "board/loader.h"
#include "board/run.h"
#include "cli/boot_all.h"
#include "cli/boot_csv.h"
#include "cli/boot_report.h"
#include "cli/record_pipe.h"
#include "cli/boot_vms.h"
#include "cli/cmd.h"
#include "cpu/cpu_sys.h"
#include "machine/ledger.h"
#include "machine/model.h"
#include "cli/report.h"
#include "trace/trace.h"
#include "util/util.h"
#include "vmm/guest.h"
#include "vmm/sched.h"

#define BOOT_STATUS_PANIC 3
#define BOOT_STATUS_LIMIT 124

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: vmmsim boot [--mode none|native|virt|swtlb|all|M,M,...] KERNEL [--initrd FILE]\n"
	        "                   [--append \"CMDLINE\"] [--mem MB] [--model FILE] [--max-insns N]\n"
	        "                   [--json FILE] [--csv FILE] [--console FILE] [--tlb-entries N]\n"
	        "                   [--swtlb-entries N] [--swtlb-assoc A] [--seed N] [--record FILE] [-q]\n"
	        "       vmmsim boot --mode virt|swtlb --vm KERNEL[,INITRD[,APPEND]] --vm ...\n"
	        "                   [--quantum CYCLES] [--console-dir DIR] [--idle-detect on|off]\n"
	        "Boots a little-endian MIPS kernel (an ELF linked in kseg0: Debian's vmlinuz,\n"
	        "a vmlinux, a freestanding kernel) on a simulated Malta board, CPU 24Kf.\n"
	        "  --mode M         none (default): run and count; native: also the ledger of\n"
	        "                   the executed kernel, hop by hop, at the model's costs;\n"
	        "                   virt: the kernel runs beneath the monitor (deprivileged,\n"
	        "                   its privileged instructions trapped and emulated, its\n"
	        "                   memory the monitor's machine pages) and the ledger is\n"
	        "                   its executed code plus the monitor's hops; swtlb: virt\n"
	        "                   with the monitor's software TLB; all (native,virt,swtlb) or\n"
	        "                   a comma-separated list: each mode its own run, concurrently\n"
	        "                   on the machine's cores, the first mode's console shown, the\n"
	        "                   report side by side with slowdowns\n"
	        "  --initrd FILE    initial RAM disk (placed high in RAM, passed as rd_start/rd_size)\n"
	        "  --append S       kernel command line (default: console=ttyS0)\n"
	        "  --mem MB         RAM size, 1..%u (default 128)\n"
	        "  --model FILE     cost model for --mode native (default: the built-in r4000)\n"
	        "  --max-insns N    stop after N instructions (exit status %d)\n"
	        "  --json FILE      write the report as JSON\n"
	        "  --csv FILE       the ledger as the replay's CSV (vmmsim plot breakdown): the\n"
	        "                   whole run, then each span between console lines\n"
	        "                   \"vmmsim-mark begin NAME\" and \"vmmsim-mark end NAME\"\n"
	        "  --console FILE   the serial console's output (default: standard output)\n"
	        "  --record FILE    write the executed stream as a full-system trace (--mode none\n"
	        "                   or native): every fetch, load and store, mode change,\n"
	        "                   exception, TLB write and eret (traces/FORMAT.md); replay it\n"
	        "                   with vmmsim replay --mode native, with this or another TLB\n"
	        "                   (--tlb-entries, --tlb-policy)\n"
	        "  --tlb-entries N  joint TLB size, 16 (the 24Kf's, default), 48 or 64\n"
	        "  --seed N         seeds tlbwr's random victims (the CPU's Random register and,\n"
	        "                   beneath the monitor, the virtual one; default 1)\n"
	        "  --vm K[,I[,A]]   one VM (kernel, initrd, command line) beneath the monitor;\n"
	        "                   several share the machine round robin, each switch a\n"
	        "                   machine_switch that flushes the TLB (--max-insns: machine cycles)\n"
	        "  --quantum C      machine cycles per VM turn (default: the model's quantum)\n"
	        "  --console-dir D  VM N's console in D/console-N.txt (default: VM 1's on stdout);\n"
	        "                   with --mode all, each mode's in D/console-MODE.txt\n"
	        "  --idle-detect on|off  a VM in wait gives the CPU away (on, default) or spins\n"
	        "  --swtlb-entries N, --swtlb-assoc A  the software TLB of --mode swtlb\n"
	        "                   (default: the model's swtlb_entries, swtlb_assoc)\n"
	        "  -q               no report on stderr\n"
	        "The run ends when the guest writes SOFTRES, powers off (PIIX4) or halts in\n"
	        "`wait` with nothing able to wake it (exit 0), panics (exit %d), or at --max-insns.\n",
	        BOARD_RAM_MAX_MB, BOOT_STATUS_LIMIT, BOOT_STATUS_PANIC);
}

typedef struct boot_ctx {
	cpu *c;
} boot_ctx;



static uint64_t clock_cb(void *ctx)
{
	boot_ctx *k = ctx;
	return k->c ? cpu_time(k->c) : 0;
}

static void irq_cb(void *ctx, unsigned line, int level)
{
	boot_ctx *k = ctx;
	if (k->c)
		cpu_set_irq(k->c, line, level);
}

static void stop_cb(void *ctx)
{
	boot_ctx *k = ctx;
	if (k->c)
		cpu_request_stop(k->c);
}

typedef struct boot_result {
	const char *kernel, *mode;
	int end, status, native;
	double seconds;
	uint64_t insns, time, console_bytes;
	const struct cpu_sys_stats *st;
	ledger l;
	uint64_t base_cycles;
	const model *m;
	const vmm_vm *vm;    /* the monitor's VM (virt, swtlb), else NULL */
	json_t *marks;       /* the marks' samples (an array), or NULL */
} boot_result;

static void print_count(FILE *f, const char *label, uint64_t v)
{
	fprintf(f, "  %-22s %15llu\n", label, (unsigned long long)v);
}

/* The ledger rows of the run's mode. */
static int listed(unsigned h, const void *ctx)
{
	const boot_result *r = ctx;
	if (r->vm)
		return vmm_hop_charged(h, r->vm->m->swtlb);
	return board_hop_charged(h);
}

/* The monitor's counters (virt, swtlb). */
static void report_vmm(FILE *f, const vmm_vm *vm)
{
	const vmm_stats *s = &vm->st;
	fprintf(f, "monitor (VM %u):\n", vm->id);
	print_count(f, "traps", s->traps);
	print_count(f, "  trapped tlbwr", s->guest_tlbwr);
	print_count(f, "  trapped tlbwi", s->guest_tlbwi);
	print_count(f, "  trapped mfc0", s->guest_mfc0);
	print_count(f, "  trapped mtc0", s->guest_mtc0);
	print_count(f, "  trapped eret", s->guest_eret);
	print_count(f, "  trapped cache", s->guest_cache);
	print_count(f, "  trapped di/ei", s->guest_di_ei);
	print_count(f, "  trapped wait", s->guest_wait);
	print_count(f, "kseg misses", s->kseg_miss);
	print_count(f, "vmm misses", s->vmm_miss);
	print_count(f, "  guest TLB reloads", s->vtlb_reload);
	print_count(f, "  swtlb hits", s->swtlb_hit);
	print_count(f, "refill reflections", s->refill_reflect);
	print_count(f, "syscall reflections", s->syscall_reflect);
	print_count(f, "interrupt reflections", s->int_reflect);
	print_count(f, "other reflections", s->exc_reflect + s->tlb_reflect);
	print_count(f, "machine pages", s->pages_alloc);
	print_count(f, "  zeroed twice", s->pages_zeroed_twice);
}

static json_t *vmm_json(const vmm_vm *vm)
{
	const vmm_stats *s = &vm->st;
	json_t *o = json_object();
#define PUT(name, v) json_object_set_new(o, name, json_integer((json_int_t)(v)))
	PUT("traps", s->traps);
	PUT("trapped_tlbwr", s->guest_tlbwr);
	PUT("trapped_tlbwi", s->guest_tlbwi);
	PUT("trapped_tlbp", s->guest_tlbp);
	PUT("trapped_tlbr", s->guest_tlbr);
	PUT("trapped_mfc0", s->guest_mfc0);
	PUT("trapped_mtc0", s->guest_mtc0);
	PUT("trapped_eret", s->guest_eret);
	PUT("trapped_cache", s->guest_cache);
	PUT("trapped_di_ei", s->guest_di_ei);
	PUT("trapped_wait", s->guest_wait);
	PUT("kseg_misses", s->kseg_miss);
	PUT("vmm_misses", s->vmm_miss);
	PUT("vtlb_reloads", s->vtlb_reload);
	PUT("swtlb_hits", s->swtlb_hit);
	PUT("swtlb_drops", s->swtlb_drop);
	PUT("swtlb_flushes", s->swtlb_flushes);
	PUT("refill_reflections", s->refill_reflect);
	PUT("syscall_reflections", s->syscall_reflect);
	PUT("interrupt_reflections", s->int_reflect);
	PUT("tlb_reflections", s->tlb_reflect);
	PUT("other_reflections", s->exc_reflect);
	PUT("machine_pages", s->pages_alloc);
	PUT("pages_zeroed_twice", s->pages_zeroed_twice);
	PUT("real_tlb_writes", s->rtlb_writes);
	PUT("machine_asid_flushes", s->masid_flushes);
#undef PUT
	return o;
}

static void boot_text(FILE *f, const boot_result *r)
{
	const struct cpu_sys_stats *st = r->st;
	fprintf(f, "vmmsim boot: %s, mode %s, ended by %s, exit status %d\n", r->kernel, r->mode,
	        board_end_name(r->end), r->status);
	boot_report_counts_text(f, st, r->insns, r->time);
	print_count(f, "console bytes", r->console_bytes);
	fprintf(f, "  %-22s %15.2f s, %.1f M instructions/s, simulated %.3f s at %u MHz\n", "run time",
	        r->seconds, r->seconds > 0 ? (double)r->insns / r->seconds / 1e6 : 0.0,
	        (double)r->time / BOARD_CPU_HZ, BOARD_CPU_HZ / 1000000u);
	if (r->vm)
		report_vmm(f, r->vm);
	if (!r->native)
		return;
	boot_report_ledger_text(f, r->mode, r->m, &r->l, r->base_cycles, listed, r);
}

static json_t *boot_json(const boot_result *r)
{
	const struct cpu_sys_stats *st = r->st;
	json_t *root = json_object();
	json_object_set_new(root, "kernel", json_string(r->kernel));
	json_object_set_new(root, "end", json_string(board_end_name(r->end)));
	json_object_set_new(root, "exit_status", json_integer(r->status));
	json_object_set_new(root, "console_bytes", json_integer((json_int_t)r->console_bytes));
	json_object_set_new(root, "seconds", json_real(r->seconds));
	json_object_set_new(root, "instructions_per_second",
	                    json_real(r->seconds > 0 ? (double)r->insns / r->seconds : 0.0));
	json_object_set_new(root, "clock_hz", json_integer(BOARD_CPU_HZ));
	json_t *o = boot_report_counts_json(st, r->insns, r->time);
	if (r->native) {
		boot_report_ledger_json(o, &r->l, r->base_cycles, listed, r);
		json_object_set_new(root, "model", json_string(r->m->name));
	}
	if (r->vm)
		json_object_set_new(o, "monitor", vmm_json(r->vm));
	if (r->marks && json_array_size(r->marks))
		json_object_set(o, "marks", r->marks);
	json_t *modes = json_object();
	json_object_set_new(modes, r->mode, o);
	json_object_set_new(root, "modes", modes);
	return root;
}

/* Marks (a console line "vmmsim-mark NAME", sim/board/board.h): the mode's
 * report as it stands at the mark, its name added, appended to marks. */
typedef struct mark_ctx {
	const char *kernel, *mode;
	int native;
	const model *m;
	vmm_guest *guest;    /* virt, swtlb; else NULL */
	json_t *marks;
	record_pipe *rec;    /* --record: the mark goes into the recording too */
	uint64_t dropped;    /* marks after the first BOOT_MARKS_MAX: not sampled */
} mark_ctx;

static void mark_cb(void *ctx, cpu *c, const char *name)
{
	mark_ctx *k = ctx;
	if (json_array_size(k->marks) >= BOOT_MARKS_MAX) {
		k->dropped++; /* (nor recorded: a replay samples as many) */
		return;
	}
	boot_result r = { .kernel = k->kernel, .mode = k->mode, .native = k->native, .insns = c->insns,
		          .time = cpu_time(c), .st = cpu_sys_stats(c), .m = k->m };
	if (k->guest) {
		vmm_guest_account(k->guest, &r.l, &r.base_cycles);
		r.vm = &k->guest->vm;
	} else if (k->native) {
		board_account_native(r.st, k->m, &r.l, &r.base_cycles);
	}
	json_t *j = boot_json(&r);
	json_t *o = json_object_get(json_object_get(j, "modes"), k->mode);
	if (o) {
		json_object_set_new(o, "name", boot_report_mark_name(NULL, name));
		json_array_append(k->marks, o);
	}
	json_decref(j);
	/* (a failed writer fails the run loop's next drain, which reports it) */
	if (k->rec)
		(void)record_pipe_mark(k->rec, c, name);
}

/* 1 (with the message printed) if an output (--json, --csv, --record,
 * --console) is the same file as an input: the kernel, the initrd, the
 * model, a --vm's kernel or initrd. */
static int outputs_clash(const char *const *out, size_t nout, const char *kernel, const char *initrd,
                         const char *model_path, const char *const *vms, unsigned nvm)
{
	const char *in[3 + 2 * VMM_MAX_VMS];
	char *spec[VMM_MAX_VMS] = { NULL };
	size_t n = 0;
	int clash = 0;
	in[n++] = nvm ? NULL : kernel;
	in[n++] = initrd;
	in[n++] = model_path;
	for (unsigned i = 0; i < nvm; i++) {
		const char *append;
		spec[i] = strdup(vms[i]);
		if (spec[i])
			boot_vms_split(spec[i], &in[n], &in[n + 1], &append, NULL);
		else
			in[n] = in[n + 1] = vms[i]; /* (out of memory: the spec as given) */
		n += 2;
	}
	for (size_t i = 0; i < nout && !clash; i++)
		clash = util_out_check(out[i], in, n) != 0;
	for (unsigned i = 0; i < nvm; i++)
		free(spec[i]);
	return clash;
}

/* Loads the kernel, the initrd (NULL: none) and the command line into b
 * and sets up the boot contract.  Returns 0, or -1 with a message in err. */
static int load_inputs(board *b, const char *kernel, const char *initrd, const char *append,
                       board_kernel *k, board_boot_regs *regs, char *err, size_t errlen)
{
	uint32_t rd_at = 0, rd_size = 0;
	if (board_load_kernel(b, kernel, k, err, errlen) != 0 ||
	    (initrd && board_load_initrd(b, initrd, k, &rd_at, &rd_size, err, errlen) != 0) ||
	    board_boot_contract(b, k, append, rd_at, rd_size, regs, err, errlen) != 0)
		return -1;
	return 0;
}

/* --mode all: the kernel, initrd and command line loaded once here, so
 * that a bad one is one line before any mode runs (each mode's child
 * would say it again).  Returns 0, or 1 with the message printed. */
static int check_inputs(const char *kernel, const char *initrd, const char *append, uint32_t mem_mb)
{
	char err[1024];
	board b;
	board_config cfg = { .ram_mb = mem_mb, .hz = BOARD_CPU_HZ, .input_fd = -1 };
	if (board_init(&b, &cfg, err, sizeof err) != 0) {
		util_error("boot: %s", err);
		return 1;
	}
	board_kernel k;
	board_boot_regs regs;
	int rc = 0;
	if (load_inputs(&b, kernel, initrd, append, &k, &regs, err, sizeof err) != 0) {
		util_error("%s", err);
		rc = 1;
	}
	board_free(&b);
	return rc;
}

static int parse_u32(const char *opt, const char *s, uint32_t lo, uint32_t hi, uint32_t *out)
{
	uint64_t v;
	if (util_parse_u64(s, &v) || v < lo || v > hi) {
		util_error("boot: %s: expected a number from %u to %u, got '%s'", opt, lo, hi, s);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

int cmd_boot(int argc, char **argv)
{
	const char *kernel = NULL, *initrd = NULL, *append = "console=ttyS0", *model_path = NULL;
	const char *json = NULL, *csv = NULL, *console = NULL, *mode = "none", *record = NULL;
	uint32_t mem_mb = 128, tlb_entries = 16, swtlb_entries = 0, swtlb_assoc = 0;
	int swtlb_set = 0, assoc_set = 0;
	/* several VMs */
	const char *vms[VMM_MAX_VMS], *console_dir = NULL;
	unsigned nvm = 0;
	uint64_t quantum = 0;
	int idle_detect = 1, idle_given = 0;
	uint64_t max_insns = 0, seed = 1;
	int quiet = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int has = i + 1 < argc;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "-q")) {
			quiet = 1;
		} else if (!strcmp(a, "--mode") && has) {
			mode = argv[++i];
			if (strcmp(mode, "none") && strcmp(mode, "native") && strcmp(mode, "virt") &&
			    strcmp(mode, "swtlb") && strcmp(mode, "all") && !strchr(mode, ',')) {
				util_error("boot: --mode: '%s' is not a boot mode (none, native, virt, swtlb)", mode);
				return 2;
			}
		} else if (!strcmp(a, "--initrd") && has) {
			initrd = argv[++i];
		} else if (!strcmp(a, "--append") && has) {
			append = argv[++i];
		} else if (!strcmp(a, "--mem") && has) {
			if (parse_u32("--mem", argv[++i], 1, BOARD_RAM_MAX_MB, &mem_mb))
				return 2;
		} else if (!strcmp(a, "--tlb-entries") && has) {
			if (parse_u32("--tlb-entries", argv[++i], 16, 64, &tlb_entries))
				return 2;
			if (tlb_entries != 16 && tlb_entries != 48 && tlb_entries != 64) {
				util_error("boot: --tlb-entries: %u: the joint TLB has 16, 48 or 64 entries", tlb_entries);
				return 2;
			}
		} else if (!strcmp(a, "--model") && has) {
			model_path = argv[++i];
		} else if (!strcmp(a, "--vm") && has) {
			if (nvm == VMM_MAX_VMS) {
				util_error("boot: --vm: at most %u VMs", VMM_MAX_VMS);
				return 2;
			}
			vms[nvm++] = argv[++i];
		} else if (!strcmp(a, "--quantum") && has) {
			if (util_parse_u64(argv[++i], &quantum) || !quantum) {
				util_error("boot: --quantum: bad number '%s'", argv[i]);
				return 2;
			}
		} else if (!strcmp(a, "--console-dir") && has) {
			console_dir = argv[++i];
		} else if (!strcmp(a, "--idle-detect") && has) {
			const char *v = argv[++i];
			if (strcmp(v, "on") && strcmp(v, "off")) {
				util_error("boot: --idle-detect: '%s' is neither on nor off", v);
				return 2;
			}
			idle_detect = !strcmp(v, "on");
			idle_given = 1;
		} else if (!strcmp(a, "--swtlb-entries") && has) {
			if (parse_u32("--swtlb-entries", argv[++i], 0, 1u << 24, &swtlb_entries))
				return 2;
			swtlb_set = 1;
		} else if (!strcmp(a, "--swtlb-assoc") && has) {
			if (parse_u32("--swtlb-assoc", argv[++i], 0, 1u << 24, &swtlb_assoc))
				return 2;
			assoc_set = 1;
		} else if (!strcmp(a, "--seed") && has) {
			if (util_parse_u64(argv[++i], &seed) || !seed) {
				util_error("boot: --seed: expected a number above 0, got '%s'", argv[i]);
				return 2;
			}
		} else if (!strcmp(a, "--max-insns") && has) {
			if (util_parse_u64(argv[++i], &max_insns) || !max_insns) {
				util_error("boot: --max-insns: bad number '%s'", argv[i]);
				return 2;
			}
		} else if (!strcmp(a, "--json") && has) {
			json = argv[++i];
		} else if (!strcmp(a, "--csv") && has) {
			csv = argv[++i];
		} else if (!strcmp(a, "--console") && has) {
			console = argv[++i];
		} else if (!strcmp(a, "--record") && has) {
			record = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			util_error("boot: %s option '%s' (vmmsim boot --help)", has ? "unknown" : "unknown or incomplete", a);
			return 2;
		} else if (!kernel && !nvm) {
			kernel = a;
		} else {
			util_error("boot: more than one kernel ('%s', '%s')", kernel, a);
			return 2;
		}
	}
	if (nvm && kernel) {
		util_error("boot: a KERNEL and --vm: give every VM with --vm");
		return 2;
	}
	if (nvm && strcmp(mode, "virt") && strcmp(mode, "swtlb")) {
		util_error("boot: --vm needs --mode virt or swtlb (several VMs beneath the monitor)");
		return 2;
	}
	if (nvm && csv) {
		util_error("boot: --csv is for one guest (--vm: use --json)");
		return 2;
	}
	if (!kernel && nvm)
		kernel = vms[0];
	if (!kernel) {
		util_error("boot: no kernel given (vmmsim boot [options] KERNEL)");
		return 2;
	}
	if (record && (nvm || (strcmp(mode, "none") && strcmp(mode, "native")))) {
		util_error("boot: --record records the guest on the bare machine: --mode none or native "
		           "(replay the recording to compare TLBs; the monitor's modes run live)");
		return 2;
	}
	/* options the run has no use for: refused, not ignored */
	int list = !strcmp(mode, "all") || strchr(mode, ',');
	const char *unused = NULL;
	if (!nvm && quantum)
		unused = "--quantum (the turns of several VMs, --vm)";
	else if (!nvm && idle_given)
		unused = "--idle-detect (several VMs, --vm)";
	else if (!nvm && !list && console_dir)
		unused = "--console-dir (several VMs, --vm, or a list of modes)";
	else if ((swtlb_set || assoc_set) && !strstr(mode, "swtlb") && strcmp(mode, "all"))
		unused = "--swtlb-entries or --swtlb-assoc (the software TLB of --mode swtlb)";
	if (unused) {
		util_error("boot: %s does not apply to --mode %s", unused, mode);
		return 2;
	}
	if (csv && !strcmp(mode, "none")) {
		util_error("boot: --csv needs a ledger (--mode native, virt, swtlb or all)");
		return 2;
	}
	/* the guest's console is standard output unless --console (with --vm:
	 * unless --console-dir): JSON or CSV there would be mixed into it */
	int console_on_stdout = nvm ? !console_dir : !console || !strcmp(console, "-");
	if ((json && !strcmp(json, "-")) + (csv && !strcmp(csv, "-")) + console_on_stdout > 1) {
		util_error("boot: --json -, --csv - and the guest's console would share standard output "
		           "(give --console FILE%s)", nvm ? ", with --vm --console-dir DIR" : "");
		return 2;
	}
	/* no output may replace an input */
	const char *outs[] = { json, csv, record, console };
	if (outputs_clash(outs, sizeof outs / sizeof outs[0], kernel, initrd, model_path, vms, nvm))
		return 2;
	/* nor another output: the second would replace (or follow) the first */
	const char *onames[] = { "--json", "--csv", "--record", "--console" };
	for (unsigned i = 0; i < sizeof outs / sizeof outs[0]; i++)
		for (unsigned j = 0; j < i; j++)
			if (util_out_same(outs[j], outs[i])) {
				util_error("%s: given to both %s and %s", outs[i], onames[j], onames[i]);
				return 2;
			}
	char err[1024];
	model m;
	if ((model_path ? model_load_file(&m, model_path, err, sizeof err)
	                : model_load_default(&m, err, sizeof err)) != 0) {
		util_error("%s", err);
		return 1;
	}
	if (!strcmp(mode, "all") || strchr(mode, ',')) {
		if (check_inputs(kernel, initrd, append, mem_mb) != 0)
			return 1;
		struct sigaction sa, old_int, old_term;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &old_int);
		sigaction(SIGTERM, &sa, &old_term);
		int st = boot_all(argc, argv, mode, kernel, json, csv, console, console_dir, quiet, &stop_signal);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		return st;
	}
	int virt = !strcmp(mode, "virt") || !strcmp(mode, "swtlb");
	int native = !strcmp(mode, "native") || virt; /* a ledger */

	if (!swtlb_set)
		swtlb_entries = m.swtlb_entries;
	if (!assoc_set)
		swtlb_assoc = m.swtlb_assoc;
	if (swtlb_entries && swtlb_assoc && swtlb_entries % swtlb_assoc) {
		util_error("boot: --swtlb-assoc %u does not divide --swtlb-entries %u", swtlb_assoc, swtlb_entries);
		return 2;
	}

	if (nvm && (quantum ? quantum : m.quantum) < VMM_SCHED_MIN_QUANTUM) {
		util_error("boot: %s %llu: a VM's turn is at least %u cycles (each starts with the TLB flushed)",
		           quantum ? "--quantum" : "the model's quantum", (unsigned long long)(quantum ? quantum : m.quantum),
		           VMM_SCHED_MIN_QUANTUM);
		return 2;
	}
	if (nvm) {
		boot_vms_opts vo = { .vm = vms, .nvm = nvm, .append = append, .mem_mb = mem_mb,
			             .tlb_entries = tlb_entries, .swtlb = !strcmp(mode, "swtlb") && swtlb_entries,
			             .swtlb_entries = swtlb_entries, .swtlb_assoc = swtlb_assoc, .model = &m,
			             .quantum = quantum ? quantum : m.quantum, .idle_detect = idle_detect,
			             .console_dir = console_dir, .json = json, .quiet = quiet,
			             .max_insns = max_insns, .seed = seed, .stop = &stop_signal };
		struct sigaction sa, old_int, old_term;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &old_int);
		sigaction(SIGTERM, &sa, &old_term);
		int st = boot_vms(&vo);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		return st;
	}

	boot_ctx ctx = { NULL };
	record_pipe *rec = NULL;
	vmm mon;
	vmm_guest guest;
	int have_mon = 0, have_guest = 0;
	board b;
	board_config cfg = { .ram_mb = mem_mb, .hz = BOARD_CPU_HZ, .console = stdout,
		             .input_fd = STDIN_FILENO, .clock = clock_cb, .set_irq = irq_cb,
		             .request_stop = stop_cb, .ctx = &ctx };
	FILE *con = NULL;
	util_out *jo = NULL, *co = NULL;
	if (board_init(&b, &cfg, err, sizeof err) != 0) {
		util_error("boot: %s", err);
		return 1;
	}
	board_kernel k;
	board_boot_regs regs;
	int status = 1;
	if (load_inputs(&b, kernel, initrd, append, &k, &regs, err, sizeof err) != 0) {
		util_error("%s", err);
		goto out;
	}
	/* the outputs, created before the run (a path that cannot be: said at
	 * once), committed together after it; the console last, as it is
	 * written in place */
	if (json && !(jo = util_out_open(json))) {
		util_error("%s: cannot create: %s", json, strerror(errno));
		goto out;
	}
	if (csv && !(co = util_out_open(csv))) {
		util_error("%s: cannot create: %s", csv, strerror(errno));
		goto out;
	}
	if (virt) {
		/* beneath the monitor: machine memory for the guest's RAM and
		 * the monitor's own frame */
		if (vmm_init(&mon, &m, (mem_mb << 20) + VMM_PAGE_SIZE, !strcmp(mode, "swtlb"), swtlb_entries,
		             swtlb_assoc) != 0) {
			util_error("boot: cannot set up the monitor (%u MB of machine memory)", mem_mb);
			goto out;
		}
		have_mon = 1;
		if (vmm_guest_init(&guest, &mon, 1, &b, &regs, tlb_entries, err, sizeof err) != 0) {
			util_error("boot: %s", err);
			goto out;
		}
		have_guest = 1;
		vmm_guest_seed(&guest, seed);
		ctx.c = guest.c;
	} else {
		cpu_bus bus = { .opaque = &b, .ram = b.ram, .ram_size = b.ram_size,
			        .read = board_bus_read, .write = board_bus_write };
		ctx.c = cpu_new_system(&bus, 0, tlb_entries);
		if (!ctx.c) {
			util_error("boot: cannot create the CPU");
			goto out;
		}
		cpu_set_tlb_seed(ctx.c, seed);
		for (int i = 0; i < 4; i++)
			ctx.c->r[4 + i] = regs.a[i];
		ctx.c->r[29] = regs.sp;
		ctx.c->pc = regs.pc;
		cpu_cp0_set(ctx.c, 12, 0, regs.status);
	}
	cpu *c = ctx.c;
	if (record) {
		trace_header h;
		memset(&h, 0, sizeof h);
		h.word_bits = 32;
		h.page_size = 4096;
		snprintf(h.desc, sizeof h.desc, "vmmsim boot --record: %s%s%s, append \"%s\", %u MB, TLB %u entries",
		         kernel, initrd ? ", initrd " : "", initrd ? initrd : "", append, mem_mb, tlb_entries);
		rec = record_pipe_open(record, &h, c, err, sizeof err);
		if (!rec) {
			util_error("%s", err);
			goto out;
		}
		if (cpu_sys_record_start(c) != 0) {
			util_error("boot: cannot start the recording");
			goto out;
		}
	}
	if (console) {
		con = fopen(console, "w");
		if (!con) {
			util_error("%s: cannot create: %s", console, strerror(errno));
			goto out;
		}
		b.cfg.console = con;
	}

	struct sigaction sa, ign, old_int, old_term, old_pipe;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	ign = sa;
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	/* a console reader that goes away (| head) ends the run with a
	 * message and the report, not with SIGPIPE */
	sigaction(SIGPIPE, &ign, &old_pipe);
	mark_ctx mk = { .kernel = kernel, .mode = mode, .native = native, .m = &m,
		        .guest = have_guest ? &guest : NULL, .marks = json_array(), .rec = rec };
	board_run_opts ro = { .max_insns = max_insns, .stop = &stop_signal, .mark = mark_cb, .mark_ctx = &mk,
		              .drain = rec ? record_pipe_drain : NULL, .drain_ctx = rec };
	double t0 = util_now();
	int end = board_run(&b, c, &ro);
	double t1 = util_now();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);

	if (mk.dropped)
		util_error("boot: %llu marks after the first %u were not sampled", (unsigned long long)mk.dropped,
		           BOOT_MARKS_MAX);
	if (have_guest && guest.failed) {
		end = BOARD_END_LIMIT;
		util_error("boot: the monitor ran out of machine memory");
	}
	switch (end) {
	case BOARD_END_SOFTRES:
	case BOARD_END_HALT:
	case BOARD_END_POWEROFF:
		status = 0;
		break;
	case BOARD_END_PANIC:
		status = BOOT_STATUS_PANIC;
		util_error("boot: the kernel panicked (its message is on the console)");
		break;
	case BOARD_END_LIMIT:
		status = BOOT_STATUS_LIMIT;
		util_error("boot: stopped at --max-insns %llu before the guest ended", (unsigned long long)max_insns);
		break;
	case BOARD_END_SIGNAL:
		status = 128 + stop_signal;
		util_error("boot: stopped by signal %d after %llu instructions", (int)stop_signal,
		           (unsigned long long)c->insns);
		break;
	case BOARD_END_RECORD:
		status = 1;
		util_error("%s", record_pipe_error(rec));
		break;
	default:
		status = 1;
		util_error("%s: cannot write the console: %s", console ? console : "standard output",
		           strerror(b.console_error));
		break;
	}
	boot_result r = { .kernel = kernel, .mode = mode, .end = end, .status = status, .native = native,
		          .seconds = t1 - t0, .insns = c->insns, .time = cpu_time(c),
		          .console_bytes = b.console_bytes, .st = cpu_sys_stats(c), .m = &m, .marks = mk.marks };
	if (virt) {
		vmm_guest_account(&guest, &r.l, &r.base_cycles);
		r.vm = &guest.vm;
	} else if (native) {
		board_account_native(r.st, &m, &r.l, &r.base_cycles);
	}
	/* a recording of a run that ran to its end, a panic or the --max-insns
	 * limit is whole; a signal or an error leaves none */
	int keep = end != BOARD_END_SIGNAL && end != BOARD_END_RECORD && end != BOARD_END_CONSOLE;
	if (rec && cpu_sys_record_lost(c)) {
		util_error("%s: internal error: %llu records found no room", record,
		           (unsigned long long)cpu_sys_record_lost(c));
		status = r.status = status ? status : 1;
		keep = 0;
	}
	/* every output written before any is committed: all or none */
	int outs_ok = 1;
	if (jo || co) {
		json_t *j = boot_json(&r);
		if (jo && boot_report_json_to(json, jo->f, j) != 0)
			outs_ok = 0;
		const char *slash = strrchr(kernel, '/');
		if (outs_ok && co &&
		    boot_csv_to(json_object_get(j, "modes"), slash ? slash + 1 : kernel, csv, co->f) != 0)
			outs_ok = 0;
		json_decref(j);
	}
	if (rec) {
		if (record_pipe_close(rec, c, keep && outs_ok, err, sizeof err) != 0 && keep && outs_ok) {
			util_error("%s", err);
			outs_ok = 0;
		}
		rec = NULL;
	}
	if (jo && (outs_ok ? util_out_commit(jo) != 0 : (util_out_abort(jo), 0)))
		outs_ok = 0;
	jo = NULL;
	if (co && (outs_ok ? util_out_commit(co) != 0 : (util_out_abort(co), 0)))
		outs_ok = 0;
	co = NULL;
	if (!outs_ok)
		status = status ? status : 1;
	r.status = status;
	if (!quiet)
		boot_text(stderr, &r);
	json_decref(mk.marks);
out:
	if (rec)
		record_pipe_close(rec, ctx.c, 0, err, sizeof err);
	if (jo)
		util_out_abort(jo);
	if (co)
		util_out_abort(co);
	if (have_guest)
		vmm_guest_free(&guest); /* frees the CPU */
	else if (ctx.c)
		cpu_free(ctx.c);
	if (have_mon)
		vmm_free(&mon);
	if (con && fclose(con) != 0 && status == 0) {
		util_error("%s: cannot write: %s", console, strerror(errno));
		status = 1;
	}
	board_free(&b);
	return status;
}
