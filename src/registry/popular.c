/* Popular-name lists: hex.pm's search by downloads, npm's search by
 * popularity, a PyPI top-packages file. */
#include "depvet/registry/popular.h"

#include <ctype.h>
#include <string.h>

#include "depvet/registry/regjson.h"
#include "depvet/registry/regurl.h"

char *popular_url(struct arena *a, enum ecosystem eco, const char *base, unsigned page,
                  unsigned *n_pages)
{
    const char *b = regurl_base(a, base);
    switch (eco) {
    case ECO_HEX:
        *n_pages = POPULAR_HEX_PAGES;
        return arena_printf(a, "%s/packages?sort=downloads&page=%u", b, page + 1);
    case ECO_PYPI:
        *n_pages = 1;
        return arena_strdup(a, base);
    case ECO_NPM:       /* a package, not pages: popular_npm_* */
    case ECO_UNKNOWN:
        break;
    }
    (void)b;
    *n_pages = 0;
    return NULL;
}

bool popular_ends_empty(enum ecosystem eco)
{
    return eco == ECO_HEX;
}

/* Doubling inside the arena: a list is read once. */
static void push(struct arena *a, struct popular_names *l, const char *name, int64_t monthly)
{
    if (!name || !name[0])
        return;
    if ((l->n & (l->n - 1)) == 0) {
        size_t cap = l->n ? l->n * 2 : 1;
        const char **names = arena_alloc(a, cap * sizeof(*names));
        int64_t *counts = arena_alloc(a, cap * sizeof(*counts));
        if (l->n) {
            memcpy(names, l->names, l->n * sizeof(*names));
            memcpy(counts, l->monthly, l->n * sizeof(*counts));
        }
        l->names = names;
        l->monthly = counts;
    }
    l->names[l->n] = name;
    l->monthly[l->n++] = monthly;
}

/* Where each list says how much a package is used, and how to make that
 * a monthly count: PyPI's file counts 30 days, Hex "recent" 90, npm's
 * search answer "downloads.monthly" where it has one. */
struct count_source {
    const char *obj, *key;   /* obj NULL: key is a member of the element */
    int64_t divide;
};

static const struct count_source count_source_table[] = {
    [ECO_HEX] = {"downloads", "recent", 3},
    [ECO_PYPI] = {NULL, "download_count", 1},
    [ECO_NPM] = {"downloads", "monthly", 1},
};

static int64_t monthly_of(struct regjson *rj, enum ecosystem eco, const cJSON *el,
                          const char *at)
{
    const struct count_source *c = &count_source_table[eco];
    const cJSON *o = el;
    char p[REGJSON_PTR];
    memcpy(p, at, sizeof(p));
    if (c->obj) {
        o = regjson_obj(rj, el, c->obj, at);
        regjson_ptr(p, at, c->obj);
    }
    int64_t v;
    if (!cJSON_IsObject(o) || !regjson_int(rj, o, c->key, p, &v) || v < 0)
        return POPULAR_UNKNOWN;
    return v / c->divide;
}

/* Each element of arr, an object, names the package at path key1[.key2]. */
static void names_of(struct regjson *rj, enum ecosystem eco, const cJSON *arr, const char *ptr,
                     const char *key1, const char *key2, struct popular_names *out,
                     size_t max)
{
    size_t i = 0;
    char at[REGJSON_PTR], p[REGJSON_PTR];
    for (const cJSON *el = arr ? arr->child : NULL; el && out->n < max; el = el->next, i++) {
        regjson_ptr_idx(at, ptr, i);
        memcpy(p, at, sizeof(p));
        const cJSON *obj = el;
        if (key2) {
            obj = regjson_obj(rj, el, key1, at);
            regjson_ptr(p, at, key1);
        }
        if (!cJSON_IsObject(obj) || !cJSON_IsObject(el)) {
            regjson_fail(rj, p, "expected an object");
            return;
        }
        const char *name = regjson_str(rj, obj, key2 ? key2 : key1, p);
        push(rj->a, out, name, monthly_of(rj, eco, el, at));
    }
}

bool popular_parse(struct arena *a, enum ecosystem eco, const char *url, const char *body,
                   size_t len, struct popular_names *out, struct diag *d)
{
    struct regjson rj = {a, url, d};
    if (eco <= ECO_UNKNOWN || eco > ECO_NPM) {
        diag_set(d, DIAG_UNSUPPORTED, url, 0, 0, "no popular list for this ecosystem");
        return false;
    }
    cJSON *root = regjson_open(&rj, body, len, eco == ECO_HEX ? cJSON_Array : cJSON_Object,
                               eco == ECO_NPM ? "objects" : "rows");
    if (!root)
        return false;
    if (eco == ECO_HEX)
        names_of(&rj, eco, root, "", "name", NULL, out, (size_t)-1);
    else if (eco == ECO_NPM)
        names_of(&rj, eco, regjson_arr(&rj, root, "objects", ""), "/objects", "package", "name",
                 out, (size_t)-1);
    else
        names_of(&rj, eco, regjson_arr(&rj, root, "rows", ""), "/rows", "project", NULL, out,
                 POPULAR_PYPI_MAX);
    cJSON_Delete(root);
    return !regjson_failed(&rj);
}

const char *const popular_npm_file_table[2] = {
    "package/lib/top-download.js", "package/lib/top-dependent.js",
};

/* A cursor over a JavaScript module, counting lines for diagnostics. */
struct js_cur {
    const char *p, *end, *url, *line_start;
    unsigned line;
    struct diag *d;
};

static bool js_fail(struct js_cur *c, const char *what)
{
    diag_set(c->d, DIAG_SYNTAX, c->url, c->line, (unsigned)(c->p - c->line_start) + 1, "%s",
             what);
    return false;
}

/* Skips whitespace and comments; false on an unterminated comment. */
static bool js_skip(struct js_cur *c)
{
    while (c->p < c->end) {
        if (*c->p == '\n') {
            c->line++;
            c->line_start = ++c->p;
        } else if (*c->p == ' ' || *c->p == '\t' || *c->p == '\r') {
            c->p++;
        } else if (c->end - c->p >= 2 && c->p[0] == '/' && c->p[1] == '/') {
            while (c->p < c->end && *c->p != '\n')
                c->p++;
        } else if (c->end - c->p >= 2 && c->p[0] == '/' && c->p[1] == '*') {
            const char *close = NULL;
            for (const char *q = c->p + 2; !close && q + 1 < c->end; q++)
                if (q[0] == '*' && q[1] == '/')
                    close = q;
            if (!close)
                return js_fail(c, "unterminated comment");
            for (; c->p < close; c->p++)
                if (*c->p == '\n') {
                    c->line++;
                    c->line_start = c->p + 1;
                }
            c->p = close + 2;
        } else {
            break;
        }
    }
    return true;
}

/* "export const NAME =", optional, before the array. */
static void js_skip_binding(struct js_cur *c)
{
    static const char *const word_table[] = {"export", "const"};
    for (size_t w = 0; w < 2; w++) {
        size_t n = strlen(word_table[w]);
        if ((size_t)(c->end - c->p) > n && memcmp(c->p, word_table[w], n) == 0 &&
            (c->p[n] == ' ' || c->p[n] == '\t')) {
            c->p += n;
            js_skip(c);
        }
    }
    while (c->p < c->end && (isalnum((unsigned char)*c->p) || *c->p == '_' || *c->p == '$'))
        c->p++;
    js_skip(c);
    if (c->p < c->end && *c->p == '=')
        c->p++;
}

/* One quoted name at c->p into out. */
static bool js_name(struct js_cur *c, struct arena *a, struct popular_names *out)
{
    char q = *c->p++;
    const char *start = c->p;
    while (c->p < c->end && *c->p != q) {
        unsigned char ch = (unsigned char)*c->p;
        if (ch < 0x20 || ch == 0x7f || ch == '\\' || ch == '\'' || ch == '"')
            return js_fail(c, "a name holds a character npm names never hold");
        c->p++;
    }
    if (c->p >= c->end)
        return js_fail(c, "unterminated name");
    size_t n = (size_t)(c->p - start);
    c->p++;
    if (n == 0 || n > 214)
        return js_fail(c, "a name is empty or longer than npm allows (214)");
    if (out->n < POPULAR_NPM_MAX)
        push(a, out, arena_strndup(a, start, n), POPULAR_UNKNOWN);
    return true;
}

bool popular_parse_js_list(struct arena *a, const char *url, const char *body, size_t len,
                           struct popular_names *out, struct diag *d)
{
    struct js_cur c = {body, body + len, url, body, 1, d};
    if (!body || !js_skip(&c))
        return body ? false : js_fail(&c, "no list");
    js_skip_binding(&c);
    if (!js_skip(&c) || c.p >= c.end || *c.p != '[')
        return js_fail(&c, "expected an array of names ('[')");
    c.p++;
    bool want_name = true;   /* after '[' or ',' */
    for (;;) {
        if (!js_skip(&c))
            return false;
        if (c.p >= c.end)
            return js_fail(&c, "unterminated array");
        if (*c.p == ']')
            break;
        if (*c.p == ',' && !want_name) {
            c.p++;
            want_name = true;
        } else if ((*c.p == '\'' || *c.p == '"') && want_name) {
            if (!js_name(&c, a, out))
                return false;
            want_name = false;
        } else {
            return js_fail(&c, want_name ? "expected a quoted name" : "expected ',' or ']'");
        }
    }
    c.p++;
    if (!js_skip(&c))
        return false;
    if (c.p < c.end && *c.p == ';')
        c.p++;
    if (!js_skip(&c) || c.p < c.end)
        return js_fail(&c, "text after the list");
    return true;
}

/* Adds name unless the set already has it (open addressing, cap a power
 * of two at least twice the names). */
static bool set_add(const char **set, size_t cap, const char *name)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
        if (!set[i]) {
            set[i] = name;
            return true;
        }
        if (strcmp(set[i], name) == 0)
            return false;
    }
}

void popular_merge_ranked(struct arena *a, const struct popular_names lists[2],
                          struct popular_names *out)
{
    size_t total = lists[0].n + lists[1].n, cap = 2;
    while (cap < total * 2)
        cap *= 2;
    const char **set = arena_alloc(a, cap * sizeof(*set));
    out->names = arena_alloc(a, (total ? total : 1) * sizeof(*out->names));
    out->monthly = arena_alloc(a, (total ? total : 1) * sizeof(*out->monthly));
    out->n = 0;
    size_t i = 0, j = 0;
    while (i < lists[0].n || j < lists[1].n) {
        bool first = j >= lists[1].n ||
                     (i < lists[0].n && i * lists[1].n <= j * lists[0].n);
        const char *name = first ? lists[0].names[i++] : lists[1].names[j++];
        if (set_add(set, cap, name)) {
            out->monthly[out->n] = POPULAR_UNKNOWN;
            out->names[out->n++] = name;
        }
    }
}
