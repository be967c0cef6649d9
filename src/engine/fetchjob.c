/* Every archive of a graph fetched and verified, as a job (engine/fetchjob.h). */
#include "depvet/engine/fetchjob.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"
#include "depvet/engine/worker.h"
#include "depvet/store/blobstore.h"
#include "depvet/store/db.h"

struct fetchjob {
    struct worker w;                /* first: a worker job (jobs.h) */
    struct fetch_request q;
    struct engine_config cfg;       /* the job's own copy */
    char *cache_dir;
    struct fetch_outcome out;
    struct job_count count;         /* archives located, and finished */
};

/* One entry per (ecosystem, name, version) of the graph. */
static size_t locate_all(struct arena *a, const struct dep_graph *g,
                         const struct engine_config *cfg, struct store *st,
                         struct archive_ref **out)
{
    struct archive_ref *refs = arena_alloc(a, (g->nodes.len + 1) * sizeof(*refs));
    size_t n = 0;
    struct node_set seen;
    node_set_init(&seen, g->nodes.len);
    for (size_t i = 0; i < g->nodes.len; i++)
        if (g->nodes.items[i].eco != ECO_UNKNOWN && node_set_add(&seen, g, (unsigned)i, true))
            archives_locate_node(a, g, (unsigned)i, cfg, st, &refs[n++]);
    node_set_fini(&seen);
    *out = refs;
    return n;
}

/* On the worker: counts the archive for the progress op, then tells the
 * caller's callback. */
static void fetchjob_step(void *ud, size_t done, size_t total, const struct archive_ref *r,
                          const struct archive_result *res)
{
    struct fetchjob *j = ud;
    atomic_store(&j->count.done, (unsigned)done);
    if (j->q.progress)
        j->q.progress(j->q.ud, done, total, r, res);
}

static void fetchjob_work(void *arg)
{
    struct fetchjob *j = arg;
    struct fetch_outcome *o = &j->out;
    struct blobstore *bs = blobstore_open(j->cache_dir, &o->d);
    if (!bs)
        return;
    struct store *st = store_open_existing(j->cache_dir, &o->d);   /* registry digests, if any */
    o->n = locate_all(o->a, j->q.g, &j->cfg, st, &o->refs);
    store_close(st);
    atomic_store(&j->count.total, (unsigned)o->n);
    o->res = arena_alloc(o->a, (o->n + 1) * sizeof(*o->res));
    struct archives_options ao = {j->q.offline, fetchjob_step, j};
    o->ok = archives_fetch(o->refs, o->n, &j->cfg, bs, &ao, o->a, o->res, &o->d);
    archives_findings(o->refs, o->res, o->n, j->q.g, &o->mismatches);
    blobstore_free(bs);
}

void *fetchjob_start(const struct fetch_request *q, struct diag *d)
{
    struct fetchjob *j = xcalloc(1, sizeof(*j));
    j->q = *q;
    j->cfg = *q->cfg;
    j->cache_dir = q->cache_dir ? xstrdup(q->cache_dir) : NULL;
    j->out.a = arena_new();
    diag_clear(&j->out.d);
    if (!worker_start(&j->w, fetchjob_work, j, d)) {
        arena_free(j->out.a);
        free(j->cache_dir);
        free(j);
        return NULL;
    }
    return j;
}

static void fetchjob_finish(void *state, void *ctx, bool stopped, struct job_event *ev)
{
    struct fetchjob *j = state;
    worker_join(&j->w);   /* downloads are not cut short: the outcome is whole */
    struct fetch_outcome *out = ctx;
    *out = j->out;
    memset(&j->out, 0, sizeof(j->out));
    ev->failed = !out->ok;
    ev->changes = stopped ? 0 : JOB_CHANGED_FINDINGS;
}

/* Archives finished of those located (0 of 0 until they are located). */
static unsigned fetchjob_progress(const void *state, unsigned *total)
{
    return job_count_read(&((const struct fetchjob *)state)->count, total);
}

static void fetchjob_free(void *state)
{
    struct fetchjob *j = state;
    worker_fini(&j->w);
    fetch_outcome_fini(&j->out);
    free(j->cache_dir);
    free(j);
}

const struct job_ops fetchjob_ops = {
    .name = "fetch",
    .progress = fetchjob_progress,
    .finish = fetchjob_finish,
    .free = fetchjob_free,
};

bool fetchjob_run(const struct fetch_request *q, struct fetch_outcome *out)
{
    memset(out, 0, sizeof(*out));
    diag_clear(&out->d);
    return job_run_started(&fetchjob_ops, fetchjob_start(q, &out->d), out, NULL, NULL) &&
           out->ok;
}

void fetch_outcome_fini(struct fetch_outcome *o)
{
    findings_fini(&o->mismatches);
    arena_free(o->a);
    o->a = NULL;
    o->refs = NULL;
    o->res = NULL;
    o->n = 0;
}
