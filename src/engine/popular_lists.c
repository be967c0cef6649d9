/* Refreshing and reading the popular-name lists: each ecosystem's pages
 * are asked together and written together, so the typosquat rule never
 * sees half of a list. */
#include "depvet/engine/popular_lists.h"

#include <stdio.h>
#include <string.h>

#include "depvet/store/responses.h"
#include "popular_lists_priv.h"

#define MAX_PAGES POPULAR_HEX_PAGES
#define PAGE_BATCH 4   /* pages of a list ending at an empty page asked at once */

/* Where each ecosystem's list lives: the registry for Hex and npm, a file
 * of its own for PyPI (PyPI publishes no ranking). */
static const enum source_id list_source_table[POPULAR_ECOS] = {
    [ECO_HEX] = SRC_HEX_API, [ECO_PYPI] = SRC_PYPI_TOP, [ECO_NPM] = SRC_NPM,
};

struct page {
    const char *url;
    struct fetch_answer ans;
};

/* n pages make the list; a list ending at an empty page has n pages at
 * most until its end is known, and `asked` of them requested so far. */
struct list {
    enum ecosystem eco;
    unsigned n, asked;
    struct page *pages;
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
    popular_url(a, eco, base, 0, &n);
    if (n == 0 || n > MAX_PAGES)
        return false;
    l->pages = arena_alloc(a, n * sizeof(*l->pages));
    for (unsigned i = 0; i < n; i++) {
        l->pages[i].url = popular_url(a, eco, base, i, &n);
        if (!l->pages[i].url)
            return false;
    }
    l->eco = eco;
    l->n = n;
    return true;
}

/* How many names the stored answer for url holds, -1 when none is stored
 * or it is not a list; *checked gets when it was last confirmed. */
static long stored_names(struct store *st, enum ecosystem eco, const char *url,
                         int64_t *checked)
{
    struct cached_response r;
    struct diag d;
    diag_clear(&d);
    if (!responses_get(st, url, &r, &d))
        return -1;
    struct arena *a = arena_new();
    struct popular_names got = {0};
    long n = popular_parse(a, eco, url, r.body, r.body_len, &got, &d) ? (long)got.n : -1;
    if (checked)
        *checked = r.checked_at;
    cached_response_fini(&r);
    arena_free(a);
    return n;
}

/* Fresh when every page up to the list's end was confirmed within the
 * time-to-live. */
static bool list_fresh(struct store *st, const struct list *l, int64_t now)
{
    bool ends = popular_ends_empty(l->eco);
    for (unsigned i = 0; i < l->n; i++) {
        if (!ends) {
            if (!refresh_is_fresh(st, l->pages[i].url, POPULAR_TTL, now))
                return false;
            continue;
        }
        int64_t checked = 0;
        long names = stored_names(st, l->eco, l->pages[i].url, &checked);
        if (names < 0 || now - checked >= POPULAR_TTL)
            return false;
        if (names == 0)
            return true;
    }
    return true;
}

bool popular_lists_ask(struct store *st, struct http_engine *eng, const char *url,
                       struct fetch_answer *ans, struct diag *d)
{
    struct cached_response cached;
    struct diag ignore;
    diag_clear(&ignore);
    bool have = responses_get(st, url, &cached, &ignore);
    struct http_request req = {
        .method = "GET", .url = url,
        .etag = have ? cached.etag : NULL,
        .last_modified = have ? cached.last_modified : NULL,
        .ud = ans, .done = fetch_answer_done,
    };
    bool ok = http_submit(eng, &req, d);
    if (have)
        cached_response_fini(&cached);
    return ok;
}

/* The names of page i's answer: a new body parsed, a 304 read from the
 * cache; -1 with d set when it failed or is not a list. */
static long page_names(struct store *st, const struct list *l, unsigned i, struct diag *d)
{
    const struct page *p = &l->pages[i];
    if (!p->ans.ok) {
        *d = p->ans.err;
        return -1;
    }
    if (p->ans.not_modified) {
        long n = stored_names(st, l->eco, p->url, NULL);
        if (n < 0)
            diag_set(d, DIAG_SYNTAX, p->url, 0, 0, "the stored page is not a popular list");
        return n;
    }
    struct arena *a = arena_new();
    struct popular_names got = {0};
    long n = popular_parse(a, l->eco, p->url, p->ans.body, p->ans.len, &got, d) ? (long)got.n
                                                                              : -1;
    arena_free(a);
    return n;
}

/* Every page answered and every answer a list: true, else why not.  A
 * list ending at an empty page is cut after it (l->n shrinks). */
static bool list_answers_ok(struct store *st, struct list *l, struct diag *d)
{
    long names = 0;
    l->n = l->asked;
    for (unsigned i = 0; i < l->n; i++) {
        long got = page_names(st, l, i, d);
        if (got < 0)
            return false;
        names += got;
        if (got == 0 && popular_ends_empty(l->eco)) {
            l->n = i + 1;
            break;
        }
    }
    if (names == 0) {
        diag_set(d, DIAG_SYNTAX, l->pages[0].url, 0, 0, "the popular list names no package");
        return false;
    }
    return true;
}

bool popular_lists_put(struct store *st, const char *url, const struct fetch_answer *ans,
                       int64_t now, struct diag *d)
{
    if (ans->not_modified)
        return responses_touch(st, url, now, d);
    struct cached_response r = {
        .status = ans->status, .etag = ans->etag, .last_modified = ans->last_modified,
        .content_type = ans->content_type, .body = ans->body, .body_len = ans->len,
        .fetched_at = now, .checked_at = now,
    };
    return responses_put(st, url, &r, d);
}

static bool list_store(struct store *st, const struct list *l, int64_t now, struct diag *d)
{
    if (!store_begin(st, d))
        return false;
    bool ok = true;
    for (unsigned i = 0; ok && i < l->n; i++)
        ok = popular_lists_put(st, l->pages[i].url, &l->pages[i].ans, now, d);
    if (ok)
        return store_commit(st, d);
    store_rollback(st);
    return false;
}

static void list_finish(struct store *st, struct list *l, int64_t now,
                        struct popular_refresh_summary *sum)
{
    struct diag d;
    diag_clear(&d);
    if (list_answers_ok(st, l, &d) && list_store(st, l, now, &d)) {
        sum->updated++;
    } else {
        sum->failed++;
        diag_format(&d, sum->failure[l->eco], sizeof(sum->failure[l->eco]));
    }
    for (unsigned i = 0; i < l->asked; i++)
        fetch_answer_fini(&l->pages[i].ans);
}

/* Asks the next pages of l: all of a list of fixed length, PAGE_BATCH
 * of one ending at an empty page.  False when a request could not be
 * made. */
static bool ask_more(struct store *st, struct http_engine *eng, struct list *l, struct diag *d)
{
    unsigned upto = popular_ends_empty(l->eco) ? l->asked + PAGE_BATCH : l->n;
    if (upto > l->n)
        upto = l->n;
    bool ok = true;
    for (; ok && l->asked < upto; l->asked++)
        ok = popular_lists_ask(st, eng, l->pages[l->asked].url, &l->pages[l->asked].ans, d);
    return ok;
}

/* Whether l needs more pages: none failed or came back empty so far
 * (a failure ends the list: it is reported whole by list_finish). */
static bool wants_more(struct store *st, struct list *l)
{
    if (!popular_ends_empty(l->eco) || l->asked >= l->n)
        return false;
    for (unsigned i = 0; i < l->asked; i++) {
        struct diag d;
        diag_clear(&d);
        if (page_names(st, l, i, &d) <= 0) {
            return false;
        }
    }
    return true;
}

/* One refresh: the paged lists (Hex, PyPI) and npm's package. */
struct lists_run {
    struct list lists[POPULAR_ECOS];
    bool asked[POPULAR_ECOS];
    struct popular_npm npm;
    bool npm_asked;
};

/* The first requests of every list asked for and not fresh. */
static bool run_start(struct lists_run *r, struct store *st, struct http_engine *eng,
                      struct arena *a, const struct engine_config *cfg,
                      const bool want[POPULAR_ECOS], int64_t now, bool force,
                      struct popular_refresh_summary *sum, struct diag *d)
{
    bool ok = true;
    for (int e = ECO_HEX; ok && e < POPULAR_ECOS; e++) {
        bool npm = e == ECO_NPM;
        if (!want[e] || (!npm && !list_urls(&r->lists[e], a, cfg, (enum ecosystem)e)))
            continue;
        if (npm)
            popular_npm_init(&r->npm, a, cfg);
        sum->lists++;
        if (!force && (npm ? popular_npm_fresh(st, &r->npm, now)
                           : list_fresh(st, &r->lists[e], now))) {
            sum->fresh++;
            continue;
        }
        bool asked;
        if (npm)
            ok = r->npm_asked = popular_npm_ask(st, eng, &r->npm, a, &asked, d);
        else
            ok = r->asked[e] = ask_more(st, eng, &r->lists[e], d);
    }
    return ok;
}

/* The requests that depend on answers: the next pages of a list ending
 * at an empty page, npm's tarball once its packument is read. */
static bool run_more(struct lists_run *r, struct store *st, struct http_engine *eng,
                     struct arena *a, bool *more, struct diag *d)
{
    bool ok = true;
    *more = false;
    for (int e = ECO_HEX; ok && e < POPULAR_ECOS; e++)
        if (r->asked[e] && wants_more(st, &r->lists[e])) {
            ok = ask_more(st, eng, &r->lists[e], d);
            *more = ok;
        }
    bool asked = false;
    if (ok && r->npm_asked)
        ok = popular_npm_ask(st, eng, &r->npm, a, &asked, d);
    *more = *more || asked;
    return ok;
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
    struct lists_run *r = arena_alloc(a, sizeof(*r));
    bool ok = run_start(r, st, eng, a, cfg, want, now, force, sum, d);
    http_run(eng);
    for (bool more = ok; more;) {
        ok = run_more(r, st, eng, a, &more, d);
        if (more)
            http_run(eng);
    }
    struct http_stats hs = http_engine_stats(eng);
    sum->requests = hs.requests;
    sum->not_modified = hs.not_modified;
    http_engine_free(eng);
    for (int e = ECO_HEX; e < POPULAR_ECOS; e++)
        if (r->asked[e])
            list_finish(st, &r->lists[e], now, sum);
    if (r->npm_asked)
        popular_npm_finish(st, &r->npm, a, now, sum);
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
    bool npm = eco == ECO_NPM;
    bool ok = npm ? popular_npm_names(st, cfg, a, &names, &oldest, d)
                  : list_urls(&l, a, cfg, eco);
    for (unsigned i = 0; ok && !npm && i < l.n; i++) {
        struct cached_response r;
        struct diag ignore;
        diag_clear(&ignore);
        ok = responses_get(st, l.pages[i].url, &r, &ignore);
        if (!ok)
            break;
        size_t before = names.n;
        ok = popular_parse(a, eco, l.pages[i].url, r.body, r.body_len, &names, d);
        if (r.checked_at < oldest)
            oldest = r.checked_at;
        cached_response_fini(&r);
        if (ok && names.n == before && popular_ends_empty(eco))
            break;   /* the list's last page */
    }
    if (ok && names.n > 0)
        idx = typosquat_index_new_counted(eco, names.names, names.monthly, names.n);
    if (age)
        *age = now - oldest;
    arena_free(a);
    return idx;
}
