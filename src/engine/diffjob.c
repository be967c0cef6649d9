/* A version diff run in a worker thread, its end signalled on a pipe. */
#include "depvet/engine/diffjob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"
#include "depvet/engine/worker.h"

struct diffjob {
    struct worker w;
    bool taken;
    /* The worker's own copies: the caller's may be gone by then. */
    struct pkgdiff_request q;
    struct engine_config cfg;
    struct arena *arena;
    struct diffjob_result res;
};

static const char *copy(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

/* The hits as one heap block: the array, then every string after it, so
 * the frontend frees one pointer. */
static struct diffjob_hit *hits_block(const struct scan_hit *h, size_t n)
{
    size_t bytes = (n + 1) * sizeof(struct diffjob_hit);
    for (size_t i = 0; i < n; i++)
        bytes += strlen(h[i].rule) + strlen(h[i].file) + strlen(h[i].message) + 3;
    struct diffjob_hit *out = xcalloc(1, bytes);
    char *p = (char *)(out + n + 1);
    for (size_t i = 0; i < n; i++) {
        const char *src[3] = {h[i].rule, h[i].file, h[i].message};
        const char **dst[3] = {&out[i].rule, &out[i].file, &out[i].message};
        for (int k = 0; k < 3; k++) {
            size_t len = strlen(src[k]) + 1;
            memcpy(p, src[k], len);
            *dst[k] = p;
            p += len;
        }
        out[i].severity = (enum severity)h[i].severity;   /* same order by design */
        out[i].line = h[i].line;
    }
    return out;
}

static void diffjob_worker(void *arg)
{
    struct diffjob *j = arg;
    struct pkgdiff_result pr;
    diag_clear(&j->res.diag);
    j->res.ok = pkgdiff_run(&j->q, &j->cfg, j->arena, &pr, &j->res.diag);
    snprintf(j->res.from, sizeof(j->res.from), "%s", pr.from ? pr.from : "");
    snprintf(j->res.to, sizeof(j->res.to), "%s", pr.to ? pr.to : "");
    j->res.diff = pr.diff;
    j->res.mismatch = pr.mismatch;
    snprintf(j->res.scan_error, sizeof(j->res.scan_error), "%s",
             j->res.ok && !pr.scanned ? pr.scan_error : "");
    if (j->res.ok && pr.scanned) {
        j->res.new_hits = hits_block(pr.new_hits, pr.n_new_hits);
        j->res.n_new_hits = pr.n_new_hits;
        j->res.scanned = true;
    }
    if (!j->res.ok && !diag_failed(&j->res.diag))
        diag_set(&j->res.diag, DIAG_INTERNAL, j->q.name, 0, 0, "the versions could not be compared");
}

struct diffjob *diffjob_start(const struct pkgdiff_request *q,
                              const struct engine_config *cfg, struct diag *d)
{
    struct diffjob *j = xcalloc(1, sizeof(*j));
    j->arena = arena_new();
    j->q = *q;
    j->q.name = copy(j->arena, q->name);
    j->q.from = copy(j->arena, q->from);
    j->q.to = copy(j->arena, q->to);
    j->q.project = copy(j->arena, q->project);
    j->q.cache_dir = copy(j->arena, q->cache_dir);
    if (cfg)
        j->cfg = *cfg;
    else
        engine_config_init(&j->cfg);
    if (!worker_start(&j->w, diffjob_worker, j, d)) {
        arena_free(j->arena);
        free(j);
        return NULL;
    }
    return j;
}

int diffjob_fd(const struct diffjob *j)
{
    return j ? worker_fd(&j->w) : -1;
}

bool diffjob_finish(struct diffjob *j, struct diffjob_result *out)
{
    if (!j || j->taken)
        return false;
    worker_join(&j->w);
    *out = j->res;
    j->res.diff = NULL;
    j->res.new_hits = NULL;
    j->taken = true;
    return true;
}

void diffjob_free(struct diffjob *j)
{
    if (!j)
        return;
    worker_fini(&j->w);
    srcdiff_free(j->res.diff);
    free(j->res.new_hits);
    arena_free(j->arena);
    free(j);
}
