/*
 * list.h - value lists of the sweep options (--swtlb-entries LIST, ...).
 *
 *   LIST  := ITEM[,ITEM...]
 *   ITEM  := N | inf | A..BxF
 *
 * N is a decimal or 0x number (K/M/G suffixes as util_parse_size); inf means
 * unbounded (SWEEP_LIST_INF); A..BxF is A, A*F, A*F^2, ... up to and
 * including the last value <= B (1 <= A <= B, F >= 2).  The result is sorted
 * ascending with duplicates removed (inf last).
 */
#ifndef VMMSIM_SWEEP_LIST_H
#define VMMSIM_SWEEP_LIST_H

#include <stddef.h>
#include <stdint.h>

#define SWEEP_LIST_INF UINT64_MAX
#define SWEEP_LIST_MAX 4096 /* values in one list */

typedef struct sweep_list {
	uint64_t *v;
	size_t n;
} sweep_list;

/* Parses s.  min: the smallest value allowed (0 or 1); allow_inf: whether
 * inf is allowed; max: the largest finite value allowed.  Returns 0 and
 * fills *l (free with sweep_list_free), or -1 with a one-line message in err
 * ("bad list '16,,32': empty item at character 4"). */
int sweep_list_parse(const char *s, uint64_t min, uint64_t max, int allow_inf,
                     sweep_list *l, char *err, size_t errlen);
void sweep_list_free(sweep_list *l);

/* Formats a value ("inf" for SWEEP_LIST_INF) into buf; returns buf. */
const char *sweep_list_fmt(uint64_t v, char *buf, size_t len);

#endif
