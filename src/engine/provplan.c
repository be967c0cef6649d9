/* The provenance pass of a refresh: requests that need the package's
 * record first (which releases are attested, which files a release has). */
#include "depvet/engine/fetchplan.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"
#include "depvet/registry/provenance.h"
#include "depvet/registry/pypi.h"
#include "depvet/store/pkgstore.h"
#include "refresh_commit.h"

struct prov_item {
    enum fetch_kind kind;
    const char *url;
};

static const struct reg_file *pick_file(const struct reg_release *r)
{
    for (size_t i = 0; i < r->n_files; i++)
        if (r->files[i].packagetype && !strcmp(r->files[i].packagetype, "sdist"))
            return &r->files[i];
    return r->n_files ? &r->files[0] : NULL;
}

/* The request for one release, or NULL when there is nothing to ask. */
static const char *release_url(struct arena *a, const struct engine_config *cfg,
                               const struct fetch_pkg *fp, const struct reg_release *r,
                               enum fetch_kind *kind)
{
    if (fp->eco == ECO_NPM && r->attest == REG_ATTEST_PRESENT) {
        *kind = FETCH_NPM_ATTESTATIONS;
        return provenance_npm_url(a, engine_config_url(cfg, SRC_NPM), fp->name, r->version);
    }
    const struct reg_file *f = fp->eco == ECO_PYPI ? pick_file(r) : NULL;
    if (!f || !f->filename)
        return NULL;
    *kind = FETCH_PYPI_PROVENANCE;
    if (f->provenance_url)
        return arena_strdup(a, f->provenance_url);
    return pypi_provenance_url(a, arena_printf(a, "%s/integrity", engine_config_url(cfg, SRC_PYPI)),
                               fp->name, r->version, f->filename);
}

/* Up to two requests (the pin and the latest release) for one package.
 * Two releases read from the cache, not the whole record: a project of
 * thousands of npm packages plans this pass on the explorer's thread. */
static size_t package_items(struct arena *a, struct store *st, const struct engine_config *cfg,
                            const struct fetch_pkg *fp, struct prov_item out[2])
{
    if (fp->skipped || fp->priv || (fp->eco != ECO_NPM && fp->eco != ECO_PYPI))
        return 0;
    struct diag d;
    diag_clear(&d);
    const char *versions[2] = {fp->version[0] ? fp->version : NULL,
                               pkgstore_latest_version(st, a, fp->eco, fp->name, &d)};
    if (versions[0] && versions[1] && !strcmp(versions[0], versions[1]))
        versions[1] = NULL;
    size_t n = 0;
    for (int i = 0; i < 2; i++) {
        struct reg_release r;
        memset(&r, 0, sizeof(r));
        r.version = versions[i];
        if (!versions[i] || !pkgstore_release_detail(st, a, fp->eco, fp->name, &r, &d))
            continue;
        const char *url = release_url(a, cfg, fp, &r, &out[n].kind);
        if (url)
            out[n++].url = url;
    }
    return n;
}

/* A copy of in's package p in out with those of its requests the first
 * pass answered (fresh in the cache: read from it, not asked again); one
 * that failed is not asked twice. */
static struct fetch_pkg *copy_package(struct fetch_plan *out, const struct fetch_plan *in,
                                      size_t p, struct store *st, int64_t now)
{
    const struct fetch_pkg *src = &in->pkgs.items[p];
    struct fetch_pkg *fp = VEC_ADD(&out->pkgs);
    *fp = *src;
    fp->name = arena_strdup(out->arena, src->name);
    fp->version = arena_strdup(out->arena, src->version);
    fp->first_item = (unsigned)out->items.len;
    fp->n_items = 0;
    for (unsigned i = 0; i < src->n_items; i++) {
        struct fetch_item it = in->items.items[src->first_item + i];
        if (!refresh_is_fresh(st, it.url, fetch_kind_ttl(it.kind), now))
            continue;
        fp->n_items++;
        it.url = arena_strdup(out->arena, it.url);
        it.pkg = (unsigned)(out->pkgs.len - 1);
        *VEC_ADD(&out->items) = it;
    }
    return fp;
}

size_t fetchplan_provenance(struct fetch_plan *out, const struct fetch_plan *in,
                            const bool *skip, struct store *st, const struct engine_config *cfg,
                            int64_t now)
{
    memset(out, 0, sizeof(*out));
    out->arena = arena_new();
    size_t added = 0;
    struct arena *tmp = arena_new();
    for (size_t p = 0; p < in->pkgs.len; p++) {
        struct prov_item extra[2];
        size_t n = skip && skip[p] ? 0 : package_items(tmp, st, cfg, &in->pkgs.items[p], extra);
        if (!n)
            continue;
        /* The record is written whole from every answer: the package's
         * own answers come along. */
        struct fetch_pkg *fp = copy_package(out, in, p, st, now);
        for (size_t i = 0; i < n; i++)
            *VEC_ADD(&out->items) = (struct fetch_item){
                extra[i].kind, arena_strdup(out->arena, extra[i].url),
                (unsigned)(out->pkgs.len - 1)};
        fp->n_items += (unsigned)n;
        added += n;
    }
    arena_free(tmp);
    return added;
}
