/* Refreshing and reading the popular-name lists: each ecosystem's pages
 * are asked together and written together, so the typosquat rule never
 * sees half of a list. */
#include "depvet/engine/popular_lists.h"

#include <stdio.h>
#include <string.h>

#include "depvet/net/http.h"
#include "depvet/registry/popular.h"
#include "depvet/store/responses.h"
#include "refresh_commit.h"

#define MAX_PAGES 16

_Static_assert(POPULAR_HEX_PAGES <= MAX_PAGES && POPULAR_NPM_PAGES <= MAX_PAGES,
               "a list has more pages than popular_lists keeps");

/* Where each ecosystem's list lives: the registry for Hex and npm, a file
 * of its own for PyPI (PyPI publishes no ranking). */
static const enum source_id list_source_table[POPULAR_ECOS] = {
    [ECO_HEX] = SRC_HEX_API, [ECO_PYPI] = SRC_PYPI_TOP, [ECO_NPM] = SRC_NPM,
};

struct page {
    const char *url;
    struct fetch_answer ans;
};

struct list {
    unsigned n;
    struct page pages[MAX_PAGES];
};

/* The URLs of eco's list in a; false for an ecosystem without one. */
static bool list_urls(struct list *l, struct arena *a, const struct engine_config *cfg,
                      enum ecosystem eco)
{
    memset(l, 0, sizeof(*l));
    if (eco <= ECO_UNKNOWN || eco >= POPULAR_ECOS)
        return false;
    const char *base = engine_config_url(cfg, list_source_table[eco]);
    unsigned n = 0;
    for (unsigned i = 0; i == 0 || i < n; i++) {
        const char *url = popular_url(a, eco, base, i, &n);
        if (!url || n == 0 || n > MAX_PAGES)
            return false;
        l->pages[i].url = url;
    }
    l->n = n;
    return true;
}

static bool list_fresh(struct store *st, const struct list *l, int64_t now)
{
    for (unsigned i = 0; i < l->n; i++)
        if (!refresh_is_fresh(st, l->pages[i].url, POPULAR_TTL, now))
            return false;
    return true;
}

static bool ask(struct store *st, struct http_engine *eng, struct page *p, struct diag *d)
{
    struct cached_response cached;
    struct diag ignore;
    diag_clear(&ignore);
    bool have = responses_get(st, p->url, &cached, &ignore);
    struct http_request req = {
        .method = "GET", .url = p->url,
        .etag = have ? cached.etag : NULL,
        .last_modified = have ? cached.last_modified : NULL,
        .ud = &p->ans, .done = fetch_answer_done,
    };
    bool ok = http_submit(eng, &req, d);
    if (have)
        cached_response_fini(&cached);
    return ok;
}

/* Every page answered and every new body a list: true, else why not. */
static bool list_answers_ok(const struct list *l, enum ecosystem eco, struct diag *d)
{
    struct arena *a = arena_new();
    bool ok = true;
    size_t names = 0;
    for (unsigned i = 0; ok && i < l->n; i++) {
        const struct fetch_answer *ans = &l->pages[i].ans;
        if (!ans->ok) {
            *d = ans->err;
            ok = false;
        } else if (!ans->not_modified) {
            struct popular_names got = {0};
            ok = popular_parse(a, eco, l->pages[i].url, ans->body, ans->len, &got, d);
            names += got.n;
        } else {
            names++; /* the stored page was whole when it was written */
        }
    }
    if (ok && names == 0) {
        diag_set(d, DIAG_SYNTAX, l->pages[0].url, 0, 0, "the popular list names no package");
        ok = false;
    }
    arena_free(a);
    return ok;
}

static bool list_store(struct store *st, const struct list *l, int64_t now, struct diag *d)
{
    if (!store_begin(st, d))
        return false;
    bool ok = true;
    for (unsigned i = 0; ok && i < l->n; i++) {
        const struct fetch_answer *ans = &l->pages[i].ans;
        if (ans->not_modified) {
            ok = responses_touch(st, l->pages[i].url, now, d);
            continue;
        }
        struct cached_response r = {
            .status = ans->status, .etag = ans->etag, .last_modified = ans->last_modified,
            .content_type = ans->content_type, .body = ans->body, .body_len = ans->len,
            .fetched_at = now, .checked_at = now,
        };
        ok = responses_put(st, l->pages[i].url, &r, d);
    }
    if (ok)
        return store_commit(st, d);
    store_rollback(st);
    return false;
}

static void list_finish(struct store *st, struct list *l, enum ecosystem eco, int64_t now,
                        struct popular_refresh_summary *sum)
{
    struct diag d;
    diag_clear(&d);
    if (list_answers_ok(l, eco, &d) && list_store(st, l, now, &d)) {
        sum->updated++;
    } else {
        sum->failed++;
        diag_format(&d, sum->failure[eco], sizeof(sum->failure[eco]));
    }
    for (unsigned i = 0; i < l->n; i++)
        fetch_answer_fini(&l->pages[i].ans);
}

bool popular_lists_refresh(struct store *st, const struct engine_config *cfg,
                           const bool want[POPULAR_ECOS], int64_t now, bool force,
                           struct popular_refresh_summary *sum, struct diag *d)
{
    memset(sum, 0, sizeof(*sum));
    struct http_config hc;
    engine_config_http(cfg, &hc);
    struct http_engine *eng = http_engine_new(&hc, d);
    if (!eng)
        return false;
    struct arena *a = arena_new();
    struct list lists[POPULAR_ECOS];
    bool asked[POPULAR_ECOS] = {false};
    bool ok = true;
    for (int e = ECO_HEX; ok && e < POPULAR_ECOS; e++) {
        if (!want[e] || !list_urls(&lists[e], a, cfg, (enum ecosystem)e))
            continue;
        sum->lists++;
        if (!force && list_fresh(st, &lists[e], now)) {
            sum->fresh++;
            continue;
        }
        asked[e] = true;
        for (unsigned i = 0; ok && i < lists[e].n; i++)
            ok = ask(st, eng, &lists[e].pages[i], d);
    }
    http_run(eng);
    struct http_stats hs = http_engine_stats(eng);
    sum->requests = hs.requests;
    sum->not_modified = hs.not_modified;
    http_engine_free(eng);
    for (int e = ECO_HEX; e < POPULAR_ECOS; e++)
        if (asked[e])
            list_finish(st, &lists[e], (enum ecosystem)e, now, sum);
    arena_free(a);
    return ok;
}

struct typosquat_index *popular_lists_index(struct store *st, const struct engine_config *cfg,
                                            enum ecosystem eco, int64_t now, int64_t *age,
                                            struct diag *d)
{
    struct arena *a = arena_new();
    struct list l;
    struct typosquat_index *idx = NULL;
    struct popular_names names = {0};
    int64_t oldest = now;
    bool ok = list_urls(&l, a, cfg, eco);
    for (unsigned i = 0; ok && i < l.n; i++) {
        struct cached_response r;
        struct diag ignore;
        diag_clear(&ignore);
        ok = responses_get(st, l.pages[i].url, &r, &ignore);
        if (!ok)
            break;
        ok = popular_parse(a, eco, l.pages[i].url, r.body, r.body_len, &names, d);
        if (r.checked_at < oldest)
            oldest = r.checked_at;
        cached_response_fini(&r);
    }
    if (ok && names.n > 0)
        idx = typosquat_index_new_counted(eco, names.names, names.monthly, names.n);
    if (age)
        *age = now - oldest;
    arena_free(a);
    return idx;
}
