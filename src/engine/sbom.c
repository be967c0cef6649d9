/* The SBOM inventory: components keyed by purl, merged across lockfiles,
 * hashes normalised to hex, the cache's licences and links, and the
 * dependency edges between components. */
#include "depvet/engine/sbom.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "depvet/core/fileio.h"
#include "depvet/core/hash.h"
#include "depvet/core/purl.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"
#include "depvet/store/model.h"
#include "depvet/store/pkgstore.h"
#include "sbom_priv.h"

/* Lockfile algorithm names to CycloneDX's, with the digest size in bytes. */
static const struct {
    const char *lock, *alg;
    size_t size;
} alg_table[] = {
    {"sha256", "SHA-256", 32}, {"sha512", "SHA-512", 64}, {"sha384", "SHA-384", 48},
    {"sha1", "SHA-1", 20},     {"md5", "MD5", 16},
};

struct ref_node {
    const char *ref;
    unsigned node;
};

static int ref_node_cmp(const void *x, const void *y)
{
    const struct ref_node *a = x, *b = y;
    int c = strcmp(a->ref, b->ref);
    return c ? c : (a->node > b->node) - (a->node < b->node);
}

static int uint_cmp(const void *x, const void *y)
{
    unsigned a = *(const unsigned *)x, b = *(const unsigned *)y;
    return (a > b) - (a < b);
}

/* Local sources have no purl: path and link members name the lockfile. */
static bool local_source(const struct dep_node *n)
{
    return n->source == SOURCE_PATH || (n->flags & (DEP_LINK | DEP_PROJECT));
}

static const char *node_ref(const char *lockfile, const struct dep_node *n, struct arena *a,
                            const char **purl)
{
    struct strbuf sb = STRBUF_INIT;
    struct strbuf vcs = STRBUF_INIT;
    struct purl_extra x = {0};
    if (n->source == SOURCE_GIT && n->source_url) {
        strbuf_printf(&vcs, "%s%s%s%s", strncmp(n->source_url, "git", 3) ? "git+" : "",
                      n->source_url, n->git_ref ? "@" : "", n->git_ref ? n->git_ref : "");
        x.vcs_url = strbuf_str(&vcs);
    } else if (n->source == SOURCE_URL) {
        x.download_url = n->source_url;
    } else if (n->flags & DEP_PRIVATE) {
        x.repository_url = n->source_url;
    }
    *purl = NULL;
    if (!local_source(n) && purl_append(&sb, n->eco, n->name, n->version, n->repo, &x))
        *purl = arena_strdup(a, strbuf_str(&sb));
    if (!*purl) {
        strbuf_reset(&sb);
        strbuf_puts(&sb, "depvet:");
        purl_encode(&sb, lockfile);
        strbuf_putc(&sb, '#');
        purl_encode(&sb, n->name);
        strbuf_putc(&sb, '@');
        purl_encode(&sb, n->version);
    }
    const char *ref = *purl ? *purl : arena_strdup(a, strbuf_str(&sb));
    strbuf_fini(&sb);
    strbuf_fini(&vcs);
    return ref;
}

static bool is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
            return false;
    return true;
}

/* A digest as lower-case hex from hex or base64 of the algorithm's size. */
static const char *digest_hex(struct arena *a, const char *value, size_t size)
{
    size_t len = strlen(value);
    unsigned char d[HASH_MAX_SIZE];
    size_t got = 0;
    if (len == 2 * size && is_hex(value, len)) {
        hash_hex_decode(value, len, d, sizeof d, &got);
    } else if (!hash_base64_decode(value, len, d, sizeof d, &got) || got != size) {
        return NULL;
    }
    char hex[2 * HASH_MAX_SIZE + 1];
    hash_hex_encode(d, got, hex);
    return arena_strdup(a, hex);
}

struct hash_list {
    VEC(struct sbom_hash) v;
};

static void add_hash(struct hash_list *hl, struct arena *a, const char *algo, const char *value)
{
    if (!algo || !value)
        return;
    for (size_t i = 0; i < sizeof alg_table / sizeof *alg_table; i++) {
        if (strcasecmp(algo, alg_table[i].lock) != 0)
            continue;
        const char *hex = digest_hex(a, value, alg_table[i].size);
        if (!hex)
            return;
        for (size_t k = 0; k < hl->v.len; k++)
            if (!strcmp(hl->v.items[k].hex, hex) && hl->v.items[k].alg == alg_table[i].alg)
                return;
        VEC_PUSH(&hl->v, ((struct sbom_hash){alg_table[i].alg, hex}));
        return;
    }
}

static void add_sri(struct hash_list *hl, struct arena *a, const char *sri)
{
    const char *dash = sri ? strchr(sri, '-') : NULL;
    if (!dash || strchr(sri, ' '))
        return;
    char algo[16];
    size_t n = (size_t)(dash - sri);
    if (n >= sizeof algo)
        return;
    memcpy(algo, sri, n);
    algo[n] = '\0';
    add_hash(hl, a, algo, dash + 1);
}

const char *sbom_safe_url(const char *u)
{
    if (!u || !(strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0 ||
                strncmp(u, "git+", 4) == 0 || strncmp(u, "git://", 6) == 0))
        return NULL;
    for (const unsigned char *p = (const unsigned char *)u; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
            return NULL;
    return u;
}

/* The cache's facts about a registry component's pinned release. */
static void add_cached(struct sbom_component *c, struct hash_list *hl, struct store *st,
                       struct arena *a)
{
    struct reg_package *p = NULL;
    struct diag d;
    diag_clear(&d);
    if (!st || !pkgstore_get(st, a, c->eco, c->name, &p, &d) || !p)
        return;
    const struct reg_release *r = NULL;
    for (size_t i = 0; i < p->n_releases; i++)
        if (strcmp(p->releases[i].version, c->version) == 0)
            r = &p->releases[i];
    c->license = r && r->license && r->license[0] ? r->license : p->license;
    c->vcs = sbom_safe_url(p->repository);
    c->website = sbom_safe_url(p->homepage);
    if (!r)
        return;
    c->publisher = r->publisher.name;
    c->identity = r->attest == REG_ATTEST_PRESENT ? r->identity : NULL;
    c->published = r->published;
    c->distribution = sbom_safe_url(r->archive_url);
    add_hash(hl, a, "sha256", r->sha256);
    add_sri(hl, a, r->integrity);
    add_hash(hl, a, "sha1", r->shasum);
}

/* Where hex.pm serves a Hex release's tarball: the public repository, or
 * an organisation's ("hexpm:ORG") under /repos/ORG; NULL for any other
 * repository, whose host the lockfile does not name.  The name and
 * version go in percent-encoded: they are the lockfile's text. */
static const char *hex_tarball_url(struct arena *a, const struct dep_node *n)
{
    const char *repo = n->repo ? n->repo : "hexpm";
    bool org = strncmp(repo, "hexpm:", 6) == 0 && repo[6];
    if (!org && strcmp(repo, "hexpm") != 0)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "https://repo.hex.pm/");
    if (org) {
        strbuf_puts(&sb, "repos/");
        purl_encode(&sb, repo + 6);
        strbuf_putc(&sb, '/');
    }
    strbuf_puts(&sb, "tarballs/");
    purl_encode(&sb, n->name);
    strbuf_putc(&sb, '-');
    purl_encode(&sb, n->version);
    strbuf_puts(&sb, ".tar");
    const char *url = arena_strdup(a, strbuf_str(&sb));
    strbuf_fini(&sb);
    return url;
}

/* One component from the run of nodes sharing its ref. */
static void fill_component(struct sbom_component *c, const struct dep_graph *g,
                           const char *project, const struct ref_node *run, size_t n_run, struct store *st,
                           struct arena *a)
{
    const struct dep_node *first = &g->nodes.items[run[0].node];
    c->eco = first->eco;
    c->name = first->name;
    c->version = first->version;
    c->lockfile = file_relative(project, g->lockfiles.items[first->lockfile].path);
    c->node = first->id;
    struct hash_list hl = {0};
    for (size_t k = 0; k < n_run; k++) {
        const struct dep_node *n = &g->nodes.items[run[k].node];
        if (!(n->flags & (DEP_DEV | DEP_OPTIONAL)))
            c->required = true;
        if (n->flags & DEP_PROJECT)
            c->project = true;
        /* Hex's inner checksum hashes the contents, not the archive. */
        for (unsigned i = 0; i < n->n_checksums; i++)
            if (!n->checksums[i].what || strcmp(n->checksums[i].what, "inner") != 0)
                add_hash(&hl, a, n->checksums[i].algo, n->checksums[i].value);
    }
    if (c->purl && c->eco != ECO_UNKNOWN && first->source == SOURCE_REGISTRY)
        add_cached(c, &hl, st, a);
    /* hex.pm's answers carry no tarball URL, but its layout is fixed, so
     * Hex pins get their distribution link without the cache too. */
    if (c->purl && c->eco == ECO_HEX && first->source == SOURCE_REGISTRY && !c->distribution &&
        c->version[0])
        c->distribution = sbom_safe_url(hex_tarball_url(a, first));
    c->n_hashes = hl.v.len;
    c->hashes = arena_alloc(a, (hl.v.len + 1) * sizeof *c->hashes);
    if (hl.v.len)
        memcpy(c->hashes, hl.v.items, hl.v.len * sizeof *c->hashes);
    VEC_FREE(&hl.v);
}

/* Sorts and dedupes ids[0..n), dropping self; copies into the arena. */
static unsigned *unique_ids(struct arena *a, unsigned *ids, size_t n, unsigned self, size_t *out_n)
{
    if (n)   /* an empty lockfile has no roots: ids may be NULL */
        qsort(ids, n, sizeof *ids, uint_cmp);
    unsigned *res = arena_alloc(a, (n + 1) * sizeof *res);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (ids[i] != self && (!m || res[m - 1] != ids[i]))
            res[m++] = ids[i];
    *out_n = m;
    return res;
}

struct comp_edge {
    unsigned from, to;
};

static int comp_edge_cmp(const void *x, const void *y)
{
    const struct comp_edge *a = x, *b = y;
    if (a->from != b->from)
        return a->from > b->from ? 1 : -1;
    return (a->to > b->to) - (a->to < b->to);
}

/* Every edge as a pair of components, sorted: each component's run of
 * pairs is its dependsOn.  Linear in edges (and a sort). */
static void link_components(struct sbom *s, const struct dep_graph *g, const unsigned *comp_of)
{
    size_t ne = 0;
    struct comp_edge *pairs = xcalloc(g->edges.len + 1, sizeof *pairs);
    for (size_t i = 0; i < g->edges.len; i++) {
        const struct dep_edge *e = &g->edges.items[i];
        if (e->to != GRAPH_NONE && comp_of[e->from] != comp_of[e->to])
            pairs[ne++] = (struct comp_edge){comp_of[e->from], comp_of[e->to]};
    }
    qsort(pairs, ne, sizeof *pairs, comp_edge_cmp);
    unsigned *ids = xcalloc(ne + 1, sizeof *ids);
    for (size_t i = 0; i < ne;) {
        size_t j = i;
        while (j < ne && pairs[j].from == pairs[i].from) {
            ids[j - i] = pairs[j].to;
            j++;
        }
        struct sbom_component *c = &s->items[pairs[i].from];
        c->deps = unique_ids(s->arena, ids, j - i, pairs[i].from, &c->n_deps);
        i = j;
    }
    free(ids);
    free(pairs);
    VEC(unsigned) roots = {0};
    for (size_t l = 0; l < g->lockfiles.len; l++) {
        unsigned *r;
        size_t nr = graph_roots(g, (unsigned)l, &r);
        for (size_t k = 0; k < nr; k++)
            VEC_PUSH(&roots, comp_of[r[k]]);
        free(r);
    }
    s->roots = unique_ids(s->arena, roots.items, roots.len, (unsigned)-1, &s->n_roots);
    VEC_FREE(&roots);
}

void sbom_build(struct sbom *out, const struct sbom_input *in)
{
    const struct dep_graph *g = in->g;
    const char *project = in->project;
    struct store *st = in->st;
    memset(out, 0, sizeof *out);
    out->arena = arena_new();
    size_t nn = g->nodes.len;
    struct ref_node *rn = xcalloc(nn + 1, sizeof *rn);
    const char **purls = xcalloc(nn + 1, sizeof *purls);
    for (size_t i = 0; i < nn; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        const char *lock = file_relative(project, g->lockfiles.items[n->lockfile].path);
        rn[i] = (struct ref_node){node_ref(lock, n, out->arena, &purls[i]), (unsigned)i};
    }
    qsort(rn, nn, sizeof *rn, ref_node_cmp);
    unsigned *comp_of = xcalloc(nn + 1, sizeof *comp_of);
    out->items = arena_alloc(out->arena, (nn + 1) * sizeof *out->items);
    for (size_t i = 0; i < nn;) {
        size_t j = i;
        while (j < nn && strcmp(rn[j].ref, rn[i].ref) == 0)
            comp_of[rn[j++].node] = (unsigned)out->n;
        struct sbom_component *c = &out->items[out->n++];
        c->ref = rn[i].ref;
        c->purl = purls[rn[i].node];
        fill_component(c, g, project, &rn[i], j - i, st, out->arena);
        i = j;
    }
    link_components(out, g, comp_of);
    free(comp_of);
    if (in->set)
        sbom_add_policy(out, in);
    if (in->vulnerabilities && st)
        sbom_add_vulns(out, st);
    free(purls);
    free(rn);
}

void sbom_fini(struct sbom *s)
{
    arena_free(s->arena);
    memset(s, 0, sizeof *s);
}
