/* cp0_id.c - the CPU's identity and reset state as the kernel sees them. */
#include "rt.h"

void test_main(void)
{
	rt_puts("cp0_id\n");
	rt_kv("prid", MFC0(15, 0));
	rt_kv("config0", MFC0(16, 0));
	rt_kv("config1", MFC0(16, 1));
	rt_kv("config2", MFC0(16, 2));
	rt_kv("config3", MFC0(16, 3));
	rt_kv("status", MFC0(12, 0));
	rt_kv("ebase", MFC0(15, 1));
	rt_kv("intctl", MFC0(12, 1));
	rt_kv("srsctl", MFC0(12, 2));
	rt_kv("wired", MFC0(6, 0));
	rt_kv("pagemask", MFC0(5, 0));
	rt_kv("hwrena", MFC0(7, 0));
	rt_kv("tlb_entries", tlb_entries());
	MTC0(5, 0, 0xffffffffu);
	rt_kv("pagemask_w1", MFC0(5, 0));
	MTC0(5, 0, 0);
	MTC0(10, 0, 0xffffffffu);
	rt_kv("entryhi_w1", MFC0(10, 0));
	MTC0(2, 0, 0xffffffffu);
	rt_kv("entrylo0_w1", MFC0(2, 0));
	MTC0(4, 0, 0xffffffffu);
	rt_kv("context_w1", MFC0(4, 0));
	MTC0(6, 0, 0xffffffffu);
	rt_kv("wired_w1", MFC0(6, 0));
	MTC0(6, 0, 0);
	MTC0(0, 0, 0xffffffffu);
	rt_kv("index_w1", MFC0(0, 0));
	MTC0(7, 0, 0xffffffffu);
	rt_kv("hwrena_w1", MFC0(7, 0));
	MTC0(7, 0, 0);
	u32 st = MFC0(12, 0);
	MTC0(12, 0, 0xffffffe0u & ~(1u << 22) & ~(1u << 19));
	rt_kv("status_w1", MFC0(12, 0));
	MTC0(12, 0, st);
	MTC0(13, 0, 0xffffffffu);
	rt_kv("cause_w1", MFC0(13, 0) & ~0x4000fc00u); /* (TI, IP7..2: inputs, live on QEMU) */
	MTC0(13, 0, 1u << 23);
	MTC0(15, 1, 0xffffffffu);
	rt_kv("ebase_w1", MFC0(15, 1));
	MTC0(15, 1, 0x80000000u);
	rt_puts("done\n");
}
