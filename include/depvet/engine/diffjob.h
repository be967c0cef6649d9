/* A version diff (pkgdiff_run) in a worker thread, so an event loop keeps
 * drawing and reading keys while archives download and compare.  The
 * request and config are copied; the result is taken on the caller's
 * thread once the descriptor is readable.
 *
 *   struct diffjob *j = diffjob_start(&q, cfg, &d);
 *   poll diffjob_fd(j); diffjob_finish(j, &r); ... srcdiff_free(r.diff);
 *   diffjob_free(j);
 */
#ifndef DEPVET_ENGINE_DIFFJOB_H
#define DEPVET_ENGINE_DIFFJOB_H

#include <stdbool.h>

#include "depvet/core/diag.h"
#include "depvet/engine/findings.h"
#include "depvet/engine/pkgdiff.h"

struct diffjob;

/* One scanner hit new in `to`; strings raw (the frontend makes them
 * terminal-safe), file as the diff names it.  The severity is the
 * findings' enum, so a frontend names it without the scanner's rules. */
struct diffjob_hit {
    enum severity severity;
    const char *rule, *file, *message;
    unsigned line;            /* 1-based; 0 for the whole file */
};

struct diffjob_result {
    bool ok;
    char from[128], to[128];  /* the versions compared ("" when not chosen) */
    struct srcdiff *diff;     /* NULL unless ok; the caller frees it */
    bool mismatch;            /* an archive failed its digest check */
    struct diag diag;         /* why not, when !ok */
    /* The scanner's hits new in `to`, most severe first: one heap block
     * (the array, then the strings it points into) the caller frees with
     * free().  NULL when nothing was scanned (scanned false). */
    struct diffjob_hit *new_hits;
    size_t n_new_hits;
    bool scanned;
    char scan_error[320];     /* why the scanner did not run ("" when it did) */
};

/* NULL with d set when no thread could be started.  q->graph, when set,
 * must stay unchanged until diffjob_finish or diffjob_free. */
struct diffjob *diffjob_start(const struct pkgdiff_request *q,
                              const struct engine_config *cfg, struct diag *d);
/* Readable once the worker is done. */
int diffjob_fd(const struct diffjob *j);
/* Waits for the worker (at once when the descriptor was readable) and
 * hands its result over; only the first call fills out.  False after. */
bool diffjob_finish(struct diffjob *j, struct diffjob_result *out);
/* Waits for a running worker, drops a result not taken.  Accepts NULL. */
void diffjob_free(struct diffjob *j);

#endif
