/* `depvet check --format sarif` and `depvet scan --format sarif`: SARIF
 * 2.1.0 for code scanning.  check's: one run,
 * the rule catalogue as tool.driver.rules, each finding at its pin's line
 * in the lockfile, acknowledged findings with suppressions and the
 * coverage in run.properties. */
#ifndef DEPVET_CLI_OUT_SARIF_H
#define DEPVET_CLI_OUT_SARIF_H

#include <stdbool.h>
#include <stdio.h>

#include "depvet/engine/baseline.h"
#include "depvet/engine/enforce.h"
#include "depvet/engine/pkgscan.h"

struct out_check {
    const struct findings *fs, *acked;
    const struct dep_graph *g;
    const struct coverage *cov;
    const char *project;          /* the PATH check was given */
    const struct rule_set *rs;    /* scanner rules for the catalogue; may be NULL */
    enum severity min;            /* findings below are left out */
    const struct baseline_marks *bm;   /* which are new; its arrays NULL without --baseline */
};

bool out_sarif_check(FILE *out, const struct out_check *r);

/* `depvet scan --format sarif`: the scanner's rules and archive problems
 * as the driver's rules ("scan:ID", as check names them), one result per
 * hit at or above min.  A folder's hits point at the file under target
 * (relative to where scan ran, with the line); an archive's at the archive,
 * with the member and line as a logical location; a release's only at the
 * member.  Fingerprints hash the rule, the member and its line's content. */
enum out_scan_kind { OUT_SCAN_FOLDER, OUT_SCAN_ARCHIVE, OUT_SCAN_RELEASE };
struct out_scan {
    const struct scan_result *res;
    const struct rule_set *rs;
    const char *target;           /* what scan was given */
    enum out_scan_kind kind;
    enum scan_severity min;
};

bool out_sarif_scan(FILE *out, const struct out_scan *q);

#endif
