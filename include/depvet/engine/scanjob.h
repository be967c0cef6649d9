/* `depvet scan`'s work in the engine: a folder walked (links are not
 * followed, .git is left out, nesting is capped), an archive file read in
 * memory, or a release's archive taken from the store or downloaded and
 * verified as `depvet fetch` does, each scanned with a rule folder's
 * rules.  It is a job (engine/jobs.h) on a worker thread, so an event loop
 * can run it; scanjob_run runs one to its end on the caller's thread.
 *
 *   struct scan_request q = {.target = "pkg/", .kind = SCAN_FOLDER, ...};
 *   struct scan_outcome o;
 *   if (scanjob_run(&q, &o)) ... o.res ...;  scan_outcome_fini(&o);
 */
#ifndef DEPVET_ENGINE_SCANJOB_H
#define DEPVET_ENGINE_SCANJOB_H

#include <stdbool.h>
#include <stdint.h>

#include "depvet/analysis/rules.h"
#include "depvet/analysis/scanner.h"
#include "depvet/core/diag.h"
#include "depvet/engine/jobs.h"

enum scan_target_kind {
    SCAN_FOLDER,        /* a folder on disk */
    SCAN_FILE,          /* an archive file on disk */
    SCAN_RELEASE,       /* ECOSYSTEM:NAME@VERSION */
};

struct scan_request {
    const char *target;         /* the path or the release */
    enum scan_target_kind kind;
    const char *rules_dir;      /* NULL: pkgscan_rules_dir() */
    enum ecosystem eco;         /* ECO_UNKNOWN: guessed from the files */
    bool use_cache;             /* read and keep archive scans in the cache */
    const char *cache_flag;     /* --cache, or NULL */
    int64_t now;
    /* scanjob_run only: told on the caller's thread as files (a folder)
     * or the archive (1 of 1) are scanned; NULL for none. */
    job_watch_fn progress;
    void *progress_ud;
};

struct scan_outcome {
    struct scan_result *res;    /* NULL when nothing was scanned (d says why) */
    struct rule_set *rs;        /* the rules used; NULL when they did not load */
    enum ecosystem eco;         /* the one scanned for */
    bool bad_rules;             /* the rule folder was refused (a usage error) */
    struct diag d;
};

/* Copies q (strings too) and starts the work on a worker thread; NULL with
 * d set when no thread could be had. */
void *scanjob_start(const struct scan_request *q, struct diag *d);
/* Its ops: finish hands the outcome to ctx (a struct scan_outcome *). */
extern const struct job_ops scanjob_ops;
/* Starts and runs one to its end; true when out->res is set. */
bool scanjob_run(const struct scan_request *q, struct scan_outcome *out);
void scan_outcome_fini(struct scan_outcome *o);   /* accepts a zeroed one */

#endif
