/*
 * piix4.h - the PCI side of the Malta board's Intel PIIX4 south bridge, as
 * far as Linux needs it to power the board off: PCI device 00:0a, function
 * 0 (the PCI-to-ISA bridge, 8086:7110, its configuration registers read
 * back) and function 3 (power management, 8086:7113) whose I/O block, at
 * the base in PMBA (configuration 0x40) once PMREGMISC (0x80) bit 0 enables
 * it, holds PMSTS (+0) and PMCNTRL (+4).  Writing PMCNTRL with SUS_EN (bit
 * 13) and the soft-off type (SUS_TYP 0) powers the board off: the run ends,
 * as QEMU's PIIX4 ends it.  Linux's piix4-poweroff driver does that for
 * `poweroff -f`.  (The PIIX4's other functions - IDE, USB - are absent; its
 * ISA devices are their own files: i8259.c, mc146818.c, uart16550.c.)
 */
#ifndef VMMSIM_BOARD_PIIX4_H
#define VMMSIM_BOARD_PIIX4_H

#include <stdint.h>

#define PIIX4_SLOT 10u          /* PCI device number on bus 0 */
#define PIIX4_PM_SIZE 64u       /* bytes of the power-management I/O block */

typedef struct piix4 {
	uint8_t cfg0[256], cfg3[256]; /* configuration spaces of functions 0 and 3 */
	uint16_t pmsts, pmen, pmcntrl;
	int poweroff;                 /* PMCNTRL was written with SUS_EN, soft off */
} piix4;

void piix4_init(piix4 *p);
/* PCI configuration access to bus 0, devfn, register reg (dword aligned).
 * Return 0, or -1 when no function answers there (reads all ones). */
int piix4_config_read(piix4 *p, unsigned devfn, unsigned reg, uint32_t *val);
int piix4_config_write(piix4 *p, unsigned devfn, unsigned reg, uint32_t val);
/* The power-management I/O block: 1 if port is in it (enabled), and its
 * byte access. */
int piix4_pm_decodes(const piix4 *p, uint32_t port);
uint8_t piix4_pm_read(piix4 *p, uint32_t port);
void piix4_pm_write(piix4 *p, uint32_t port, uint8_t val);

#endif
