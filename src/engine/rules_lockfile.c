/* Rules over a lockfile entry alone: loose pins, missing hashes, an extra
 * index that lets a public package shadow a private one, a key given twice,
 * a package resolved outside its registry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/hash.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/catalog.h"
#include "depvet/engine/findings.h"
#include "depvet/net/origin.h"

/* Formats that record hashes for every registry package. */
static const char *const hashed_format_table[] = {
    "mix.lock", "rebar.lock", "manifest.toml", "poetry.lock", "Pipfile.lock",
    "uv.lock", "pylock.toml", "package-lock.json", "npm-shrinkwrap.json", "bun.lock",
    "yarn.lock", "pdm.lock", "pnpm-lock.yaml", NULL,
};

static const struct lockfile_info *lockfile_of(const struct rule_ctx *c)
{
    return &c->in->g->lockfiles.items[c->node->lockfile];
}

static bool registry_package(const struct dep_node *n)
{
    return n->source == SOURCE_REGISTRY && !(n->flags & (DEP_PROJECT | DEP_LINK));
}

/* requirements.txt lines without an exact pin resolve to whatever is
 * newest on the day of the install. */
static void rule_loose_pin(struct rule_ctx *c)
{
    const struct dep_node *n = c->node;
    if (n->eco != ECO_PYPI || !registry_package(n) ||
        strcmp(lockfile_of(c)->format, "requirements.txt") != 0)
        return;
    const char *req = n->requirement ? n->requirement : "";
    if (n->version[0] && (strstr(req, "==") || !req[0]))
        return;
    rule_emit(c, "loose-pin", SEV_LOW, NULL, req[0] ? req : NULL,
              "not pinned to one version (%s)", req[0] ? req : "no version given");
}

static bool hashed_format(const char *fmt)
{
    for (size_t i = 0; hashed_format_table[i]; i++)
        if (strcmp(fmt, hashed_format_table[i]) == 0)
            return true;
    return false;
}

/* Findings about a lockfile are said once, on its first node the rules
 * look at (they pass over project and link nodes). */
static bool first_of_lockfile(const struct rule_ctx *c)
{
    const struct dep_graph *g = c->in->g;
    for (unsigned id = c->node->id; id-- > 0;) {
        const struct dep_node *p = &g->nodes.items[id];
        if (p->lockfile != c->node->lockfile)
            return true;
        if (p->eco != ECO_UNKNOWN && !(p->flags & (DEP_PROJECT | DEP_LINK)))
            return false;
    }
    return true;
}

/* A finding about the lockfile, not the package.  subject is what it is
 * about (the entries without a checksum, the index URLs, the key given
 * twice): its SHA-256 is what an [[ack]] of the finding holds, so the ack
 * stops covering it once the subject changes. */
static void emit_lockfile(struct rule_ctx *c, const char *rule, enum severity sev,
                          const char *evidence, const char *msg, const char *subject)
{
    const struct dep_node *keep = c->node;
    c->node = NULL;
    rule_emit(c, rule, sev, NULL, evidence, "%s", msg);
    struct finding *f = &c->out->items.items[c->out->items.len - 1];
    f->lockfile = keep->lockfile;
    unsigned char md[HASH_MAX_SIZE];
    char hex[2 * HASH_MAX_SIZE + 1];
    if (hash_buffer(HASH_SHA256, subject, strlen(subject), md)) {
        hash_hex_encode(md, hash_size(HASH_SHA256), hex);
        f->subject_sha256 = arena_strdup(c->out->arena, hex);
    }
    c->node = keep;
}

/* How a lockfile's pins lack hashes: per kind of format, which pins count
 * and what the one finding says.  A format that records checksums for
 * every entry lacks one only as an odd one out (low); requirements.txt
 * without --hash is the common case (info). */
static const struct hash_kind {
    bool hashed;              /* the format records checksums */
    enum severity sev;
    const char *what;         /* "%u of %u <what>" */
    const char *why;
} hash_kind_table[] = {
    {true, SEV_LOW, "entries have no checksum",
     "the installer accepts whatever bytes the registry serves for them"},
    {false, SEV_INFO, "pins without --hash", "pip installs whatever file the index serves"},
};

static bool counts_for_hash(const struct dep_node *p, unsigned lockfile, bool hashed)
{
    return p->lockfile == lockfile && registry_package(p) && p->version[0] &&
           (hashed || p->eco == ECO_PYPI);
}

#define HASH_NAMES 3   /* the first few pins named in the message */

static int by_name_version(const void *x, const void *y)
{
    const struct dep_node *a = *(const struct dep_node *const *)x;
    const struct dep_node *b = *(const struct dep_node *const *)y;
    int c = strcmp(a->name, b->name);
    return c ? c : strcmp(a->version, b->version);
}

/* The subject of a missing-hash finding: its entries without a checksum,
 * "name@version" a line, sorted, so the same set reads the same however
 * the lockfile orders it. */
static char *bare_subject(const struct dep_node **bare, unsigned n)
{
    qsort(bare, n, sizeof *bare, by_name_version);
    struct strbuf sb = STRBUF_INIT;
    for (unsigned i = 0; i < n; i++)
        strbuf_printf(&sb, "%s@%s\n", bare[i]->name, bare[i]->version);
    return strbuf_take(&sb);
}

/* One finding for the lockfile with a count and the first few names, not
 * one an entry: a lockfile written without hashes is one fact. */
static void rule_missing_hash(struct rule_ctx *c)
{
    if (!first_of_lockfile(c))
        return;
    const struct lockfile_info *lf = lockfile_of(c);
    const struct hash_kind *k = &hash_kind_table[hashed_format(lf->format) ? 0 : 1];
    const struct dep_graph *g = c->in->g;
    unsigned bare = 0, pins = 0;
    char names[512] = "";
    const struct dep_node **set = xcalloc(g->nodes.len + 1, sizeof *set);
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *p = &g->nodes.items[i];
        if (!counts_for_hash(p, c->node->lockfile, k->hashed))
            continue;
        pins++;
        if (p->n_checksums)
            continue;
        set[bare] = p;
        if (bare++ < HASH_NAMES)
            snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s@%s",
                     bare > 1 ? ", " : "", p->name, p->version);
    }
    char *subject = bare ? bare_subject(set, bare) : NULL;
    free(set);
    if (!bare)
        return;
    char msg[1024], count[64], more[48] = "";
    snprintf(count, sizeof(count), "%u of %u %s", bare, pins, k->what);
    if (bare > HASH_NAMES)
        snprintf(more, sizeof(more), " and %u more", bare - HASH_NAMES);
    snprintf(msg, sizeof(msg), "%s: %s (%s%s): %s", lf->path, count, names, more, k->why);
    emit_lockfile(c, "missing-hash", k->sev, count, msg, subject);
    free(subject);
}

/* --extra-index-url: pip takes the highest version from any index, so a
 * public package can shadow a private one. */
static void rule_extra_index(struct rule_ctx *c)
{
    const struct lockfile_info *lf = lockfile_of(c);
    if (!lf->extra_index || !first_of_lockfile(c))
        return;
    char msg[1024];
    snprintf(msg, sizeof(msg), "%s uses --extra-index-url: a public package can shadow a private one",
             lf->path);
    struct strbuf urls = STRBUF_INIT;   /* a new index is a new subject */
    for (unsigned i = 0; i < lf->n_index_urls; i++)
        strbuf_printf(&urls, "%s\n", lf->index_urls[i]);
    emit_lockfile(c, "extra-index", SEV_MEDIUM,
                  lf->n_index_urls ? lf->index_urls[lf->n_index_urls - 1] : NULL, msg,
                  strbuf_str(&urls));
    strbuf_fini(&urls);
}

/* A key given twice: npm, Node and pipenv read the last, so a reader (or
 * a tool) that takes the first sees a pin that is not what gets installed
 * -- a vulnerable version can hide behind a safe one. */
static void rule_duplicate_key(struct rule_ctx *c)
{
    const struct lockfile_info *lf = lockfile_of(c);
    if (!lf->n_dup_keys || !first_of_lockfile(c))
        return;
    const char *tool = lf->eco == ECO_NPM ? "npm" : "pipenv";
    for (unsigned i = 0; i < lf->n_dup_keys; i++) {
        const struct lock_dup_key *k = &lf->dup_keys[i];
        unsigned more = i + 1 == lf->n_dup_keys ? lf->n_dup_keys_total - lf->n_dup_keys : 0;
        char msg[1024], rest[64] = "";
        if (more)
            snprintf(rest, sizeof(rest), " (and %u more duplicate keys)", more);
        snprintf(msg, sizeof(msg), "key %s given twice, at %s:%u:%u and %s:%u:%u: %s installs "
                 "what the last one says%s", k->pointer, lf->path, k->line, k->col, lf->path,
                 k->again_line, k->again_col, tool, rest);
        emit_lockfile(c, "lockfile-duplicate-key", SEV_HIGH, k->pointer, msg, k->pointer);
    }
}

/* Registries whose lockfiles name each package's download URL (npm's
 * "resolved"), and their public download origins besides the configured
 * base (yarn's registry serves npm's packages).  Python lockfiles name the
 * index instead (a private index is matched by it), Hex lockfiles none. */
static const struct {
    enum ecosystem eco;
    const char *origin;
    enum source_id source;    /* its configured base also counts */
} registry_origin_table[] = {
    {ECO_NPM, "https://registry.npmjs.org", SRC_NPM},
    {ECO_NPM, "https://registry.yarnpkg.com", SRC_NPM},
};
#define N_REGISTRY_ORIGINS (sizeof(registry_origin_table) / sizeof(*registry_origin_table))

static bool names_download_urls(enum ecosystem eco)
{
    for (size_t i = 0; i < N_REGISTRY_ORIGINS; i++)
        if (registry_origin_table[i].eco == eco)
            return true;
    return false;
}

/* The URL a pin was resolved at, when the lockfile names one that the
 * registry (public, or the configured private one) must serve. */
static const char *resolved_url(const struct dep_node *n, const struct private_registry *priv)
{
    const char *u = n->source_url;
    if (!names_download_urls(n->eco) || !u ||
        (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0))
        return NULL;
    if (registry_package(n))
        return u;
    /* A private scope's package as a plain tarball URL: still the scope's. */
    return n->source == SOURCE_URL && priv ? u : NULL;
}

static bool public_origin(const struct engine_config *cfg, enum ecosystem eco, const char *url)
{
    for (size_t i = 0; i < N_REGISTRY_ORIGINS; i++)
        if (registry_origin_table[i].eco == eco &&
            (url_origin_same(url, registry_origin_table[i].origin) ||
             (cfg && url_origin_same(url, engine_config_url(cfg, registry_origin_table[i].source)))))
            return true;
    return false;
}

/* A lockfile that resolves a package on another host than its registry
 * installs bytes the registry never vouched for, and a private token must
 * not follow it there (archives are fetched from it without one). */
static void rule_foreign_resolved_url(struct rule_ctx *c)
{
    const struct dep_node *n = c->node;
    const struct engine_config *cfg = c->in->cfg;
    const struct private_registry *priv =
        cfg ? engine_config_private(cfg, n->eco, n->name, n->repo, n->source_url) : NULL;
    const char *url = resolved_url(n, priv);
    if (!url)
        return;
    if (priv ? url_origin_same(url, priv->url) : public_origin(cfg, n->eco, url))
        return;
    char line[16] = "";
    if (n->line)
        snprintf(line, sizeof(line), ":%u", n->line);
    rule_emit(c, "foreign-resolved-url", SEV_MEDIUM, NULL, url,
              "%s%s resolves it outside its registry (%s)%s", lockfile_of(c)->path, line,
              priv ? priv->url : ecosystem_name(n->eco),
              priv ? ": its private token is not sent there" : "");
}

const struct rule_def rules_lockfile_table[] = {
    {"loose-pin", false, rule_loose_pin},
    {"missing-hash", false, rule_missing_hash},
    {"extra-index", false, rule_extra_index},
    {"foreign-resolved-url", false, rule_foreign_resolved_url},
    {"lockfile-duplicate-key", false, rule_duplicate_key},
    {NULL, false, NULL},
};

/* What the rules above emit, for the catalogue (SARIF, the manual). */
const struct rule_doc rules_lockfile_docs[] = {
    {"loose-pin", SEV_LOW, "the lockfile does not pin an exact version",
     "A range installs whatever is newest, including a malicious release published tomorrow."},
    {"missing-hash", SEV_LOW, "lockfile entries have no checksum (one finding per lockfile)",
     "Without a checksum the installer accepts any bytes the index serves."},
    {"extra-index", SEV_MEDIUM, "requirements use --extra-index-url",
     "pip takes the highest version from any index, so a public package can shadow a private one."},
    {"foreign-resolved-url", SEV_MEDIUM, "a package is resolved outside its registry",
     "A download from another host is not what the registry serves, and a private token must not follow it."},
    {"lockfile-duplicate-key", SEV_HIGH, "a JSON lockfile gives one key twice",
     "npm and pipenv read the last value: an earlier one shows reviewers what is not installed."},
    {NULL, SEV_INFO, NULL, NULL},
};
