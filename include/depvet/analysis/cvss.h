/* CVSS v3.0 / v3.1 base scores from a vector string, as FIRST's
 * specification computes them, so an advisory without a rating word still
 * gets a severity. */
#ifndef DEPVET_ANALYSIS_CVSS_H
#define DEPVET_ANALYSIS_CVSS_H

#include <stdbool.h>

/* Base score 0.0 .. 10.0 of "CVSS:3.x/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
 * (metrics in any order, temporal and environmental metrics ignored).
 * False when the prefix, a base metric or a value is missing or unknown. */
bool cvss3_base_score(const char *vector, double *score);

#endif
