/* `depvet check --format sarif`: SARIF 2.1.0 for code scanning, one run,
 * the rule catalogue as tool.driver.rules, each finding at its pin's line
 * in the lockfile, acknowledged findings with suppressions and the
 * coverage in run.properties. */
#ifndef DEPVET_CLI_OUT_SARIF_H
#define DEPVET_CLI_OUT_SARIF_H

#include <stdbool.h>
#include <stdio.h>

#include "depvet/analysis/rules.h"
#include "depvet/engine/enforce.h"

struct out_check {
    const struct findings *fs, *acked;
    const struct dep_graph *g;
    const struct coverage *cov;
    const char *project;          /* the PATH check was given */
    const struct rule_set *rs;    /* scanner rules for the catalogue; may be NULL */
    enum severity min;            /* findings below are left out */
};

bool out_sarif_check(FILE *out, const struct out_check *r);

#endif
