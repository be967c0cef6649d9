/* The whole refresh as one job: package records, then lists, advisories
 * and findings on a worker thread (engine/refresh_pipeline.h). */
#include "depvet/engine/refresh_pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"
#include "depvet/engine/imports.h"
#include "depvet/engine/worker.h"

struct pipeline {
    struct worker w;                /* first: the tail runs on it */
    /* The job's own copies of the request. */
    struct engine_config cfg;
    const struct dep_graph *g;
    bool *only;                     /* NULL: every node */
    bool force;
    int64_t now;
    char *project;                  /* NULL: imports not fetched */
    char *cache_dir;                /* NULL: the XDG default */
    struct refresh_options ropts;
    struct refresh_options prov_opts;
    void (*on_end)(void *ctx, struct refresh_report *r, struct job_event *ev);
    struct store *st;               /* its own connection */
    struct refresh_job *job;        /* the package step, while it runs */
    bool prov_pass;                 /* job is the provenance pass */
    struct fetch_plan prov_plan;    /* what the provenance pass asks */
    struct refresh_report rep;
};

/* The popular-name lists of the ecosystems the plan asks about. */
static void step_lists(struct pipeline *p)
{
    bool want[POPULAR_ECOS] = {false};
    for (size_t i = 0; i < p->rep.plan.pkgs.len; i++) {
        const struct fetch_pkg *fp = &p->rep.plan.pkgs.items[i];
        if (!fp->skipped && fp->eco < POPULAR_ECOS)
            want[fp->eco] = true;
    }
    diag_clear(&p->rep.lists_diag);
    p->rep.lists_ran = true;
    p->rep.lists_ok = popular_lists_refresh(p->st, &p->cfg, want, p->now, p->force,
                                            &p->rep.lists, &p->rep.lists_diag);
}

static void step_findings(struct pipeline *p)
{
    struct findings fs;
    struct findings_input in = {p->g, p->st, &p->cfg, p->now};
    findings_collect(&fs, &in);
    findings_count(&fs, p->rep.counts);
    diag_clear(&p->rep.findings_diag);
    p->rep.findings_saved = findings_save(&fs, p->g, p->st, p->now, &p->rep.findings_diag);
    findings_fini(&fs);
}

/* Other teams' reviews files, fetched (revalidated) into the cache where
 * the explorer reads them, and imports.lock brought up to date as `depvet
 * check` without --locked does, so a changed import shows in git. */
static void step_imports(struct pipeline *p)
{
    diag_clear(&p->rep.imports_diag);
    if (!p->project || !p->cfg.n_imports)
        return;
    struct imports im;
    struct imports_options o = {false, false, p->cache_dir, p->now};
    struct audits *none = audits_new();
    p->rep.imports_ran = true;
    p->rep.imports = p->cfg.n_imports;
    p->rep.imports_ok = imports_resolve(&im, &p->cfg, p->project, none, &o, &p->rep.imports_diag);
    for (size_t i = 0; p->rep.imports_ok && i < im.n; i++)
        p->rep.imports_fetched += im.items[i].source == IMPORT_FETCHED;
    if (p->rep.imports_ok) {
        p->rep.imports_lock_written = im.lock_written;
        imports_fini(&im);
    }
    audits_free(none);
}

/* The worker: what follows the package records, over the job's own
 * connection (nothing else touches it meanwhile). */
static void run_tail(void *state)
{
    struct pipeline *p = state;
    step_lists(p);
    step_imports(p);
    diag_clear(&p->rep.advisories_diag);
    p->rep.advisories_ran = true;
    p->rep.advisories_ok =
        osv_online_refresh_nodes(p->st, &p->cfg, p->g, p->only, p->now, p->force,
                                 &p->rep.advisories, &p->rep.advisories_diag);
    step_findings(p);
}

static void copy_request(struct pipeline *p, const struct refresh_request *q)
{
    p->cfg = *q->cfg;
    /* Packages, lists and advisories share one deadline. */
    engine_config_start_deadline(&p->cfg);
    p->g = q->graph;
    size_t nn = q->graph->nodes.len;
    if (q->only) {
        p->only = xmalloc((nn + 1) * sizeof(bool));
        memcpy(p->only, q->only, nn * sizeof(bool));
    }
    p->force = q->force;
    p->now = q->now;
    p->project = q->project ? xstrdup(q->project) : NULL;
    const char *dir = engine_config_cache_dir(&p->cfg, q->cache_dir);
    p->cache_dir = dir ? xstrdup(dir) : NULL;
    p->ropts = (struct refresh_options){q->force, q->now, q->progress, q->progress_ud};
    p->on_end = q->on_end;
}

static void pipeline_free(void *state)
{
    struct pipeline *p = state;
    if (!p)
        return;
    if (p->job) {
        struct refresh_summary ignore;
        refresh_job_finish(p->job, &ignore);
        refresh_summary_fini(&ignore);
    }
    worker_fini(&p->w);
    fetchplan_fini(&p->prov_plan);
    refresh_report_fini(&p->rep);
    store_close(p->st);
    free(p->project);
    free(p->cache_dir);
    free(p->only);
    free(p);
}

void *refresh_pipeline_start(const struct refresh_request *q, struct diag *d)
{
    struct pipeline *p = xcalloc(1, sizeof(*p));
    p->w = (struct worker){.fd = {-1, -1}};
    copy_request(p, q);
    p->st = store_open_default(p->cache_dir, d);
    if (!p->st) {
        pipeline_free(p);
        return NULL;
    }
    fetchplan_build_nodes(&p->rep.plan, p->g, p->only, &p->cfg, p->now);
    diag_clear(&p->rep.diag);
    p->job = refresh_job_start(p->st, &p->rep.plan, &p->cfg, &p->ropts, &p->rep.diag);
    if (!p->job) {
        *d = p->rep.diag;
        pipeline_free(p);
        return NULL;
    }
    p->rep.started = true;
    return p;
}

static int pipeline_poll_fds(void *state, struct pollfd *fds, int max, int *timeout_ms)
{
    struct pipeline *p = state;
    if (!p->job)
        return job_worker_poll_fds(p, fds, max, timeout_ms);
    int n = refresh_job_poll_fds(p->job, fds, max, timeout_ms);
    /* Curl may want a call sooner than its descriptors say. */
    if (*timeout_ms < 0 || *timeout_ms > 100)
        *timeout_ms = 100;
    return n;
}

/* Packages whose first pass failed are left out of the second: their
 * requests would be asked again. */
static bool *failed_packages(const struct pipeline *p)
{
    const struct fetch_plan *plan = &p->rep.plan;
    bool *skip = xcalloc(plan->pkgs.len + 1, sizeof(bool));
    for (size_t i = 0; i < p->rep.packages.n_failures; i++) {
        const struct refresh_failure *f = &p->rep.packages.failures[i];
        for (size_t k = 0; k < plan->pkgs.len; k++)
            skip[k] |= plan->pkgs.items[k].eco == f->eco && !strcmp(plan->pkgs.items[k].name,
                                                                     f->name);
    }
    return skip;
}

/* The second pass: provenance of the pinned and latest releases, which
 * only the records just written name.  False when there is none to ask. */
static bool start_provenance(struct pipeline *p)
{
    bool *skip = failed_packages(p);
    size_t n = fetchplan_provenance(&p->prov_plan, &p->rep.plan, skip, p->st, &p->cfg, p->now);
    free(skip);
    if (!n)
        return false;
    /* Never forced: a release's provenance does not change once published,
     * and the records' own requests were just answered. */
    p->prov_opts = (struct refresh_options){false, p->now, NULL, NULL};
    struct diag d;
    diag_clear(&d);
    p->job = refresh_job_start(p->st, &p->prov_plan, &p->cfg, &p->prov_opts, &d);
    p->prov_pass = p->job != NULL;
    return p->prov_pass;
}

static void provenance_done(struct pipeline *p)
{
    struct refresh_summary s;
    refresh_job_finish(p->job, &s);
    p->job = NULL;
    p->rep.provenance_requests = s.requests;
    p->rep.provenance_failed = (unsigned)s.n_failures;
    refresh_summary_fini(&s);
}

/* The packages are in: their summary, the provenance pass, then the tail
 * on a thread (or here when no thread can be had). */
static void packages_done(struct pipeline *p)
{
    if (p->prov_pass) {
        provenance_done(p);
    } else {
        refresh_job_finish(p->job, &p->rep.packages);
        p->job = NULL;
        if (start_provenance(p))
            return;
    }
    struct diag d;
    diag_clear(&d);
    if (!worker_start(&p->w, run_tail, p, &d))
        run_tail(p);
}

static bool pipeline_step(void *state)
{
    struct pipeline *p = state;
    if (p->job) {
        refresh_job_step(p->job);
        if (!refresh_job_done(p->job))
            return false;
        packages_done(p);
        if (p->job)
            return false;
    }
    return job_worker_step(p);
}

static unsigned pipeline_progress(const void *state, unsigned *total)
{
    const struct pipeline *p = state;
    if (p->job && !p->prov_pass)
        return refresh_job_progress(p->job, total);
    *total = p->rep.packages.packages;
    return *total;
}

static void pipeline_finish(void *state, void *ctx, bool stopped, struct job_event *ev)
{
    struct pipeline *p = state;
    if (p->job && p->prov_pass) {  /* stopped during provenance */
        provenance_done(p);
    } else if (p->job) {     /* stopped during the packages: the rest is not asked */
        refresh_job_finish(p->job, &p->rep.packages);
        p->job = NULL;
    }
    /* Stopped during the tail: it is bounded by the deadline; wait for it. */
    worker_join(&p->w);
    p->rep.stopped = stopped;
    ev->changes = JOB_CHANGED_RECORDS | JOB_CHANGED_FINDINGS;
    if (p->on_end) {
        p->on_end(ctx, &p->rep, ev);
    } else {
        *(struct refresh_report *)ctx = p->rep;
        memset(&p->rep, 0, sizeof(p->rep));
    }
}

const struct job_ops refresh_pipeline_ops = {
    .name = "refresh",
    .poll_fds = pipeline_poll_fds,
    .step = pipeline_step,
    .progress = pipeline_progress,
    .finish = pipeline_finish,
    .free = pipeline_free,
};

bool refresh_pipeline_run(const struct refresh_request *q, struct refresh_report *out)
{
    memset(out, 0, sizeof(*out));
    struct refresh_request own = *q;
    own.on_end = NULL;
    void *p = refresh_pipeline_start(&own, &out->diag);
    if (!p)
        return false;
    struct job_event ev;
    job_run(&refresh_pipeline_ops, p, out, &ev);
    return true;
}

void refresh_report_fini(struct refresh_report *r)
{
    refresh_summary_fini(&r->packages);
    fetchplan_fini(&r->plan);
    memset(r, 0, sizeof(*r));
}
