/* mix.lock reader: Elixir terms to graph nodes and edges. */
#include "depvet/lock/mix_lock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/xmalloc.h"
#include "depvet/lock/erlterm.h"

#define MIX_EXS_MAX (4u * 1024 * 1024)

struct mix_ctx {
    struct dep_graph *g;
    unsigned lf;
    const char *path;
    struct diag *d;
    const struct erlterm *root;
    unsigned *ids;            /* node id per map entry, GRAPH_NONE if none */
};

static bool fail(struct mix_ctx *m, const struct erlterm *t, const char *msg)
{
    diag_set(m->d, DIAG_SYNTAX, m->path, t ? t->line : 0, t ? t->col : 0, "%s", msg);
    return false;
}

static const char *str_at(const struct erlterm *tuple, size_t i)
{
    const struct erlterm *t = erlterm_at(tuple, i);
    return t && t->type == ET_STRING ? t->str : NULL;
}

static bool add_hex(struct mix_ctx *m, const char *key, const struct erlterm *t,
                    unsigned *id)
{
    const struct erlterm *name = erlterm_at(t, 1);
    const char *version = str_at(t, 2);
    if (!name || name->type != ET_ATOM || !version || t->n < 4)
        return fail(m, t, "a :hex entry needs {:hex, :name, \"version\", \"checksum\", ...}");
    *id = graph_add_node(m->g, m->lf, ECO_HEX, name->str, version);
    const char *inner = str_at(t, 3), *repo = str_at(t, 6), *outer = str_at(t, 7);
    if (inner)
        graph_node_add_checksum(m->g, *id, "sha256", inner, "inner");
    if (outer)
        graph_node_add_checksum(m->g, *id, "sha256", outer, "outer");
    struct dep_node *n = graph_node(m->g, *id);
    n->repo = graph_strdup(m->g, repo ? repo : "hexpm");
    if (repo && strncmp(repo, "hexpm:", 6) == 0)
        n->flags |= DEP_PRIVATE;
    n->line = t->line;
    (void)key;
    return true;
}

static bool add_git_or_path(struct mix_ctx *m, const char *key, const struct erlterm *t,
                            bool git, unsigned *id)
{
    const char *url = str_at(t, 1);
    if (!url)
        return fail(m, t, git ? "a :git entry needs {:git, \"url\", \"ref\", [...]}"
                              : "a :path entry needs {:path, \"dir\", ...}");
    *id = graph_add_node(m->g, m->lf, ECO_HEX, key, "");
    struct dep_node *n = graph_node(m->g, *id);
    n->source = git ? SOURCE_GIT : SOURCE_PATH;
    n->source_url = graph_strdup(m->g, url);
    n->git_ref = graph_strdup(m->g, git ? str_at(t, 2) : NULL);
    n->line = t->line;
    /* mix.lock keeps the commit it resolved and, in the options, what
     * mix.exs asked for: [branch: "main"], [tag: "v1.0"], [ref: "..."]. */
    static const char *const asked_table[] = {"branch", "tag", "ref"};
    const struct erlterm *opts = git ? erlterm_at(t, 3) : NULL;
    for (size_t i = 0; opts && opts->type == ET_LIST && i < 3 && !n->git_requested; i++) {
        const char *v = erlterm_text(erlterm_kw_get(opts, asked_table[i]));
        char buf[512];
        if (v && snprintf(buf, sizeof(buf), "%s %s", asked_table[i], v) < (int)sizeof(buf))
            n->git_requested = graph_strdup(m->g, buf);
    }
    return true;
}

static bool add_entry(struct mix_ctx *m, size_t i)
{
    const struct erlterm *k = m->root->items[2 * i], *v = m->root->items[2 * i + 1];
    const char *key = erlterm_text(k);
    m->ids[i] = GRAPH_NONE;
    if (!key || v->type != ET_TUPLE || !v->n || v->items[0]->type != ET_ATOM)
        return fail(m, v, "each entry is \"name\": {:hex | :git | :path, ...}");
    const char *kind = v->items[0]->str;
    if (strcmp(kind, "hex") == 0)
        return add_hex(m, key, v, &m->ids[i]);
    if (strcmp(kind, "git") == 0 || strcmp(kind, "path") == 0)
        return add_git_or_path(m, key, v, kind[0] == 'g', &m->ids[i]);
    return fail(m, v->items[0], "unknown dependency kind (expected :hex, :git or :path)");
}

static unsigned id_of_app(const struct mix_ctx *m, const char *app)
{
    for (size_t i = 0; i < m->root->n / 2; i++) {
        const char *key = erlterm_text(m->root->items[2 * i]);
        if (key && strcmp(key, app) == 0)
            return m->ids[i];
    }
    return GRAPH_NONE;
}

/* {:app, "requirement" | nil, [hex: :name, repo: "hexpm", optional: bool]} */
static bool add_edges(struct mix_ctx *m, size_t i)
{
    const struct erlterm *v = m->root->items[2 * i + 1];
    const struct erlterm *deps = erlterm_at(v, 5);
    if (m->ids[i] == GRAPH_NONE || !erlterm_is_atom(v->items[0], "hex") || !deps)
        return true;
    if (deps->type != ET_LIST)
        return fail(m, deps, "the dependency list of a :hex entry must be a list");
    for (size_t k = 0; k < deps->n; k++) {
        const struct erlterm *dep = deps->items[k];
        const struct erlterm *app = erlterm_at(dep, 0);
        if (!app || app->type != ET_ATOM)
            return fail(m, dep, "a dependency is {:name, requirement, options}");
        const struct erlterm *opts = erlterm_at(dep, 2);
        unsigned flags = erlterm_is_atom(erlterm_kw_get(opts, "optional"), "true") ? DEP_OPTIONAL : 0;
        unsigned to = id_of_app(m, app->str);
        if (to != GRAPH_NONE)
            graph_add_edge(m->g, m->ids[i], to, str_at(dep, 1), flags);
        /* An optional dependency the project never fetched is not locked. */
    }
    return true;
}

/* ---- mix.exs: which dependencies the project names itself ------------- */

/* Scans the deps list of mix.exs for "{:name," at list depth one; without
 * evaluating Elixir, so a deps list built by code is simply not seen. */
static void mark_direct_from(struct mix_ctx *m, const char *src, size_t len)
{
    const char *p = strstr(src, "defp deps");
    if (!p)
        p = strstr(src, "def deps");
    if (!p)
        return;
    const char *open = memchr(p, '[', (size_t)(src + len - p));
    if (!open)
        return;
    int depth = 0;
    for (const char *c = open; c < src + len; c++) {
        if (*c == '#') { /* comment to end of line */
            const char *nl = memchr(c, '\n', (size_t)(src + len - c));
            if (!nl)
                break;
            c = nl;
            continue;
        }
        if (*c == '[' || *c == '{')
            depth++;
        else if (*c == ']' || *c == '}')
            depth--;
        if (depth == 0)
            break;
        if (!(depth == 2 && *c == '{' && c[1] == ':'))
            continue;
        char name[128];
        size_t n = 0;
        for (const char *s = c + 2; n + 1 < sizeof(name) && (*s == '_' ||
             (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')); s++)
            name[n++] = *s;
        name[n] = '\0';
        const char *close = memchr(c, '}', (size_t)(src + len - c));
        size_t span = close ? (size_t)(close - c) : 0;
        char tuple[512];
        snprintf(tuple, sizeof(tuple), "%.*s", (int)(span < sizeof(tuple) ? span : sizeof(tuple) - 1), c);
        unsigned id = n ? id_of_app(m, name) : GRAPH_NONE;
        if (id == GRAPH_NONE)
            continue;
        struct dep_node *node = graph_node(m->g, id);
        node->flags |= DEP_DIRECT;
        if (strstr(tuple, "only:") && !strstr(tuple, ":prod"))
            node->flags |= DEP_DEV;
    }
}

static void read_mix_exs(struct mix_ctx *m)
{
    char exs[4096];
    const char *slash = strrchr(m->path, '/');
    int n = slash ? snprintf(exs, sizeof(exs), "%.*s/mix.exs", (int)(slash - m->path), m->path)
                  : snprintf(exs, sizeof(exs), "mix.exs");
    if (n <= 0 || (size_t)n >= sizeof(exs) || !file_exists(exs))
        return;
    struct diag ignore;
    diag_clear(&ignore);
    size_t len;
    char *src = file_read(exs, MIX_EXS_MAX, &len, &ignore);
    if (src)
        mark_direct_from(m, src, len);
    free(src);
}

bool mix_lock_read(struct dep_graph *g, const char *path, const char *buf,
                   size_t len, struct diag *d)
{
    struct arena *a = arena_new();
    struct mix_ctx m = {g, 0, path, d, NULL, NULL};
    m.root = erlterm_parse(buf, len, path, ERLTERM_ELIXIR, a, d);
    bool ok = m.root != NULL;
    if (ok && m.root->type != ET_MAP)
        ok = fail(&m, m.root, "a mix.lock is a map: %{\"name\": {...}, ...}");
    if (ok) {
        m.lf = graph_add_lockfile(g, path, "mix.lock", ECO_HEX);
        m.ids = xcalloc(m.root->n / 2 + 1, sizeof(unsigned));
        for (size_t i = 0; ok && i < m.root->n / 2; i++)
            ok = add_entry(&m, i);
        for (size_t i = 0; ok && i < m.root->n / 2; i++)
            ok = add_edges(&m, i);
        if (ok)
            read_mix_exs(&m);
    }
    free(m.ids);
    arena_free(a);
    return ok;
}

bool mix_lock_sniff(const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
        i++;
    return len - i >= 2 && buf[i] == '%' && buf[i + 1] == '{';
}
