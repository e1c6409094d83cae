/*
 * report.h - rendering a replay's results (replay/replay.h): the aligned
 * table, JSON and CSV of the README's "Output" section.
 */
#ifndef VMMSIM_CLI_REPORT_H
#define VMMSIM_CLI_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "replay/replay.h"

/* Renders the aligned table (per VM when there are several, then total). */
void report_write_table(const replay *r, FILE *f);
/* {"modes": {"native": {...}, ...}} (plus "vms": [...] with several VMs).
 * A new reference; the caller may add fields before dumping it. */
json_t *report_json(const replay *r);
/* The json_dumpf flags of report_write_json: use them when dumping
 * report_json yourself, so that outputs agree byte for byte. */
#define REPORT_JSON_FLAGS (JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10))
/* Dumps report_json(r) to f with REPORT_JSON_FLAGS.  Returns 0 or -1. */
int report_write_json(const replay *r, FILE *f);
/* CSV, one row per mode and hop (columns in the README), header first. */
void report_write_csv(const replay *r, FILE *f);

#endif
