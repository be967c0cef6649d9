/* The whole refresh, one job (engine/jobs.h) for both frontends: the
 * package records (HTTP exchanges stepped from the caller's loop), then on
 * a worker thread the popular-name lists, the OSV advisories of the pins
 * and the findings those lead to, saved for the explorer's first frame.
 * `depvet refresh` runs it to its end with job_run; the explorer's R
 * through the session.  The job copies its request (config, cache folder,
 * the node mask) and opens its own cache connection. */
#ifndef DEPVET_ENGINE_REFRESH_PIPELINE_H
#define DEPVET_ENGINE_REFRESH_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "depvet/core/diag.h"
#include "depvet/engine/config.h"
#include "depvet/engine/findings.h"
#include "depvet/engine/jobs.h"
#include "depvet/engine/osv_online.h"
#include "depvet/engine/popular_lists.h"
#include "depvet/engine/refresh.h"

struct refresh_report;

struct refresh_request {
    const struct dep_graph *graph;    /* must stay unchanged while the job runs */
    const bool *only;                 /* per node: refresh it; NULL: every node */
    const struct engine_config *cfg;
    const char *cache_dir;            /* NULL: config, then XDG */
    bool force;                       /* ask again even when facts are fresh */
    int64_t now;
    refresh_progress_fn progress;     /* per package, on the caller's thread */
    void *progress_ud;
    /* Called by finish with the dispatch's ctx and the report (it may take
     * the report's contents over and describe the end in ev); NULL: ctx
     * is a struct refresh_report * the report is moved into. */
    void (*on_end)(void *ctx, struct refresh_report *r, struct job_event *ev);
    /* The project folder: its [imports] are fetched into the cache too
     * and imports.lock updated, as `depvet check` does; NULL: not fetched. */
    const char *project;
};

/* What each step did; a step that did not run has its ran false. */
struct refresh_report {
    bool started;                     /* false: nothing could be tried (diag) */
    struct diag diag;                 /* why not started, or why some package
                                       * requests could not be queued */
    bool stopped;                     /* stopped part-way (Esc) */
    struct refresh_summary packages;
    struct fetch_plan plan;           /* what was asked: skipped ones say why */
    unsigned provenance_requests;     /* the provenance pass: asked, and */
    unsigned provenance_failed;       /* packages it could not write */
    bool lists_ran, lists_ok;
    struct popular_refresh_summary lists;
    struct diag lists_diag;
    bool advisories_ran, advisories_ok;
    struct osv_online_summary advisories;
    struct diag advisories_diag;
    bool imports_ran, imports_ok;     /* the project's [imports] fetched */
    unsigned imports_fetched;         /* of them, fetched anew (not 304) */
    unsigned imports;                 /* asked */
    bool imports_lock_written;        /* imports.lock changed */
    struct diag imports_diag;
    bool findings_saved;
    unsigned counts[SEV_COUNT];
    struct diag findings_diag;
};
void refresh_report_fini(struct refresh_report *r);

/* The job's operations (add the state to a job set, or job_run it). */
extern const struct job_ops refresh_pipeline_ops;
/* A new job's state, or NULL with d set when the cache cannot be opened
 * or no request can be made (then nothing is left open). */
void *refresh_pipeline_start(const struct refresh_request *q, struct diag *d);

/* Runs the whole refresh to its end on the caller's thread; false with
 * out->diag set when nothing could be tried. */
bool refresh_pipeline_run(const struct refresh_request *q, struct refresh_report *out);

#endif
