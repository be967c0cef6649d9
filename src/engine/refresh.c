/* The refresh driver: plan -> conditional requests on the shared HTTP
 * engine -> one transaction per package as soon as its answers are in. */
#include "depvet/engine/refresh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "depvet/core/strbuf.h"
#include "depvet/core/xmalloc.h"
#include "depvet/net/breaker.h"
#include "depvet/net/http.h"
#include "depvet/store/responses.h"
#include "refresh_commit.h"

struct refresh_ctx;

struct pending {              /* one request in flight */
    struct refresh_ctx *ctx;
    unsigned item;
};

struct refresh_ctx {
    struct store *st;
    const struct fetch_plan *plan;
    const struct refresh_options *o;
    struct refresh_summary *sum;
    struct fetch_answer *answers;   /* one per plan item */
    unsigned *left;                 /* per package: answers still awaited */
    bool *not_tried;                /* per package: an answer given up on */
    struct pending *pending;        /* one per plan item */
    unsigned done;
    struct http_engine *eng;
    const struct engine_config *cfg;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void add_failure(struct refresh_summary *s, const struct fetch_pkg *fp,
                        const struct diag *d, bool not_tried)
{
    s->failures = xrealloc(s->failures, (s->n_failures + 1) * sizeof(*s->failures));
    struct refresh_failure *f = &s->failures[s->n_failures++];
    f->eco = fp->eco;
    f->name = fp->name;
    diag_format(d, f->message, sizeof(f->message));
    if (!breaker_origin_of(d->where, f->origin, sizeof(f->origin)))
        f->origin[0] = '\0';
    f->host_down = false;
    f->not_tried = not_tried;
    s->not_tried += not_tried;
    s->failed++;
}

static void package_done(struct refresh_ctx *c, unsigned pkg)
{
    const struct fetch_pkg *fp = &c->plan->pkgs.items[pkg];
    struct fetch_answer *ans = &c->answers[fp->first_item];
    bool all_ttl = fp->n_items > 0;
    for (unsigned i = 0; i < fp->n_items; i++)
        all_ttl &= ans[i].from_ttl;
    bool failed = false;
    if (all_ttl) {
        c->sum->fresh++;
    } else {
        struct diag d;
        diag_clear(&d);
        if (refresh_commit(c->st, c->plan, pkg, ans, c->o->now, &d))
            c->sum->updated++;
        else {
            add_failure(c->sum, fp, &d, c->not_tried[pkg]);
            failed = true;
        }
    }
    for (unsigned i = 0; i < fp->n_items; i++)
        fetch_answer_fini(&ans[i]);
    c->done++;
    if (c->o->progress)
        c->o->progress(c->o->progress_ud, c->done, (unsigned)c->plan->pkgs.len, fp->eco,
                       fp->name, failed);
}

static void on_response(void *ud, const struct http_response *r);

/* A page of a paged kind: count it, and either ask for the next page
 * (true: the answer is not complete yet) or keep the total as the body. */
static bool next_page(struct refresh_ctx *c, struct pending *p, const struct fetch_item *it,
                      struct fetch_answer *a, const struct http_response *r)
{
    char *next = NULL;
    struct diag d;
    diag_clear(&d);
    a->pages++;
    if (!fetchplan_page(it->kind, it->url, r->url, r->body, r->len, a->pages,
                        &a->page_total, &next, &d)) {
        a->failed_page = true;
        a->err = d;
        return false;
    }
    if (next) {
        struct http_request req = {.method = "GET", .url = next, .ud = p, .done = on_response};
        bool ok = http_submit(c->eng, &req, &d);
        free(next);
        if (ok)
            return true;
        a->failed_page = true;
        a->err = d;
    }
    return false;
}

static void on_response(void *ud, const struct http_response *r)
{
    struct pending *p = ud;
    struct refresh_ctx *c = p->ctx;
    const struct fetch_item *it = &c->plan->items.items[p->item];
    struct fetch_answer *a = &c->answers[p->item];
    if (r->ok && !r->not_modified && fetch_kind_paged(it->kind) && next_page(c, p, it, a, r))
        return;
    a->done = true;
    /* "No provenance" is an answer, kept like one: an empty body. */
    bool absent = !r->ok && r->absent && fetch_kind_absent_ok(it->kind);
    a->ok = (r->ok && !a->failed_page) || absent;
    a->status = r->status;
    a->not_modified = r->not_modified;
    if (absent) {
        a->body = xstrdup("");
        a->status = 404;
    } else if (a->ok && fetch_kind_paged(it->kind)) {
        a->body = fetchplan_page_total_body(a->page_total, a->pages);
        a->len = strlen(a->body);
        a->content_type = xstrdup("application/json");
    } else if (a->ok && !r->not_modified) {
        fetch_answer_take(a, r);
    }
    if (!a->ok)
        a->err = r->err;
    c->not_tried[it->pkg] |= r->not_tried;
    if (--c->left[it->pkg] == 0)
        package_done(c, it->pkg);
}

/* Either the cached answer is fresh enough, or a conditional request goes
 * out with the validators we hold. */
static bool plan_item(struct refresh_ctx *c, struct http_engine *eng, unsigned i,
                      struct diag *d)
{
    const struct fetch_item *it = &c->plan->items.items[i];
    struct cached_response cached;
    struct diag ignore;
    diag_clear(&ignore);
    bool have = responses_get(c->st, it->url, &cached, &ignore);
    if (have && !c->o->force && cached.checked_at <= c->o->now &&
        c->o->now - cached.checked_at < fetch_kind_ttl(it->kind)) {
        c->answers[i] = (struct fetch_answer){.done = true, .ok = true, .from_ttl = true};
        cached_response_fini(&cached);
        if (--c->left[it->pkg] == 0)
            package_done(c, it->pkg);
        return true;
    }
    c->pending[i] = (struct pending){c, i};
    char auth[FETCH_TOKEN_MAX * 2];
    const char *auth_origin = NULL;
    const struct fetch_pkg *fp = &c->plan->pkgs.items[it->pkg];
    struct http_request req = {
        .method = "GET", .url = it->url,
        /* A paged count is only right when every page is read again. */
        .etag = have && !fetch_kind_paged(it->kind) ? cached.etag : NULL,
        .last_modified = have && !fetch_kind_paged(it->kind) ? cached.last_modified : NULL,
        .auth_header = fetchplan_auth_header(c->cfg, fp->priv, it->url, auth, sizeof(auth),
                                             &auth_origin)
                           ? auth
                           : NULL,
        .auth_origin = auth_origin,
        .accept = fetch_kind_accept(it->kind),
        .ud = &c->pending[i], .done = on_response,
    };
    bool ok = http_submit(eng, &req, d);
    memset(auth, 0, sizeof(auth)); /* the engine keeps its own copy */
    if (have)
        cached_response_fini(&cached);
    c->sum->requests += ok;
    return ok;
}

static struct http_engine *start_engine(const struct engine_config *cfg, struct diag *d)
{
    struct http_config hc;
    engine_config_http(cfg, &hc);
    return http_engine_new(&hc, d);
}

struct refresh_job {
    struct refresh_ctx c;
    struct refresh_summary sum;
    double t0;
    bool all_submitted;       /* false: a request could not be queued (d) */
};

struct refresh_job *refresh_job_start(struct store *st, const struct fetch_plan *plan,
                                      const struct engine_config *cfg,
                                      const struct refresh_options *o, struct diag *d)
{
    struct refresh_job *j = xcalloc(1, sizeof(*j));
    j->t0 = now_seconds();
    size_t ni = plan->items.len, np = plan->pkgs.len;
    j->c = (struct refresh_ctx){st, plan, o, &j->sum, xcalloc(ni + 1, sizeof(struct fetch_answer)),
                                xcalloc(np + 1, sizeof(unsigned)), xcalloc(np + 1, sizeof(bool)),
                                xcalloc(ni + 1, sizeof(struct pending)), 0, NULL, cfg};
    struct refresh_ctx *c = &j->c;
    j->sum.packages = (unsigned)np;
    c->eng = start_engine(cfg, d);
    bool ok = c->eng != NULL;
    for (size_t p = 0; ok && p < np; p++) {
        const struct fetch_pkg *fp = &plan->pkgs.items[p];
        c->left[p] = fp->n_items;
        if (fp->skipped || !fp->n_items) {
            j->sum.skipped++;
            c->done++;
            if (o->progress)
                o->progress(o->progress_ud, c->done, (unsigned)np, fp->eco, fp->name, false);
        }
    }
    if (!ok) {
        struct refresh_summary ignore;
        refresh_job_finish(j, &ignore);
        refresh_summary_fini(&ignore);
        return NULL;
    }
    /* A request that cannot be queued stops the planning; what was queued
     * still runs (d says why the rest did not). */
    for (size_t i = 0; ok && i < ni; i++)
        ok = plan_item(c, c->eng, (unsigned)i, d);
    j->all_submitted = ok;
    return j;
}

int refresh_job_poll_fds(struct refresh_job *j, struct pollfd *fds, int max,
                         int *timeout_ms)
{
    return http_poll_fds(j->c.eng, fds, max, timeout_ms);
}

void refresh_job_step(struct refresh_job *j)
{
    http_perform(j->c.eng);
}

bool refresh_job_done(const struct refresh_job *j)
{
    return http_pending(j->c.eng) == 0;
}

unsigned refresh_job_progress(const struct refresh_job *j, unsigned *total)
{
    *total = (unsigned)j->c.plan->pkgs.len;
    return j->c.done;
}

/* Whether origin is a line's "origin\t" of the down list. */
static bool is_down(const char *down, const char *origin)
{
    size_t n = strlen(origin);
    for (const char *l = down; n && l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
        if (strncmp(l, origin, n) == 0 && l[n] == '\t')
            return true;
    return false;
}

/* The notes, with each unreachable host's line counting the packages
 * that failed on it, which are marked host_down: one line a host, not
 * one a package (heap, NULL for none). */
static char *count_down(struct refresh_summary *s, const char *notes)
{
    struct strbuf out = STRBUF_INIT;
    for (const char *l = notes; *l;) {
        size_t n = strcspn(l, "\n"), colon = strcspn(l, " ");
        char origin[320];
        snprintf(origin, sizeof origin, "%.*s", colon && l[colon - 1] == ':' ?
                 (int)colon - 1 : 0, l);
        unsigned failed = 0;
        for (size_t i = 0; origin[0] && i < s->n_failures; i++) {
            struct refresh_failure *f = &s->failures[i];
            f->host_down |= strcmp(f->origin, origin) == 0 && is_down(s->down, origin);
            failed += f->host_down;
        }
        strbuf_printf(&out, "%.*s", (int)n, l);
        if (failed)
            strbuf_printf(&out, "; %u package%s not refreshed, their cached records kept",
                          failed, failed == 1 ? "" : "s");
        strbuf_putc(&out, '\n');
        l += n + (l[n] == '\n');
    }
    char *r = out.len ? strbuf_take(&out) : NULL;
    strbuf_fini(&out);
    return r;
}

static void job_free(struct refresh_job *j, struct refresh_summary *out)
{
    struct refresh_ctx *c = &j->c;
    if (c->eng) {
        struct http_stats hs = http_engine_stats(c->eng);
        j->sum.not_modified = hs.not_modified;
        j->sum.retries = hs.retries;
        struct strbuf notes = STRBUF_INIT, down = STRBUF_INIT;
        http_engine_report(c->eng, &notes);
        http_engine_down(c->eng, &down);
        j->sum.down = down.len ? strbuf_take(&down) : NULL;
        j->sum.notes = count_down(&j->sum, strbuf_str(&notes));
        strbuf_fini(&notes);
        strbuf_fini(&down);
        http_engine_free(c->eng);
    }
    for (size_t i = 0; i < c->plan->items.len; i++)
        fetch_answer_fini(&c->answers[i]);
    free(c->answers);
    free(c->left);
    free(c->not_tried);
    free(c->pending);
    j->sum.seconds = now_seconds() - j->t0;
    *out = j->sum;
    free(j);
}

void refresh_job_finish(struct refresh_job *j, struct refresh_summary *out)
{
    job_free(j, out);
}

bool refresh_run(struct store *st, const struct fetch_plan *plan,
                 const struct engine_config *cfg, const struct refresh_options *o,
                 struct refresh_summary *out, struct diag *d)
{
    memset(out, 0, sizeof(*out));
    struct refresh_job *j = refresh_job_start(st, plan, cfg, o, d);
    if (!j)
        return false;
    http_run(j->c.eng);
    bool ok = j->all_submitted;
    refresh_job_finish(j, out);
    return ok;
}

void refresh_summary_fini(struct refresh_summary *s)
{
    free(s->failures);
    free(s->notes);
    free(s->down);
    memset(s, 0, sizeof(*s));
}
