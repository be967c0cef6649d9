/* On-demand registry documents through the response cache (reldoc.h). */
#include "depvet/engine/reldoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"
#include "depvet/net/http.h"
#include "depvet/registry/hexpm.h"
#include "depvet/registry/npm.h"
#include "depvet/registry/pypi.h"
#include "depvet/store/responses.h"
#include "refresh_commit.h"

#define DAY 86400

const char *reldoc_url(const struct engine_config *cfg, const struct reldoc *d, struct arena *a)
{
    switch (d->eco) {
    case ECO_HEX: {
        const char *base = engine_config_url(cfg, SRC_HEX_API);
        return d->version ? hexpm_release_url(a, base, d->name, d->version)
                          : hexpm_package_url(a, base, d->name);
    }
    case ECO_PYPI: {
        const char *base = arena_printf(a, "%s/pypi", engine_config_url(cfg, SRC_PYPI));
        return d->version ? pypi_version_url(a, base, d->name, d->version)
                          : pypi_project_url(a, base, d->name);
    }
    case ECO_NPM:
        return npm_packument_url(a, engine_config_url(cfg, SRC_NPM), d->name);
    case ECO_UNKNOWN:
        break;
    }
    return NULL;
}

/* Parses one answer's body into d. */
static void parse_into(struct reldoc *d, const char *url, const char *body, size_t len,
                       struct arena *a)
{
    struct diag pd;
    diag_clear(&pd);
    struct reg_package *p = NULL;
    bool ok;
    if (d->eco == ECO_HEX && d->version) {
        struct reg_release *r = NULL;
        ok = hexpm_parse_release(a, url, body, len, &r, &pd);
        if (ok) {
            p = reg_package_new(a, ECO_HEX, d->name);
            p->releases = r;
            p->n_releases = 1;
            if (!r->version)
                r->version = arena_strdup(a, d->version);
        }
    } else if (d->eco == ECO_HEX) {
        ok = hexpm_parse_package(a, url, body, len, &p, &pd);
    } else if (d->eco == ECO_PYPI) {
        ok = pypi_parse_project(a, url, body, len, &p, &pd);
    } else {
        ok = npm_parse_packument(a, url, body, len, &p, &pd);
    }
    if (!ok) {
        diag_format(&pd, d->error, sizeof(d->error));
        return;
    }
    d->pkg = p;
    if (d->version && !(d->release = reg_package_find_release(p, d->version)))
        snprintf(d->error, sizeof(d->error), "%s: no release %s in the answer", url, d->version);
}

struct slot {
    struct reldoc *doc;
    const char *url;
    struct fetch_answer ans;
    struct cached_response cached;
    bool have;
};

static int64_t ttl_of(const struct reldoc_options *o, const struct reldoc *d)
{
    return o->ttl ? o->ttl : d->version && d->eco != ECO_NPM ? 30 * DAY : DAY;
}

/* The cached answer when it will do; else a conditional request queued. */
static void plan_slot(struct store *st, struct http_engine **eng, const struct engine_config *cfg,
                      struct slot *s, const struct reldoc_options *o, struct arena *a)
{
    struct diag d;
    diag_clear(&d);
    s->have = st && responses_get(st, s->url, &s->cached, &d);
    bool fresh = s->have && s->cached.checked_at <= o->now &&
                 o->now - s->cached.checked_at < ttl_of(o, s->doc);
    if (fresh || (s->have && o->offline)) {
        s->doc->from_cache = true;
        parse_into(s->doc, s->url, s->cached.body, s->cached.body_len, a);
        return;
    }
    if (o->offline) {
        snprintf(s->doc->error, sizeof(s->doc->error), "%s: not in the cache (offline)", s->url);
        return;
    }
    if (!*eng) {
        struct http_config hc;
        engine_config_http(cfg, &hc);
        *eng = http_engine_new(&hc, &d);
    }
    struct http_request req = {
        .method = "GET", .url = s->url,
        .etag = s->have ? s->cached.etag : NULL,
        .last_modified = s->have ? s->cached.last_modified : NULL,
        .ud = &s->ans, .done = fetch_answer_done,
    };
    if (!*eng || !http_submit(*eng, &req, &d))
        diag_format(&d, s->doc->error, sizeof(s->doc->error));
}

/* An answer: kept in the cache (a 304 renews the copy) and parsed. */
static void take_answer(struct store *st, struct slot *s, const struct reldoc_options *o,
                        struct arena *a)
{
    struct diag d;
    diag_clear(&d);
    if (!s->ans.ok) {
        diag_format(&s->ans.err, s->doc->error, sizeof(s->doc->error));
        return;
    }
    if (s->ans.not_modified) {
        if (st)
            responses_touch(st, s->url, o->now, &d);
        parse_into(s->doc, s->url, s->cached.body, s->cached.body_len, a);
        return;
    }
    struct cached_response fresh = {
        .status = s->ans.status, .etag = s->ans.etag, .last_modified = s->ans.last_modified,
        .content_type = s->ans.content_type, .body = s->ans.body, .body_len = s->ans.len,
        .fetched_at = o->now, .checked_at = o->now,
    };
    if (st)
        responses_put(st, s->url, &fresh, &d);   /* a copy not kept is asked again */
    parse_into(s->doc, s->url, s->ans.body, s->ans.len, a);
}

void reldoc_fetch(struct store *st, const struct engine_config *cfg, struct reldoc *docs,
                  size_t n, const struct reldoc_options *o, struct arena *a)
{
    struct slot *slots = xcalloc(n + 1, sizeof(*slots));
    struct http_engine *eng = NULL;
    for (size_t i = 0; i < n; i++) {
        struct reldoc *d = &docs[i];
        d->pkg = NULL;
        d->release = NULL;
        d->from_cache = false;
        d->error[0] = '\0';
        slots[i].doc = d;
        if (engine_config_is_private_name(cfg, d->name)) {
            snprintf(d->error, sizeof(d->error), "%s is a private name: not asked of a public "
                     "registry", d->name);
            continue;
        }
        slots[i].url = reldoc_url(cfg, d, a);
        if (slots[i].url)
            plan_slot(st, &eng, cfg, &slots[i], o, a);
    }
    if (eng)
        http_run(eng);
    struct diag d;
    diag_clear(&d);
    bool tx = eng && st && store_begin(st, &d);
    for (size_t i = 0; i < n; i++) {
        if (slots[i].ans.done)
            take_answer(st, &slots[i], o, a);
        fetch_answer_fini(&slots[i].ans);
        if (slots[i].have)
            cached_response_fini(&slots[i].cached);
    }
    if (tx && !store_commit(st, &d))
        store_rollback(st);
    http_engine_free(eng);
    free(slots);
}
