/* Around the adopt resolver: the candidate's name checked for
 * typosquatting first, then each node's cached advisories and the
 * prefetch of the new nodes' facts. */
#include <stdio.h>
#include <string.h>

#include "adopt_priv.h"
#include "depvet/engine/adopt_view.h"
#include "depvet/engine/fetchplan.h"
#include "depvet/engine/osvdb.h"
#include "depvet/engine/popular_lists.h"
#include "depvet/engine/refresh.h"

void adopt_check_name(struct adopt_ctx *c)
{
    struct adopt_squat *sq = &c->out->squat;
    struct diag d;
    diag_clear(&d);
    if (!c->st) {
        sq->no_list = true;
        return;
    }
    if (!c->q->offline) {   /* the cached list while it is fresh */
        bool want[POPULAR_ECOS] = {false};
        want[c->q->eco] = true;
        struct popular_refresh_summary sum;
        popular_lists_refresh(c->st, c->cfg, want, c->q->now, false, &sum, &d);
        diag_clear(&d);
    }
    struct typosquat_index *idx = popular_lists_index(c->st, c->cfg, c->q->eco, c->q->now, NULL, &d);
    struct typosquat_hit h;
    sq->no_list = !idx;
    if (idx && typosquat_check(idx, c->q->name, &h)) {
        sq->flagged = true;
        sq->target = arena_strdup(c->a, h.target);
        sq->why = arena_strdup(c->a, h.why);
        sq->score = h.score;
    }
    typosquat_index_free(idx);
}

static void count_advisories(struct adopt_ctx *c)
{
    struct diag d;
    diag_clear(&d);
    struct osvdb_matcher *m = c->st ? osvdb_matcher_new(c->st, &d) : NULL;
    for (size_t i = 0; m && i < c->out->nodes.len; i++) {
        struct adopt_node *n = &c->out->nodes.items[i];
        struct osv_match *hits;
        if (n->version)
            n->advisories = (unsigned)osvdb_matcher_match(m, c->a, c->q->eco, n->name, n->version,
                                                          &hits, &d);
    }
    osvdb_matcher_free(m);
}

/* A refresh of just the new and changed nodes: their reputation, owners
 * and downloads are then in the cache for the explorer and `info`. */
static void prefetch(struct adopt_ctx *c)
{
    struct fetch_plan plan = {0};
    for (size_t i = 0; i < c->out->nodes.len; i++) {
        const struct adopt_node *n = &c->out->nodes.items[i];
        if (n->state == ADOPT_NEW || n->state == ADOPT_CHANGED)
            fetchplan_add(&plan, c->q->eco, n->name, n->version, c->cfg, c->q->now);
    }
    struct refresh_options o = {.now = c->q->now};
    struct refresh_summary sum;
    struct diag d;
    diag_clear(&d);
    if (!plan.pkgs.len) {
        fetchplan_fini(&plan);
        return;
    }
    if (!refresh_run(c->st, &plan, c->cfg, &o, &sum, &d)) {
        diag_format(&d, c->out->prefetch_error, sizeof(c->out->prefetch_error));
    } else {
        c->out->prefetched = sum.updated + sum.fresh;
        if (sum.n_failures)
            snprintf(c->out->prefetch_error, sizeof(c->out->prefetch_error), "%u failed, e.g. %s",
                     sum.failed, sum.failures[0].message);
        refresh_summary_fini(&sum);
    }
    fetchplan_fini(&plan);
}

void adopt_add_facts(struct adopt_ctx *c)
{
    if (c->q->prefetch && !c->q->offline && c->st)
        prefetch(c);
    count_advisories(c);
}

void adopt_check_candidate(const struct adopt_request *q, const struct engine_config *cfg,
                           struct arena *a, struct adopt_squat *out)
{
    struct adopt_request offline = *q;
    offline.offline = true;   /* the cached list only: no request */
    struct adopt_result r = {.arena = a};
    struct adopt_ctx c = {.q = &offline, .cfg = cfg, .out = &r, .a = a};
    struct diag d;
    diag_clear(&d);
    c.st = store_open_readonly(q->cache_dir, &d);
    adopt_check_name(&c);
    store_close(c.st);
    *out = r.squat;
}
