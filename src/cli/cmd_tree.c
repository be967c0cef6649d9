/* `depvet tree`: the dependency tree in the manner of `cargo tree`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/cli/commands.h"
#include "depvet/cli/graph_json.h"
#include "depvet/cli/out_sbom.h"
#include "depvet/engine/flatfill.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/engine/session.h"

enum { O_ASCII, O_DEPTH, O_NO_DEDUPE, O_INVERT, O_DEV, O_NO_DEV, O_FORMAT, O_CACHE,
       O_LOCKFILE_ONLY, O_COUNT };

static const struct opt_def tree_opts[O_COUNT] = {
    [O_ASCII] = {"ascii", 0, OPT_FLAG, NULL, "draw with ASCII instead of box-drawing lines", 0, 0},
    [O_DEPTH] = {"depth", 'd', OPT_INT, "N", "stop N levels below the roots", 0, 100000},
    [O_NO_DEDUPE] = {"no-dedupe", 0, OPT_FLAG, NULL, "expand repeated subtrees instead of marking them (*)", 0, 0},
    [O_INVERT] = {"invert", 'i', OPT_STRING, "NAME", "show what pulls NAME in, from NAME upwards", 0, 0},
    [O_DEV] = {"dev", 0, OPT_FLAG, NULL, "include development dependencies (the default)", 0, 0},
    [O_NO_DEV] = {"no-dev", 0, OPT_FLAG, NULL, "leave development dependencies out", 0, 0},
    [O_FORMAT] = {"format", 'f', OPT_STRING, "FMT", "text (default), json (schema in depvet(1)), or cyclonedx / spdx (as depvet sbom)", 0, 0},
    [O_CACHE] = {"cache", 0, OPT_STRING, "DIR", "cache folder to fill flat lockfiles from", 0, 0},
    [O_LOCKFILE_ONLY] = {"lockfile-only", 0, OPT_FLAG, NULL, "only what the lockfiles say: no edges from the cache", 0, 0},
};

struct glyphs {
    const char *tee, *last, *pipe, *blank;
};

static const struct glyphs unicode_glyphs = {"├── ", "└── ", "│   ", "    "};
static const struct glyphs ascii_glyphs = {"|-- ", "`-- ", "|   ", "    "};

struct tree_ctx {
    const struct dep_graph *g;
    const struct glyphs *gl;
    long max_depth;
    bool dedupe, no_dev, invert;
    unsigned char *seen;     /* expanded once already (dedupe) */
    unsigned char *on_path;  /* ancestors of the row being drawn (cycles) */
    struct strbuf prefix;
    struct strbuf out;
};

static void put_safe(struct strbuf *out, const char *s)
{
    termsafe_append(out, s, strlen(s), 0);
}

static void put_label(struct tree_ctx *t, const struct dep_node *n)
{
    put_safe(&t->out, n->name);
    if (n->version[0]) {
        strbuf_puts(&t->out, " v");
        put_safe(&t->out, n->version);
    } else if (n->requirement) {
        strbuf_putc(&t->out, ' ');
        put_safe(&t->out, n->requirement);
    }
    if (n->source == SOURCE_GIT && n->source_url) {
        strbuf_puts(&t->out, " (git ");
        put_safe(&t->out, n->source_url);
        if (n->git_ref) {
            strbuf_putc(&t->out, '#');
            put_safe(&t->out, n->git_ref);
        }
        strbuf_putc(&t->out, ')');
    } else if ((n->source == SOURCE_PATH || n->source == SOURCE_URL) && n->source_url) {
        strbuf_puts(&t->out, n->source == SOURCE_PATH ? " (path " : " (url ");
        put_safe(&t->out, n->source_url);
        strbuf_putc(&t->out, ')');
    }
    if (n->repo && n->flags & DEP_PRIVATE) {
        strbuf_puts(&t->out, " [");
        put_safe(&t->out, n->repo);
        strbuf_putc(&t->out, ']');
    }
    if (n->flags & DEP_DEV)
        strbuf_puts(&t->out, " (dev)");
    if (n->flags & DEP_OPTIONAL)
        strbuf_puts(&t->out, " (optional)");
}

static bool hidden(const struct tree_ctx *t, const struct dep_node *n)
{
    return t->no_dev && (n->flags & DEP_DEV);
}

/* The children of a row: out-edges, or in-edges when inverted. */
static unsigned child_count(const struct tree_ctx *t, const struct dep_node *n)
{
    return t->invert ? n->n_in : n->n_out;
}

static unsigned child_at(const struct tree_ctx *t, const struct dep_node *n,
                         unsigned i)
{
    const struct dep_edge *e =
        &t->g->edges.items[t->invert ? t->g->in[n->first_in + i]
                                     : t->g->out[n->first_out + i]];
    return t->invert ? e->from : e->to;
}

static void draw(struct tree_ctx *t, unsigned id, long depth)
{
    const struct dep_node *n = &t->g->nodes.items[id];
    put_label(t, n);
    bool cycle = t->on_path[id];
    bool repeat = !cycle && t->dedupe && t->seen[id] && child_count(t, n);
    if (cycle)
        strbuf_puts(&t->out, " (cycle)");
    else if (repeat)
        strbuf_puts(&t->out, " (*)");
    strbuf_putc(&t->out, '\n');
    if (cycle || repeat || (t->max_depth >= 0 && depth >= t->max_depth))
        return;
    t->seen[id] = 1;
    t->on_path[id] = 1;
    unsigned nkids = 0, kids_total = child_count(t, n);
    for (unsigned i = 0; i < kids_total; i++)
        if (!hidden(t, &t->g->nodes.items[child_at(t, n, i)]))
            nkids++;
    for (unsigned i = 0, shown = 0; i < kids_total; i++) {
        unsigned kid = child_at(t, n, i);
        if (hidden(t, &t->g->nodes.items[kid]))
            continue;
        bool last = ++shown == nkids;
        size_t keep = t->prefix.len;
        strbuf_puts(&t->out, strbuf_str(&t->prefix));
        strbuf_puts(&t->out, last ? t->gl->last : t->gl->tee);
        strbuf_puts(&t->prefix, last ? t->gl->blank : t->gl->pipe);
        draw(t, kid, depth + 1);
        t->prefix.len = keep;
        t->prefix.buf[keep] = '\0';
    }
    t->on_path[id] = 0;
}

static size_t invert_roots(const struct dep_graph *g, unsigned lf, const char *name,
                           unsigned **out)
{
    size_t n = 0;
    *out = xmalloc((g->nodes.len ? g->nodes.len : 1) * sizeof(unsigned));
    char key[512];
    ecosystem_normalize_name(g->lockfiles.items[lf].eco, name, key, sizeof(key));
    for (size_t i = 0; i < g->nodes.len; i++)
        if (g->nodes.items[i].lockfile == lf && strcmp(g->nodes.items[i].key, key) == 0)
            (*out)[n++] = (unsigned)i;
    return n;
}

static void draw_lockfile(struct tree_ctx *t, unsigned lf, const char *invert)
{
    const struct lockfile_info *info = &t->g->lockfiles.items[lf];
    unsigned *roots;
    size_t nroots = invert ? invert_roots(t->g, lf, invert, &roots)
                           : graph_roots(t->g, lf, &roots);
    if (invert && !nroots) {
        free(roots);
        return;
    }
    size_t count = 0;
    for (size_t i = 0; i < t->g->nodes.len; i++)
        count += t->g->nodes.items[i].lockfile == lf;
    size_t inferred = 0;
    for (size_t i = 0; i < t->g->edges.len; i++)
        inferred += (t->g->edges.items[i].flags & DEP_INFERRED) &&
                    t->g->nodes.items[t->g->edges.items[i].from].lockfile == lf;
    put_safe(&t->out, info->path);
    strbuf_printf(&t->out, " (%s, %s, %zu package%s", info->format,
                  ecosystem_name(info->eco), count, count == 1 ? "" : "s");
    if (info->flat && inferred)
        strbuf_printf(&t->out, ", flat: %zu edges from cached registry metadata", inferred);
    else if (info->flat)
        strbuf_puts(&t->out, ", flat: no dependency edges recorded");
    strbuf_puts(&t->out, ")\n");
    for (size_t i = 0; i < nroots; i++) {
        if (hidden(t, &t->g->nodes.items[roots[i]]))
            continue;
        draw(t, roots[i], 0);
        fwrite(t->out.buf, 1, t->out.len, stdout);
        strbuf_reset(&t->out);
    }
    fwrite(strbuf_str(&t->out), 1, t->out.len, stdout);
    strbuf_reset(&t->out);
    free(roots);
}

static int tree_text(const struct dep_graph *g, const struct opt_value *v)
{
    struct tree_ctx t = {
        .g = g,
        .gl = v[O_ASCII].set ? &ascii_glyphs : &unicode_glyphs,
        .max_depth = v[O_DEPTH].set ? v[O_DEPTH].num : -1,
        .dedupe = !v[O_NO_DEDUPE].set,
        .no_dev = v[O_NO_DEV].set && !v[O_DEV].set,
        .invert = v[O_INVERT].set,
    };
    t.seen = xcalloc(g->nodes.len + 1, 1);
    t.on_path = xcalloc(g->nodes.len + 1, 1);
    strbuf_init(&t.prefix);
    strbuf_init(&t.out);
    const char *invert = v[O_INVERT].str;
    unsigned shown = 0;
    for (unsigned lf = 0; lf < g->lockfiles.len; lf++) {
        unsigned *roots = NULL;
        /* Inverted, only the lockfiles that hold NAME, with no gaps. */
        bool holds = !invert || invert_roots(g, lf, invert, &roots) > 0;
        free(roots);
        if (!holds)
            continue;
        if (shown++)
            putchar('\n');
        draw_lockfile(&t, lf, invert);
    }
    int rc = 0;
    if (invert && !shown) {
        fprintf(stderr, "depvet tree: no lockfile holds a package named '%s'\n", invert);
        rc = EXIT_FAILURE_;
    }
    strbuf_fini(&t.prefix);
    strbuf_fini(&t.out);
    free(t.seen);
    free(t.on_path);
    return rc;
}

static bool tree_usage_ok(const struct cli_ctx *cx)
{
    const char *format = cx->v[O_FORMAT].set ? cx->v[O_FORMAT].str : "text";
    if (!sbom_format_known(format, NULL) && strcmp(format, "text") != 0 &&
        strcmp(format, "json") != 0) {
        fprintf(stderr, "depvet tree: unknown format '%s'\n"
                        "hint: use --format text, json, cyclonedx or spdx\n", format);
        return false;
    }
    return true;
}

/* The graph is the session's: the lockfiles, and unless --lockfile-only
 * a flat lockfile's edges from the cache. */
static int tree_run(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    const struct opt_value *v = cx->v;
    const char *format = v[O_FORMAT].set ? v[O_FORMAT].str : "text";
    /* Where people look for an SBOM: the same as `depvet sbom`. */
    if (sbom_format_known(format, NULL)) {
        struct sbom_request q = {cx->sess, cx->path, format, NULL, v[O_CACHE].str,
                                 v[O_LOCKFILE_ONLY].set, false};
        return sbom_write(stdout, &q, &cx->d);
    }
    struct flatfill_stats fs;
    if (!v[O_LOCKFILE_ONLY].set && !session_flatfill(cx->sess, v[O_CACHE].str, &fs, &cx->d))
        return EXIT_FAILURE_;
    const struct dep_graph *g = session_graph(cx->sess);
    if (strcmp(format, "json") == 0)
        return graph_json_print(stdout, g, v[O_NO_DEV].set && !v[O_DEV].set) ? 0 : EXIT_FAILURE_;
    return tree_text(g, v);
}

const struct cli_command cmd_tree_entry = {
    .name = "tree",
    .args = "[PATH]",
    .summary = "print the dependency tree of the lockfiles under PATH",
    .details =
        "PATH is a lockfile or a directory (default: the current one) searched a\n"
        "few levels deep for mix.lock, rebar.lock, Gleam manifest.toml,\n"
        "requirements*.txt, poetry.lock, Pipfile.lock, uv.lock, pylock.toml,\n"
        "package-lock.json and npm-shrinkwrap.json.  A subtree already shown is\n"
        "marked (*); a dependency cycle is marked (cycle).  A flat lockfile\n"
        "(requirements.txt without '# via') gets its edges from the pinned releases'\n"
        "requires_dist in the cache, when a refresh put them there, with markers\n"
        "evaluated for [environment] in config.toml (--lockfile-only: none).  Exit status: 0 on\n"
        "success, 1 when a lockfile is malformed, 2 on usage errors.",
    .opts = tree_opts,
    .nopts = O_COUNT,
    .max_pos = 1,
    .needs = NEED_PATH | NEED_GRAPH,
    .bare_diag = true,
    .usage_ok = tree_usage_ok,
    .run = tree_run,
};
