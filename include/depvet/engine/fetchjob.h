/* `depvet fetch`'s work in the engine: the archive of every pinned registry
 * package of a graph located (registry digests from the cache when there
 * is one), downloaded and verified into the archive store (or, offline,
 * verified again), and a checksum-mismatch finding for each that differs.
 * A job (engine/jobs.h) on a worker thread; fetchjob_run runs one to its
 * end on the caller's thread.
 *
 *   struct fetch_request q = {graph, &cfg, cache_dir, offline, cb, ud};
 *   struct fetch_outcome o;
 *   fetchjob_run(&q, &o);  ... o.refs[i], o.res[i] ...;  fetch_outcome_fini(&o);
 */
#ifndef DEPVET_ENGINE_FETCHJOB_H
#define DEPVET_ENGINE_FETCHJOB_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/engine/archives.h"
#include "depvet/engine/jobs.h"

struct fetch_request {
    const struct dep_graph *g;      /* unchanged while the job runs (a session's) */
    const struct engine_config *cfg;   /* copied */
    const char *cache_dir;          /* NULL: the XDG default; copied */
    bool offline;                   /* verify what is stored, download nothing */
    /* Called once per archive as it finishes, on the job's thread. */
    void (*progress)(void *ud, size_t done, size_t total, const struct archive_ref *r,
                     const struct archive_result *res);
    void *ud;
};

struct fetch_outcome {
    bool ok;                        /* false: nothing could be tried (d says why) */
    struct diag d;
    struct arena *a;                /* refs, results and their strings */
    struct archive_ref *refs;       /* one per (ecosystem, name, version) */
    struct archive_result *res;     /* res[i] for refs[i] */
    size_t n;
    struct findings mismatches;     /* archives_findings of the results */
};

void *fetchjob_start(const struct fetch_request *q, struct diag *d);
/* Its ops: finish hands the outcome to ctx (a struct fetch_outcome *). */
extern const struct job_ops fetchjob_ops;
/* Starts and runs one to its end; out->ok as above. */
bool fetchjob_run(const struct fetch_request *q, struct fetch_outcome *out);
void fetch_outcome_fini(struct fetch_outcome *o);   /* accepts a zeroed one */

#endif
