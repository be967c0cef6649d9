/* The release documents a version diff still lacks, asked for in a job
 * (pkgdiff.h): the pane is drawn from the cache at once, and again when
 * the answers are in the response cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/termsafe.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/jobs.h"
#include "depvet/engine/pkgdiff.h"
#include "depvet/engine/worker.h"
#include "depvet/store/db.h"

/* Everything the worker reads, copied at the start. */
struct docs_job {
    struct worker w;
    struct engine_config cfg;
    char *cache_dir;
    enum ecosystem eco;
    char *name, *from, *to;
    int64_t now;
    bool ok;
    char error[520];
};

/* pkgdiff_meta_build online over a connection of its own: what it asks
 * for lands in the response cache, the result itself is not needed. */
static void docs_job_run(void *state)
{
    struct docs_job *j = state;
    struct diag d;
    diag_clear(&d);
    struct store *st = store_open_default(j->cache_dir, &d);
    struct arena *a = arena_new();
    struct pkgdiff_meta m;
    j->ok = st && pkgdiff_meta_build(st, &j->cfg, j->eco, j->name, j->from, j->to, false, j->now,
                                     a, &m, &d);
    if (j->ok && !m.have_deps)
        snprintf(j->error, sizeof(j->error), "%s", m.deps_note ? m.deps_note : "no dependency list");
    else if (!j->ok)
        snprintf(j->error, sizeof(j->error), "%s", d.msg);
    arena_free(a);
    store_close(st);
}

static void docs_job_finish(void *state, void *ctx, bool stopped, struct job_event *ev)
{
    struct docs_job *j = state;
    (void)ctx;
    worker_join(&j->w);
    ev->changes = stopped ? 0 : JOB_CHANGED_RECORDS;
    if (j->error[0]) {
        char *safe = termsafe_dup(j->error);
        snprintf(ev->message, sizeof(ev->message), "%.500s", safe);
        free(safe);
    }
}

static void docs_job_free(void *state)
{
    struct docs_job *j = state;
    worker_fini(&j->w);
    free(j->cache_dir);
    free(j->name);
    free(j->from);
    free(j->to);
    free(j);
}

const struct job_ops pkgdiff_docs_job_ops = {
    .name = "release records",
    .finish = docs_job_finish,
    .free = docs_job_free,
};

void *pkgdiff_docs_job_start(const struct engine_config *cfg, const char *cache_dir,
                             enum ecosystem eco, const char *name, const char *from,
                             const char *to, int64_t now, struct diag *d)
{
    struct docs_job *j = xcalloc(1, sizeof(*j));
    j->cfg = *cfg;
    j->cache_dir = cache_dir ? xstrdup(cache_dir) : NULL;
    j->eco = eco;
    j->name = xstrdup(name);
    j->from = xstrdup(from);
    j->to = xstrdup(to);
    j->now = now;
    if (!worker_start(&j->w, docs_job_run, j, d)) {
        docs_job_free(j);
        return NULL;
    }
    return j;
}
