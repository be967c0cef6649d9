/* Imports: fetching other teams' reviews files, keeping them in the cache,
 * pinning them in imports.lock and merging them for evaluation. */
#include "depvet/engine/imports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/audit/imports_lock.h"
#include "depvet/audit/policy.h"
#include "depvet/core/fileio.h"
#include "depvet/core/hash.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/session.h"
#include "depvet/net/http.h"
#include "depvet/store/db.h"
#include "depvet/store/responses.h"
#include "refresh_commit.h"

/* Asks for every import at once, revalidating the cached copies. */
static bool fetch_all(const struct engine_config *cfg, const struct cached_response *cached,
                      struct fetch_answer *ans, struct diag *d)
{
    struct http_config hc;
    engine_config_http(cfg, &hc);
    struct http_engine *eng = http_engine_new(&hc, d);
    if (!eng)
        return false;
    bool ok = true;
    for (unsigned i = 0; ok && i < cfg->n_imports; i++) {
        bool have = cached[i].body != NULL;
        struct http_request q = {
            .url = cfg->imports[i].url, .accept = "application/toml, text/plain;q=0.9, */*;q=0.1",
            .etag = have ? cached[i].etag : NULL,
            .last_modified = have ? cached[i].last_modified : NULL,
            .ud = &ans[i], .done = fetch_answer_done};
        ok = http_submit(eng, &q, d);
    }
    if (ok)
        http_run(eng);
    http_engine_free(eng);
    return ok;
}

static void hex_digest(const char *buf, size_t len, char out[65])
{
    unsigned char dg[32];
    hash_buffer(HASH_SHA256, buf, len, dg);
    hash_hex_encode(dg, sizeof dg, out);
}

/* The content to use for import i: the fresh answer, or the cached copy
 * with why; false with d set when there is neither. */
static bool pick_content(const struct import_def *def, const struct fetch_answer *a,
                         const struct cached_response *c, bool offline, struct import_state *s,
                         const char **body, size_t *len, struct diag *d)
{
    if (!offline && a->ok && !a->not_modified) {
        s->source = IMPORT_FETCHED;
        *body = a->body, *len = a->len;
        return true;
    }
    if (!c->body) {
        if (offline)
            diag_set(d, DIAG_IO, def->url, 0, 0, "import %s: no copy in the cache (offline); "
                     "run once without --offline", def->name);
        else
            diag_set(d, DIAG_IO, def->url, 0, 0, "import %s: %s; no copy in the cache",
                     def->name, a->err.msg[0] ? a->err.msg : "not fetched");
        return false;
    }
    s->source = offline || !a->not_modified ? IMPORT_CACHED : IMPORT_NOT_MODIFIED;
    if (offline)
        snprintf(s->note, sizeof s->note, "offline");
    else if (!a->not_modified)
        snprintf(s->note, sizeof s->note, "the fetch failed: %s", a->err.msg);
    s->fetched_at = c->fetched_at;
    *body = c->body, *len = c->body_len;
    return true;
}

/* Under --locked the content must be the one imports.lock names. */
static bool check_locked(const struct import_def *def, const struct imports_lock_entry *e,
                         const struct import_state *s, struct diag *d)
{
    if (!e)
        diag_set(d, DIAG_IO, def->url, 0, 0, "import %s is not in .depvet/imports.lock (its "
                 "content has sha256 %s); run depvet check without --locked and commit the "
                 "lock", def->name, s->sha256);
    else if (strcmp(e->url, def->url) != 0)
        diag_set(d, DIAG_IO, def->url, 0, 0, "import %s: imports.lock pins another url (%s); "
                 "run depvet check without --locked and review the change", def->name, e->url);
    else if (strcmp(e->sha256, s->sha256) != 0)
        diag_set(d, DIAG_IO, def->url, 0, 0, "import %s changed: its content has sha256 %s, "
                 "imports.lock has sha256 %s; run depvet check without --locked to take it "
                 "and review the change in git", def->name, s->sha256, e->sha256);
    return e && !diag_failed(d);
}

/* Keeps a fresh answer in the cache; a cache that cannot be written (a
 * read-only one) only loses the offline copy. */
static void cache_answer(struct store *st, const char *url, const struct fetch_answer *a,
                         int64_t now)
{
    if (!st)
        return;
    struct diag d;
    diag_clear(&d);
    struct cached_response r = {200, a->etag, a->last_modified, a->content_type,
                                a->body, a->len, now, now};
    if (store_begin(st, &d)) {
        if (responses_put(st, url, &r, &d) && store_commit(st, &d))
            return;
        store_rollback(st);
    }
}

/* Reads, parses, checks and merges import i. */
static bool take_one(struct imports *im, size_t i, const struct fetch_answer *a,
                     const struct cached_response *c, const struct imports_lock *lock,
                     const struct audits *local, const struct imports_options *o,
                     struct diag *d)
{
    struct import_state *s = &im->items[i];
    const char *body;
    size_t len;
    s->fetched_at = o->now;
    if (!pick_content(s->def, a, c, o->offline, s, &body, &len, d))
        return false;
    if (len > AUDITS_MAX_FILE) {
        diag_set(d, DIAG_LIMIT, s->def->url, 0, 0, "import %s is larger than %u bytes",
                 s->def->name, AUDITS_MAX_FILE);
        return false;
    }
    struct audits *theirs = audits_parse(body, len, s->def->url, d);
    if (!theirs)
        return false;
    hex_digest(body, len, s->sha256);
    const struct imports_lock_entry *e = imports_lock_find(lock, s->def->name);
    snprintf(s->locked, sizeof s->locked, "%s", e ? e->sha256 : "");
    bool ok = !o->locked || check_locked(s->def, e, s, d);
    if (ok) {
        s->with = audits_clone(local);
        s->reviews = audits_import(s->with, theirs, s->def->criteria);
        audits_import(im->merged, theirs, s->def->criteria);
    }
    audits_free(theirs);
    return ok;
}

/* Brings imports.lock up to date with what was taken; writes it only when
 * it changed. */
static bool update_lock(struct imports *im, const struct engine_config *cfg,
                        struct imports_lock *lock, const char *path, struct diag *d)
{
    bool changed = false;
    for (size_t i = 0; i < im->n; i++) {
        struct import_state *s = &im->items[i];
        const struct imports_lock_entry *e = imports_lock_find(lock, s->def->name);
        if (e && strcmp(e->sha256, s->sha256) == 0 && strcmp(e->url, s->def->url) == 0)
            continue;
        imports_lock_set(lock, s->def->name, s->def->url, s->sha256);
        s->lock_changed = changed = true;
    }
    for (unsigned i = 0; i < lock->n;) {
        unsigned k = 0;
        while (k < cfg->n_imports && strcmp(cfg->imports[k].name, lock->items[i].name) != 0)
            k++;
        if (k < cfg->n_imports)
            i++;
        else
            changed = imports_lock_remove(lock, lock->items[i].name);
    }
    if (!changed)
        return true;
    size_t len;
    char *text = imports_lock_serialize(lock, &len);
    bool ok = file_write_project(path, text, len, d);
    free(text);
    im->lock_written = ok;
    return ok;
}

/* The cache, writable when it can be (offline: only one that exists). */
static struct store *open_cache(const struct imports_options *o)
{
    struct diag d;
    diag_clear(&d);
    struct store *st = o->offline ? NULL : store_open_default(o->cache_dir, &d);
    if (!st) {
        diag_clear(&d);
        st = store_open_readonly(o->cache_dir, &d);
    }
    return st;
}

static bool resolve_all(struct imports *im, const struct engine_config *cfg,
                        const struct audits *local, const struct imports_options *o,
                        const struct imports_lock *lock, struct diag *d)
{
    unsigned n = cfg->n_imports;
    struct cached_response *cached = xcalloc(n + 1, sizeof *cached);
    struct fetch_answer *ans = xcalloc(n + 1, sizeof *ans);
    struct store *st = open_cache(o);
    for (unsigned i = 0; st && i < n; i++) {
        struct diag ignore;
        diag_clear(&ignore);
        if (!responses_get(st, cfg->imports[i].url, &cached[i], &ignore))
            memset(&cached[i], 0, sizeof cached[i]);
    }
    bool ok = o->offline || fetch_all(cfg, cached, ans, d);
    for (unsigned i = 0; ok && i < n; i++)
        ok = take_one(im, i, &ans[i], &cached[i], lock, local, o, d);
    for (unsigned i = 0; ok && i < n; i++)
        if (!o->offline && ans[i].ok && !ans[i].not_modified)
            cache_answer(st, cfg->imports[i].url, &ans[i], o->now);
    for (unsigned i = 0; i < n; i++) {
        cached_response_fini(&cached[i]);
        fetch_answer_fini(&ans[i]);
    }
    free(cached);
    free(ans);
    store_close(st);
    return ok;
}

bool imports_resolve(struct imports *out, const struct engine_config *cfg, const char *project,
                     const struct audits *local, const struct imports_options *o,
                     struct diag *d)
{
    memset(out, 0, sizeof *out);
    char *path = session_project_file(project, "imports.lock");
    struct imports_lock *lock = xmalloc(sizeof *lock);
    bool ok = imports_lock_load(lock, path, d);
    bool any = cfg->n_imports || lock->n;
    if (ok && cfg->n_imports) {
        out->n = cfg->n_imports;
        out->items = xcalloc(out->n, sizeof *out->items);
        for (size_t i = 0; i < out->n; i++)
            out->items[i].def = &cfg->imports[i];
        out->merged = audits_clone(local);
        ok = resolve_all(out, cfg, local, o, lock, d);
    }
    /* Nothing is written unless every import was taken. */
    if (ok && any && !o->locked)
        ok = update_lock(out, cfg, lock, path, d);
    free(lock);
    free(path);
    if (!ok)
        imports_fini(out);
    return ok;
}

void imports_fini(struct imports *im)
{
    for (size_t i = 0; i < im->n; i++)
        audits_free(im->items[i].with);
    free(im->items);
    audits_free(im->merged);
    memset(im, 0, sizeof *im);
}

const char *imports_origin(const struct imports *im, enum ecosystem eco, const char *name,
                           const char *version, enum audit_criteria criteria, const char *today)
{
    for (size_t i = 0; im && i < im->n; i++)
        if (im->items[i].with &&
            policy_covers(im->items[i].with, eco, name, version, criteria, today))
            return im->items[i].def->name;
    return im && im->merged ? "several imports" : NULL;
}
