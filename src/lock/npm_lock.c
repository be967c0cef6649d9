/* package-lock.json / npm-shrinkwrap.json (v1 nested, v2/v3 by install path) into the graph. */
#include "depvet/lock/npm_lock.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"
#include "depvet/lock/jsonlock.h"
#include "depvet/lock/npm_source.h"
#include "depvet/lock/reader.h"

/* A package.json beside the lockfile larger than this is ignored. */
#define NPM_MANIFEST_MAX (16u * 1024 * 1024)

struct pending {
    unsigned id;
    const cJSON *entry;
    char ptr[128];  /* JSON pointer of the entry, for diagnostics */
};

/* Keeping the hash in the slot spares a trip to the node (a cache miss)
 * on most probes; most lookups are misses (Node tries nested folders first). */
struct slot {
    uint32_t hash;
    uint32_t id1;  /* node id + 1; 0 = empty */
};

struct npm_reader {
    struct dep_graph *g;
    unsigned lf;
    const char *where;
    struct diag *d;
    struct slot *slots;       /* install path -> node id */
    size_t cap, used;
    VEC(struct pending) todo; /* nodes whose edges come in the second pass */
    struct strbuf sb;         /* scratch for candidate paths */
    const cJSON *workspaces;  /* root's "workspaces" */
    unsigned first_id;        /* id of this lockfile's first node */
    unsigned char *nested;    /* node - first_id -> has packages in its node_modules */
    bool v1;
};

/* ---- install path -> node id -------------------------------------------- */

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 29);
}

/* Eight bytes per step: paths are long and most lookups are misses. */
static uint64_t path_hash(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = mix(h ^ w);
    }
    w = 0;
    memcpy(&w, s, n);
    return mix(h ^ w);
}

static void map_insert(struct npm_reader *r, unsigned id);

static void map_grow(struct npm_reader *r)
{
    free(r->slots);
    r->cap = r->cap ? r->cap * 2 : 1024;
    r->slots = xcalloc(r->cap, sizeof(*r->slots));
    r->used = 0;
    for (size_t i = 0; i < r->g->nodes.len; i++)
        if (r->g->nodes.items[i].lockfile == r->lf && r->g->nodes.items[i].path)
            map_insert(r, (unsigned)i);
}

static unsigned map_get(const struct npm_reader *r, const char *s, size_t n)
{
    if (!r->cap)
        return GRAPH_NONE;
    uint64_t h = path_hash(s, n);
    size_t mask = r->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const struct slot *sl = &r->slots[i];
        if (!sl->id1)
            return GRAPH_NONE;
        if (sl->hash != (uint32_t)h)
            continue;
        const char *p = r->g->nodes.items[sl->id1 - 1].path;
        if (strncmp(p, s, n) == 0 && p[n] == '\0')
            return sl->id1 - 1;
    }
}

/* The first node at a path keeps it (jsonlock_open has merged duplicate
 * keys as npm does, so a repeat is only a guard). */
static void map_insert(struct npm_reader *r, unsigned id)
{
    if ((r->used + 1) * 2 > r->cap) {
        map_grow(r); /* re-inserts every node, this one included */
        return;
    }
    const char *p = r->g->nodes.items[id].path;
    uint64_t h = path_hash(p, strlen(p));
    size_t mask = r->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct slot *sl = &r->slots[i];
        if (!sl->id1) {
            sl->hash = (uint32_t)h;
            sl->id1 = id + 1;
            r->used++;
            return;
        }
        if (sl->hash == (uint32_t)h &&
            strcmp(r->g->nodes.items[sl->id1 - 1].path, p) == 0)
            return;
    }
}

/* Node's require() lookup: from dir, try dir/node_modules/name, then each
 * ancestor folder that is not itself a node_modules folder, up to "". */
static bool skip_dir(const char *dir, size_t len, size_t base)
{
    return (len - base == 12 && memcmp(dir + base, "node_modules", 12) == 0) ||
           (len > base && dir[base] == '@'); /* a scope folder holds no packages */
}

static unsigned resolve(struct npm_reader *r, unsigned from, const char *dir,
                        const char *name)
{
    size_t len = strlen(dir);
    /* Most packages have nothing nested: skip the lookup that would miss. */
    bool own = from == GRAPH_NONE || r->nested[from - r->first_id];
    for (;; own = true) {
        size_t base = len;
        while (base && dir[base - 1] != '/')
            base--;
        if (own && !skip_dir(dir, len, base)) {
            strbuf_reset(&r->sb);
            strbuf_append(&r->sb, dir, len);
            strbuf_puts(&r->sb, len ? "/node_modules/" : "node_modules/");
            strbuf_puts(&r->sb, name);
            unsigned id = map_get(r, r->sb.buf, r->sb.len);
            if (id != GRAPH_NONE)
                return id;
        }
        if (!len)
            return GRAPH_NONE;
        len = base ? base - 1 : 0;
    }
}

/* ---- sources, versions, checksums --------------------------------------- */

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- nodes -------------------------------------------------------------- */

/* Name from the last "node_modules/" segment, else the folder's basename. */
static const char *name_from_path(const char *path)
{
    const char *best = NULL;
    for (const char *p = path; (p = strstr(p, "node_modules/")); p++)
        if (p == path || p[-1] == '/')
            best = p + 13;
    if (best)
        return best;
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool in_node_modules(const char *path)
{
    return starts(path, "node_modules/") || strstr(path, "/node_modules/");
}

/* A folder entry matched by the root's "workspaces" globs. */
static bool is_workspace(const struct npm_reader *r, const char *path)
{
    const cJSON *ws = r->workspaces;
    if (cJSON_IsObject(ws))
        ws = cJSON_GetObjectItemCaseSensitive(ws, "packages");
    const cJSON *pat;
    cJSON_ArrayForEach(pat, ws) {
        if (!cJSON_IsString(pat))
            continue;
        const char *p = pat->valuestring;
        if (starts(p, "./"))
            p += 2;
        char buf[512];
        size_t n = strlen(p);
        if (n >= sizeof(buf))
            continue;
        memcpy(buf, p, n + 1);
        while (n && buf[n - 1] == '/')
            buf[--n] = '\0';
        if (fnmatch(buf, path, 0) == 0)
            return true;
    }
    return false;
}

static const struct { const char *field; unsigned flag; } flag_table[] = {
    { "dev", DEP_DEV },          { "optional", DEP_OPTIONAL },
    { "devOptional", DEP_OPTIONAL }, { "peer", DEP_PEER },
    { "inBundle", DEP_BUNDLED }, { "bundled", DEP_BUNDLED },
    { "link", DEP_LINK },
};

/* A flag field: a boolean, or the strings "true" / "false" that some npm
 * versions wrote for v1 `bundled`. */
static bool flag_value(const struct jsonlock_at *at, const cJSON *e, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
    if (cJSON_IsString(v) && (strcmp(v->valuestring, "true") == 0 ||
                              strcmp(v->valuestring, "false") == 0))
        return strcmp(v->valuestring, "true") == 0;
    return jsonlock_bool(at, e, key);
}

/* "npm:real-name@1.2.3": the real name and version, split at the last '@'. */
static bool split_alias(struct npm_reader *r, const char *spec,
                        const char **name, const char **version)
{
    const char *body = spec + 4;
    const char *at = strrchr(body, '@');
    if (!at || at == body)
        return false;
    *name = arena_strndup(r->g->arena, body, (size_t)(at - body));
    *version = at + 1;
    return true;
}

/* npm 6 sometimes wrote "resolved": false (npm.community #3308, seen in
 * RocketChat's lock): false means absent for resolved and integrity. */
static const char *str_or_false(const struct jsonlock_at *at, const cJSON *e,
                                const char *key)
{
    if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(e, key)))
        return NULL;
    return jsonlock_str(at, e, key);
}

static void add_entry(struct npm_reader *r, const char *path, const cJSON *e,
                      const char *ptr)
{
    struct jsonlock_at at = { r->where, ptr, jsonlock_line(e), r->d };
    const char *name = jsonlock_str(&at, e, "name");
    const char *version = jsonlock_str(&at, e, "version");
    const char *resolved = str_or_false(&at, e, "resolved");
    const char *integrity = str_or_false(&at, e, "integrity");
    unsigned flags = 0;
    for (size_t i = 0; i < sizeof(flag_table) / sizeof(*flag_table); i++)
        if (flag_value(&at, e, flag_table[i].field))
            flags |= flag_table[i].flag;
    if (diag_failed(r->d))
        return;
    if (!name)
        name = name_from_path(path);
    if (version && starts(version, "npm:"))
        split_alias(r, version, &name, &version);
    struct npm_source vs = npm_source_classify(version ? version : "", false);
    bool plain = vs.kind == SOURCE_REGISTRY;
    unsigned id = graph_add_node(r->g, r->lf, ECO_NPM, name,
                                 plain && version ? version : "");
    if (!plain)
        npm_source_set(r->g, id, vs);
    else if (resolved)
        npm_source_set(r->g, id, npm_source_classify(resolved, true));
    if (!in_node_modules(path) && !r->v1) {
        npm_source_set(r->g, id, npm_source_classify(path, true));
        if (is_workspace(r, path))
            flags |= DEP_PROJECT | DEP_LINK;
    }
    struct dep_node *n = graph_node(r->g, id);
    n->path = graph_strdup(r->g, path);
    n->flags = flags;
    n->line = at.line;
    if (integrity)
        npm_source_add_integrity(r->g, id, integrity);
    map_insert(r, id);
    struct pending *pd = VEC_ADD(&r->todo);
    pd->id = id;
    pd->entry = e;
    snprintf(pd->ptr, sizeof(pd->ptr), "%s", ptr);
}

/* v2/v3: `packages` keyed by install path. */
static const cJSON *read_packages(struct npm_reader *r, const cJSON *pkgs)
{
    const cJSON *root = NULL, *m;
    r->todo.items = xgrow(r->todo.items, &r->todo.cap,
                          (size_t)cJSON_GetArraySize(pkgs), sizeof(struct pending));
    cJSON_ArrayForEach(m, pkgs) {
        char ptr[256] = "/packages";
        jsonlock_pointer_add(ptr, sizeof(ptr), m->string);
        if (!cJSON_IsObject(m)) {
            struct jsonlock_at at = { r->where, "/packages", jsonlock_line(pkgs), r->d };
            jsonlock_type_error(&at, m->string, "an object");
            return NULL;
        }
        if (!m->string[0]) {
            if (!root)
                root = m;
            continue;
        }
        add_entry(r, m->string, m, ptr);
        if (diag_failed(r->d))
            return NULL;
    }
    return root;
}

/* v1 and older shrinkwraps: nested `dependencies` mirror node_modules. */
static void read_nested(struct npm_reader *r, const cJSON *deps,
                        struct strbuf *path, char *ptr, size_t ptrcap,
                        unsigned depth)
{
    if (depth > LOCK_MAX_DEPTH) {
        diag_set(r->d, DIAG_LIMIT, r->where, jsonlock_line(deps), 0,
                 "dependencies nested deeper than %d levels", LOCK_MAX_DEPTH);
        return;
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, deps) {
        size_t plen = path->len, qlen = strlen(ptr);
        jsonlock_pointer_add(ptr, ptrcap, m->string);
        if (!cJSON_IsObject(m)) {
            struct jsonlock_at at = { r->where, "", jsonlock_line(deps), r->d };
            jsonlock_type_error(&at, NULL, "an object");
            diag_set_pointer(r->d, ptr);
            return;
        }
        strbuf_puts(path, plen ? "/node_modules/" : "node_modules/");
        strbuf_puts(path, m->string);
        add_entry(r, path->buf, m, ptr);
        struct jsonlock_at at = { r->where, ptr, jsonlock_line(m), r->d };
        const cJSON *sub = jsonlock_obj(&at, m, "dependencies");
        if (sub && !diag_failed(r->d)) {
            jsonlock_pointer_add(ptr, ptrcap, "dependencies");
            read_nested(r, sub, path, ptr, ptrcap, depth + 1);
        }
        if (diag_failed(r->d))
            return;
        path->len = plen;
        path->buf[plen] = '\0';
        ptr[qlen] = '\0';
    }
}

/* ---- edges -------------------------------------------------------------- */

static const struct {
    const char *field;
    unsigned flags;
    bool project_only;  /* only the root's and workspace members' */
} dep_kind_table[] = {
    { "optionalDependencies", DEP_OPTIONAL, false },
    { "dependencies", 0, false },
    { "peerDependencies", DEP_PEER, false },
    { "devDependencies", DEP_DEV, true },
};

/* Adds edges from node `from` (GRAPH_NONE = the root project) for one
 * dependency object; targets of a project's edges become DEP_DIRECT. */
static void add_deps(struct npm_reader *r, unsigned from, const char *dir,
                     const cJSON *entry, size_t kind, const struct jsonlock_at *at)
{
    const cJSON *deps = jsonlock_obj(at, entry, dep_kind_table[kind].field);
    const cJSON *optional = cJSON_GetObjectItemCaseSensitive(entry, "optionalDependencies");
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(entry, "peerDependenciesMeta");
    bool project = from == GRAPH_NONE || (graph_node(r->g, from)->flags & DEP_PROJECT);
    const cJSON *m;
    cJSON_ArrayForEach(m, deps) {
        unsigned flags = dep_kind_table[kind].flags;
        if (!cJSON_IsString(m)) {
            char ptr[256];
            snprintf(ptr, sizeof(ptr), "%s", at->ptr);
            jsonlock_pointer_add(ptr, sizeof(ptr), dep_kind_table[kind].field);
            struct jsonlock_at inner = { at->where, ptr, at->line, at->d };
            jsonlock_type_error(&inner, m->string, "a string");
            return;
        }
        const char *req = m->valuestring;
        if (kind == 1 && cJSON_GetObjectItemCaseSensitive(optional, m->string))
            continue; /* listed again under optionalDependencies */
        if (flags & DEP_PEER &&
            json_bool(cJSON_GetObjectItemCaseSensitive(meta, m->string), "optional", false))
            flags |= DEP_OPTIONAL;
        unsigned to = resolve(r, from, dir, m->string);
        if (to == GRAPH_NONE && from == GRAPH_NONE)
            to = graph_find(r->g, r->lf, m->string);
        if (to != GRAPH_NONE && project)
            graph_node(r->g, to)->flags |= DEP_DIRECT;
        if (from == GRAPH_NONE) {
            /* The root is no node: its range is kept on the package, as
             * the range an update may move within (diff --allowed). */
            struct dep_node *t = to != GRAPH_NONE ? graph_node(r->g, to) : NULL;
            if (t && !t->requirement)
                t->requirement = graph_strdup(r->g, req);
            continue;
        }
        if (to != GRAPH_NONE)
            graph_add_edge(r->g, from, to, req, flags);
        else if (!(flags & (DEP_OPTIONAL | DEP_PEER)))
            graph_add_edge_by_name(r->g, from, m->string, req, flags);
    }
}

static void add_kinds(struct npm_reader *r, unsigned from, const char *dir,
                      const cJSON *entry, const struct jsonlock_at *at)
{
    bool project = from == GRAPH_NONE || (graph_node(r->g, from)->flags & DEP_PROJECT);
    for (size_t k = 0; k < sizeof(dep_kind_table) / sizeof(*dep_kind_table); k++)
        if (project || !dep_kind_table[k].project_only)
            add_deps(r, from, dir, entry, k, at);
}

/* A link points at its target folder; a link to a workspace member is how
 * the root project installs it, so the link counts as direct. */
static void link_target(struct npm_reader *r, unsigned id, const cJSON *entry)
{
    const char *target = json_str(entry, "resolved");
    if (!target)
        return;
    unsigned to = map_get(r, target, strlen(target));
    if (to == GRAPH_NONE || to == id)
        return;
    graph_add_edge(r->g, id, to, NULL, 0);
    struct dep_node *n = graph_node(r->g, id);
    const struct dep_node *t = graph_node(r->g, to);
    if (!n->version[0])
        n->version = t->version;
    if (t->flags & DEP_PROJECT)
        n->flags |= DEP_DIRECT;
}

static void v1_requires(struct npm_reader *r, const struct pending *pd)
{
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(pd->entry, "requires");
    if (!cJSON_IsObject(req))
        return; /* old shrinkwraps may write `true` */
    const char *dir = graph_node(r->g, pd->id)->path;
    const cJSON *m;
    cJSON_ArrayForEach(m, req) {
        const char *text = cJSON_IsString(m) ? m->valuestring : NULL;
        unsigned to = resolve(r, pd->id, dir, m->string);
        if (to != GRAPH_NONE)
            graph_add_edge(r->g, pd->id, to, text, 0);
        else
            graph_add_edge_by_name(r->g, pd->id, m->string, text, 0);
    }
}

/* Marks the nodes that have packages under their own node_modules. */
static void find_nested(struct npm_reader *r)
{
    r->nested = xcalloc(r->g->nodes.len - r->first_id + 1, 1);
    for (size_t i = 0; i < r->todo.len; i++) {
        const char *path = graph_node(r->g, r->todo.items[i].id)->path, *cut = NULL;
        for (const char *p = path; (p = strstr(p, "/node_modules/")); p++)
            cut = p;
        unsigned parent = cut ? map_get(r, path, (size_t)(cut - path)) : GRAPH_NONE;
        if (parent != GRAPH_NONE)
            r->nested[parent - r->first_id] = 1;
    }
}

static void add_edges(struct npm_reader *r)
{
    find_nested(r);
    for (size_t i = 0; i < r->todo.len && !diag_failed(r->d); i++) {
        const struct pending *pd = &r->todo.items[i];
        if (r->v1) {
            v1_requires(r, pd);
            continue;
        }
        struct jsonlock_at at = { r->where, pd->ptr, jsonlock_line(pd->entry), r->d };
        if (graph_node(r->g, pd->id)->flags & DEP_LINK &&
            !(graph_node(r->g, pd->id)->flags & DEP_PROJECT)) {
            link_target(r, pd->id, pd->entry);
            continue;
        }
        add_kinds(r, pd->id, graph_node(r->g, pd->id)->path, pd->entry, &at);
    }
}

/* The root project's dependencies: the "" entry, else package.json. */
static void mark_direct(struct npm_reader *r, const cJSON *root_entry)
{
    struct diag ignore;
    diag_clear(&ignore);
    struct jsonlock_at at = { r->where, "/packages/", jsonlock_line(root_entry), r->d };
    if (root_entry) {
        add_kinds(r, GRAPH_NONE, "", root_entry, &at);
        return;
    }
    strbuf_reset(&r->sb);
    const char *slash = strrchr(r->where, '/');
    if (slash)
        strbuf_append(&r->sb, r->where, (size_t)(slash - r->where + 1));
    strbuf_puts(&r->sb, "package.json");
    if (!file_exists(r->sb.buf))
        return;
    size_t len;
    char *text = file_read(r->sb.buf, NPM_MANIFEST_MAX, &len, &ignore);
    cJSON *manifest = text ? json_parse(text, len, r->sb.buf, &ignore) : NULL;
    if (cJSON_IsObject(manifest)) {
        struct jsonlock_at quiet = { r->where, "", 0, &ignore };
        add_kinds(r, GRAPH_NONE, "", manifest, &quiet);
    }
    cJSON_Delete(manifest);
    free(text);
}

/* ---- entry points -------------------------------------------------------- */

static void read_tree(struct npm_reader *r, const cJSON *doc)
{
    struct jsonlock_at at = { r->where, "", 1, r->d };
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(doc, "lockfileVersion");
    if (ver && !cJSON_IsNumber(ver)) {
        jsonlock_type_error(&at, "lockfileVersion", "a number");
        return;
    }
    const cJSON *pkgs = jsonlock_obj(&at, doc, "packages");
    const cJSON *deps = pkgs ? NULL : jsonlock_obj(&at, doc, "dependencies");
    if (diag_failed(r->d))
        return;
    const cJSON *root_entry = NULL;
    if (pkgs) {
        const cJSON *root = cJSON_GetObjectItemCaseSensitive(pkgs, "");
        r->workspaces = cJSON_GetObjectItemCaseSensitive(root, "workspaces");
        root_entry = read_packages(r, pkgs);
    } else if (deps) {
        struct strbuf path = STRBUF_INIT;
        char ptr[256] = "/dependencies";
        r->v1 = true;
        strbuf_puts(&path, "");
        read_nested(r, deps, &path, ptr, sizeof(ptr), 0);
        strbuf_fini(&path);
    }
    if (diag_failed(r->d))
        return;
    add_edges(r);
    if (!diag_failed(r->d))
        mark_direct(r, root_entry);
}

bool npm_lock_read(struct dep_graph *g, const char *path, const char *buf,
                   size_t len, struct diag *d)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    unsigned lf = graph_add_lockfile(g, path,
                                     strcmp(base, "npm-shrinkwrap.json") == 0
                                         ? "npm-shrinkwrap.json" : "package-lock.json",
                                     ECO_NPM);
    bool empty;
    cJSON *doc = jsonlock_open(g, lf, buf, len, path, &empty, d);
    if (!doc)
        return empty;
    struct npm_reader r = { .g = g, .lf = lf, .where = path, .d = d,
                            .first_id = (unsigned)g->nodes.len };
    strbuf_init(&r.sb);
    read_tree(&r, doc);
    strbuf_fini(&r.sb);
    VEC_FREE(&r.todo);
    free(r.slots);
    free(r.nested);
    cJSON_Delete(doc);
    return !diag_failed(d);
}

bool npm_lock_sniff(const char *buf, size_t len)
{
    if (!jsonlock_is_object(buf, len) || jsonlock_head_has(buf, len, "\"_meta\""))
        return false;
    if (jsonlock_head_has(buf, len, "\"lockfileVersion\""))
        return true;
    return jsonlock_head_has(buf, len, "\"dependencies\"") &&
           (jsonlock_head_has(buf, len, "\"resolved\"") ||
            jsonlock_head_has(buf, len, "\"requires\""));
}
