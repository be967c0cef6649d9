/* Shared by linediff.c (records, classes, the search) and linediff_emit.c
 * (sliding change groups, hunks); not a public surface. */
#ifndef DEPVET_ANALYSIS_LINEDIFF_PRIV_H
#define DEPVET_ANALYSIS_LINEDIFF_PRIV_H

#include <stdint.h>

#include "depvet/analysis/linediff.h"

struct ld_side {
    const unsigned char *p;
    int64_t n;              /* records */
    uint32_t *off;          /* n + 1 starts */
    uint32_t *cls;          /* equivalence class of each record */
    char *rchg;             /* changed records, [-1, n] */
    char *dis;              /* cleanup verdict per record */
    uint32_t *rindex;       /* record of each reduced line */
    uint32_t *ha;           /* class of each reduced line */
    int64_t nreff, dstart, dend;
};

/* Slides a's change groups as xdiff does: as far down as they go, then
 * back up to line up with a change on b's side when one was passed. */
void ld_compact(struct ld_side *a, const struct ld_side *b);

/* The edit script of a's and b's rchg, counted and (out non-NULL)
 * written as hunks; false when memory ran out. */
bool ld_emit(const struct ld_side *a, const struct ld_side *b, unsigned context,
             const struct linediff_sink *out, struct linediff_counts *counts);

#endif
