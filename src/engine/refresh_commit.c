/* One package's answers become one cache transaction. */
#include "refresh_commit.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/strbuf.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/dlhistory.h"
#include "depvet/store/pkgstore.h"
#include "depvet/store/responses.h"

void fetch_answer_fini(struct fetch_answer *a)
{
    free(a->body);
    free(a->etag);
    free(a->last_modified);
    free(a->content_type);
    memset(a, 0, sizeof(*a));
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void fetch_answer_take(struct fetch_answer *a, const struct http_response *r)
{
    a->body = xmalloc(r->len + 1);
    memcpy(a->body, r->body, r->len);
    a->body[r->len] = '\0';
    a->len = r->len;
    a->etag = dup_or_null(r->etag);
    a->last_modified = dup_or_null(r->last_modified);
    a->content_type = dup_or_null(r->content_type);
}

void fetch_answer_done(void *ud, const struct http_response *r)
{
    struct fetch_answer *a = ud;
    a->done = true;
    a->ok = r->ok;
    a->status = r->status;
    a->not_modified = r->not_modified;
    if (r->ok && !r->not_modified)
        fetch_answer_take(a, r);
    if (!r->ok)
        a->err = r->err;
}

bool refresh_is_fresh(struct store *st, const char *url, int64_t ttl, int64_t now)
{
    struct cached_response r;
    struct diag d;
    diag_clear(&d);
    if (!responses_get(st, url, &r, &d))
        return false;
    bool fresh = r.checked_at <= now && now - r.checked_at < ttl;
    cached_response_fini(&r);
    return fresh;
}

/* The body to parse for one answer: new, or the cached one for 304/TTL. */
static bool answer_body(struct store *st, const struct fetch_item *it,
                        struct fetch_answer *a, int64_t now,
                        struct cached_response *cached, struct diag *d)
{
    memset(cached, 0, sizeof(*cached));
    if (a->not_modified || a->from_ttl) {
        if (!responses_get(st, it->url, cached, d)) {
            diag_set(d, DIAG_INTERNAL, it->url, 0, 0,
                     "the registry said 'not modified' but the cache has no copy");
            return false;
        }
        return !a->not_modified || responses_touch(st, it->url, now, d);
    }
    struct cached_response fresh = {
        .status = a->status, .etag = a->etag, .last_modified = a->last_modified,
        .content_type = a->content_type, .body = a->body, .body_len = a->len,
        .fetched_at = now, .checked_at = now,
    };
    return responses_put(st, it->url, &fresh, d);
}

static void add_kind(struct strbuf *kinds, enum fetch_kind k)
{
    strbuf_printf(kinds, "%s%s", kinds->len ? "," : "", fetch_kind_fact(k));
    /* Owners are only known when asked; Hex's package answer does not
     * carry them. */
    if (k == FETCH_HEX_OWNERS || k == FETCH_NPM_PACKUMENT || k == FETCH_PYPI_PROJECT)
        strbuf_puts(kinds, ",owners");
}

/* Every answer was 304 or still fresh: the record stands as it is, only
 * the confirmation times move.  False (nothing written) when the package
 * must be written whole instead. */
static bool confirm_unchanged(struct store *st, const struct fetch_plan *plan,
                              const struct fetch_pkg *fp,
                              const struct fetch_answer *answers, int64_t now,
                              struct diag *d)
{
    struct strbuf kinds = STRBUF_INIT;
    bool ok = true;
    for (unsigned i = 0; ok && i < fp->n_items; i++) {
        const struct fetch_answer *ans = &answers[i];
        ok = ans->ok && (ans->not_modified || ans->from_ttl);
        if (ok && ans->not_modified) {
            const struct fetch_item *it = &plan->items.items[fp->first_item + i];
            ok = responses_touch(st, it->url, now, d);
            add_kind(&kinds, it->kind);
        }
    }
    ok = ok && pkgstore_touch(st, fp->eco, fp->name, strbuf_str(&kinds), now, d);
    strbuf_fini(&kinds);
    return ok;
}

static bool fold_answers(struct store *st, const struct fetch_plan *plan,
                         const struct fetch_pkg *fp, struct fetch_answer *answers,
                         int64_t now, struct arena *a, struct reg_package **pkg,
                         struct strbuf *kinds, struct diag *d)
{
    for (unsigned i = 0; i < fp->n_items; i++) {
        const struct fetch_item *it = &plan->items.items[fp->first_item + i];
        struct fetch_answer *ans = &answers[i];
        if (!ans->ok) {
            if (fetch_kind_required(it->kind)) {
                *d = ans->err;
                return false;
            }
            continue;
        }
        struct cached_response cached;
        if (!answer_body(st, it, ans, now, &cached, d))
            return false;
        const char *body = cached.body ? cached.body : ans->body;
        size_t len = cached.body ? cached.body_len : ans->len;
        struct diag pd;
        diag_clear(&pd);
        bool ok = fetchplan_apply(it->kind, a, it->url, body ? body : "", len, fp, pkg, &pd);
        cached_response_fini(&cached);
        if (!ok && fetch_kind_required(it->kind)) {
            *d = pd;
            return false;
        }
        if (ok)
            add_kind(kinds, it->kind);
    }
    return true;
}

bool refresh_commit(struct store *st, const struct fetch_plan *plan, unsigned pkg,
                    struct fetch_answer *answers, int64_t now, struct diag *d)
{
    const struct fetch_pkg *fp = &plan->pkgs.items[pkg];
    if (!store_begin(st, d))
        return false;
    if (confirm_unchanged(st, plan, fp, answers, now, d))
        return store_commit(st, d);
    if (diag_failed(d)) {
        store_rollback(st);
        return false;
    }
    struct arena *a = arena_new();
    struct reg_package *rec = NULL;
    struct strbuf kinds = STRBUF_INIT;
    bool ok = fold_answers(st, plan, fp, answers, now, a, &rec, &kinds, d);
    if (ok && !rec) {
        diag_set(d, DIAG_NET, fp->name, 0, 0, "no registry answered");
        ok = false;
    }
    if (ok) {
        if (!rec->name)
            rec->name = fp->name;
        dlhistory_record_total(a, rec, now);
        ok = pkgstore_put(st, rec, strbuf_str(&kinds), now, d);
    }
    if (ok)
        ok = store_commit(st, d);
    else
        store_rollback(st);
    strbuf_fini(&kinds);
    arena_free(a);
    return ok;
}
