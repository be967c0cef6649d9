/* The adopted tree as a session of its own (adopt_view.h), and the job
 * that resolves it beside an event loop. */
#include "depvet/engine/adopt_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/termsafe.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/info.h"
#include "depvet/engine/jobs.h"
#include "depvet/engine/worker.h"

bool adopt_parse_spec(struct arena *a, const char *spec, struct adopt_request *q,
                      struct diag *d)
{
    struct info_request s;
    if (!info_parse_spec(a, spec, &s, d))
        return false;
    q->eco = s.eco;
    q->name = s.name;
    q->requirement = s.version;
    q->extras = NULL;
    /* "requests[socks]": PyPI's extras. */
    const char *open = strchr(q->name, '[');
    const char *close = open ? strchr(open, ']') : NULL;
    if (q->eco == ECO_PYPI && open && close) {
        q->extras = arena_strndup(a, open + 1, (size_t)(close - open - 1));
        q->name = arena_strndup(a, q->name, (size_t)(open - q->name));
    }
    return true;
}

struct dep_graph *adopt_graph_new(const struct adopt_request *q, const struct adopt_result *r)
{
    struct dep_graph *g = graph_new();
    bool req = q->requirement && q->requirement[0];
    char *label = arena_printf(g->arena, "adopt %s:%s%s%s", ecosystem_name(q->eco), q->name,
                               req ? "@" : "", req ? q->requirement : "");
    unsigned lf = graph_add_lockfile(g, label, "adopt", q->eco);
    for (size_t i = 0; i < r->nodes.len; i++) {
        const struct adopt_node *n = &r->nodes.items[i];
        unsigned id = graph_add_node(g, lf, q->eco, n->name, n->version ? n->version : "");
        struct dep_node *dn = graph_node(g, id);
        dn->flags = (i == 0 ? DEP_DIRECT : 0) | (n->optional ? DEP_OPTIONAL : 0);
        dn->requirement = graph_strdup(g, n->requirement);
    }
    for (size_t i = 0; i < r->edges.len; i++) {
        const struct adopt_edge *e = &r->edges.items[i];
        graph_add_edge(g, e->from, e->to, e->requirement,
                       (e->optional ? DEP_OPTIONAL : 0) | (e->peer ? DEP_PEER : 0));
    }
    graph_finish(g);
    return g;
}

struct session *adopt_session_new(const struct adopt_request *q, struct adopt_result *r,
                                  const char *project, const struct session_options *o,
                                  struct diag *d)
{
    struct session *s = session_open_graph(adopt_graph_new(q, r), project ? project : ".");
    session_adopt_set(s, r);
    if (!session_attach(s, o, d)) {
        session_free(s);
        return NULL;
    }
    return s;
}

void adopt_summary_line(const struct adopt_request *q, const struct adopt_result *r,
                        char *out, size_t n)
{
    struct arena *a = arena_new();
    const char *squat = r->squat.flagged
        ? arena_printf(a, "TYPOSQUAT? %s: did you mean %s?  ", termsafe_arena(a, r->squat.why),
                       termsafe_arena(a, r->squat.target))
        : "";
    snprintf(out, n, "%sadopt %s:%s: %zu packages (%u new, %u present, %u changed, %u unresolved), "
             "%u conflicts, %u cycles%s", squat,
             ecosystem_name(q->eco), termsafe_arena(a, q->name), r->nodes.len,
             r->counts[ADOPT_NEW], r->counts[ADOPT_PRESENT], r->counts[ADOPT_CHANGED],
             r->counts[ADOPT_UNRESOLVED], r->conflicts, r->cycles,
             r->truncated ? ", cut at the node limit" : "");
    arena_free(a);
}

/* ---- the job ---------------------------------------------------------------- */

/* Inputs copied at the start (the worker reads only these); the result is
 * the main thread's after the join. */
struct adopt_job {
    struct worker w;
    struct arena *a;              /* the copied request's strings */
    struct adopt_request q;
    struct engine_config cfg;
    struct session_options o;     /* for the adopted session, made at the end */
    struct adopt_result *r;
    bool ok;
    struct diag d;
};

static void adopt_job_run(void *state)
{
    struct adopt_job *j = state;
    j->ok = adopt_resolve(&j->q, &j->cfg, j->r, &j->d);
}

static void adopt_job_finish(void *state, void *ctx, bool stopped, struct job_event *ev)
{
    struct adopt_job *j = state;
    worker_join(&j->w);
    ev->changes = JOB_CHANGED_ADOPTED;
    if (stopped || !j->ok) {
        ev->failed = true;
        snprintf(ev->message, sizeof(ev->message), "adopt %s: %s",
                 termsafe_arena(j->a, j->q.name),
                 stopped ? "stopped" : termsafe_arena(j->a, j->d.msg));
        if (!stopped && j->r->squat.flagged)
            adopt_summary_line(&j->q, j->r, ev->message, sizeof(ev->message));
        session_adopt_put(ctx, NULL, ev->message);
        return;
    }
    adopt_summary_line(&j->q, j->r, ev->message, sizeof(ev->message));
    struct diag d;
    diag_clear(&d);
    struct adopt_result *r = j->r;
    j->r = NULL;
    struct session *s = adopt_session_new(&j->q, r, j->q.project, &j->o, &d);
    if (!s) {
        ev->failed = true;
        snprintf(ev->message, sizeof(ev->message), "adopt: %s", termsafe_arena(j->a, d.msg));
    }
    session_adopt_put(ctx, s, ev->message);
}

static void adopt_job_free(void *state)
{
    struct adopt_job *j = state;
    worker_fini(&j->w);
    if (j->r)
        adopt_result_fini(j->r);
    free(j->r);
    arena_free(j->a);
    free(j);
}

static const struct job_ops adopt_job_ops = {
    .name = "adopt",
    .finish = adopt_job_finish,
    .free = adopt_job_free,
};

bool adopt_job_running(const struct session *project)
{
    return session_job_running(project, &adopt_job_ops);
}

static const char *dup_or_null(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

bool adopt_job_start(struct session *project, const struct adopt_request *q, struct diag *d)
{
    if (adopt_job_running(project)) {
        diag_set(d, DIAG_UNSUPPORTED, "", 0, 0, "a tree is being resolved already");
        return false;
    }
    struct adopt_job *j = xcalloc(1, sizeof(*j));
    j->a = arena_new();
    j->q = *q;
    j->q.name = arena_strdup(j->a, q->name);
    j->q.requirement = dup_or_null(j->a, q->requirement);
    j->q.extras = dup_or_null(j->a, q->extras);
    j->q.project = arena_strdup(j->a, session_project(project));
    j->q.cache_dir = dup_or_null(j->a, session_cache_dir(project));
    j->q.offline = session_offline(project);
    j->q.prefetch = !j->q.offline;
    const struct engine_config *cfg = session_config(project);
    if (cfg)
        j->cfg = *cfg;
    else
        engine_config_init(&j->cfg);
    j->o = (struct session_options){&j->cfg, j->q.cache_dir, j->q.offline, q->now, true};
    j->r = xcalloc(1, sizeof(*j->r));
    diag_clear(&j->d);
    if (!worker_start(&j->w, adopt_job_run, j, d)) {
        adopt_job_free(j);
        return false;
    }
    session_jobs_add(project, &adopt_job_ops, j);
    return true;
}
