/* pnpm-lock.yaml (lockfileVersion 5.4, 6.x and 9.x) into the graph: one
 * node per `packages` key, edges from the packages (5.4, 6) or from the
 * snapshots (9), importers as the project roots. */
#include "depvet/lock/pnpm_lock.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"
#include "depvet/lock/npm_source.h"
#include "depvet/lock/toml_lock.h"
#include "depvet/lock/yamlock.h"

struct pnpm_key {
    const char *key;
    unsigned id;
};

struct pnpm_reader {
    struct dep_graph *g;
    struct arena *a;
    unsigned lf, first, major;
    const char *where;
    struct diag *d;
    VEC(struct pnpm_key) keys;     /* sorted once every node is in */
    unsigned char *roots;          /* per node: 1 production root, 2 dev root */
};

static const struct { const char *field; unsigned flags; unsigned char root; } dep_kind_table[] = {
    {"dependencies", 0, 1},
    {"optionalDependencies", DEP_OPTIONAL, 1},
    {"devDependencies", DEP_DEV, 2},
};

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const struct pnpm_key *)a)->key, ((const struct pnpm_key *)b)->key);
}

/* The key without a peer suffix: "a@1.0.0(b@2)" -> "a@1.0.0" (6, 9),
 * "/a/1.0.0_b@2" -> "/a/1.0.0" (5.4). */
static const char *strip_peers(struct pnpm_reader *r, const char *key)
{
    const char *paren = strchr(key, '(');
    const char *cut = paren;
    if (r->major == 5) {
        const char *slash = strrchr(key, '/'), *under = slash ? strchr(slash, '_') : NULL;
        cut = under;
    }
    return cut ? arena_strndup(r->a, key, (size_t)(cut - key)) : key;
}

static unsigned find_exact(const struct pnpm_reader *r, const char *key)
{
    if (!r->keys.len)
        return GRAPH_NONE;
    struct pnpm_key probe = {key, 0};
    const struct pnpm_key *hit = bsearch(&probe, r->keys.items, r->keys.len, sizeof probe, key_cmp);
    return hit ? hit->id : GRAPH_NONE;
}

/* A packages key, or the same without its peer suffix (9 keys packages
 * without peers, snapshots with them). */
static unsigned find_key(struct pnpm_reader *r, const char *key)
{
    unsigned id = find_exact(r, key);
    return id != GRAPH_NONE ? id : find_exact(r, strip_peers(r, key));
}

/* The node a dependency `name: ref` points at: ref is a version ("1.2.3",
 * "1.2.3(peer@1)", "1.2.3_peer@1"), an alias or key ("real@1.2.3",
 * "/real/1.2.3"), or a link to an importer (no node). */
static unsigned resolve_ref(struct pnpm_reader *r, const char *name, const char *ref)
{
    if (strncmp(ref, "link:", 5) == 0)
        return GRAPH_NONE;
    /* the forms a key takes: "/name@ref" (6), "name@ref" (9), "/name/ref" (5.4) */
    static const char *const sep_table[] = {"/", "@", "", "@", "/", "/"};
    unsigned id = find_key(r, ref);
    for (size_t i = 0; id == GRAPH_NONE && i < sizeof sep_table / sizeof *sep_table; i += 2)
        id = find_key(r, arena_printf(r->a, "%s%s%s%s", sep_table[i], name, sep_table[i + 1], ref));
    return id;
}

/* Name and version from a key when the entry does not name them. */
static void split_key(struct pnpm_reader *r, const char *key, const char **name,
                      const char **version)
{
    const char *k = strip_peers(r, key[0] == '/' ? key + 1 : key);
    const char *cut = r->major == 5 ? strrchr(k, '/') : (k[0] ? strchr(k + 1, '@') : NULL);
    *name = cut ? arena_strndup(r->a, k, (size_t)(cut - k)) : k;
    *version = cut ? cut + 1 : "";
}

static void set_resolution(struct pnpm_reader *r, unsigned id, const struct ynode *res)
{
    struct dep_node *n = graph_node(r->g, id);
    const char *tarball = ynode_get_str(res, "tarball"), *type = ynode_get_str(res, "type");
    const char *dir = ynode_get_str(res, "directory");
    if (type && strcmp(type, "git") == 0) {
        n->source = SOURCE_GIT;
        n->source_url = graph_strdup(r->g, ynode_get_str(res, "repo"));
        n->git_ref = graph_strdup(r->g, ynode_get_str(res, "commit"));
    } else if (dir) {
        n->source = SOURCE_PATH;
        n->source_url = graph_strdup(r->g, dir);
    } else if (tarball) {
        npm_source_set(r->g, id, npm_source_classify(tarball, true));
    }
    if (ynode_get_str(res, "integrity"))
        npm_source_add_integrity(r->g, id, ynode_get_str(res, "integrity"));
}

static bool is_true(const struct ynode *map, const char *key)
{
    const char *v = ynode_get_str(map, key);
    return v && strcmp(v, "true") == 0;
}

static void add_node(struct pnpm_reader *r, const char *key, const struct ynode *e)
{
    const char *name, *version;
    split_key(r, key, &name, &version);
    if (ynode_get_str(e, "name"))
        name = ynode_get_str(e, "name");
    if (ynode_get_str(e, "version"))
        version = ynode_get_str(e, "version");
    if (!name[0]) {
        diag_set(r->d, DIAG_SYNTAX, r->where, e ? e->line : 0, 0,
                 "packages key \"%.80s\" names no package", key);
        return;
    }
    unsigned id = graph_add_node(r->g, r->lf, ECO_NPM, name, version);
    struct dep_node *n = graph_node(r->g, id);
    n->path = graph_strdup(r->g, key);
    n->line = e ? e->line : 0;
    if (is_true(e, "dev"))
        n->flags |= DEP_DEV;
    if (is_true(e, "optional"))
        n->flags |= DEP_OPTIONAL;
    set_resolution(r, id, ynode_get(e, "resolution"));
    VEC_PUSH(&r->keys, ((struct pnpm_key){n->path, id}));
}

/* dependencies / optionalDependencies of a package or snapshot. */
static void add_deps(struct pnpm_reader *r, unsigned from, const struct ynode *entry)
{
    for (size_t k = 0; k < 2; k++) {
        const struct ynode *deps = ynode_get(entry, dep_kind_table[k].field), *v;
        for (size_t i = 0; i < ynode_len(deps); i++) {
            const char *name = ynode_key_at(deps, i, &v);
            const char *ref = ynode_str(v);
            unsigned to = name && ref ? resolve_ref(r, name, ref) : GRAPH_NONE;
            if (to != GRAPH_NONE)
                graph_add_edge(r->g, from, to, ref, dep_kind_table[k].flags);
            else if (name && ref && strncmp(ref, "link:", 5) != 0)
                graph_add_edge_by_name(r->g, from, name, ref, dep_kind_table[k].flags);
        }
    }
}

/* An importer (or a 5.4 / 6 lock of one project, at the top level): its
 * dependencies are direct.  Values are {specifier, version} (6, 9) or the
 * version itself (5.4). */
static void read_importer(struct pnpm_reader *r, const struct ynode *imp)
{
    for (size_t k = 0; k < sizeof dep_kind_table / sizeof *dep_kind_table; k++) {
        const struct ynode *deps = ynode_get(imp, dep_kind_table[k].field), *v;
        for (size_t i = 0; i < ynode_len(deps); i++) {
            const char *name = ynode_key_at(deps, i, &v);
            const char *ref = ynode_str(v) ? ynode_str(v) : ynode_get_str(v, "version");
            unsigned to = name && ref ? resolve_ref(r, name, ref) : GRAPH_NONE;
            if (to == GRAPH_NONE)
                continue;
            graph_node(r->g, to)->flags |= DEP_DIRECT | (dep_kind_table[k].flags & DEP_OPTIONAL);
            r->roots[to - r->first] |= dep_kind_table[k].root;
        }
    }
}

static bool check_version(struct pnpm_reader *r, const struct ynode *doc)
{
    const struct ynode *v = ynode_get(doc, "lockfileVersion");
    const char *s = ynode_str(v);
    r->major = s ? (unsigned)strtoul(s, NULL, 10) : 0;
    if (r->major == 5 || r->major == 6 || r->major == 7 || r->major == 9)
        return true;
    diag_set(r->d, DIAG_UNSUPPORTED, r->where, v ? v->line : 1, v ? v->col : 1,
             "pnpm-lock.yaml lockfileVersion %.20s is not supported (5.4, 6 and 9 are)",
             s ? s : "(none)");
    return false;
}

static void read_doc(struct pnpm_reader *r, const struct ynode *doc)
{
    if (!check_version(r, doc))
        return;
    if (r->major == 7)
        r->major = 6;  /* 7.0 was a short-lived 6.x-style format */
    const struct ynode *pkgs = ynode_get(doc, "packages"), *e;
    if (pkgs && pkgs->kind != YNODE_MAP) {
        diag_set(r->d, DIAG_SYNTAX, r->where, pkgs->line, pkgs->col, "packages: expected a mapping");
        return;
    }
    for (size_t i = 0; i < ynode_len(pkgs) && !diag_failed(r->d); i++) {
        const char *key = ynode_key_at(pkgs, i, &e);
        if (key)
            add_node(r, key, e);
    }
    if (diag_failed(r->d))
        return;
    if (r->keys.len > 1)
        qsort(r->keys.items, r->keys.len, sizeof *r->keys.items, key_cmp);
    const struct ynode *edges_from = r->major >= 9 ? ynode_get(doc, "snapshots") : pkgs;
    for (size_t i = 0; i < ynode_len(edges_from); i++) {
        const char *key = ynode_key_at(edges_from, i, &e);
        unsigned from = key ? find_key(r, key) : GRAPH_NONE;
        if (from == GRAPH_NONE)
            continue;
        add_deps(r, from, e);
        if (r->major >= 9 && is_true(e, "optional"))
            graph_node(r->g, from)->flags |= DEP_OPTIONAL;
    }
    r->roots = xcalloc(r->g->nodes.len - r->first + 1, 1);
    const struct ynode *importers = ynode_get(doc, "importers"), *imp;
    for (size_t i = 0; i < ynode_len(importers); i++) {
        ynode_key_at(importers, i, &imp);
        read_importer(r, imp);
    }
    if (!importers)
        read_importer(r, doc);
    if (r->major >= 9)  /* 5.4 and 6 write dev: true/false themselves */
        graph_mark_dev_only(r->g, r->first, r->roots);
}

bool pnpm_lock_read(struct dep_graph *g, const char *path, const char *buf, size_t len,
                    struct diag *d)
{
    struct pnpm_reader r = {.g = g, .a = arena_new(), .where = path, .d = d,
                            .first = (unsigned)g->nodes.len};
    r.lf = graph_add_lockfile(g, path, "pnpm-lock.yaml", ECO_NPM);
    const struct ynode *doc = len > LOCK_MAX_BYTES ? NULL
                                                   : yamlock_parse(buf, len, path, r.a, NULL, d);
    if (len > LOCK_MAX_BYTES)
        diag_set(d, DIAG_LIMIT, path, 0, 0, "lockfile larger than %u bytes", LOCK_MAX_BYTES);
    if (doc && ynode_len(doc))
        read_doc(&r, doc);
    else if (doc && doc->kind != YNODE_MAP)
        diag_set(d, DIAG_UNSUPPORTED, path, doc->line, doc->col, "not a pnpm-lock.yaml");
    VEC_FREE(&r.keys);
    free(r.roots);
    arena_free(r.a);
    return !diag_failed(d);
}

bool pnpm_lock_sniff(const char *buf, size_t len)
{
    return toml_lock_has_line(buf, len < 4096 ? len : 4096, "lockfileVersion:");
}
