/* OSV online (see osv_online.h): pins -> querybatch -> changed records ->
 * one transaction holding the records and each pin's "asked at" mark. */
#include "depvet/engine/osv_online.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/osvdb.h"
#include "depvet/net/http.h"
#include "depvet/registry/osvapi.h"
#include "depvet/store/advisories.h"
#include "depvet/store/responses.h"
#include "refresh_commit.h"

struct pin {
    struct osvapi_query q;
    const char *mark;         /* the responses key of its last answer */
    struct osvapi_result res;
    bool answered;
};

struct record {
    const char *id;
    const char *url;
    struct fetch_answer ans;
};

struct id_list {             /* a VEC of advisory ids */
    const char **items;
    size_t len, cap;
};

struct online {
    struct store *st;
    struct arena *a;
    const char *base;
    struct osv_online_summary *sum;
    VEC(struct pin) pins;
    VEC(struct record) recs;
};

static void fail(struct online *o, const struct diag *d)
{
    if (!o->sum->failure[0])
        diag_format(d, o->sum->failure, sizeof(o->sum->failure));
    o->sum->failed++;
}

static bool is_public(const struct engine_config *cfg, const struct dep_node *n)
{
    return n->source == SOURCE_REGISTRY && n->eco != ECO_UNKNOWN && n->version &&
           n->version[0] && !engine_config_node_private(cfg, n);
}

/* The responses key that records when a pin was last asked about. */
#define MARK_PREFIX "osv-query:"
#define MARK_FMT MARK_PREFIX "%s:%s@%s"

static const char *pin_mark(struct arena *a, const struct dep_node *n)
{
    return arena_printf(a, MARK_FMT, ecosystem_name(n->eco), n->name, n->version);
}

struct store_times *osv_online_asked(struct store *st)
{
    struct diag d;
    diag_clear(&d);
    return st ? responses_checked_times(st, MARK_PREFIX, &d) : NULL;
}

int64_t osv_online_asked_at(const struct store_times *asked, const struct dep_node *n)
{
    if (!asked)
        return 0;
    char mark[1024];
    int len = snprintf(mark, sizeof mark, MARK_FMT, ecosystem_name(n->eco), n->name,
                       n->version);
    /* A mark too long for the buffer is no pin the service was asked about */
    return len > 0 && (size_t)len < sizeof mark ? store_times_get(asked, mark) : 0;
}

static void collect_pins(struct online *o, const struct engine_config *cfg,
                         const struct dep_graph *g, const bool *only, int64_t now, bool force)
{
    struct node_set seen;
    node_set_init(&seen, g->nodes.len);
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        if ((only && !only[i]) || !is_public(cfg, n) || !node_set_add(&seen, g, (unsigned)i, true))
            continue;
        o->sum->pins++;
        const char *mark = pin_mark(o->a, n);
        if (!force && refresh_is_fresh(o->st, mark, OSV_QUERY_TTL, now)) {
            o->sum->fresh++;
            continue;
        }
        *VEC_ADD(&o->pins) = (struct pin){{n->eco, n->name, n->version}, mark, {0}, false};
    }
    node_set_fini(&seen);
}

struct batch {
    struct online *o;
    size_t first, n;
};

static void on_batch(void *ud, const struct http_response *r)
{
    struct batch *b = ud;
    struct online *o = b->o;
    struct osvapi_result *res = arena_alloc(o->a, b->n * sizeof(*res));
    struct diag d;
    diag_clear(&d);
    if (!r->ok) {
        fail(o, &r->err);
        return;
    }
    if (!osvapi_parse_batch(o->a, r->url, r->body, r->len, b->n, res, &d)) {
        fail(o, &d);
        return;
    }
    for (size_t i = 0; i < b->n; i++) {
        o->pins.items[b->first + i].res = res[i];
        o->pins.items[b->first + i].answered = true;
    }
}

static bool ask_batches(struct online *o, struct http_engine *eng, struct batch *batches,
                        struct diag *d)
{
    const char *url = osvapi_batch_url(o->a, o->base);
    size_t k = 0;
    for (size_t first = 0; first < o->pins.len; first += OSVAPI_BATCH, k++) {
        size_t n = o->pins.len - first < OSVAPI_BATCH ? o->pins.len - first : OSVAPI_BATCH;
        struct osvapi_query *q = xmalloc(n * sizeof(*q));
        for (size_t i = 0; i < n; i++)
            q[i] = o->pins.items[first + i].q;
        char *body = osvapi_batch_body(q, n);
        free(q);
        batches[k] = (struct batch){o, first, n};
        struct http_request req = {.method = "POST", .url = url, .body = body,
                                   .body_len = strlen(body), .content_type = "application/json",
                                   .ud = &batches[k], .done = on_batch};
        bool ok = http_submit(eng, &req, d);
        free(body);
        if (!ok)
            return false;
    }
    return true;
}

static int vuln_cmp(const void *x, const void *y)
{
    const struct osvapi_vuln *a = *(const struct osvapi_vuln *const *)x;
    const struct osvapi_vuln *b = *(const struct osvapi_vuln *const *)y;
    return strcmp(a->id, b->id);
}

/* Whether the stored copy of v is as new as the answer says it is. */
static bool up_to_date(struct online *o, const struct osvapi_vuln *v)
{
    int64_t at = 0;
    struct diag d;
    diag_clear(&d);
    return v->modified && advisories_modified_at(o->st, v->id, &at, &d) && at >= v->modified;
}

/* The distinct advisories the answers name whose record the cache lacks
 * or holds in an older version. */
static void plan_records(struct online *o)
{
    VEC(const struct osvapi_vuln *) all = {0};
    for (size_t i = 0; i < o->pins.len; i++)
        for (size_t v = 0; v < o->pins.items[i].res.n_vulns; v++)
            *VEC_ADD(&all) = &o->pins.items[i].res.vulns[v];
    if (all.len)
        qsort(all.items, all.len, sizeof(*all.items), vuln_cmp);
    for (size_t i = 0; i < all.len; i++) {
        const struct osvapi_vuln *v = all.items[i];
        if (i && strcmp(v->id, all.items[i - 1]->id) == 0)
            continue;
        o->sum->hits++;
        const char *url = osvapi_vuln_url(o->a, o->base, v->id);
        if (!url) {
            struct diag d;
            diag_clear(&d); /* diag_set keeps a set diag: stack bytes would stay */
            diag_set(&d, DIAG_SYNTAX, o->base, 0, 0, "an advisory id unfit for a URL");
            fail(o, &d);
        } else if (!up_to_date(o, v)) {
            *VEC_ADD(&o->recs) = (struct record){v->id, url, {0}};
        }
    }
    VEC_FREE(&all);
}

static bool ask_records(struct online *o, struct http_engine *eng, struct diag *d)
{
    for (size_t i = 0; i < o->recs.len; i++) {
        struct record *r = &o->recs.items[i];
        /* Asked without validators: the answer is a body or a failure. */
        struct http_request req = {.method = "GET", .url = r->url, .ud = &r->ans,
                                   .done = fetch_answer_done};
        if (!http_submit(eng, &req, d))
            return false;
        o->sum->fetched++;
    }
    return true;
}

static void on_malformed(void *ud, const struct diag *d, bool malformed)
{
    if (malformed)
        fail(ud, d);
}

/* Stores the records that came; true for each id in *bad that did not. */
static bool store_records(struct online *o, struct id_list *bad, struct diag *d)
{
    for (size_t i = 0; i < o->recs.len; i++) {
        struct record *r = &o->recs.items[i];
        struct osvdb_import_summary is = {0};
        if (!r->ans.ok) {
            fail(o, &r->ans.err);
            *VEC_ADD(bad) = r->id;
        } else if (!osvdb_import_buffer(o->st, r->url, r->ans.body, r->ans.len, on_malformed, o,
                                        &is, d)) {
            return false;
        } else if (is.malformed || is.skipped) {
            *VEC_ADD(bad) = r->id;
        }
        o->sum->imported += is.added + is.updated;
    }
    return true;
}

static bool names_bad(const struct pin *p, const char *const *bad, size_t n)
{
    for (size_t v = 0; v < p->res.n_vulns; v++)
        for (size_t i = 0; i < n; i++)
            if (strcmp(p->res.vulns[v].id, bad[i]) == 0)
                return true;
    return false;
}

/* A pin is marked as asked only when all it named is stored, so a failed
 * record is asked for again by the next refresh. */
static bool store_marks(struct online *o, const char *const *bad, size_t n_bad, int64_t now,
                        struct diag *d)
{
    for (size_t i = 0; i < o->pins.len; i++) {
        const struct pin *p = &o->pins.items[i];
        if (!p->answered || names_bad(p, bad, n_bad))
            continue;
        struct strbuf ids = STRBUF_INIT;
        for (size_t v = 0; v < p->res.n_vulns; v++) {
            strbuf_puts(&ids, v ? " " : "");
            strbuf_puts(&ids, p->res.vulns[v].id);
        }
        struct cached_response r = {.status = 200, .content_type = "text/plain",
                                    .body = (char *)strbuf_str(&ids), .body_len = ids.len,
                                    .fetched_at = now, .checked_at = now};
        bool ok = responses_put(o->st, p->mark, &r, d);
        strbuf_fini(&ids);
        if (!ok)
            return false;
    }
    return true;
}

static bool store_all(struct online *o, int64_t now, struct diag *d)
{
    struct id_list bad = {0};
    bool ok = store_begin(o->st, d);
    ok = ok && store_records(o, &bad, d) && store_marks(o, bad.items, bad.len, now, d);
    if (ok)
        ok = store_commit(o->st, d);
    else
        store_rollback(o->st);
    VEC_FREE(&bad);
    return ok;
}

bool osv_online_refresh(struct store *st, const struct engine_config *cfg,
                        const struct dep_graph *g, int64_t now, bool force,
                        struct osv_online_summary *sum, struct diag *d)
{
    return osv_online_refresh_nodes(st, cfg, g, NULL, now, force, sum, d);
}

bool osv_online_refresh_nodes(struct store *st, const struct engine_config *cfg,
                              const struct dep_graph *g, const bool *only, int64_t now,
                              bool force, struct osv_online_summary *sum, struct diag *d)
{
    memset(sum, 0, sizeof(*sum));
    struct online o = {.st = st, .a = arena_new(), .base = engine_config_url(cfg, SRC_OSV),
                       .sum = sum};
    if (strncmp(o.base, "file:", 5) == 0) {
        sum->snapshot = true;
        arena_free(o.a);
        return true;
    }
    collect_pins(&o, cfg, g, only, now, force);
    struct http_config hc;
    engine_config_http(cfg, &hc);
    struct http_engine *eng = o.pins.len ? http_engine_new(&hc, d) : NULL;
    struct batch *batches = xcalloc(o.pins.len / OSVAPI_BATCH + 1, sizeof(*batches));
    bool ok = !o.pins.len || (eng && ask_batches(&o, eng, batches, d));
    if (ok && eng) {
        http_run(eng);
        plan_records(&o);
        ok = ask_records(&o, eng, d);
        http_run(eng);
        ok = ok && store_all(&o, now, d);
    }
    http_engine_free(eng);
    for (size_t i = 0; i < o.recs.len; i++)
        fetch_answer_fini(&o.recs.items[i].ans);
    free(batches);
    VEC_FREE(&o.pins);
    VEC_FREE(&o.recs);
    arena_free(o.a);
    return ok;
}
