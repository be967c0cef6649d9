/* Refreshing reputation facts: every planned request goes through the one
 * HTTP engine (conditional, retried, bounded), answers are parsed and each
 * package's record is written in one transaction, whole or not at all. */
#ifndef DEPVET_ENGINE_REFRESH_H
#define DEPVET_ENGINE_REFRESH_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/diag.h"
#include "depvet/engine/config.h"
#include "depvet/engine/fetchplan.h"
#include "depvet/store/db.h"

struct refresh_failure {
    enum ecosystem eco;
    const char *name;
    char message[640];        /* URL (and JSON pointer) and what went wrong */
    bool not_tried;           /* an answer was given up on unasked or
                               * unfinished (open breaker, deadline) */
    char origin[320];         /* "scheme://host:port" it failed at, or "" */
    bool host_down;           /* origin is one the run gave up on: the
                               * note about it says this failure too */
};

struct refresh_summary {
    unsigned packages;        /* planned, skipped ones included */
    unsigned updated;         /* records written */
    unsigned fresh;           /* still within their time-to-live: not asked */
    unsigned skipped;         /* private, git, path: nothing to ask */
    unsigned failed;
    unsigned requests, not_modified, retries;
    double seconds;
    struct refresh_failure *failures;   /* heap; refresh_summary_fini */
    size_t n_failures;
    unsigned not_tried;       /* failures given up on (breaker, deadline) */
    char *notes;              /* heap, or NULL: lines about the run as a whole
                               * (open breakers, the deadline), each ending
                               * in '\n'; an unreachable host's line counts
                               * the packages that failed on it */
    char *down;               /* heap, or NULL: the hosts given up on
                               * (http_engine_down), for the run's next steps */
};

/* Called after each package: done of total, its name, and whether it failed. */
typedef void (*refresh_progress_fn)(void *ud, unsigned done, unsigned total,
                                    enum ecosystem eco, const char *name,
                                    bool failed);

struct refresh_options {
    bool force;               /* ask again even when facts are fresh */
    int64_t now;              /* Unix seconds */
    refresh_progress_fn progress;
    void *progress_ud;
};

/* False only when nothing could be tried (bad config, engine start); per
 * package failures are in the summary. */
bool refresh_run(struct store *st, const struct fetch_plan *plan,
                 const struct engine_config *cfg, const struct refresh_options *o,
                 struct refresh_summary *out, struct diag *d);
void refresh_summary_fini(struct refresh_summary *s);

/* The same refresh, driven from a caller's event loop:
 *
 *   struct refresh_job *j = refresh_job_start(st, &plan, &cfg, &o, &d);
 *   while (!refresh_job_done(j)) {
 *       n = refresh_job_poll_fds(j, fds, max, &timeout);  ...poll with the
 *       caller's own descriptors...
 *       refresh_job_step(j);            never blocks
 *   }
 *   refresh_job_finish(j, &summary);
 *
 * st, plan, cfg and o must outlive the job.  Commits happen in
 * refresh_job_step as packages complete (and in start for those whose
 * facts are fresh).  NULL with d set when nothing could be tried; d is
 * also set when some requests could not be queued (the rest still run). */
struct refresh_job;
struct refresh_job *refresh_job_start(struct store *st, const struct fetch_plan *plan,
                                      const struct engine_config *cfg,
                                      const struct refresh_options *o, struct diag *d);
/* Descriptors to wait on (at most max) and the longest wait in ms. */
int refresh_job_poll_fds(struct refresh_job *j, struct pollfd *fds, int max,
                         int *timeout_ms);
void refresh_job_step(struct refresh_job *j);
bool refresh_job_done(const struct refresh_job *j);
/* Packages finished so far. */
unsigned refresh_job_progress(const struct refresh_job *j, unsigned *total);
/* Fills out (as refresh_run does) and frees the job; an unfinished job's
 * pending requests are dropped. */
void refresh_job_finish(struct refresh_job *j, struct refresh_summary *out);

#endif
