/* Where a release archive is downloaded from and which digests it must
 * have, per ecosystem; and checking an archive's bytes against them. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "depvet/analysis/hex_tarball.h"
#include "depvet/core/hash.h"
#include "depvet/engine/archives.h"
#include "depvet/store/pkgstore.h"

/* Public download hosts a test or a mirror can redirect (the registry's
 * own API base already comes from the config). */
static const struct {
    const char *prefix;
    const char *env;          /* overrides the prefix, or NULL */
    int source;               /* a config source replacing it, or -1 */
} public_host_table[] = {
    {"https://registry.npmjs.org", NULL, SRC_NPM},
    {"https://files.pythonhosted.org", "DEPVET_PYPI_FILES_URL", -1},
    {"https://repo.hex.pm", NULL, SRC_HEX_REPO},
    {NULL, NULL, -1},
};

static const char *rewrite_url(struct arena *a, const struct engine_config *cfg, const char *url)
{
    for (unsigned i = 0; url && public_host_table[i].prefix; i++) {
        size_t pl = strlen(public_host_table[i].prefix);
        if (strncmp(url, public_host_table[i].prefix, pl) != 0 || (url[pl] && url[pl] != '/'))
            continue;
        const char *base = public_host_table[i].env ? getenv(public_host_table[i].env) : NULL;
        if (public_host_table[i].source >= 0)
            base = engine_config_url(cfg, (enum source_id)public_host_table[i].source);
        if (base && base[0])
            return arena_printf(a, "%s%s", base, url + pl);
    }
    return url;
}

/* URLs from a lockfile or a registry answer are fetched only over http(s):
 * a "file:///home/..." planted in a lockfile must not read local files.
 * Other schemes pass only under a base URL the user configured. */
static bool url_allowed(const struct engine_config *cfg, const char *url)
{
    if (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0)
        return true;
    const char *files = getenv("DEPVET_PYPI_FILES_URL");
    const char *bases[] = {engine_config_url(cfg, SRC_HEX_REPO), engine_config_url(cfg, SRC_NPM),
                           files, NULL};
    for (unsigned i = 0; bases[i]; i++) {
        size_t n = strlen(bases[i]);
        if (n && strncmp(url, bases[i], n) == 0 && (url[n] == '/' || !url[n]) &&
            !strstr(url + n, "/../"))
            return true;
    }
    return false;
}

static void expect_add(struct arena *a, struct archive_ref *r, const char *source,
                       const char *algo, const char *value, bool inner, unsigned any_of)
{
    if (!value || !value[0] || !algo)
        return;
    struct archive_expect *n = arena_alloc(a, (r->n_expect + 1) * sizeof(*n));
    if (r->n_expect)
        memcpy(n, r->expect, r->n_expect * sizeof(*n));
    n[r->n_expect++] = (struct archive_expect){source, algo, value, inner, any_of};
    r->expect = n;
}

static const char *lock_format(const struct dep_graph *g, const struct dep_node *n)
{
    return g && n->lockfile < g->lockfiles.len ? g->lockfiles.items[n->lockfile].format
                                               : "lockfile";
}

static void locate_hex(struct arena *a, const struct dep_graph *g, const struct dep_node *n,
                       const struct engine_config *cfg, const struct reg_release *rel,
                       struct archive_ref *r)
{
    const char *org = n && n->repo && strncmp(n->repo, "hexpm:", 6) == 0 ? n->repo + 6 : NULL;
    if (n && (n->flags & DEP_PRIVATE) && !r->priv) {
        r->skipped = "private repository: a [[private]] entry in your config.toml names "
                     "its key";
        return;
    }
    const char *base = engine_config_url(cfg, SRC_HEX_REPO);
    r->filename = arena_printf(a, "%s-%s.tar", r->name, r->version);
    r->url = org ? arena_printf(a, "%s/repos/%s/tarballs/%s", base, org, r->filename)
                 : arena_printf(a, "%s/tarballs/%s", base, r->filename);
    for (unsigned i = 0; n && i < n->n_checksums; i++) {
        const struct checksum *c = &n->checksums[i];
        bool inner = c->what && strcmp(c->what, "inner") == 0;
        expect_add(a, r, arena_printf(a, "%s %s checksum", lock_format(g, n), inner ? "inner" : "outer"),
                   c->algo, c->value, inner, 0);
    }
    if (rel && rel->sha256)
        expect_add(a, r, "registry checksum", "sha256", rel->sha256, false, 0);
}

/* npm's tarball URL layout: NAME/-/BASENAME-VERSION.tgz. */
static const char *npm_default_url(struct arena *a, const char *base, const char *name,
                                   const char *version)
{
    const char *slash = strrchr(name, '/');
    return arena_printf(a, "%s/%s/-/%s-%s.tgz", base, name, slash ? slash + 1 : name, version);
}

static void locate_npm(struct arena *a, const struct dep_graph *g, const struct dep_node *n,
                       const struct engine_config *cfg, const struct reg_release *rel,
                       struct archive_ref *r)
{
    const char *base = r->priv && r->priv->url[0] ? r->priv->url : engine_config_url(cfg, SRC_NPM);
    const char *url = NULL;
    if (n && n->source_url && strncmp(n->source_url, "http", 4) == 0)
        url = n->source_url;
    else if (rel && rel->archive_url)
        url = rel->archive_url;
    r->url = url ? rewrite_url(a, cfg, url) : npm_default_url(a, base, r->name, r->version);
    const char *slash = strrchr(r->url, '/');
    r->filename = arena_strndup(a, slash ? slash + 1 : r->url,
                                strcspn(slash ? slash + 1 : r->url, "?#"));
    for (unsigned i = 0; n && i < n->n_checksums; i++)
        expect_add(a, r, arena_printf(a, "%s integrity", lock_format(g, n)), n->checksums[i].algo,
                   n->checksums[i].value, false, 0);
    if (rel && rel->integrity)
        expect_add(a, r, "registry integrity", "sri", rel->integrity, false, 0);
    if (rel && rel->shasum)
        expect_add(a, r, "registry shasum", "sha1", rel->shasum, false, 0);
}

/* Lower is better: a pure wheel, then the sdist, then any other wheel. */
static int pypi_rank(const struct reg_file *f)
{
    const char *fn = f->filename ? f->filename : "";
    if (strstr(fn, "-none-any.whl"))
        return 0;
    if (f->packagetype && strcmp(f->packagetype, "sdist") == 0)
        return 1;
    return 2;
}

static bool lock_names_file(const struct dep_node *n, const struct reg_file *f)
{
    for (unsigned i = 0; n && i < n->n_checksums; i++) {
        const struct checksum *c = &n->checksums[i];
        if (f->sha256 && c->algo && strcmp(c->algo, "sha256") == 0 && c->value &&
            strcasecmp(c->value, f->sha256) == 0)
            return true;
    }
    return false;
}

static const struct reg_file *pypi_choose(const struct dep_node *n, const struct reg_release *rel)
{
    const struct reg_file *best = NULL;
    bool best_named = false;
    for (size_t i = 0; i < rel->n_files; i++) {
        const struct reg_file *f = &rel->files[i];
        if (!f->url || !f->filename)
            continue;
        bool named = lock_names_file(n, f);
        if (!best || (named && !best_named) ||
            (named == best_named && pypi_rank(f) < pypi_rank(best))) {
            best = f;
            best_named = named;
        }
    }
    return best;
}

static void locate_pypi(struct arena *a, const struct dep_graph *g, const struct dep_node *n,
                        const struct engine_config *cfg, const struct reg_release *rel,
                        struct archive_ref *r)
{
    if (!rel) {
        r->skipped = "no release files in the cache (run 'depvet refresh' first)";
        return;
    }
    const struct reg_file *f = pypi_choose(n, rel);
    if (!f) {
        r->skipped = "the cached release lists no files";
        return;
    }
    r->url = rewrite_url(a, cfg, f->url);
    r->filename = f->filename;
    bool sdist = f->packagetype && strcmp(f->packagetype, "sdist") == 0;
    bool named = false;
    for (unsigned i = 0; n && i < n->n_checksums; i++) {
        const char *w = n->checksums[i].what;
        if (w && (strcmp(w, f->filename) == 0 || (sdist && strcmp(w, "sdist") == 0))) {
            expect_add(a, r, arena_printf(a, "%s hash of %s", lock_format(g, n), f->filename),
                       n->checksums[i].algo, n->checksums[i].value, false, 0);
            named = true;
        }
    }
    /* Hashes not tied to a file (requirements --hash, Pipfile.lock): pip
     * takes the file when one of them matches. */
    for (unsigned i = 0; n && !named && i < n->n_checksums; i++)
        expect_add(a, r, arena_printf(a, "%s hashes", lock_format(g, n)), n->checksums[i].algo,
                   n->checksums[i].value, false, 1);
    if (f->sha256)
        expect_add(a, r, "registry sha256", "sha256", f->sha256, false, 0);
}

static void locate(struct arena *a, const struct dep_graph *g, const struct dep_node *n,
                   const struct engine_config *cfg, struct store *st, struct archive_ref *r)
{
    struct reg_package *pkg = NULL;
    struct diag d;
    diag_clear(&d);
    if (st && !pkgstore_get(st, a, r->eco, r->name, &pkg, &d))
        pkg = NULL;
    const struct reg_release *rel = pkg ? reg_package_find_release(pkg, r->version) : NULL;
    switch (r->eco) {
    case ECO_HEX:
        locate_hex(a, g, n, cfg, rel, r);
        break;
    case ECO_NPM:
        locate_npm(a, g, n, cfg, rel, r);
        break;
    case ECO_PYPI:
        locate_pypi(a, g, n, cfg, rel, r);
        break;
    default:
        r->skipped = "unknown ecosystem";
    }
    if (!r->skipped && r->url && !url_allowed(cfg, r->url))
        r->skipped = "archive URL is neither http(s) nor under a configured base URL";
    if (r->skipped)
        r->url = NULL;
}

static const char *node_skip(const struct dep_node *n)
{
    if (n->flags & (DEP_PROJECT | DEP_LINK))
        return "the project itself";
    if (n->source == SOURCE_GIT)
        return "git dependency: no release archive";
    if (n->source == SOURCE_PATH)
        return "local path dependency: no release archive";
    if (!n->version || !n->version[0])
        return "no pinned version";
    return NULL;
}

void archives_locate_node(struct arena *a, const struct dep_graph *g, unsigned node,
                          const struct engine_config *cfg, struct store *st,
                          struct archive_ref *out)
{
    const struct dep_node *n = &g->nodes.items[node];
    memset(out, 0, sizeof(*out));
    out->node = node;
    out->eco = n->eco;
    out->name = n->name;
    out->version = n->version ? n->version : "";
    out->skipped = node_skip(n);
    if (out->skipped)
        return;
    out->priv = engine_config_private(cfg, n->eco, n->name, n->repo, n->source_url);
    if (n->source == SOURCE_URL && n->source_url) {
        if (!url_allowed(cfg, n->source_url)) {
            out->skipped = "direct URL that is neither http nor https";
            return;
        }
        /* A direct archive URL: only the lockfile's digests apply. */
        out->url = n->source_url;
        const char *slash = strrchr(n->source_url, '/');
        out->filename = slash ? slash + 1 : n->source_url;
        for (unsigned i = 0; i < n->n_checksums; i++)
            expect_add(a, out, arena_printf(a, "%s hash", lock_format(g, n)), n->checksums[i].algo,
                       n->checksums[i].value, false, 1);
        return;
    }
    locate(a, g, n, cfg, st, out);
}

void archives_locate_release(struct arena *a, enum ecosystem eco, const char *name,
                             const char *version, const struct engine_config *cfg,
                             struct store *st, struct archive_ref *out)
{
    memset(out, 0, sizeof(*out));
    out->node = GRAPH_NONE;
    out->eco = eco;
    out->name = arena_strdup(a, name);
    out->version = arena_strdup(a, version);
    out->priv = engine_config_private(cfg, eco, name, NULL, NULL);
    locate(a, NULL, NULL, cfg, st, out);
}

/* ---- verification ------------------------------------------------------ */

/* The digest data has under e's algorithm, encoded like e's value. */
static const char *got_text(struct arena *a, const struct archive_expect *e,
                            const void *data, size_t len, const unsigned char *inner)
{
    enum hash_algo algo;
    unsigned char dg[HASH_MAX_SIZE];
    char out[HASH_MAX_SIZE * 2 + 16];
    const char *prefix = "";
    if (e->hex_inner) {
        if (!inner)
            return "no readable Hex tarball";
        hash_hex_encode(inner, HEX_TARBALL_DIGEST, out);
        return arena_strdup(a, out);
    }
    if (strcmp(e->algo, "sri") == 0) {
        struct sri s;
        struct diag d;
        diag_clear(&d);
        if (!hash_sri_parse(e->value, &s, &d))
            return "?";
        algo = s.algo;
        prefix = hash_algo_name(algo);
    } else if (!hash_algo_parse(e->algo, &algo)) {
        return "?";
    }
    hash_buffer(algo, data, len, dg);
    size_t n = hash_size(algo);
    if (prefix[0] || strlen(e->value) != n * 2)
        out[hash_base64_encode(dg, n, out)] = '\0';
    else
        hash_hex_encode(dg, n, out);
    if (prefix[0])
        return arena_printf(a, "%s-%s", prefix, out);
    return arena_printf(a, "%s %s", hash_algo_name(algo), out);
}

/* 1 match, 0 mismatch, -1 not checkable (an algorithm not trusted). */
static int check_one(const struct archive_expect *e, const void *data, size_t len,
                     const struct hex_tarball *t)
{
    if (e->hex_inner)
        return t ? hex_tarball_digest_matches(t->inner_checksum, e->value) : 0;
    if (strcmp(e->algo, "sri") == 0)
        return hash_sri_matches(e->value, data, len);
    bool match = false;
    struct diag d;
    diag_clear(&d);
    if (!hash_check(e->algo, e->value, data, len, &match, &d))
        return -1;
    return match;
}

size_t archives_verify(struct arena *a, const struct archive_ref *r, const void *data,
                       size_t len, const char **why, size_t *checked)
{
    *why = NULL;
    *checked = 0;
    struct hex_tarball *t = NULL;
    for (size_t i = 0; i < r->n_expect && !t; i++)
        if (r->expect[i].hex_inner) {
            struct diag d;
            diag_clear(&d);
            t = hex_tarball_open(data, len, r->filename, NULL, &d);
        }
    size_t failed = 0, group_n = 0;
    bool group_ok = false;
    const struct archive_expect *group_first = NULL;
    /* The lockfile's any-of group first: it is what pip itself would check. */
    for (size_t i = 0; i < r->n_expect; i++) {
        const struct archive_expect *e = &r->expect[i];
        int m = e->any_of ? check_one(e, data, len, t) : -1;
        if (m >= 0) {
            group_ok |= m == 1;
            group_first = group_first ? group_first : e;
            group_n++;
        }
    }
    if (group_first) {
        (*checked)++;
        if (!group_ok && failed++ == 0)
            *why = arena_printf(a, "none of the %zu %s match: the archive has %s", group_n,
                                group_first->source, got_text(a, group_first, data, len, NULL));
    }
    for (size_t i = 0; i < r->n_expect; i++) {
        const struct archive_expect *e = &r->expect[i];
        int m = e->any_of ? -1 : check_one(e, data, len, t);
        if (m < 0)
            continue;
        (*checked)++;
        if (m == 0 && failed++ == 0)
            *why = arena_printf(a, "%s expects %s %s, the archive has %s", e->source,
                                e->hex_inner ? "inner" : e->algo, e->value,
                                got_text(a, e, data, len, t ? t->inner_checksum : NULL));
    }
    hex_tarball_free(t);
    return failed;
}
