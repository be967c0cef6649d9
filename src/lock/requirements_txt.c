/* pip requirements files into the graph: logical lines, options, includes, pins, "# via" edges. */
#include "depvet/lock/requirements_txt.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/core/fileio.h"
#include "depvet/core/pep508.h"
#include "depvet/core/req_pep440.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"
#include "depvet/lock/reader.h"

enum opt_kind { O_REQ, O_CONSTRAINT, O_EDITABLE, O_INDEX, O_EXTRA_INDEX, O_FLAG, O_VALUE };

struct opt {
    const char *name;
    unsigned char kind;
};

/* File-level options pip accepts; everything else starting with '-' is an
 * error. */
static const struct opt opt_table[] = {
    {"-r", O_REQ},           {"--requirement", O_REQ},
    {"-c", O_CONSTRAINT},    {"--constraint", O_CONSTRAINT},
    {"-e", O_EDITABLE},      {"--editable", O_EDITABLE},
    {"-i", O_INDEX},         {"--index-url", O_INDEX},
    {"--extra-index-url", O_EXTRA_INDEX},
    {"--pre", O_FLAG},       {"--no-index", O_FLAG},
    {"--require-hashes", O_FLAG}, {"--prefer-binary", O_FLAG},
    {"-f", O_VALUE},         {"--find-links", O_VALUE},
    {"--trusted-host", O_VALUE}, {"--no-binary", O_VALUE},
    {"--only-binary", O_VALUE},  {"--use-feature", O_VALUE},
};

/* Per-requirement options other than --hash, each taking a value. */
static const char *const req_opt_table[] = {
    "--global-option", "--install-option", "--config-settings", "-C",
};

static const char *const archive_ext_table[] = {".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip"};

struct via {
    unsigned child;
    const char *parent;   /* NULL: required by a -r / -c source */
};

/* A constraints file to read at the end, and the -c line naming it. */
struct constraint {
    char *path;
    char *from;
    unsigned line;
};

struct rt {
    struct dep_graph *g;
    unsigned lf;
    struct diag *d;
    struct arena *tmp;
    VEC(struct via) via;
    VEC(struct constraint) constraints;
    bool any_via;
    bool constraint_mode;
    char *stack[REQUIREMENTS_TXT_MAX_INCLUDE + 1];
    unsigned depth;
};

struct file_ctx {
    const char *path;
    unsigned last;        /* node of the last requirement line */
    bool in_via;
    unsigned line;        /* first physical line of the logical line */
    size_t col0;          /* offset of the text being parsed in that line */
};

struct span {
    const char *p;
    size_t n;
};

struct span_vec {
    struct span *items;
    size_t len, cap;
};

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\n';
}

static bool is_name_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '.' || c == '-' || c == '_';
}

static struct span trim(struct span s)
{
    while (s.n && is_ws(*s.p))
        s.p++, s.n--;
    while (s.n && is_ws(s.p[s.n - 1]))
        s.n--;
    return s;
}

static bool has_prefix(struct span s, const char *pre)
{
    size_t n = strlen(pre);
    return s.n >= n && memcmp(s.p, pre, n) == 0;
}

static bool has_suffix(struct span s, const char *suf)
{
    size_t n = strlen(suf);
    return s.n >= n && memcmp(s.p + s.n - n, suf, n) == 0;
}

static const char *find(struct span s, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= s.n; i++)
        if (s.p[i] == needle[0] && memcmp(s.p + i, needle, n) == 0)
            return s.p + i;
    return NULL;
}

/* The next whitespace-separated token from *rest. */
static struct span token(struct span *rest)
{
    struct span t = trim(*rest);
    size_t i = 0;
    while (i < t.n && !is_ws(t.p[i]))
        i++;
    rest->p = t.p + i;
    rest->n = t.n - i;
    return (struct span){t.p, i};
}

__attribute__((format(printf, 5, 6))) static bool fail(struct rt *r, const struct file_ctx *fc,
                                                        size_t col, enum diag_code code,
                                                        const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vset(r->d, code, fc->path, fc->line, (unsigned)(col + 1), fmt, ap);
    va_end(ap);
    return false;
}

static const char *dup(struct rt *r, struct span s)
{
    return arena_strndup(r->g->arena, s.p, s.n);
}

/* ---- nodes ------------------------------------------------------------ */

/* The node for name@version: an existing one of that name and version, a
 * new one, or (reading constraints) only an existing one, whose missing pin
 * the constraint fills in.  GRAPH_NONE when a constraint names nothing. */
static unsigned node_for(struct rt *r, const struct file_ctx *fc, const char *name,
                         const char *version)
{
    unsigned id = graph_find(r->g, r->lf, name);
    if (r->constraint_mode) {
        if (id != GRAPH_NONE && !graph_node(r->g, id)->version[0] && version[0])
            graph_node(r->g, id)->version = graph_strdup(r->g, version);
        return GRAPH_NONE;
    }
    if (id != GRAPH_NONE && strcmp(graph_node(r->g, id)->version, version) == 0)
        return id;
    id = graph_add_node(r->g, r->lf, ECO_PYPI, name, version);
    graph_node(r->g, id)->line = fc->line;
    return id;
}

static void add_hashes(struct rt *r, unsigned id, const struct span *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *colon = memchr(h[i].p, ':', h[i].n);
        char algo[32];
        size_t an = (size_t)(colon - h[i].p);
        if (an >= sizeof algo)
            an = sizeof algo - 1;
        for (size_t k = 0; k < an; k++)
            algo[k] = (h[i].p[k] >= 'A' && h[i].p[k] <= 'Z') ? (char)(h[i].p[k] + 32) : h[i].p[k];
        algo[an] = '\0';
        const char *value = dup(r, (struct span){colon + 1, h[i].n - (size_t)(colon - h[i].p) - 1});
        graph_node_add_checksum(r->g, id, algo, value, NULL);
    }
}

/* "name-1.0-py3-none-any.whl" / "name-1.0.tar.gz" -> name, version. */
static void from_filename(struct span base, struct span *name, struct span *version)
{
    *name = base;
    *version = (struct span){"", 0};
    size_t stem = base.n;
    bool wheel = has_suffix(base, ".whl");
    if (wheel)
        stem -= 4;
    for (size_t i = 0; !wheel && i < sizeof archive_ext_table / sizeof archive_ext_table[0]; i++)
        if (has_suffix(base, archive_ext_table[i])) {
            stem -= strlen(archive_ext_table[i]);
            break;
        }
    if (stem == base.n)
        return;
    /* The name ends at the first '-' before a digit. */
    for (size_t i = 1; i + 1 < stem; i++)
        if (base.p[i] == '-' && base.p[i + 1] >= '0' && base.p[i + 1] <= '9') {
            size_t v = i + 1, e = v;
            while (e < stem && base.p[e] != '-')
                e++;
            *name = (struct span){base.p, i};
            *version = (struct span){base.p + v, e - v};
            return;
        }
    *name = (struct span){base.p, stem};
}

/* Splits "git+https://host/x.git@ref" into repository and ref. */
static void split_ref(struct span url, struct span *repo, struct span *ref)
{
    *repo = url;
    *ref = (struct span){NULL, 0};
    const char *scheme = find(url, "://");
    size_t from = scheme ? (size_t)(scheme - url.p) + 3 : 0;
    const char *slash = memchr(url.p + from, '/', url.n - from);
    if (!slash)
        return;
    for (size_t i = url.n; i > (size_t)(slash - url.p); i--)
        if (url.p[i - 1] == '@') {
            *repo = (struct span){url.p, i - 1};
            *ref = (struct span){url.p + i, url.n - i};
            return;
        }
}

/* #egg=name[extras]&subdirectory=... -> name. */
static struct span egg(struct span frag)
{
    const char *e = find(frag, "egg=");
    if (!e)
        return (struct span){NULL, 0};
    struct span s = {e + 4, frag.n - (size_t)(e + 4 - frag.p)};
    size_t i = 0;
    while (i < s.n && s.p[i] != '&' && s.p[i] != '[')
        i++;
    s.n = i;
    return s;
}

/* A URL, VCS URL or local path requirement; `name` may be empty. */
static unsigned source_node(struct rt *r, const struct file_ctx *fc, struct span name,
                            struct span url, bool editable)
{
    const char *hash = memchr(url.p, '#', url.n);
    struct span frag = {"", 0};
    if (hash) {
        frag = (struct span){hash + 1, url.n - (size_t)(hash - url.p) - 1};
        url.n = (size_t)(hash - url.p);
    }
    if (!name.n)
        name = egg(frag);
    enum source_kind kind = SOURCE_PATH;
    struct span ref = {NULL, 0};
    if (has_prefix(url, "git+")) {
        kind = SOURCE_GIT;
        split_ref((struct span){url.p + 4, url.n - 4}, &url, &ref);
    } else if (find(url, "://") && !has_prefix(url, "file:")) {
        kind = SOURCE_URL;
    }
    struct span version = {"", 0};
    if (!name.n && kind != SOURCE_GIT) {
        struct span base = url;
        while (base.n > 1 && base.p[base.n - 1] == '/')
            base.n--;
        for (size_t i = base.n; i > 0; i--)
            if (base.p[i - 1] == '/') {
                base = (struct span){base.p + i, base.n - i};
                break;
            }
        from_filename(base, &name, &version);
    }
    if (!name.n)
        name = url;
    unsigned id = node_for(r, fc, dup(r, name), dup(r, version));
    if (id == GRAPH_NONE)
        return id;
    struct dep_node *n = graph_node(r->g, id);
    n->source = kind;
    n->source_url = dup(r, url);
    n->git_ref = ref.p ? dup(r, ref) : NULL;
    if (editable && kind == SOURCE_PATH)
        n->flags |= DEP_LINK | ((url.n == 1 && url.p[0] == '.') ? DEP_PROJECT : 0);
    return id;
}

/* ---- requirement lines -------------------------------------------------- */

/* The version of a lone == / === clause, else "". */
static const char *pin(struct rt *r, const char *spec)
{
    struct req_pep440 rq;
    const char *v = "";
    if (req_pep440_parse(spec, strlen(spec), &rq, NULL)) {
        if (rq.nspecs == 1 && !rq.specs[0].wildcard &&
            (rq.specs[0].op == REQ_PEP440_EQ || rq.specs[0].op == REQ_PEP440_ARBITRARY))
            v = dup(r, (struct span){rq.specs[0].text, rq.specs[0].text_len});
        req_pep440_free(&rq);
    }
    return v;
}

/* Does the requirement look like a URL or path rather than PEP 508? */
static bool is_source(struct span s)
{
    size_t i = 0;
    while (i < s.n && is_name_char(s.p[i]))
        i++;
    size_t j = i;
    while (j < s.n && is_ws(s.p[j]))
        j++;
    if (i && j < s.n && (s.p[j] == '@' || s.p[j] == '['))
        return false;
    if (find(s, "://") || has_prefix(s, "file:") || has_prefix(s, ".") || has_prefix(s, "/") ||
        has_prefix(s, "~"))
        return true;
    for (size_t k = 0; k < s.n && !strchr("<>=!~;[( \t", s.p[k]); k++)
        if (s.p[k] == '/' || s.p[k] == '\\')
            return true;
    return false;
}

/* `name${VAR}...`: the name is checked, the rest kept as written. */
static unsigned literal_node(struct rt *r, struct file_ctx *fc, struct span s)
{
    size_t i = 0;
    while (i < s.n && is_name_char(s.p[i]))
        i++;
    if (!i)
        return fail(r, fc, fc->col0, DIAG_SYNTAX, "%s", "expected a package name"), GRAPH_NONE;
    unsigned id = node_for(r, fc, dup(r, (struct span){s.p, i}), "");
    if (id != GRAPH_NONE)
        graph_node(r->g, id)->requirement = dup(r, trim((struct span){s.p + i, s.n - i}));
    return id;
}

static unsigned pep508_node(struct rt *r, struct file_ctx *fc, struct span s)
{
    struct pep508_req *pr;
    struct diag pd;
    diag_clear(&pd);
    if (!pep508_parse(r->tmp, s.p, s.n, &pr, &pd)) {
        if (find(s, "${"))
            return literal_node(r, fc, s);
        diag_set(r->d, pd.code, fc->path, fc->line, (unsigned)fc->col0 + pd.col, "%s", pd.msg);
        return GRAPH_NONE;
    }
    if (pr->url)
        return source_node(r, fc, (struct span){pr->name, strlen(pr->name)},
                           (struct span){pr->url, strlen(pr->url)}, false);
    unsigned id = node_for(r, fc, pr->name, pin(r, pr->specifier));
    if (id == GRAPH_NONE)
        return id;
    struct dep_node *n = graph_node(r->g, id);
    for (size_t i = 0; i < pr->nextras; i++)
        graph_node_add_group(r->g, id, pr->extras[i]);
    n = graph_node(r->g, id);
    if (pr->marker_text)
        n->requirement = arena_printf(r->g->arena, "%s; %s", pr->specifier, pr->marker_text);
    else if (pr->specifier[0])
        n->requirement = graph_strdup(r->g, pr->specifier);
    return id;
}

/* Per-requirement options: hashes collected, the rest skipped. */
static bool req_options(struct rt *r, struct file_ctx *fc, struct span opts, const char *line0,
                        struct span_vec *hashes)
{
    while (opts.n) {
        struct span t = token(&opts);
        if (!t.n)
            break;
        size_t col = (size_t)(t.p - line0);
        if (t.p[0] != '-')
            continue; /* pip ignores stray words after the options */
        const char *eq = memchr(t.p, '=', t.n);
        struct span name = {t.p, eq ? (size_t)(eq - t.p) : t.n};
        struct span val = eq ? (struct span){eq + 1, t.n - name.n - 1} : token(&opts);
        bool known = name.n == 6 && memcmp(name.p, "--hash", 6) == 0;
        if (known) {
            const char *colon = memchr(val.p, ':', val.n);
            if (!colon || colon == val.p || colon + 1 == val.p + val.n)
                return fail(r, fc, col, DIAG_SYNTAX, "%s",
                            "--hash needs algorithm:value (sha256:...)");
            if (hashes->len == REQUIREMENTS_TXT_MAX_HASHES)
                return fail(r, fc, col, DIAG_LIMIT, "more than %d hashes",
                            REQUIREMENTS_TXT_MAX_HASHES);
            VEC_PUSH(hashes, val);
        }
        for (size_t i = 0; !known && i < sizeof req_opt_table / sizeof req_opt_table[0]; i++)
            known = name.n == strlen(req_opt_table[i]) && memcmp(name.p, req_opt_table[i], name.n) == 0;
        if (!known)
            return fail(r, fc, col, DIAG_SYNTAX, "unknown option '%s'", dup(r, name));
        if (!val.n)
            return fail(r, fc, col, DIAG_SYNTAX, "%s", "option needs a value");
    }
    return true;
}

static bool requirement(struct rt *r, struct file_ctx *fc, struct span s, const char *line0,
                        bool editable)
{
    size_t cut = 0;
    while (cut < s.n && !(s.p[cut] == '-' && cut > 0 && is_ws(s.p[cut - 1])))
        cut++;
    struct span req = trim((struct span){s.p, cut});
    struct span_vec hashes = {0};
    bool ok = req_options(r, fc, (struct span){s.p + cut, s.n - cut}, line0, &hashes);
    fc->col0 = (size_t)(req.p - line0);
    unsigned id = GRAPH_NONE;
    if (ok) {
        if (editable || is_source(req))
            id = source_node(r, fc, (struct span){"", 0}, token(&req), editable);
        else
            id = pep508_node(r, fc, req);
        ok = id != GRAPH_NONE || (r->constraint_mode && !diag_failed(r->d));
    }
    if (id != GRAPH_NONE)
        add_hashes(r, id, hashes.items, hashes.len);
    VEC_FREE(&hashes);
    fc->last = id;
    fc->in_via = false;
    return ok;
}

/* ---- includes ----------------------------------------------------------- */

static bool read_text(struct rt *r, const char *path, const char *buf, size_t len);

static char *resolve(const char *from, struct span rel)
{
    if (rel.n && rel.p[0] == '/')
        return xstrndup(rel.p, rel.n);
    const char *slash = strrchr(from, '/');
    size_t dir = slash ? (size_t)(slash - from) + 1 : 0;
    char *out = xmalloc(dir + rel.n + 1);
    memcpy(out, from, dir);
    memcpy(out + dir, rel.p, rel.n);
    out[dir + rel.n] = '\0';
    return out;
}

static bool cycle_error(struct rt *r, struct file_ctx *fc, size_t col, unsigned from,
                        const char *again)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (unsigned i = from; i < r->depth; i++)
        strbuf_printf(&sb, "%s -> ", r->stack[i]);
    strbuf_puts(&sb, again);
    fail(r, fc, col, DIAG_SYNTAX, "include cycle: %s", strbuf_str(&sb));
    strbuf_fini(&sb);
    return false;
}

/* Reads an included file into the same lockfile. */
static bool include(struct rt *r, struct file_ctx *fc, struct span val, size_t col,
                    bool constraint)
{
    if (find(val, "://"))
        return true; /* a remote file: nothing to read offline */
    if (constraint && !r->constraint_mode) {
        struct constraint c = {xstrndup(val.p, val.n), xstrdup(fc->path), fc->line};
        VEC_PUSH(&r->constraints, c);
        return true;
    }
    char *path = resolve(fc->path, val);
    char real[PATH_MAX];
    const char *key = realpath(path, real) ? real : path;
    for (unsigned i = 0; i < r->depth; i++)
        if (strcmp(r->stack[i], key) == 0) {
            cycle_error(r, fc, col, i, key);
            free(path);
            return false;
        }
    if (r->depth > REQUIREMENTS_TXT_MAX_INCLUDE) {
        free(path);
        return fail(r, fc, col, DIAG_LIMIT, "%s", "includes nest too deep");
    }
    struct diag fd;
    size_t len = 0;
    diag_clear(&fd);
    struct stat st;
    /* Only regular files: not a device or FIFO a hostile line names. */
    char *buf = stat(path, &st) == 0 && S_ISREG(st.st_mode)
                    ? file_read(path, LOCK_MAX_BYTES, &len, &fd)
                    : NULL;
    if (!buf && !diag_failed(&fd))
        diag_set(&fd, DIAG_IO, path, 0, 0, "not a readable regular file");
    bool ok = true;
    if (!buf) {
        ok = constraint || fail(r, fc, col, DIAG_IO, "cannot read included file: %s", fd.msg);
    } else {
        r->stack[r->depth++] = xstrdup(key);
        ok = read_text(r, path, buf, len);
        free(r->stack[--r->depth]);
    }
    free(buf);
    free(path);
    return ok;
}

/* ---- lines -------------------------------------------------------------- */

static const struct opt *lookup_opt(struct span name)
{
    for (size_t i = 0; i < sizeof opt_table / sizeof opt_table[0]; i++)
        if (strlen(opt_table[i].name) == name.n && memcmp(opt_table[i].name, name.p, name.n) == 0)
            return &opt_table[i];
    return NULL;
}

static bool option(struct rt *r, struct file_ctx *fc, struct span s, const char *line0)
{
    size_t col = (size_t)(s.p - line0);
    size_t i = 0;
    while (i < s.n && !is_ws(s.p[i]) && s.p[i] != '=')
        i++;
    struct span name = {s.p, i}, rest = {s.p + i, s.n - i};
    /* "-rfile": a short option with its value attached */
    if (name.n > 2 && name.p[1] != '-') {
        rest = (struct span){s.p + 2, s.n - 2};
        name.n = 2;
    } else if (rest.n && rest.p[0] == '=') {
        rest.p++, rest.n--;
    }
    const struct opt *o = lookup_opt(name);
    if (!o)
        return fail(r, fc, col, DIAG_SYNTAX, "unknown option '%s'", dup(r, name));
    if (o->kind == O_FLAG)
        return true;
    struct span val = token(&rest);
    if (!val.n)
        return fail(r, fc, col, DIAG_SYNTAX, "option '%s' needs a value", o->name);
    switch (o->kind) {
    case O_REQ:
    case O_CONSTRAINT:
        return include(r, fc, val, col, o->kind == O_CONSTRAINT);
    case O_EDITABLE:
        return requirement(r, fc, (struct span){val.p, s.n - (size_t)(val.p - s.p)}, line0, true);
    case O_INDEX:
    case O_EXTRA_INDEX:
        if (!r->constraint_mode) {
            graph_lockfile_add_index(r->g, r->lf, dup(r, val));
            if (o->kind == O_EXTRA_INDEX)
                r->g->lockfiles.items[r->lf].extra_index = true;
        }
        return true;
    default:
        return true;
    }
}

static void add_via(struct rt *r, const struct file_ctx *fc, struct span t)
{
    t = trim(t);
    struct span rest = t;
    struct span first = token(&rest);
    if (!first.n || fc->last == GRAPH_NONE)
        return;
    struct via v = {fc->last, NULL};
    if (!(has_prefix(first, "-r") || has_prefix(first, "-c") || has_prefix(first, "--requirement") ||
          has_prefix(first, "--constraint"))) {
        size_t i = 0;
        while (i < first.n && first.p[i] != '[')
            i++;
        v.parent = arena_strndup(r->tmp, first.p, i);
    }
    VEC_PUSH(&r->via, v);
}

/* "# via a, b", "# via" + "#   a" lines: parents of the last package. */
static void comment(struct rt *r, struct file_ctx *fc, struct span s)
{
    if (r->constraint_mode)
        return;
    s = trim(s);
    struct span text = {s.p + 1, s.n - 1};
    struct span t = trim(text);
    if (has_prefix(t, "via") && (t.n == 3 || is_ws(t.p[3]))) {
        r->any_via = true;
        fc->in_via = fc->last != GRAPH_NONE;
        struct span rest = trim((struct span){t.p + 3, t.n - 3});
        while (fc->in_via && rest.n) {
            const char *comma = memchr(rest.p, ',', rest.n);
            size_t n = comma ? (size_t)(comma - rest.p) : rest.n;
            add_via(r, fc, (struct span){rest.p, n});
            rest = comma ? (struct span){comma + 1, rest.n - n - 1} : (struct span){"", 0};
        }
        return;
    }
    if (fc->in_via && text.n && is_ws(text.p[0]) && t.n)
        add_via(r, fc, t);
    else
        fc->in_via = false;
}

/* One logical line (continuations joined). */
static bool logical(struct rt *r, struct file_ctx *fc, const char *line, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (line[i] == '#' && (i == 0 || is_ws(line[i - 1]))) {
            n = i;
            break;
        }
    struct span s = trim((struct span){line, n});
    fc->in_via = false;
    if (!s.n)
        return true;
    fc->col0 = (size_t)(s.p - line);
    if (s.p[0] == '-')
        return option(r, fc, s, line);
    return requirement(r, fc, s, line, false);
}

static bool is_comment_line(struct span l)
{
    l = trim(l);
    return l.n && l.p[0] == '#';
}

/* pip decodes each requirements file with its UTF-8 byte-order mark
 * removed (auto_decode); an editor on Windows may write one. */
static void skip_bom(const char **buf, size_t *len)
{
    if (*len >= 3 && memcmp(*buf, "\xEF\xBB\xBF", 3) == 0) {
        *buf += 3;
        *len -= 3;
    }
}

static bool read_text(struct rt *r, const char *path, const char *buf, size_t len)
{
    struct file_ctx fc = {path, GRAPH_NONE, false, 0, 0};
    skip_bom(&buf, &len);
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        unsigned line, col;
        diag_locate(buf, nul, &line, &col);
        diag_set(r->d, DIAG_SYNTAX, path, line, col, "NUL byte in requirements file");
        return false;
    }
    struct strbuf lb;
    strbuf_init(&lb);
    bool pending = false, ok = true;
    unsigned lineno = 0;
    for (size_t pos = 0; ok && pos < len;) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        struct span l = {buf + pos, end - pos};
        if (l.n && l.p[l.n - 1] == '\r')
            l.n--;
        lineno++;
        if (is_comment_line(l)) {
            if (pending)
                ok = logical(r, &fc, strbuf_str(&lb), lb.len);
            pending = false;
            comment(r, &fc, l);
        } else {
            if (!pending) {
                strbuf_reset(&lb);
                fc.line = lineno;
            }
            pending = l.n && l.p[l.n - 1] == '\\';
            strbuf_append(&lb, l.p, l.n - pending);
            if (!pending)
                ok = logical(r, &fc, strbuf_str(&lb), lb.len);
        }
        pos = end + 1;
    }
    if (ok && pending)
        ok = logical(r, &fc, strbuf_str(&lb), lb.len);
    strbuf_fini(&lb);
    return ok;
}

/* ---- entry points ------------------------------------------------------- */

static void link_parents(struct rt *r)
{
    struct dep_graph *g = r->g;
    for (size_t i = 0; i < r->via.len; i++) {
        const struct via *v = &r->via.items[i];
        unsigned p = v->parent ? graph_find(g, r->lf, v->parent) : GRAPH_NONE;
        if (p == GRAPH_NONE)
            graph_node(g, v->child)->flags |= DEP_DIRECT;
        else if (p != v->child)
            graph_add_edge(g, p, v->child, NULL, 0);
    }
    if (!r->any_via) {
        g->lockfiles.items[r->lf].flat = true;
        for (size_t i = 0; i < g->nodes.len; i++)
            if (g->nodes.items[i].lockfile == r->lf)
                g->nodes.items[i].flags |= DEP_DIRECT;
    }
}

bool requirements_txt_read(struct dep_graph *g, const char *path, const char *buf, size_t len,
                           struct diag *d)
{
    struct rt r = {.g = g, .d = d, .tmp = arena_new()};
    r.lf = graph_add_lockfile(g, path, "requirements.txt", ECO_PYPI);
    char real[PATH_MAX];
    r.stack[r.depth++] = xstrdup(realpath(path, real) ? real : path);
    bool ok = read_text(&r, path, buf, len);
    r.constraint_mode = true;
    for (size_t i = 0; ok && i < r.constraints.len; i++) {
        const struct constraint *c = &r.constraints.items[i];
        struct file_ctx fc = {c->from, GRAPH_NONE, false, c->line, 0};
        ok = include(&r, &fc, (struct span){c->path, strlen(c->path)}, 0, true);
    }
    if (ok)
        link_parents(&r);
    for (size_t i = 0; i < r.constraints.len; i++) {
        free(r.constraints.items[i].path);
        free(r.constraints.items[i].from);
    }
    VEC_FREE(&r.constraints);
    VEC_FREE(&r.via);
    free(r.stack[0]);
    arena_free(r.tmp);
    return ok;
}

/* Looks at the first lines: each must be a comment, an option or parse as
 * a requirement, and at least one must be a requirement or option. */
bool requirements_txt_sniff(const char *buf, size_t len)
{
    if (memchr(buf, '\0', len))
        return false;
    skip_bom(&buf, &len);
    struct arena *a = arena_new();
    unsigned seen = 0, checked = 0;
    bool ok = true;
    for (size_t pos = 0; ok && pos < len && checked < 20;) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        struct span l = trim((struct span){buf + pos, end - pos});
        pos = end + 1;
        const char *hash = find(l, " #");
        if (hash)
            l = trim((struct span){l.p, (size_t)(hash - l.p)});
        if (!l.n || l.p[0] == '#')
            continue;
        checked++;
        if (l.p[0] == '-') {
            struct span rest = l;
            struct span t = token(&rest);
            const char *eq = memchr(t.p, '=', t.n);
            ok = lookup_opt((struct span){t.p, eq ? (size_t)(eq - t.p) : t.n}) ||
                 (t.n > 2 && t.p[1] != '-' && lookup_opt((struct span){t.p, 2}));
        } else {
            const char *opt = find(l, " -");
            size_t n = opt ? (size_t)(opt - l.p) : l.n;
            struct pep508_req *pr;
            ok = is_source(l) || pep508_parse(a, l.p, n, &pr, NULL);
        }
        seen += ok;
    }
    arena_free(a);
    return ok && seen > 0;
}
