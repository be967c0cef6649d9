/* A package's download history for the sparkline, the same shape for
 * every ecosystem: npm's and pypistats' daily counts, and for Hex (whose
 * API publishes only totals) the all-time totals depvet recorded, one
 * point a refresh, turned into counts between them.  Facts only; the
 * frontends draw them. */
#ifndef DEPVET_ENGINE_DLHISTORY_H
#define DEPVET_ENGINE_DLHISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/strbuf.h"
#include "depvet/store/model.h"

#define DLHISTORY_MAX 48   /* buckets at most */

struct dlhistory {
    int64_t sums[DLHISTORY_MAX];   /* downloads per bucket, oldest first */
    int n;                         /* buckets used */
    int64_t bucket;                /* seconds a bucket: a week, or a month past 400 days */
    int64_t max;                   /* the largest sum, at least 1 */
    bool recorded;                 /* Hex: from totals recorded at refreshes */
    size_t points;                 /* the series' points (Hex: refreshes recorded) */
    int64_t first, last;           /* their first and last day */
};

/* Hex keeps, as its series, the all-time total each refresh saw: the
 * series of p (when the registry gave none) becomes the one point (the
 * day of now, p's total); the store keeps earlier days' points. */
void dlhistory_record_total(struct arena *a, struct reg_package *p, int64_t now);

/* The history in at most room (and DLHISTORY_MAX) buckets; false when
 * there is nothing to draw (fewer than two points), with h->points still
 * set. */
bool dlhistory_build(const struct reg_package *p, int room, struct dlhistory *h);

/* The buckets as block heights relative to the largest ("▁▃▅█"; with
 * ascii "_-=#"), appended to out. */
void dlhistory_bars(const struct dlhistory *h, bool ascii, struct strbuf *out);
/* "per week" or "per month". */
const char *dlhistory_unit(const struct dlhistory *h);
/* Where Hex's history comes from, the totals recorded at refreshes
 * ("from 5 refreshes since 2024-10-01", "1 refresh recorded so far"), ""
 * for a registry's own series or none. */
void dlhistory_note(const struct dlhistory *h, char *out, size_t n);

#endif
