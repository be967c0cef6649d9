/* Downloading release archives through the HTTP engine, checking them
 * against their expected digests and keeping them in the blob store. */
#include "depvet/engine/archives.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/hash.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/fetchplan.h"
#include "depvet/net/http.h"

/* Larger archives than this are refused while downloading. */
#define ARCHIVES_MAX_DOWNLOAD (256u * 1024 * 1024)

static const char *const archive_status_table[ARCHIVES_STATUS_COUNT] = {
    [ARCHIVES_FETCHED] = "fetched", [ARCHIVES_CACHED] = "cached",
    [ARCHIVES_SKIPPED] = "skipped", [ARCHIVES_MISSING] = "missing",
    [ARCHIVES_FAILED] = "failed",   [ARCHIVES_MISMATCH] = "mismatch",
};

const char *archive_status_name(enum archive_status s)
{
    return (unsigned)s < ARCHIVES_STATUS_COUNT ? archive_status_table[s] : "?";
}

struct fetch_ctx {
    const struct archive_ref *refs;
    size_t n, done;
    struct blobstore *bs;
    const struct archives_options *o;
    struct arena *a;
    struct archive_result *res;
};

struct pending {
    struct fetch_ctx *c;
    size_t i;
};

static void finish(struct fetch_ctx *c, size_t i)
{
    c->done++;
    if (c->o->progress)
        c->o->progress(c->o->ud, c->done, c->n, &c->refs[i], &c->res[i]);
}

/* Verifies bytes (downloaded, or read back from the store) and stores
 * what passes. */
static void take_bytes(struct fetch_ctx *c, size_t i, const void *data, size_t len,
                       bool from_store)
{
    const struct archive_ref *r = &c->refs[i];
    struct archive_result *res = &c->res[i];
    res->size = len;
    res->have_digest = hash_buffer(HASH_SHA256, data, len, res->digest);
    const char *why;
    if (archives_verify(c->a, r, data, len, &why, &res->checked)) {
        res->status = ARCHIVES_MISMATCH;
        res->message = why;
        return;
    }
    if (from_store) {
        res->status = ARCHIVES_CACHED;
        return;
    }
    struct diag d;
    diag_clear(&d);
    if (blobstore_put(c->bs, data, len, res->digest, &d) &&
        blobstore_ref_set(c->bs, r->eco, r->name, r->version, r->filename, res->digest, &d)) {
        res->status = ARCHIVES_FETCHED;
        return;
    }
    char msg[1024];
    diag_format(&d, msg, sizeof(msg));
    res->status = ARCHIVES_FAILED;
    res->message = arena_strdup(c->a, msg);
}

static void on_response(void *ud, const struct http_response *r)
{
    struct pending *p = ud;
    struct fetch_ctx *c = p->c;
    if (!r->ok) {
        char msg[1024];
        diag_format(&r->err, msg, sizeof(msg));
        c->res[p->i].status = ARCHIVES_FAILED;
        c->res[p->i].message = arena_strdup(c->a, msg);
    } else {
        take_bytes(c, p->i, r->body, r->len, false);
    }
    finish(c, p->i);
}

/* True when the stored copy settled the archive (cached or mismatching). */
static bool try_stored(struct fetch_ctx *c, size_t i)
{
    const struct archive_ref *r = &c->refs[i];
    unsigned char dg[BLOBSTORE_DIGEST];
    if (!blobstore_ref_get(c->bs, r->eco, r->name, r->version, r->filename, dg))
        return false;
    struct diag d;
    diag_clear(&d);
    size_t len = 0;
    void *data = blobstore_get(c->bs, dg, &len, &d);
    if (!data) {
        if (diag_failed(&d)) {   /* corrupt on disk: removed, fetched again */
            char msg[1024];
            diag_format(&d, msg, sizeof(msg));
            c->res[i].message = arena_strdup(c->a, msg);
        }
        return false;
    }
    take_bytes(c, i, data, len, true);
    free(data);
    return true;
}

static struct http_engine *start_engine(const struct engine_config *cfg, struct diag *d)
{
    struct http_config hc;
    engine_config_http(cfg, &hc);
    hc.max_body = ARCHIVES_MAX_DOWNLOAD;
    if (hc.body_budget < hc.max_body)
        hc.body_budget = hc.max_body;   /* one archive of the largest size fits */
    hc.timeout_ms = 120000;   /* an archive is bigger than a JSON answer */
    return http_engine_new(&hc, d);
}

static bool submit(struct http_engine *eng, struct pending *p, const struct archive_ref *r,
                   struct diag *d)
{
    char auth[FETCH_TOKEN_MAX * 2];
    struct http_request req = {
        .method = "GET",
        .url = r->url,
        .accept = "application/octet-stream, */*;q=0.5",
        .auth_header = fetchplan_auth_header(r->priv, auth, sizeof(auth)) ? auth : NULL,
        .ud = p,
        .done = on_response,
    };
    bool ok = http_submit(eng, &req, d);
    memset(auth, 0, sizeof(auth));   /* the engine keeps its own copy */
    return ok;
}

/* Queues one download; false when it failed at once (result filled). */
static bool download(struct fetch_ctx *c, struct http_engine **eng,
                     const struct engine_config *cfg, struct pending *p, size_t i, struct diag *d)
{
    struct diag sd;
    diag_clear(&sd);
    if (!*eng && !diag_failed(d))
        *eng = start_engine(cfg, d);
    *p = (struct pending){c, i};
    if (*eng && submit(*eng, p, &c->refs[i], &sd))
        return true;
    char msg[1024];
    diag_format(*eng ? &sd : d, msg, sizeof(msg));
    c->res[i].status = ARCHIVES_FAILED;
    c->res[i].message = arena_strdup(c->a, msg);
    return false;
}

bool archives_fetch(const struct archive_ref *refs, size_t n, const struct engine_config *cfg,
                    struct blobstore *bs, const struct archives_options *o, struct arena *a,
                    struct archive_result *results, struct diag *d)
{
    struct archives_options none = {0};
    struct fetch_ctx c = {refs, n, 0, bs, o ? o : &none, a, results};
    memset(results, 0, n * sizeof(*results));
    struct pending *pend = xcalloc(n + 1, sizeof(*pend));
    struct http_engine *eng = NULL;
    for (size_t i = 0; i < n; i++) {
        if (refs[i].skipped || !refs[i].url) {
            results[i].status = ARCHIVES_SKIPPED;
            results[i].message = refs[i].skipped;
        } else if (try_stored(&c, i)) {
            /* settled from the store */
        } else if (c.o->offline) {
            results[i].status = ARCHIVES_MISSING;
            results[i].message = "not stored (run 'depvet fetch' without --offline)";
        } else if (download(&c, &eng, cfg, &pend[i], i, d)) {
            continue;   /* finished by its callback */
        }
        finish(&c, i);
    }
    if (eng)
        http_run(eng);
    http_engine_free(eng);
    free(pend);
    return !diag_failed(d);
}

void *archives_load(struct blobstore *bs, const struct archive_ref *r, size_t *len,
                    struct diag *d)
{
    unsigned char dg[BLOBSTORE_DIGEST];
    if (!blobstore_ref_get(bs, r->eco, r->name, r->version, r->filename, dg))
        return NULL;
    return blobstore_get(bs, dg, len, d);
}

void archives_findings(const struct archive_ref *refs, const struct archive_result *res,
                       size_t n, const struct dep_graph *g, struct findings *out)
{
    if (!out->arena)
        out->arena = arena_new();
    for (size_t i = 0; i < n; i++) {
        if (res[i].status != ARCHIVES_MISMATCH)
            continue;
        const struct archive_ref *r = &refs[i];
        struct finding *f = VEC_ADD(&out->items);
        f->rule = "checksum-mismatch";
        f->severity = SEV_CRITICAL;
        f->node = r->node;
        f->lockfile = g && r->node < g->nodes.len ? g->nodes.items[r->node].lockfile : 0;
        f->message = arena_printf(out->arena, "%s %s archive %s does not match: %s", r->name,
                                  r->version, r->filename ? r->filename : "",
                                  res[i].message ? res[i].message : "");
        f->evidence = arena_strdup(out->arena, r->url);
        f->link = NULL;
    }
}
