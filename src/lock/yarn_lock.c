/* yarn.lock into the graph: Yarn Classic's own line format (v1) here,
 * Berry's YAML in yarn_berry.c; one entry per block of descriptors, edges
 * by exact descriptor. */
#include "depvet/lock/yarn_lock.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/json.h"
#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"
#include "depvet/lock/npm_source.h"
#include "depvet/lock/toml_lock.h"
#include "yarn_entry.h"

/* A package.json beside the lockfile larger than this is ignored. */
#define YARN_MANIFEST_MAX (16u * 1024 * 1024)

/* Dependency maps of an entry (indent 2 "name:") and what they mean. */
static const struct { const char *field; unsigned flags; } dep_map_table[] = {
    {"dependencies", 0},
    {"optionalDependencies", DEP_OPTIONAL},
    {"peerDependencies", DEP_PEER},
};

/* ---- the line format ------------------------------------------------------ */

struct span {
    const char *p;
    size_t n;
};

static void syntax(struct yarn_reader *r, unsigned line, size_t col, const char *what)
{
    diag_set(r->d, DIAG_SYNTAX, r->where, line, (unsigned)col + 1, "%s", what);
}

/* One token at s (quoted "..." with \" and \\ escapes, or up to a blank,
 * ',' or ':'), copied into the arena; s advances past it. */
static const char *token(struct yarn_reader *r, struct span *s, unsigned line, const char *start)
{
    if (s->n && s->p[0] == '"') {
        char *out = arena_alloc(r->a, s->n);
        size_t k = 0, i = 1;
        for (; i < s->n && s->p[i] != '"'; i++)
            out[k++] = s->p[i] == '\\' && i + 1 < s->n ? s->p[++i] : s->p[i];
        if (i >= s->n) {
            syntax(r, line, (size_t)(s->p - start), "unterminated string");
            return NULL;
        }
        out[k] = '\0';
        s->p += i + 1, s->n -= i + 1;
        return out;
    }
    size_t i = 0;
    while (i < s->n && s->p[i] != ' ' && s->p[i] != ',' && !(s->p[i] == ':' && i + 1 == s->n))
        i++;
    const char *out = arena_strndup(r->a, s->p, i);
    s->p += i, s->n -= i;
    return out;
}

static void skip_blanks(struct span *s)
{
    while (s->n && s->p[0] == ' ')
        s->p++, s->n--;
}

/* `"a@^1", a@^1.2, "b@npm:a@^1":` */
static void header(struct yarn_reader *r, struct span s, unsigned line)
{
    if (!s.n || s.p[s.n - 1] != ':') {
        syntax(r, line, s.n, "expected \"descriptor, ...:\" (a Yarn Berry lockfile?)");
        return;
    }
    s.n--;
    struct yarn_entry *e = VEC_ADD(&r->entries);
    e->line = line;
    const char *start = s.p;
    while (s.n && !diag_failed(r->d)) {
        size_t before = s.n;
        const char *desc = token(r, &s, line, start);
        if (desc && s.n == before) {
            syntax(r, line, (size_t)(s.p - start), "unexpected character in the descriptors");
            return;
        }
        if (desc && desc[0])
            VEC_PUSH(&e->descriptors, desc);
        skip_blanks(&s);
        if (s.n && s.p[0] == ',')
            s.p++, s.n--;
        skip_blanks(&s);
    }
}

static struct yarn_entry *current(struct yarn_reader *r, unsigned line)
{
    if (!r->entries.len) {
        syntax(r, line, 0, "a field before the first entry");
        return NULL;
    }
    return &r->entries.items[r->entries.len - 1];
}

/* Indent 2: `version "1.0.0"`, `integrity sha512-...`, `dependencies:`. */
static void field(struct yarn_reader *r, struct span s, unsigned line, unsigned *map_flags,
                  bool *in_map)
{
    struct yarn_entry *e = current(r, line);
    const char *start = s.p;
    const char *key = e ? token(r, &s, line, start) : NULL;
    if (!key)
        return;
    *in_map = false;
    if (s.n == 1 && s.p[0] == ':') {
        *map_flags = GRAPH_NONE;  /* a map depvet does not use (e.g. dependenciesMeta) */
        for (size_t i = 0; i < sizeof dep_map_table / sizeof *dep_map_table; i++)
            if (strcmp(key, dep_map_table[i].field) == 0)
                *map_flags = dep_map_table[i].flags;
        *in_map = true;
        return;
    }
    skip_blanks(&s);
    const char *value = token(r, &s, line, start);
    if (!value)
        return;
    if (strcmp(key, "version") == 0)
        e->version = value;
    else if (strcmp(key, "resolved") == 0)
        e->resolved = value;
    else if (strcmp(key, "integrity") == 0)
        e->integrity = value;
}

/* Indent 4, inside a dependency map: `name "range"`. */
static void map_item(struct yarn_reader *r, struct span s, unsigned line, unsigned map_flags)
{
    struct yarn_entry *e = current(r, line);
    const char *start = s.p;
    const char *name = e ? token(r, &s, line, start) : NULL;
    skip_blanks(&s);
    const char *range = name ? token(r, &s, line, start) : NULL;
    if (range && map_flags != GRAPH_NONE)
        VEC_PUSH(&e->deps, ((struct yarn_dep){name, range, map_flags}));
}

static size_t indent_of(struct span l)
{
    size_t i = 0;
    while (i < l.n && l.p[i] == ' ')
        i++;
    return i;
}

static void parse(struct yarn_reader *r, const char *buf, size_t len)
{
    unsigned line = 0, map_flags = 0;
    bool in_map = false;
    for (size_t pos = 0; pos < len && !diag_failed(r->d);) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        struct span l = {buf + pos, (nl ? (size_t)(nl - buf) : len) - pos};
        pos += l.n + 1;
        line++;
        if (l.n && l.p[l.n - 1] == '\r')
            l.n--;
        size_t ind = indent_of(l);
        struct span body = {l.p + ind, l.n - ind};
        if (!body.n || body.p[0] == '#')
            continue;
        if (ind == 0) {
            header(r, body, line);
            in_map = false;
        } else if (ind == 2) {
            field(r, body, line, &map_flags, &in_map);
        } else if (ind == 4 && in_map) {
            map_item(r, body, line, map_flags);
        } else {
            syntax(r, line, ind, "unexpected indentation");
        }
    }
}

/* ---- nodes and edges -------------------------------------------------------- */

const char *yarn_split_desc(struct arena *a, const char *desc, const char **range)
{
    const char *at = desc[0] ? strchr(desc + 1, '@') : NULL;
    *range = at ? at + 1 : "";
    return at ? arena_strndup(a, desc, (size_t)(at - desc)) : NULL;
}

static bool git_range(const char *range)
{
    struct npm_source sp = npm_source_classify(range, false);
    const char *slash = strchr(range, '/'), *hash = strchr(range, '#');
    /* "owner/repo#ref" is GitHub shorthand */
    return sp.kind == SOURCE_GIT || (slash && hash && slash < hash && !strchr(range, ':'));
}

static void set_source(struct yarn_reader *r, unsigned id, const struct yarn_entry *e,
                       const char *range)
{
    struct dep_graph *g = r->g;
    const char *res = e->resolved;
    if (git_range(range)) {
        struct dep_node *n = graph_node(g, id);
        const char *hash = strchr(range, '#'), *rh = res ? strchr(res, '#') : NULL;
        const char *slash = res ? strrchr(res, '/') : NULL;
        n->source = SOURCE_GIT;
        n->source_url = arena_strndup(g->arena, range, hash ? (size_t)(hash - range) : strlen(range));
        /* the commit: after '#' in resolved, else codeload's last segment */
        n->git_ref = graph_strdup(g, rh ? rh + 1 : slash ? slash + 1 : hash ? hash + 1 : NULL);
        return;
    }
    if (strncmp(range, "file:", 5) == 0 || strncmp(range, "link:", 5) == 0) {
        npm_source_set(g, id, npm_source_classify(range, false));
        return;
    }
    if (!res)
        return;
    struct npm_source sp = npm_source_classify(res, true);
    const char *frag = strchr(res, '#');
    if (frag && sp.kind != SOURCE_GIT) {
        sp.url_len = (size_t)(frag - res);  /* yarn's "#<sha1 hex>" is a checksum */
        if (!e->integrity && strlen(frag + 1) == 40)
            graph_node_add_checksum(g, id, "sha1", frag + 1, NULL);
    }
    npm_source_set(g, id, sp);
}

static void classic_node(struct yarn_reader *r, struct yarn_entry *e);

/* One node per entry, and its descriptors for the edges. */
static void add_node(struct yarn_reader *r, struct yarn_entry *e)
{
    if (r->berry) {
        yarn_berry_node(r, e);
    } else {
        classic_node(r, e);
    }
    for (size_t i = 0; i < e->descriptors.len && !diag_failed(r->d); i++)
        VEC_PUSH(&r->descs, ((struct yarn_desc){e->descriptors.items[i], e->id}));
}

static void classic_node(struct yarn_reader *r, struct yarn_entry *e)
{
    const char *range = NULL;
    const char *name = e->descriptors.len ? yarn_split_desc(r->a, e->descriptors.items[0], &range) : NULL;
    if (!name || !e->version) {
        syntax(r, e->line, 0, name ? "entry without a version" : "expected \"name@range\"");
        return;
    }
    const char *real = name;
    if (strncmp(range, "npm:", 4) == 0) {  /* an alias: "x@npm:real@^1" */
        const char *inner;
        real = yarn_split_desc(r->a, range + 4, &inner);
        if (!real)
            real = range + 4;  /* "x@npm:real" without a range */
    }
    e->id = graph_add_node(r->g, r->lf, ECO_NPM, real, e->version);
    graph_node(r->g, e->id)->line = e->line;
    set_source(r, e->id, e, range);
    if (e->integrity)
        npm_source_add_integrity(r->g, e->id, e->integrity);
}

static int desc_cmp(const void *a, const void *b)
{
    return strcmp(((const struct yarn_desc *)a)->desc, ((const struct yarn_desc *)b)->desc);
}

unsigned yarn_find_desc(struct yarn_reader *r, const char *name, const char *range)
{
    if (!r->descs.len)
        return GRAPH_NONE;
    struct yarn_desc probe = {arena_printf(r->a, "%s@%s", name, range), 0};
    const struct yarn_desc *hit = bsearch(&probe, r->descs.items, r->descs.len,
                                          sizeof probe, desc_cmp);
    return hit ? hit->id : GRAPH_NONE;
}

/* A dependency's descriptor: as written, else with Berry's default
 * protocol ("^1" in __metadata 4/5 locks, "npm:^1" in the keys). */
static unsigned find_dep(struct yarn_reader *r, const char *name, const char *range)
{
    unsigned id = yarn_find_desc(r, name, range);
    if (id == GRAPH_NONE && r->berry && !strchr(range, ':'))
        id = yarn_find_desc(r, name, arena_printf(r->a, "npm:%s", range));
    return id;
}

/* Exact by descriptor; else (a hand-edited lock) the locked version of
 * that name the range accepts, through graph_resolve. */
static void add_edges(struct yarn_reader *r, const struct yarn_entry *e)
{
    for (size_t i = 0; i < e->deps.len; i++) {
        const struct yarn_dep *dp = &e->deps.items[i];
        unsigned to = find_dep(r, dp->name, dp->range);
        const char *spec = strncmp(dp->range, "npm:", 4) == 0 ? dp->range + 4 : dp->range;
        if (to == GRAPH_NONE)
            to = graph_resolve(r->g, r->lf, dp->name, &(struct dep_want){.spec = spec});
        if (to == GRAPH_NONE) {
            if (!(dp->flags & (DEP_OPTIONAL | DEP_PEER)))
                graph_add_edge_by_name(r->g, e->id, dp->name, dp->range, dp->flags);
            continue;
        }
        graph_add_edge(r->g, e->id, to, dp->range, dp->flags);
        r->has_parent[to - r->first] = true;
    }
}

/* ---- the project ------------------------------------------------------------ */

static const struct { const char *field; unsigned flags; unsigned char root; } manifest_table[] = {
    {"dependencies", 0, 1},
    {"optionalDependencies", DEP_OPTIONAL, 1},
    {"peerDependencies", DEP_PEER, 1},
    {"devDependencies", DEP_DEV, 2},
};

/* package.json beside the lock ("x/yarn.lock" -> "x/package.json", and
 * "p__yarn.lock" -> "p__package.json"): its dependencies are direct. */
static void read_manifest(struct yarn_reader *r)
{
    size_t n = strlen(r->where), ln = strlen("yarn.lock");
    if (n < ln || strcmp(r->where + n - ln, "yarn.lock") != 0)
        return;
    const char *mpath = arena_printf(r->a, "%.*spackage.json", (int)(n - ln), r->where);
    struct diag ignore;
    diag_clear(&ignore);
    size_t len;
    char *text = file_exists(mpath) ? file_read(mpath, YARN_MANIFEST_MAX, &len, &ignore) : NULL;
    cJSON *m = text ? json_parse(text, len, mpath, &ignore) : NULL;
    for (size_t k = 0; cJSON_IsObject(m) && k < sizeof manifest_table / sizeof *manifest_table; k++) {
        const cJSON *deps = cJSON_GetObjectItemCaseSensitive(m, manifest_table[k].field), *dep;
        if (!cJSON_IsObject(deps))
            continue;
        cJSON_ArrayForEach(dep, deps) {
            unsigned id = cJSON_IsString(dep) ? find_dep(r, dep->string, dep->valuestring)
                                              : GRAPH_NONE;
            if (id == GRAPH_NONE)
                continue;
            graph_node(r->g, id)->flags |= DEP_DIRECT | manifest_table[k].flags;
            r->roots[id - r->first] |= manifest_table[k].root;
        }
    }
    cJSON_Delete(m);
    free(text);
}

/* What nothing in the lock depends on is required by the project or one of
 * its workspaces (whose package.json files are not read): direct too. */
static void mark_roots(struct yarn_reader *r)
{
    size_t n = r->g->nodes.len - r->first;
    /* Berry's workspaces are entries: what they depend on is direct (and
     * production, unless the root package.json lists it as dev only). */
    for (size_t i = 0; i < r->g->edges.len; i++) {
        const struct dep_edge *e = &r->g->edges.items[i];
        if (e->to == GRAPH_NONE || e->from < r->first ||
            !(graph_node(r->g, e->from)->flags & DEP_PROJECT))
            continue;
        graph_node(r->g, e->to)->flags |= DEP_DIRECT;
        if (!r->roots[e->to - r->first])
            r->roots[e->to - r->first] = 1;
    }
    for (size_t i = 0; i < n; i++) {
        struct dep_node *nd = graph_node(r->g, r->first + (unsigned)i);
        if (!r->has_parent[i] && !(nd->flags & (DEP_DIRECT | DEP_PROJECT))) {
            nd->flags |= DEP_DIRECT;
            r->roots[i] |= 1;
        }
    }
    /* Direct dev dependencies lose DEP_DEV when production code needs them. */
    graph_mark_dev_only(r->g, r->first, r->roots);
    for (size_t i = 0; i < n; i++) {
        struct dep_node *nd = graph_node(r->g, r->first + (unsigned)i);
        if ((nd->flags & DEP_DIRECT) && (r->roots[i] & 1))
            nd->flags &= ~(unsigned)DEP_DEV;
    }
}

static void build(struct yarn_reader *r)
{
    for (size_t i = 0; i < r->entries.len && !diag_failed(r->d); i++)
        add_node(r, &r->entries.items[i]);
    if (diag_failed(r->d))
        return;
    if (r->descs.len > 1)
        qsort(r->descs.items, r->descs.len, sizeof *r->descs.items, desc_cmp);
    size_t n = r->g->nodes.len - r->first;
    r->roots = xcalloc(n + 1, 1);
    r->has_parent = xcalloc(n + 1, sizeof *r->has_parent);
    for (size_t i = 0; i < r->entries.len; i++)
        add_edges(r, &r->entries.items[i]);
    read_manifest(r);
    mark_roots(r);
}

bool yarn_lock_read(struct dep_graph *g, const char *path, const char *buf, size_t len,
                    struct diag *d)
{
    struct yarn_reader r = {.g = g, .a = arena_new(), .where = path, .d = d,
                            .first = (unsigned)g->nodes.len};
    r.lf = graph_add_lockfile(g, path, "yarn.lock", ECO_NPM);
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        unsigned line, col;
        diag_locate(buf, nul, &line, &col);
        diag_set(d, DIAG_SYNTAX, path, line, col, "NUL byte in yarn.lock");
    } else if (len > LOCK_MAX_BYTES) {
        diag_set(d, DIAG_LIMIT, path, 0, 0, "lockfile larger than %u bytes", LOCK_MAX_BYTES);
    } else if (toml_lock_has_line(buf, len, "__metadata:")) {
        r.berry = true;
        yarn_berry_parse(&r, buf, len);
    } else {
        parse(&r, buf, len);
    }
    if (!diag_failed(d))
        build(&r);
    for (size_t i = 0; i < r.entries.len; i++) {
        VEC_FREE(&r.entries.items[i].descriptors);
        VEC_FREE(&r.entries.items[i].deps);
    }
    VEC_FREE(&r.entries);
    VEC_FREE(&r.descs);
    free(r.roots);
    free(r.has_parent);
    arena_free(r.a);
    return !diag_failed(d);
}

bool yarn_lock_sniff(const char *buf, size_t len)
{
    /* Berry ("__metadata:") too: this reader refuses it with a clear message */
    size_t head = len < 4096 ? len : 4096;
    return toml_lock_has_line(buf, head, "# yarn lockfile v1") ||
           toml_lock_has_line(buf, head, "__metadata:");
}
