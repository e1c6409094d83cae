/*
 * mc146818.h - the PIIX4's MC146818 real-time clock and its NVRAM (ISA ports
 * 0x70 index, 0x71 data; IRQ 8 on the slave 8259), on simulated time.
 *
 * The clock counts from a fixed epoch, RTC_EPOCH (2000-01-01 00:00:00,
 * a Saturday) at simulated time 0, so two runs read the same dates.  The
 * time and alarm registers follow register B's data mode (BCD or binary,
 * 12 or 24 hours).  Register A's update-in-progress bit (UIP) is set during
 * the last 244 us of every simulated second while the divider runs
 * (DV = 010) and SET is clear: Linux on Malta measures the CPU clock
 * against it.  Register C's flags: UF at every second, AF when the time
 * matches the alarm (0xc0-0xff fields match anything), PF at the periodic
 * rate of register A; reading C clears them.  IRQ 8 is raised while an
 * enabled flag is set.  Register D reads VRT (valid RAM).  Writes to the
 * time registers set the clock at once (SET in register B stops UIP and the
 * flags but the seconds keep counting underneath).  Bytes 14-127 are NVRAM.
 */
#ifndef VMMSIM_BOARD_MC146818_H
#define VMMSIM_BOARD_MC146818_H

#include <stdint.h>

#define RTC_EPOCH 946684800LL /* 2000-01-01 00:00:00 UTC, in Unix seconds */

typedef struct mc146818 {
	uint64_t hz;            /* simulated cycles per second */
	uint8_t index;          /* selected register (port 0x70) */
	uint8_t cmos[128];      /* A-D at 10-13, alarm at 1/3/5, NVRAM from 14 */
	int64_t offset;         /* clock seconds at simulated time 0, from Unix epoch */
	uint64_t flags_upto;    /* simulated time up to which C's flags are current */
	int irq;                /* the IRQ 8 output level */
} mc146818;

void mc146818_init(mc146818 *r, uint64_t hz);
/* Port access at simulated time now (cycles). */
uint8_t mc146818_read(mc146818 *r, uint16_t port, uint64_t now);
void mc146818_write(mc146818 *r, uint16_t port, uint8_t val, uint64_t now);
/* Brings flags and the IRQ output up to now. */
void mc146818_advance(mc146818 *r, uint64_t now);
/* The next simulated time after now when UIP or an enabled flag changes. */
uint64_t mc146818_next_event(const mc146818 *r, uint64_t now);

#endif
