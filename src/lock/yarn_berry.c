/* Yarn Berry's yarn.lock (__metadata versions 4 to 10): YAML through
 * libyaml into the entries yarn_lock.c turns into nodes and edges. */
#include <stdlib.h>
#include <string.h>

#include "depvet/lock/yamlock.h"
#include "yarn_entry.h"

/* The protocols of a resolution ("name@<protocol>...") and what they mean. */
static const struct { const char *prefix; enum source_kind kind; unsigned flags; } protocol_table[] = {
    {"npm:", SOURCE_REGISTRY, 0},
    {"workspace:", SOURCE_PATH, DEP_PROJECT | DEP_LINK},
    {"portal:", SOURCE_PATH, DEP_LINK},
    {"link:", SOURCE_PATH, DEP_LINK},
    {"file:", SOURCE_PATH, 0},
    {"exec:", SOURCE_PATH, 0},
    {"patch:", SOURCE_REGISTRY, 0},  /* a package with a patch applied: grouped "patch" */
};

/* "a@npm:^1, a@npm:^1.2": descriptors split at ", ". */
static void add_descriptors(struct yarn_reader *r, struct yarn_entry *e, const char *key)
{
    while (*key) {
        const char *comma = strstr(key, ", ");
        size_t n = comma ? (size_t)(comma - key) : strlen(key);
        if (n)
            VEC_PUSH(&e->descriptors, arena_strndup(r->a, key, n));
        key += n + (comma ? 2 : 0);
    }
}

static bool meta_optional(const struct ynode *meta, const char *name)
{
    const char *v = ynode_get_str(ynode_get(meta, name), "optional");
    return v && strcmp(v, "true") == 0;
}

static void add_entry(struct yarn_reader *r, const char *key, const struct ynode *v)
{
    struct yarn_entry *e = VEC_ADD(&r->entries);
    e->line = v->line > 1 ? v->line - 1 : v->line;  /* the key's line, above its fields */
    add_descriptors(r, e, key);
    e->version = ynode_get_str(v, "version");
    e->resolution = ynode_get_str(v, "resolution");
    e->checksum = ynode_get_str(v, "checksum");
    const struct ynode *deps = ynode_get(v, "dependencies"), *range;
    const struct ynode *meta = ynode_get(v, "dependenciesMeta");
    for (size_t i = 0; i < ynode_len(deps); i++) {
        const char *name = ynode_key_at(deps, i, &range);
        if (name && ynode_str(range))
            VEC_PUSH(&e->deps, ((struct yarn_dep){name, ynode_str(range),
                                                  meta_optional(meta, name) ? DEP_OPTIONAL : 0}));
    }
}

void yarn_berry_parse(struct yarn_reader *r, const char *buf, size_t len)
{
    const struct ynode *doc = yamlock_parse(buf, len, r->where, r->a, NULL, r->d), *v;
    if (!doc)
        return;
    const struct ynode *meta = ynode_get(doc, "__metadata");
    const char *version = ynode_get_str(meta, "version");
    long major = version ? strtol(version, NULL, 10) : 0;
    if (major < 4 || major > 10) {
        diag_set(r->d, DIAG_UNSUPPORTED, r->where, meta ? meta->line : 1, 1,
                 "Yarn Berry lockfile __metadata version %.20s is not supported (4 to 10 are)",
                 version ? version : "(none)");
        return;
    }
    r->cache_key = ynode_get_str(meta, "cacheKey");
    for (size_t i = 0; i < ynode_len(doc); i++) {
        const char *key = ynode_key_at(doc, i, &v);
        if (!key || strcmp(key, "__metadata") == 0)
            continue;
        if (!v || v->kind != YNODE_MAP) {
            diag_set(r->d, DIAG_SYNTAX, r->where, v ? v->line : 0, v ? v->col : 0,
                     "entry \"%.80s\": expected a mapping", key);
            return;
        }
        add_entry(r, key, v);
    }
}

/* "https://github.com/u/r.git#commit=abc" and other URLs. */
static void url_source(struct dep_graph *g, unsigned id, const char *url)
{
    struct dep_node *n = graph_node(g, id);
    const char *commit = strstr(url, "#commit=");
    const char *hash = strchr(url, '#');
    n->source = commit || strstr(url, ".git#") ? SOURCE_GIT : SOURCE_URL;
    n->source_url = arena_strndup(g->arena, url, hash ? (size_t)(hash - url) : strlen(url));
    if (n->source == SOURCE_GIT && hash)
        n->git_ref = graph_strdup(g, commit ? commit + 8 : hash + 1);
}

static void set_protocol(struct yarn_reader *r, unsigned id, const char *res)
{
    struct dep_node *n = graph_node(r->g, id);
    for (size_t i = 0; i < sizeof protocol_table / sizeof *protocol_table; i++) {
        size_t pl = strlen(protocol_table[i].prefix);
        if (strncmp(res, protocol_table[i].prefix, pl) != 0)
            continue;
        n->source = protocol_table[i].kind;
        n->flags |= protocol_table[i].flags;
        if (protocol_table[i].kind == SOURCE_PATH)
            n->source_url = graph_strdup(r->g, res + pl);
        if (i == sizeof protocol_table / sizeof *protocol_table - 1)
            graph_node_add_group(r->g, id, "patch");
        return;
    }
    if (strstr(res, "://") || strncmp(res, "git@", 4) == 0)
        url_source(r->g, id, res);
}

/* The entry's resolution names the real package (an alias's key does not)
 * and how it is fetched; its checksum is of the zip Yarn stores in its
 * cache ("<cacheKey>/<sha512 hex>"), not of the registry tarball, so it is
 * kept under its own algorithm name, which tarball checks pass over. */
void yarn_berry_node(struct yarn_reader *r, struct yarn_entry *e)
{
    const char *res;
    const char *name = e->resolution ? yarn_split_desc(r->a, e->resolution, &res) : NULL;
    if (!name || !e->version) {
        diag_set(r->d, DIAG_SYNTAX, r->where, e->line, 1, "entry without %s",
                 name ? "a version" : "a \"name@protocol\" resolution");
        return;
    }
    e->id = graph_add_node(r->g, r->lf, ECO_NPM, name, e->version);
    graph_node(r->g, e->id)->line = e->line;
    set_protocol(r, e->id, res);
    if (e->checksum) {
        const char *slash = strchr(e->checksum, '/');
        const char *key = slash ? arena_strndup(r->a, e->checksum, (size_t)(slash - e->checksum))
                                : r->cache_key;
        graph_node_add_checksum(r->g, e->id, "yarn-zip-sha512", slash ? slash + 1 : e->checksum,
                                key ? arena_printf(r->a, "yarn cache, cacheKey %s", key) : NULL);
    }
}
