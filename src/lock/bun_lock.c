/* bun.lock (Bun's text lockfile, JSONC, lockfileVersion 0 and 1) into the
 * graph: one node per `packages` key, edges resolved the way Bun installs
 * them (the nested key first, then each enclosing one, then the top). */
#include "depvet/lock/bun_lock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"
#include "depvet/lock/jsonlock.h"
#include "depvet/lock/npm_source.h"

struct bun_key {
    const char *key;   /* the `packages` key: "a", "@s/a", "a/@s/b" (b nested under a) */
    unsigned id;
    const cJSON *entry;
};

struct bun_reader {
    struct dep_graph *g;
    unsigned lf;
    const char *where;
    struct diag *d;
    VEC(struct bun_key) keys;   /* sorted by key once every node is in */
    unsigned char *reach;       /* per node (id - first): 1 production root, 2 dev root */
    unsigned first;
};

/* Dependency tables of a package's info object and of a workspace. */
static const struct { const char *field; unsigned flags; } dep_kind_table[] = {
    {"dependencies", 0},
    {"optionalDependencies", DEP_OPTIONAL},
    {"peerDependencies", DEP_PEER},
    {"devDependencies", DEP_DEV},
};

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const struct bun_key *)a)->key, ((const struct bun_key *)b)->key);
}

static const struct bun_key *find_key(const struct bun_reader *r, const char *key)
{
    struct bun_key probe = {key, 0, NULL};
    if (!r->keys.len)
        return NULL;
    return bsearch(&probe, r->keys.items, r->keys.len, sizeof probe, key_cmp);
}

/* Length of key without its last package name ("a/@s/b" -> 1, "a" -> 0). */
static size_t parent_len(const char *key, size_t len)
{
    size_t start = 0, last = 0;
    while (start < len) {
        last = start;
        const char *slash = memchr(key + start, '/', len - start);
        size_t seg = slash ? (size_t)(slash - key) : len;
        if (key[start] == '@' && slash) {  /* a scoped name spans two segments */
            const char *next = memchr(key + seg + 1, '/', len - seg - 1);
            seg = next ? (size_t)(next - key) : len;
        }
        start = seg + 1;
    }
    return last ? last - 1 : 0;
}

/* The node a dependency `name` of the package at scope resolves to. */
static const struct bun_key *resolve(struct bun_reader *r, const char *scope, const char *name)
{
    size_t slen = strlen(scope), nlen = strlen(name);
    char *buf = xmalloc(slen + nlen + 2);
    const struct bun_key *hit = NULL;
    for (;;) {
        if (slen) {
            memcpy(buf, scope, slen);
            buf[slen] = '/';
            memcpy(buf + slen + 1, name, nlen + 1);
        } else {
            memcpy(buf, name, nlen + 1);
        }
        if ((hit = find_key(r, buf)) || !slen)
            break;
        slen = parent_len(scope, slen);
    }
    free(buf);
    return hit;
}

/* ["name@resolution", registry, {info}, "integrity"] and the shorter
 * forms of workspace, git, file and tarball entries. */
static void add_node(struct bun_reader *r, const char *key, const cJSON *entry, const char *ptr)
{
    const cJSON *desc = cJSON_GetArrayItem(entry, 0);
    const char *at = cJSON_IsString(desc) && desc->valuestring[0]
                         ? strchr(desc->valuestring + 1, '@') : NULL;
    if (!cJSON_IsArray(entry) || !at) {
        diag_set(r->d, DIAG_SYNTAX, r->where, jsonlock_line(entry), 0,
                 "%s: expected [\"name@version\", ...]", ptr);
        diag_set_pointer(r->d, ptr);
        return;
    }
    const char *name = arena_strndup(r->g->arena, desc->valuestring,
                                     (size_t)(at - desc->valuestring));
    const char *res = at + 1;
    struct npm_source sp = npm_source_classify(res, false);
    bool workspace = strncmp(res, "workspace:", 10) == 0;
    unsigned id = graph_add_node(r->g, r->lf, ECO_NPM, name,
                                 sp.kind == SOURCE_REGISTRY && !workspace ? res : "");
    struct dep_node *n = graph_node(r->g, id);
    n->path = graph_strdup(r->g, key);
    n->line = jsonlock_line(entry);
    if (workspace) {
        n->source = SOURCE_PATH;
        n->source_url = graph_strdup(r->g, res + 10);
        n->flags |= DEP_PROJECT | DEP_LINK;
    } else if (sp.kind != SOURCE_REGISTRY) {
        npm_source_set(r->g, id, sp);
        if (strncmp(res, "link:", 5) == 0)
            graph_node(r->g, id)->flags |= DEP_LINK;
    }
    int size = cJSON_GetArraySize(entry);
    const cJSON *reg = cJSON_GetArrayItem(entry, 1), *last = cJSON_GetArrayItem(entry, size - 1);
    if (size == 4 && cJSON_IsString(reg) && reg->valuestring[0])
        graph_node(r->g, id)->source_url = graph_strdup(r->g, reg->valuestring);
    if (size == 4 && cJSON_IsString(last))
        npm_source_add_integrity(r->g, id, last->valuestring);
    struct bun_key k = {graph_node(r->g, id)->path, id, entry};
    VEC_PUSH(&r->keys, k);
}

/* The info object of an entry: its first object element. */
static const cJSON *entry_info(const cJSON *entry)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, entry)
        if (cJSON_IsObject(e))
            return e;
    return NULL;
}

static bool in_string_array(const cJSON *arr, const char *s)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
        if (cJSON_IsString(e) && strcmp(e->valuestring, s) == 0)
            return true;
    return false;
}

/* The edges of one package (from != GRAPH_NONE) or workspace root (from
 * GRAPH_NONE: its targets become direct). */
static void add_deps(struct bun_reader *r, unsigned from, const char *scope, const cJSON *info)
{
    const cJSON *optional_peers = cJSON_GetObjectItemCaseSensitive(info, "optionalPeers");
    for (size_t k = 0; k < sizeof dep_kind_table / sizeof *dep_kind_table; k++) {
        const cJSON *deps = cJSON_GetObjectItemCaseSensitive(info, dep_kind_table[k].field), *dep;
        unsigned flags = dep_kind_table[k].flags;
        if (!cJSON_IsObject(deps))
            continue;
        cJSON_ArrayForEach(dep, deps) {
            const struct bun_key *to = resolve(r, scope, dep->string);
            unsigned f = flags | (in_string_array(optional_peers, dep->string) ? DEP_OPTIONAL : 0);
            if (!to) {
                if (!(f & (DEP_OPTIONAL | DEP_PEER)) && from != GRAPH_NONE)
                    graph_add_edge_by_name(r->g, from, dep->string,
                                           cJSON_IsString(dep) ? dep->valuestring : NULL, f);
                continue;
            }
            if (from != GRAPH_NONE) {
                graph_add_edge(r->g, from, to->id, cJSON_IsString(dep) ? dep->valuestring : NULL, f);
            }
            if (from == GRAPH_NONE || (graph_node(r->g, from)->flags & DEP_PROJECT)) {
                graph_node(r->g, to->id)->flags |= DEP_DIRECT | (f & (DEP_OPTIONAL | DEP_PEER));
                r->reach[to->id - r->first] |= f & DEP_DEV ? 2 : 1;
            }
        }
    }
}

/* Workspace "" is the project; the others are packages entries whose
 * resolution is "workspace:<their folder>". */
static void read_workspaces(struct bun_reader *r, const cJSON *ws)
{
    const cJSON *w;
    if (!cJSON_IsObject(ws))
        return;
    cJSON_ArrayForEach(w, ws) {
        const struct bun_key *member = NULL;
        for (size_t i = 0; w->string[0] && i < r->keys.len && !member; i++) {
            const struct dep_node *n = graph_node(r->g, r->keys.items[i].id);
            if ((n->flags & DEP_PROJECT) && n->source_url && strcmp(n->source_url, w->string) == 0)
                member = &r->keys.items[i];
        }
        add_deps(r, member ? member->id : GRAPH_NONE, member ? member->key : "", w);
    }
}

static void read_doc(struct bun_reader *r, const cJSON *doc)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "lockfileVersion");
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1) {
        diag_set(r->d, DIAG_UNSUPPORTED, r->where, 1, 1,
                 "bun.lock lockfileVersion %s is not supported (0 and 1 are)",
                 cJSON_IsNumber(v) ? "other than 0 or 1" : "missing");
        return;
    }
    struct jsonlock_at at = {r->where, "", jsonlock_line(doc), r->d};
    const cJSON *pkgs = jsonlock_obj(&at, doc, "packages"), *e;
    char ptr[512];
    cJSON_ArrayForEach(e, pkgs) {
        snprintf(ptr, sizeof ptr, "/packages");
        jsonlock_pointer_add(ptr, sizeof ptr, e->string);
        add_node(r, e->string, e, ptr);
        if (diag_failed(r->d))
            return;
    }
    if (r->keys.len > 1)
        qsort(r->keys.items, r->keys.len, sizeof *r->keys.items, key_cmp);
    r->reach = xcalloc(r->g->nodes.len - r->first + 1, 1);
    for (size_t i = 0; i < r->keys.len; i++)
        add_deps(r, r->keys.items[i].id, r->keys.items[i].key, entry_info(r->keys.items[i].entry));
    read_workspaces(r, jsonlock_obj(&at, doc, "workspaces"));
    graph_mark_dev_only(r->g, r->first, r->reach);
}

bool bun_lock_read(struct dep_graph *g, const char *path, const char *buf, size_t len,
                   struct diag *d)
{
    unsigned lf = graph_add_lockfile(g, path, "bun.lock", ECO_NPM);
    if (memchr(buf, '\0', len)) {
        diag_set(d, DIAG_SYNTAX, path, 0, 0, "NUL byte in bun.lock (bun.lockb is the binary one)");
        return false;
    }
    char *text = jsonlock_strip_jsonc(buf, len);
    bool empty;
    cJSON *doc = jsonlock_open(g, lf, text, len, path, &empty, d);
    free(text);
    if (!doc)
        return empty;
    struct bun_reader r = {.g = g, .lf = lf, .where = path, .d = d,
                           .first = (unsigned)g->nodes.len};
    read_doc(&r, doc);
    VEC_FREE(&r.keys);
    free(r.reach);
    cJSON_Delete(doc);
    return !diag_failed(d);
}

bool bun_lock_sniff(const char *buf, size_t len)
{
    return jsonlock_is_object(buf, len) && jsonlock_head_has(buf, len, "\"lockfileVersion\"") &&
           jsonlock_head_has(buf, len, "\"workspaces\": {") &&
           !jsonlock_head_has(buf, len, "\"requires\": true") &&
           !jsonlock_head_has(buf, len, "\"node_modules/");
}
