/*
 * test_vmm_guests.c - the monitor executed: every freestanding kernel of
 * guests/sys/ (built at test time with mipsel-linux-gnu-gcc) boots on the
 * Malta board natively, beneath the monitor (virt) and beneath the monitor
 * with its software TLB (swtlb, and swtlb with 0 entries).  The guest
 * cannot tell: the console output is identical byte for byte in every
 * mode, every run ends by SOFTRES.  And the identities:
 *
 *   - every exception of the guest's own but TLB ones (syscall, break, RI,
 *     CpU from user mode or for CP1, overflow, trap, address errors) is
 *     reflected to it exactly as often as the native CPU took it;
 *   - syscall_reflect = the guest's Sys exceptions (natively counted);
 *   - trap_tlbwrite = the guest's trapped tlbwr + tlbwi; reflect = rett +
 *     refills still in the guest's handler at the end (none: it ends in
 *     SOFTRES from the kernel, outside handlers);
 *   - refill reflections >= native refills (the real TLB also holds the
 *     monitor's kseg mappings), and swtlb reflects no more than virt;
 *   - swtlb with 0 entries equals virt exactly: same ledger, same counts;
 *   - the ledger: hops and base sum to the total; virt >= native.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include <cmocka.h>

#include "board/board.h"
#include "board/loader.h"
#include "cpu/cpu_sys.h"
#include "machine/model.h"
#include "vmm/guest.h"

#define RAM_MB 64u
#define MAX_INSNS 2000000000ull

static char tmpdir[256];
static const char *top;
static model mod;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

enum { NATIVE, VIRT, SWTLB, SWTLB0, NMODES };
static const char *const mode_name[NMODES] = {"native", "virt", "swtlb", "swtlb0"};

typedef struct sysrun {
	board b;
	cpu *c;
	vmm m;
	vmm_guest g;
	int virt;
	char *out;
	size_t outlen;
	int softres;
	struct cpu_sys_stats st;
	vmm_stats vst;
	ledger led;
	uint64_t base;
} sysrun;

static uint64_t clk(void *ctx) { return cpu_time(((sysrun *)ctx)->c); }
static void irq(void *ctx, unsigned line, int level) { cpu_set_irq(((sysrun *)ctx)->c, line, level); }

/* The board's run loop, reduced to what these kernels need. */
static void run(sysrun *r)
{
	board *b = &r->b;
	cpu *c = r->c;
	while (!board_stop_reason(b) && c->insns < MAX_INSNS) {
		uint64_t now = cpu_time(c);
		board_advance(b, now);
		uint64_t budget = 1u << 20, ev = board_next_event(b, now);
		if (ev != UINT64_MAX && ev - now < budget)
			budget = ev - now ? ev - now : 1;
		int rc = cpu_run_system(c, budget);
		if (r->virt && r->g.failed)
			break;
		if (rc != CPU_STOP_WAIT)
			continue;
		now = cpu_time(c);
		board_advance(b, now);
		if (cpu_cp0_get(c, 13, 0) & cpu_cp0_get(c, 12, 0) & 0xff00u)
			continue;
		if (!(cpu_cp0_get(c, 12, 0) & 1))
			break; /* halted */
		uint64_t n = cpu_cycles_to_timer(c);
		ev = board_next_event(b, now);
		if (ev != UINT64_MAX && ev - now < n)
			n = ev - now ? ev - now : 1;
		cpu_idle(c, n);
	}
	board_flush(b);
	r->softres = board_stop_reason(b) == BOARD_STOP_SOFTRES;
}

static void boot(sysrun *r, const char *kernel, int mode)
{
	char err[512];
	memset(r, 0, sizeof *r);
	FILE *con = open_memstream(&r->out, &r->outlen);
	assert_non_null(con);
	board_config cfg = {.ram_mb = RAM_MB, .hz = 100000000, .console = con, .input_fd = -1,
	                    .clock = clk, .set_irq = irq, .ctx = r};
	assert_int_equal(board_init(&r->b, &cfg, err, sizeof err), 0);
	board_kernel k;
	board_boot_regs regs;
	if (board_load_kernel(&r->b, kernel, &k, err, sizeof err) ||
	    board_boot_contract(&r->b, &k, "", 0, 0, &regs, err, sizeof err))
		fail_msg("%s", err);
	if (mode == NATIVE) {
		cpu_bus bus = {&r->b, r->b.ram, r->b.ram_size, board_bus_read, board_bus_write};
		r->c = cpu_new_system(&bus, 0, 16);
		assert_non_null(r->c);
		for (unsigned i = 0; i < 4; i++)
			r->c->r[4 + i] = regs.a[i];
		r->c->r[29] = regs.sp;
		r->c->pc = regs.pc;
		cpu_cp0_set(r->c, 12, 0, regs.status);
	} else {
		r->virt = 1;
		assert_int_equal(vmm_init(&r->m, &mod, (RAM_MB << 20) + (1u << 20), mode != VIRT,
		                          mode == SWTLB ? 1024 : 0, 4), 0);
		if (vmm_guest_init(&r->g, &r->m, 1, &r->b, &regs, 16, err, sizeof err))
			fail_msg("%s", err);
		r->c = r->g.c;
	}
	run(r);
	fclose(con);
	r->st = *cpu_sys_stats(r->c);
	if (r->virt) {
		vmm_guest_account(&r->g, &r->led, &r->base);
		r->vst = r->g.vm.st;
		vmm_guest_free(&r->g);
		vmm_free(&r->m);
	} else {
		/* native: executed instructions at the CPI, as the board's ledger */
		r->base = (r->st.ctx_insns[CPU_CTX_USER]) * mod.cpi_milli / 1000;
		for (unsigned x = CPU_CTX_KERNEL; x < CPU_CTX_N; x++)
			ledger_charge(&r->led, HOP_KERNEL, 0,
			              x == CPU_CTX_IDLE ? r->st.ctx_insns[x] : r->st.ctx_insns[x] * mod.cpi_milli / 1000);
		cpu_free(r->c);
	}
	board_free(&r->b);
}

static uint64_t total(const sysrun *r) { return ledger_total(&r->led) + r->base; }

static void check_kernel(const char *name)
{
	char k[512];
	snprintf(k, sizeof(k), "%s/%s", tmpdir, name);
	if (sh("cd %s/guests/sys && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 "
	       "-no-pie -O2 -march=mips32r2 -Wall -Werror -T sys.ld -o %s start.S rt.c %s.c -lgcc",
	       top, k, name))
		fail_msg("%s: compile failed", name);
	static sysrun r[NMODES];
	for (int md = 0; md < NMODES; md++) {
		boot(&r[md], k, md);
		fprintf(stderr, "%s %-6s: %llu insns, %zu console bytes, softres %d", name, mode_name[md],
		        (unsigned long long)r[md].st.user_insns + r[md].st.kernel_insns, r[md].outlen, r[md].softres);
		if (md != NATIVE)
			fprintf(stderr, ", traps %llu, refill reflections %llu, kseg misses %llu, swtlb hits %llu, "
			        "trap_tlbwrite %llu, pages %llu (zeroed twice %llu)",
			        (unsigned long long)r[md].vst.traps, (unsigned long long)r[md].vst.refill_reflect,
			        (unsigned long long)r[md].vst.kseg_miss, (unsigned long long)r[md].vst.swtlb_hit,
			        (unsigned long long)r[md].led.count[HOP_TRAP_TLBWRITE],
			        (unsigned long long)r[md].vst.pages_alloc, (unsigned long long)r[md].vst.pages_zeroed_twice);
		fprintf(stderr, "; total %llu cycles\n", (unsigned long long)total(&r[md]));
	}
	for (int md = 0; md < NMODES; md++) {
		if (!r[md].softres)
			fail_msg("%s %s: did not end by SOFTRES", name, mode_name[md]);
		if (r[md].outlen != r[NATIVE].outlen || memcmp(r[md].out, r[NATIVE].out, r[NATIVE].outlen)) {
			fprintf(stderr, "--- native:\n%.*s\n--- %s:\n%.*s\n", (int)r[NATIVE].outlen, r[NATIVE].out,
			        mode_name[md], (int)r[md].outlen, r[md].out);
			fail_msg("%s: console output differs under %s", name, mode_name[md]);
		}
	}
	const struct cpu_sys_stats *n = &r[NATIVE].st;
	for (int md = VIRT; md < NMODES; md++) {
		const vmm_stats *v = &r[md].vst;
		for (unsigned code = 4; code < 32; code++) /* all but Int, Mod, TLBL, TLBS */
			if (v->guest_exc[code] != n->exc[code])
				fail_msg("%s %s: ExcCode %u reflected %llu times, native %llu", name, mode_name[md], code,
				         (unsigned long long)v->guest_exc[code], (unsigned long long)n->exc[code]);
		assert_int_equal(r[md].led.count[HOP_SYSCALL_REFLECT], n->exc[8]);
		assert_int_equal(r[md].led.count[HOP_TRAP_TLBWRITE], v->guest_tlbwr + v->guest_tlbwi);
		assert_int_equal(r[md].led.count[HOP_REFLECT], v->refill_reflect);
		assert_true(v->refill_reflect >= n->tlb_refills);
		assert_true(total(&r[md]) >= total(&r[NATIVE]));
	}
	assert_true(r[SWTLB].vst.refill_reflect <= r[VIRT].vst.refill_reflect);
	/* swtlb with 0 entries is virt */
	assert_memory_equal(&r[SWTLB0].led, &r[VIRT].led, sizeof(ledger));
	assert_int_equal(r[SWTLB0].base, r[VIRT].base);
	assert_int_equal(r[SWTLB0].vst.refill_reflect, r[VIRT].vst.refill_reflect);
	for (int md = 0; md < NMODES; md++)
		free(r[md].out);
}

static void test_kernels(void **state)
{
	(void)state;
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/guests/sys", top);
	DIR *d = opendir(dir);
	assert_non_null(d);
	char *names[64];
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 64) {
		size_t l = strlen(de->d_name);
		if (l > 2 && strcmp(de->d_name + l - 2, ".c") == 0 && strcmp(de->d_name, "rt.c") != 0) {
			names[n] = strdup(de->d_name);
			names[n][l - 2] = 0;
			n++;
		}
	}
	closedir(d);
	assert_true(n >= 4);
	for (int i = 0; i < n; i++) {
		check_kernel(names[i]);
		free(names[i]);
	}
}

int main(void)
{
	char err[256];
	top = getenv("TOP") ? getenv("TOP") : ".";
	if (model_load_default(&mod, err, sizeof err))
		return 1;
	if (sh("mipsel-linux-gnu-gcc --version >/dev/null 2>&1")) {
		fprintf(stderr, "mipsel-linux-gnu-gcc not installed\n");
		return 77;
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s/vmmsim-vmm.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernels),
	};
	int r = cmocka_run_group_tests_name("bare-metal kernels: native, virt, swtlb", tests, NULL, NULL);
	sh("rm -rf %s", tmpdir);
	return r ? 1 : 0;
}
