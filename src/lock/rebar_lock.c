/* rebar.lock reader: Erlang terms to flat graph nodes with checksums. */
#include "depvet/lock/rebar_lock.h"

#include <string.h>

#include "depvet/lock/erlterm.h"

static bool fail(struct diag *d, const char *path, const struct erlterm *t,
                 const char *msg)
{
    diag_set(d, DIAG_SYNTAX, path, t ? t->line : 0, t ? t->col : 0, "%s", msg);
    return false;
}

/* {pkg_hash, [{<<"app">>, <<"HASH">>}, ...]} sections, by app name. */
static const char *hash_for(const struct erlterm *hashes, const char *section,
                            const char *app)
{
    const struct erlterm *list = erlterm_kw_get(hashes, section);
    for (size_t i = 0; list && list->type == ET_LIST && i < list->n; i++) {
        const struct erlterm *e = list->items[i];
        if (e->type == ET_TUPLE && e->n == 2 && erlterm_text(e->items[0]) &&
            strcmp(erlterm_text(e->items[0]), app) == 0)
            return erlterm_text(e->items[1]);
    }
    return NULL;
}

static bool add_pkg(struct dep_graph *g, unsigned lf, const char *app,
                    const struct erlterm *src, const struct erlterm *hashes,
                    unsigned *id)
{
    const char *pkg = erlterm_text(erlterm_at(src, 1));
    const char *vsn = erlterm_text(erlterm_at(src, 2));
    if (!pkg || !vsn)
        return false;
    *id = graph_add_node(g, lf, ECO_HEX, pkg, vsn);
    graph_node(g, *id)->repo = graph_strdup(g, "hexpm");
    const char *inner = hash_for(hashes, "pkg_hash", app);
    const char *outer = hash_for(hashes, "pkg_hash_ext", app);
    if (inner)
        graph_node_add_checksum(g, *id, "sha256", inner, "inner");
    if (outer)
        graph_node_add_checksum(g, *id, "sha256", outer, "outer");
    return true;
}

/* {git, "url", {ref | tag | branch, "x"}} and the like (hg too). */
static bool add_vcs(struct dep_graph *g, unsigned lf, const char *app,
                    const struct erlterm *src, unsigned *id)
{
    const char *url = erlterm_text(erlterm_at(src, 1));
    if (!url)
        return false;
    *id = graph_add_node(g, lf, ECO_HEX, app, "");
    struct dep_node *n = graph_node(g, *id);
    n->source = SOURCE_GIT;
    n->source_url = graph_strdup(g, url);
    n->git_ref = graph_strdup(g, erlterm_text(erlterm_at(erlterm_at(src, 2), 1)));
    return true;
}

static bool add_entry(struct dep_graph *g, unsigned lf, const char *path,
                      const struct erlterm *e, const struct erlterm *hashes,
                      struct diag *d)
{
    const char *app = erlterm_text(erlterm_at(e, 0));
    const struct erlterm *src = erlterm_at(e, 1);
    const struct erlterm *level = erlterm_at(e, 2);
    if (e->type != ET_TUPLE || !app || !src || src->type != ET_TUPLE || !src->n)
        return fail(d, path, e, "a lock entry is {<<\"name\">>, Source, Level}");
    unsigned id = GRAPH_NONE;
    bool ok = erlterm_is_atom(src->items[0], "pkg") ? add_pkg(g, lf, app, src, hashes, &id)
              : erlterm_is_atom(src->items[0], "git") || erlterm_is_atom(src->items[0], "hg")
                  ? add_vcs(g, lf, app, src, &id)
                  : false;
    if (!ok)
        return fail(d, path, src, "a source is {pkg, <<\"name\">>, <<\"version\">>} or {git, \"url\", {ref, \"sha\"}}");
    struct dep_node *n = graph_node(g, id);
    n->line = e->line;
    if (level && level->type == ET_INT && level->ival == 0)
        n->flags |= DEP_DIRECT;
    return true;
}

bool rebar_lock_read(struct dep_graph *g, const char *path, const char *buf,
                     size_t len, struct diag *d)
{
    struct arena *a = arena_new();
    const struct erlterm *forms = erlterm_parse(buf, len, path, ERLTERM_ERLANG, a, d);
    bool ok = forms != NULL;
    const struct erlterm *first = erlterm_at(forms, 0), *entries = first;
    /* {"1.2.0", [...]} or, in lock 1.0, the bare list. */
    if (ok && first && first->type == ET_TUPLE && first->n == 2 &&
        first->items[0]->type == ET_STRING)
        entries = first->items[1];
    if (ok && (!entries || entries->type != ET_LIST))
        ok = fail(d, path, first, "a rebar.lock holds a list of locks, or {\"1.2.0\", [...]}");
    if (ok) {
        unsigned lf = graph_add_lockfile(g, path, "rebar.lock", ECO_HEX);
        g->lockfiles.items[lf].flat = true;
        const struct erlterm *hashes = erlterm_at(forms, 1);
        for (size_t i = 0; ok && i < entries->n; i++)
            ok = add_entry(g, lf, path, entries->items[i], hashes, d);
    }
    arena_free(a);
    return ok;
}

static bool contains(const char *buf, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = buf; (size_t)(buf + len - p) >= n;) {
        const char *q = memchr(p, needle[0], (size_t)(buf + len - p) - n + 1);
        if (!q)
            return false;
        if (memcmp(q, needle, n) == 0)
            return true;
        p = q + 1;
    }
    return false;
}

bool rebar_lock_sniff(const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
        i++;
    if (len - i >= 2 && buf[i] == '{' && buf[i + 1] == '"')
        return contains(buf, len, "{pkg,") || contains(buf, len, "{git,") ||
               contains(buf, len, "[]}");
    if (len - i >= 3 && buf[i] == '[') {
        /* "[]." is the empty lock 1.0 file. */
        size_t j = i + 1;
        while (j < len && (buf[j] == ' ' || buf[j] == '\n' || buf[j] == '\r' || buf[j] == '\t'))
            j++;
        return contains(buf, len, "{pkg,") || (len - j >= 2 && buf[j] == ']' && buf[j + 1] == '.');
    }
    return false;
}
