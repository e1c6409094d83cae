/*
 * mc146818.c - the real-time clock on simulated time (see mc146818.h).
 */
#include <string.h>

#include "board/mc146818.h"

enum {
	R_SEC = 0, R_SEC_ALARM, R_MIN, R_MIN_ALARM, R_HOUR, R_HOUR_ALARM,
	R_WDAY, R_MDAY, R_MONTH, R_YEAR, R_A, R_B, R_C, R_D,
	A_UIP = 0x80, A_DV = 0x70, A_DV_RUN = 0x20,
	B_SET = 0x80, B_PIE = 0x40, B_AIE = 0x20, B_UIE = 0x10, B_DM = 0x04, B_24H = 0x02,
	C_IRQF = 0x80, C_PF = 0x40, C_AF = 0x20, C_UF = 0x10,
	D_VRT = 0x80,
};

/* 244 us before the end of each second the update is in progress. */
static uint64_t uip_cycles(const mc146818 *r) { return r->hz * 244 / 1000000; }

static int running(const mc146818 *r)
{
	return (r->cmos[R_A] & A_DV) == A_DV_RUN && !(r->cmos[R_B] & B_SET);
}

/* Periodic interrupt period in cycles (0: off), from rate select RS3-RS0. */
static uint64_t period(const mc146818 *r)
{
	unsigned rs = r->cmos[R_A] & 0x0f;
	if (!rs)
		return 0;
	if (rs <= 2)
		rs += 7;
	/* 32768 Hz >> (rs - 1) */
	return (r->hz << (rs - 1)) / 32768;
}

static int64_t now_seconds(const mc146818 *r, uint64_t now)
{
	return r->offset + (int64_t)(now / r->hz);
}

/* Days since 1970-01-01 to civil date (proleptic Gregorian). */
static void civil(int64_t days, int *y, int *m, int *d)
{
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static uint8_t to_reg(const mc146818 *r, int v)
{
	if (r->cmos[R_B] & B_DM)
		return (uint8_t)v;
	return (uint8_t)(((v / 10) << 4) | (v % 10));
}

static int from_reg(const mc146818 *r, uint8_t v)
{
	if (r->cmos[R_B] & B_DM)
		return v;
	return (v >> 4) * 10 + (v & 15);
}

static uint8_t hour_to_reg(const mc146818 *r, int h)
{
	if (r->cmos[R_B] & B_24H)
		return to_reg(r, h);
	int h12 = h % 12 == 0 ? 12 : h % 12;
	return (uint8_t)(to_reg(r, h12) | (h >= 12 ? 0x80 : 0));
}

static int hour_from_reg(const mc146818 *r, uint8_t v)
{
	if (r->cmos[R_B] & B_24H)
		return from_reg(r, v);
	int h = from_reg(r, v & 0x7f) % 12;
	return (v & 0x80) ? h + 12 : h;
}

/* The time registers for clock second t. */
static void time_regs(const mc146818 *r, int64_t t, uint8_t out[10])
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t sod = t - days * 86400;
	int y, m, d;
	civil(days, &y, &m, &d);
	out[R_SEC] = to_reg(r, (int)(sod % 60));
	out[R_MIN] = to_reg(r, (int)(sod / 60 % 60));
	out[R_HOUR] = hour_to_reg(r, (int)(sod / 3600));
	out[R_WDAY] = to_reg(r, (int)(((days % 7) + 7 + 4) % 7) + 1); /* 1 = Sunday */
	out[R_MDAY] = to_reg(r, d);
	out[R_MONTH] = to_reg(r, m);
	out[R_YEAR] = to_reg(r, y % 100);
}

static int alarm_match(const mc146818 *r, int64_t t)
{
	uint8_t now[10];
	time_regs(r, t, now);
	static const int pair[3][2] = { { R_SEC_ALARM, R_SEC }, { R_MIN_ALARM, R_MIN }, { R_HOUR_ALARM, R_HOUR } };
	for (int i = 0; i < 3; i++) {
		uint8_t a = r->cmos[pair[i][0]];
		if ((a & 0xc0) != 0xc0 && a != now[pair[i][1]])
			return 0;
	}
	return 1;
}

static void update_irq(mc146818 *r)
{
	uint8_t en = r->cmos[R_B] & (B_PIE | B_AIE | B_UIE); /* same bit order as C */
	if (r->cmos[R_C] & en & (C_PF | C_AF | C_UF))
		r->cmos[R_C] |= C_IRQF;
	else
		r->cmos[R_C] &= (uint8_t)~C_IRQF;
	r->irq = (r->cmos[R_C] & C_IRQF) != 0;
}

void mc146818_advance(mc146818 *r, uint64_t now)
{
	if (now <= r->flags_upto)
		return;
	uint64_t from = r->flags_upto;
	if (running(r)) {
		/* update cycles (second boundaries) in (from, now] */
		uint64_t s0 = from / r->hz, s1 = now / r->hz;
		if (s1 > s0) {
			r->cmos[R_C] |= C_UF;
			/* the alarm: any second crossed that matches (at most a day's) */
			int64_t first = r->offset + (int64_t)s0 + 1, last = r->offset + (int64_t)s1;
			if (last - first > 86400)
				first = last - 86400;
			for (int64_t t = first; t <= last; t++)
				if (alarm_match(r, t)) {
					r->cmos[R_C] |= C_AF;
					break;
				}
		}
	}
	uint64_t p = period(r);
	if (p && (r->cmos[R_A] & A_DV) == A_DV_RUN && now / p > from / p)
		r->cmos[R_C] |= C_PF;
	r->flags_upto = now;
	update_irq(r);
}

uint64_t mc146818_next_event(const mc146818 *r, uint64_t now)
{
	uint64_t next = UINT64_MAX;
	if (running(r)) {
		/* UIP rises at the end of each second minus 244 us and falls at
		 * the second; these edges bound the CPU's slices so a polling
		 * loop sees them at the right instruction */
		uint64_t sec = now / r->hz * r->hz, rise = sec + r->hz - uip_cycles(r);
		next = now < rise ? rise : sec + r->hz;
	}
	uint64_t p = period(r);
	if (p && (r->cmos[R_B] & B_PIE)) {
		uint64_t t = (now / p + 1) * p;
		if (t < next)
			next = t;
	}
	return next;
}

void mc146818_init(mc146818 *r, uint64_t hz)
{
	memset(r, 0, sizeof *r);
	r->hz = hz ? hz : 1;
	r->offset = RTC_EPOCH;
	r->cmos[R_A] = 0x26; /* 32.768 kHz time base, 1024 Hz periodic rate */
	r->cmos[R_B] = B_24H;
	r->cmos[R_D] = D_VRT;
}

/* Sets the clock so that register reg holds val now. */
static void set_time_reg(mc146818 *r, unsigned reg, uint8_t val, uint64_t now)
{
	int64_t t = now_seconds(r, now);
	uint8_t cur[10];
	time_regs(r, t, cur);
	cur[reg] = val;
	int sec = from_reg(r, cur[R_SEC]), min = from_reg(r, cur[R_MIN]);
	int hour = hour_from_reg(r, cur[R_HOUR]);
	int mday = from_reg(r, cur[R_MDAY]), mon = from_reg(r, cur[R_MONTH]);
	int year = from_reg(r, cur[R_YEAR]);
	if (reg == R_WDAY)
		return; /* derived from the date here */
	year += year < 70 ? 2000 : 1900;
	if (mon < 1 || mon > 12 || mday < 1 || mday > 31 || hour > 23 || min > 59 || sec > 59)
		return; /* nonsense is not stored */
	int64_t want = days_from_civil(year, mon, mday) * 86400 + hour * 3600 + min * 60 + sec;
	r->offset += want - t;
}

uint8_t mc146818_read(mc146818 *r, uint16_t port, uint64_t now)
{
	if (!(port & 1))
		return 0xff; /* the index register is write-only */
	mc146818_advance(r, now);
	unsigned i = r->index;
	uint8_t v;
	switch (i) {
	case R_SEC: case R_MIN: case R_HOUR: case R_WDAY: case R_MDAY: case R_MONTH: case R_YEAR: {
		uint8_t cur[10];
		time_regs(r, now_seconds(r, now), cur);
		return cur[i];
	}
	case R_A:
		v = r->cmos[R_A] & 0x7f;
		if (running(r) && now % r->hz >= r->hz - uip_cycles(r))
			v |= A_UIP;
		return v;
	case R_C:
		v = r->cmos[R_C];
		r->cmos[R_C] = 0;
		update_irq(r);
		return v;
	case R_D:
		return D_VRT;
	default:
		return r->cmos[i];
	}
}

void mc146818_write(mc146818 *r, uint16_t port, uint8_t val, uint64_t now)
{
	if (!(port & 1)) {
		r->index = val & 0x7f; /* bit 7 masks the NMI */
		return;
	}
	mc146818_advance(r, now);
	unsigned i = r->index;
	switch (i) {
	case R_SEC: case R_MIN: case R_HOUR: case R_WDAY: case R_MDAY: case R_MONTH: case R_YEAR:
		set_time_reg(r, i, val, now);
		break;
	case R_A:
		r->cmos[R_A] = val & 0x7f;
		break;
	case R_B: {
		/* setting SET stops updates: UIP and UIE clear */
		if (val & B_SET)
			val &= (uint8_t)~B_UIE;
		r->cmos[R_B] = val;
		update_irq(r);
		break;
	}
	case R_C: case R_D: /* read only */
		break;
	default:
		r->cmos[i] = val;
		break;
	}
}
