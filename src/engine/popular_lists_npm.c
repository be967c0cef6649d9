/* npm's popular list: the npm-high-impact package (maintained by wooorm,
 * rebuilt from the registry's download counts and dependents), fetched
 * from the configured npm registry like any package: the packument names
 * the latest release, its tarball is checked against the packument's
 * integrity and read in memory under archive caps, and its two lists
 * (most downloaded, most depended upon) are merged into one ranking. */
#include <string.h>

#include "depvet/analysis/archive.h"
#include "depvet/core/hash.h"
#include "depvet/registry/npm.h"
#include "depvet/store/responses.h"
#include "popular_lists_priv.h"

static const char *tarball_url(struct arena *a, const char *base, const char *version)
{
    return arena_printf(a, "%s/%s/-/%s-%s.tgz", base, POPULAR_NPM_PACKAGE, POPULAR_NPM_PACKAGE,
                        version);
}

/* The latest release's tarball URL (in the configured registry's layout,
 * so a mirror or a snapshot serves it) and integrity. */
static bool packument_tarball(struct arena *a, const char *base, const char *url,
                              const char *body, size_t len, const char **tgz,
                              const char **integrity, struct diag *d)
{
    struct reg_package *p = NULL;
    if (!npm_parse_packument(a, url, body, len, &p, d))
        return false;
    for (size_t i = 0; p->latest_version && i < p->n_releases; i++) {
        const struct reg_release *r = &p->releases[i];
        if (strcmp(r->version, p->latest_version) != 0)
            continue;
        if (!r->integrity) {
            diag_set(d, DIAG_SYNTAX, url, 0, 0, "the latest release has no integrity");
            return false;
        }
        *tgz = tarball_url(a, base, r->version);
        *integrity = r->integrity;
        return true;
    }
    diag_set(d, DIAG_SYNTAX, url, 0, 0, "no latest release in the packument");
    return false;
}

static bool lists_from_tarball(struct arena *a, const char *url, const char *tgz, size_t len,
                               const char *integrity, struct popular_names *out,
                               struct diag *d)
{
    if (!hash_sri_matches(integrity, tgz, len)) {
        diag_set(d, DIAG_SYNTAX, url, 0, 0, "the tarball does not match the packument's "
                                               "integrity");
        return false;
    }
    struct archive_caps caps;
    archive_caps_default(&caps);
    caps.max_entries = 200;
    caps.max_file_size = 8u << 20;
    caps.max_total_size = 32u << 20;
    struct archive_listing *l = archive_listing_open(tgz, len, url, &caps, d);
    if (!l)
        return false;
    struct popular_names lists[2] = {{0}, {0}};
    bool ok = l->complete;
    if (!ok)
        diag_set(d, DIAG_SYNTAX, url, 0, 0, "the tarball could not be read whole");
    for (size_t i = 0; ok && i < 2; i++) {
        const char *path = popular_npm_file_table[i];
        const struct archive_item *it = archive_listing_find(l, path);
        const char *where = arena_printf(a, "%s!%s", url, path);
        if (!it || !it->data) {
            diag_set(d, DIAG_SYNTAX, where, 0, 0, "not in the tarball");
            ok = false;
        } else {
            ok = popular_parse_js_list(a, where, (const char *)it->data, it->size, &lists[i], d);
        }
    }
    if (ok && lists[0].n == 0) {
        diag_set(d, DIAG_SYNTAX, url, 0, 0, "the popular list names no package");
        ok = false;
    }
    archive_listing_free(l);
    if (ok)
        popular_merge_ranked(a, lists, out);
    return ok;
}

void popular_npm_init(struct popular_npm *n, struct arena *a, const struct engine_config *cfg)
{
    memset(n, 0, sizeof(*n));
    n->base = engine_config_url(cfg, SRC_NPM);
    n->pkg_url = npm_packument_url(a, n->base, POPULAR_NPM_PACKAGE);
    diag_clear(&n->err);
}

bool popular_npm_names(struct store *st, const struct engine_config *cfg, struct arena *a,
                       struct popular_names *out, int64_t *checked, struct diag *d)
{
    const char *base = engine_config_url(cfg, SRC_NPM);
    const char *url = npm_packument_url(a, base, POPULAR_NPM_PACKAGE);
    const char *tgz = NULL, *integrity = NULL;
    struct cached_response pkg, t;
    struct diag ignore;
    diag_clear(&ignore);
    if (!responses_get(st, url, &pkg, &ignore))
        return false;
    bool ok = packument_tarball(a, base, url, pkg.body, pkg.body_len, &tgz, &integrity, d);
    if (checked)
        *checked = pkg.checked_at;
    cached_response_fini(&pkg);
    if (!ok || !responses_get(st, tgz, &t, &ignore))
        return false;
    ok = lists_from_tarball(a, tgz, t.body, t.body_len, integrity, out, d);
    cached_response_fini(&t);
    return ok;
}

/* The packument is stored only together with a tarball whose lists were
 * read whole, so its age is the list's. */
bool popular_npm_fresh(struct store *st, struct popular_npm *n, int64_t now)
{
    return refresh_is_fresh(st, n->pkg_url, POPULAR_TTL, now);
}

/* The body of url: the new answer's, or the cached one after a 304 (or
 * when ans was never asked).  *c is filled when the cache answered. */
static bool answer_body(struct store *st, const char *url, const struct fetch_answer *ans,
                        struct cached_response *c, const char **body, size_t *len)
{
    memset(c, 0, sizeof(*c));
    if (ans->ok && !ans->not_modified) {
        *body = ans->body;
        *len = ans->len;
        return true;
    }
    struct diag ignore;
    diag_clear(&ignore);
    if (!responses_get(st, url, c, &ignore))
        return false;
    *body = c->body;
    *len = c->body_len;
    return true;
}

/* Whether the cache holds the tarball n names, whole. */
static bool tarball_stored(struct store *st, const struct popular_npm *n)
{
    struct cached_response c;
    struct diag ignore;
    diag_clear(&ignore);
    if (!responses_get(st, n->tgz_url, &c, &ignore))
        return false;
    bool ok = hash_sri_matches(n->integrity, c.body, c.body_len);
    cached_response_fini(&c);
    return ok;
}

bool popular_npm_ask(struct store *st, struct http_engine *eng, struct popular_npm *n,
                     struct arena *a, bool *asked, struct diag *d)
{
    *asked = false;
    if (!n->pkg_asked) {
        n->pkg_asked = *asked = true;
        return popular_lists_ask(st, eng, n->pkg_url, &n->pkg, d);
    }
    if (n->tgz_url || !n->pkg.ok || diag_failed(&n->err))
        return true;
    struct cached_response c;
    const char *body = NULL;
    size_t len = 0;
    if (!answer_body(st, n->pkg_url, &n->pkg, &c, &body, &len)) {
        diag_set(&n->err, DIAG_IO, n->pkg_url, 0, 0, "the stored packument is gone");
        return true;
    }
    bool ok = packument_tarball(a, n->base, n->pkg_url, body, len, &n->tgz_url, &n->integrity,
                                &n->err);
    cached_response_fini(&c);
    if (!ok || tarball_stored(st, n))
        return true;
    n->tgz_asked = *asked = true;
    return popular_lists_ask(st, eng, n->tgz_url, &n->tgz, d);
}

static bool npm_answers_ok(struct store *st, struct popular_npm *n, struct arena *a,
                           struct diag *d)
{
    if (!n->pkg.ok || diag_failed(&n->err) || !n->tgz_url) {
        *d = !n->pkg.ok ? n->pkg.err : n->err;
        return false;
    }
    if (n->tgz_asked && !n->tgz.ok) {
        *d = n->tgz.err;
        return false;
    }
    struct cached_response c;
    const char *body = NULL;
    size_t len = 0;
    if (!answer_body(st, n->tgz_url, &n->tgz, &c, &body, &len)) {
        diag_set(d, DIAG_IO, n->tgz_url, 0, 0, "the stored tarball is gone");
        return false;
    }
    struct popular_names names = {0};
    bool ok = lists_from_tarball(a, n->tgz_url, body, len, n->integrity, &names, d);
    cached_response_fini(&c);
    return ok;
}

void popular_npm_finish(struct store *st, struct popular_npm *n, struct arena *a, int64_t now,
                        struct popular_refresh_summary *sum)
{
    struct diag d;
    diag_clear(&d);
    bool ok = npm_answers_ok(st, n, a, &d) && store_begin(st, &d);
    if (ok) {
        ok = popular_lists_put(st, n->pkg_url, &n->pkg, now, &d) &&
             (!n->tgz_asked || popular_lists_put(st, n->tgz_url, &n->tgz, now, &d));
        if (ok)
            ok = store_commit(st, &d);
        else
            store_rollback(st);
    }
    if (ok) {
        sum->updated++;
    } else {
        sum->failed++;
        diag_format(&d, sum->failure[ECO_NPM], sizeof(sum->failure[ECO_NPM]));
    }
    fetch_answer_fini(&n->pkg);
    fetch_answer_fini(&n->tgz);
}
