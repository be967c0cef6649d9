/* The scanner: rules over in-memory package files, binaries by class. */
#include "depvet/analysis/scanner.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/binclass.h"
#include "depvet/core/hash.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/vec.h"

#define EXCERPT_LEAD 40           /* columns kept before a match on long lines */
#define EXCERPT_RAW_MAX 2048      /* bytes of a line looked at for the excerpt */
#define NEAR_MAX_LINES 100000     /* near-pattern lines remembered per file */

struct problem_row {
    const char *rule;
    enum scan_severity severity;
};

/* Indexed by enum archive_problem_kind. */
static const struct problem_row problem_table[ARCHIVE_PROBLEM_COUNT] = {
    [ARCHIVE_PROBLEM_SYMLINK] = {"archive-symlink", SCAN_SEV_MEDIUM},
    [ARCHIVE_PROBLEM_HARDLINK] = {"archive-hardlink", SCAN_SEV_MEDIUM},
    [ARCHIVE_PROBLEM_SPECIAL] = {"archive-special-file", SCAN_SEV_HIGH},
    [ARCHIVE_PROBLEM_ABSOLUTE_PATH] = {"archive-absolute-path", SCAN_SEV_HIGH},
    [ARCHIVE_PROBLEM_DOTDOT] = {"archive-path-traversal", SCAN_SEV_CRITICAL},
    [ARCHIVE_PROBLEM_BAD_PATH] = {"archive-bad-path", SCAN_SEV_MEDIUM},
    [ARCHIVE_PROBLEM_DUPLICATE] = {"archive-duplicate", SCAN_SEV_MEDIUM},
    [ARCHIVE_PROBLEM_ENCRYPTED] = {"archive-encrypted", SCAN_SEV_MEDIUM},
    [ARCHIVE_PROBLEM_TOO_MANY_ENTRIES] = {"archive-too-many-entries", SCAN_SEV_HIGH},
    [ARCHIVE_PROBLEM_FILE_TOO_LARGE] = {"archive-file-too-large", SCAN_SEV_MEDIUM},
    [ARCHIVE_PROBLEM_TOTAL_TOO_LARGE] = {"archive-too-large", SCAN_SEV_HIGH},
    [ARCHIVE_PROBLEM_RATIO] = {"archive-bomb", SCAN_SEV_HIGH},
    [ARCHIVE_PROBLEM_CORRUPT] = {"archive-corrupt", SCAN_SEV_HIGH},  /* unread: unvetted */
};

struct scanner {
    const struct rule_set *rs;
    enum ecosystem eco;
    unsigned max_hits;
    struct rules_match_data *md;
    struct arena *arena;                 /* the current result's strings */
    VEC(struct scan_hit) hits;
    size_t files_text, files_binary, files_unread;
    uint64_t bytes_text;
    /* Per-file scratch, reused so matching allocates nothing per line. */
    const char *buf;
    size_t len;
    bool lines_ready;
    VEC(size_t) newlines;                /* offsets of '\n' in buf */
    VEC(unsigned) seen;                  /* lines already hit by this rule */
    VEC(unsigned) near;                  /* lines where the near pattern matches */
    int near_state;                      /* 0 unknown, 1 computed */
    struct strbuf excerpt;
};

const char *scanner_problem_rule(enum archive_problem_kind k)
{
    return (unsigned)k < ARCHIVE_PROBLEM_COUNT ? problem_table[k].rule : "archive-problem";
}

enum scan_severity scanner_problem_severity(enum archive_problem_kind k)
{
    return (unsigned)k < ARCHIVE_PROBLEM_COUNT ? problem_table[k].severity : SCAN_SEV_MEDIUM;
}

struct scanner *scanner_new(const struct rule_set *rs, enum ecosystem eco)
{
    struct scanner *sc = xcalloc(1, sizeof(*sc));
    sc->rs = rs;
    sc->eco = eco;
    sc->max_hits = SCANNER_DEFAULT_MAX_HITS;
    sc->md = rules_match_data_new();
    sc->arena = arena_new();
    strbuf_init(&sc->excerpt);
    return sc;
}

void scanner_set_max_hits(struct scanner *sc, unsigned n)
{
    sc->max_hits = n ? n : UINT32_MAX;
}

void scanner_free(struct scanner *sc)
{
    if (!sc)
        return;
    rules_match_data_free(sc->md);
    arena_free(sc->arena);
    VEC_FREE(&sc->hits);
    VEC_FREE(&sc->newlines);
    VEC_FREE(&sc->seen);
    VEC_FREE(&sc->near);
    strbuf_fini(&sc->excerpt);
    free(sc);
}

static void add_hit(struct scanner *sc, const struct scan_rule *r, const char *rule,
                    enum scan_severity sev, const char *file, unsigned line,
                    const char *excerpt, const char *message)
{
    struct scan_hit *h = VEC_ADD(&sc->hits);
    h->rule = r ? r->id : arena_strdup(sc->arena, rule);
    h->severity = r ? r->severity : sev;
    h->file = file;
    h->line = line;
    h->excerpt = excerpt;
    h->message = r ? r->message : arena_strdup(sc->arena, message);
    h->line_sha256 = "";
}

/* The last hit's line, hashed as it is in the file, so that an
 * acknowledgement of the hit ends when the line changes. */
static void hash_line(struct scanner *sc, size_t ls, size_t le)
{
    unsigned char md[HASH_MAX_SIZE];
    char *hex = arena_alloc(sc->arena, 65);
    if (!hash_buffer(HASH_SHA256, sc->buf + ls, le - ls, md))
        return;
    hash_hex_encode(md, 32, hex);
    sc->hits.items[sc->hits.len - 1].line_sha256 = hex;
}

/* ---- lines ------------------------------------------------------------ */

static void build_lines(struct scanner *sc)
{
    sc->newlines.len = 0;
    const char *p = sc->buf, *end = sc->buf + sc->len;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
        VEC_PUSH(&sc->newlines, (size_t)(p - sc->buf));
        p++;
    }
    sc->lines_ready = true;
}

/* 1-based line of byte offset off. */
static unsigned line_of(struct scanner *sc, size_t off)
{
    if (!sc->lines_ready)
        build_lines(sc);
    size_t lo = 0, hi = sc->newlines.len;   /* count of newlines before off */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sc->newlines.items[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (unsigned)(lo + 1);
}

static void line_span(struct scanner *sc, unsigned line, size_t *start, size_t *end)
{
    *start = line >= 2 ? sc->newlines.items[line - 2] + 1 : 0;
    *end = line - 1 < sc->newlines.len ? sc->newlines.items[line - 1] : sc->len;
}

/* ---- excerpts --------------------------------------------------------- */

static const char *make_excerpt(struct scanner *sc, size_t ls, size_t le, size_t ms)
{
    while (ls < le && (sc->buf[ls] == ' ' || sc->buf[ls] == '\t'))
        ls++;
    while (le > ls && (sc->buf[le - 1] == ' ' || sc->buf[le - 1] == '\t' ||
                       sc->buf[le - 1] == '\r'))
        le--;
    size_t from = ls;
    if (ms > ls + EXCERPT_LEAD) {
        from = ms - EXCERPT_LEAD;
        while (from < ms && ((unsigned char)sc->buf[from] & 0xC0) == 0x80)
            from++;   /* start on a character */
    }
    size_t to = le - from > EXCERPT_RAW_MAX ? from + EXCERPT_RAW_MAX : le;
    struct strbuf *sb = &sc->excerpt;
    strbuf_reset(sb);
    if (from > ls)
        strbuf_puts(sb, "...");
    termsafe_append(sb, sc->buf + from, to - from, 0);
    size_t fit = termsafe_fit(strbuf_str(sb), sb->len, SCANNER_EXCERPT_COLS - 3);
    bool cut = fit < sb->len || to < le;
    char *out = arena_strndup(sc->arena, strbuf_str(sb), fit + (cut ? 3 : 0));
    if (cut)
        memcpy(out + fit, "...", 4);
    return out;
}

/* ---- one rule over one text file --------------------------------------- */

static bool seen_line(struct scanner *sc, unsigned line)
{
    for (size_t i = 0; i < sc->seen.len; i++)
        if (sc->seen.items[i] == line)
            return true;
    return false;
}

static void compute_near(struct scanner *sc, const struct scan_rule *r)
{
    sc->near.len = 0;
    size_t from = 0, s, e;
    while (sc->near.len < NEAR_MAX_LINES &&
           rules_pattern_search(r->near, sc->buf, sc->len, from, sc->md, &s, &e)) {
        unsigned line = line_of(sc, s);
        size_t ls, le;
        VEC_PUSH(&sc->near, line);
        line_span(sc, line, &ls, &le);
        from = le + 1;   /* one entry per line */
        if (r->within == RULES_WITHIN_FILE || from > sc->len)
            break;
    }
    sc->near_state = 1;
}

static bool near_ok(struct scanner *sc, const struct scan_rule *r, unsigned line)
{
    if (!r->near)
        return true;
    if (!sc->near_state)
        compute_near(sc, r);
    if (r->within == RULES_WITHIN_FILE)
        return sc->near.len > 0;
    unsigned lo = line > (unsigned)r->within ? line - (unsigned)r->within : 1;
    unsigned hi = line + (unsigned)r->within;
    size_t a = 0, b = sc->near.len;   /* first near line >= lo */
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (sc->near.items[mid] < lo)
            a = mid + 1;
        else
            b = mid;
    }
    return a < sc->near.len && sc->near.items[a] <= hi;
}

static void run_rule(struct scanner *sc, const struct scan_rule *r, const char *file)
{
    unsigned max = r->max_hits ? r->max_hits : sc->max_hits;
    sc->seen.len = 0;
    sc->near_state = 0;
    for (size_t p = 0; p < r->n_patterns && sc->seen.len < max; p++) {
        size_t from = 0, s, e;
        while (sc->seen.len < max &&
               rules_pattern_search(r->patterns[p], sc->buf, sc->len, from, sc->md, &s,
                                    &e)) {
            unsigned line = line_of(sc, s);
            size_t ls, le;
            line_span(sc, line, &ls, &le);
            from = le + 1;   /* the rest of this line cannot add a hit */
            if (!seen_line(sc, line) && near_ok(sc, r, line) &&
                !(r->unless && rules_pattern_search(r->unless, sc->buf, e > le ? e : le, ls,
                                                    sc->md, &s, &e))) {
                VEC_PUSH(&sc->seen, line);
                add_hit(sc, r, NULL, 0, file, line, make_excerpt(sc, ls, le, s), NULL);
                hash_line(sc, ls, le);
            }
            if (from > sc->len)
                break;
        }
    }
}

/* ---- files, problems, listings ---------------------------------------- */

void scanner_file(struct scanner *sc, const char *path, const void *data, size_t len)
{
    if (!data) {
        sc->files_unread++;
        return;
    }
    enum binclass cls = binclass_of(data, len);
    const char *file = NULL;
    if (cls != BINCLASS_TEXT) {
        sc->files_binary++;
        for (size_t i = 0; i < sc->rs->n_rules; i++) {
            const struct scan_rule *r = &sc->rs->rules[i];
            if ((r->binaries & (1u << cls)) && rules_applies(r, sc->eco, path)) {
                file = file ? file : arena_strdup(sc->arena, path);
                add_hit(sc, r, NULL, 0, file, 0, binclass_name(cls), NULL);
            }
        }
        return;
    }
    sc->files_text++;
    sc->bytes_text += len;
    sc->buf = data;
    sc->len = len;
    sc->lines_ready = false;
    for (size_t i = 0; i < sc->rs->n_rules; i++) {
        const struct scan_rule *r = &sc->rs->rules[i];
        if (!r->n_patterns || !rules_applies(r, sc->eco, path))
            continue;
        size_t before = sc->hits.len;
        run_rule(sc, r, file ? file : path);
        if (sc->hits.len > before && !file) {
            /* The path is copied only for files with hits. */
            file = arena_strdup(sc->arena, path);
            for (size_t h = before; h < sc->hits.len; h++)
                sc->hits.items[h].file = file;
        }
    }
    sc->buf = NULL;
}

void scanner_problem(struct scanner *sc, const struct archive_problem *p)
{
    add_hit(sc, NULL, scanner_problem_rule(p->kind), scanner_problem_severity(p->kind),
            arena_strdup(sc->arena, p->path ? p->path : ""), 0,
            termsafe_arena(sc->arena, p->message ? p->message : ""),
            p->message ? p->message : "");
}

void scanner_listing(struct scanner *sc, const struct archive_listing *l)
{
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].kind == ARCHIVE_KIND_FILE)
            scanner_file(sc, l->items[i].path, l->items[i].data, (size_t)l->items[i].size);
    for (size_t i = 0; i < l->n_problems; i++)
        scanner_problem(sc, &l->problems[i]);
}

static int cmp_hit(const void *a, const void *b)
{
    const struct scan_hit *x = a, *y = b;
    if (x->severity != y->severity)
        return x->severity > y->severity ? -1 : 1;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return strcmp(x->rule, y->rule);
}

struct scan_result *scanner_finish(struct scanner *sc)
{
    struct arena *a = sc->arena;
    struct scan_result *r = arena_alloc(a, sizeof(*r));
    struct scan_hit *hits = arena_alloc(a, (sc->hits.len + 1) * sizeof(*hits));
    if (sc->hits.len) {
        memcpy(hits, sc->hits.items, sc->hits.len * sizeof(*hits));
        qsort(hits, sc->hits.len, sizeof(*hits), cmp_hit);
    }
    r->hits = hits;
    r->n_hits = sc->hits.len;
    r->files_text = sc->files_text;
    r->files_binary = sc->files_binary;
    r->files_unread = sc->files_unread;
    r->bytes_text = sc->bytes_text;
    r->ecosystem = sc->eco;
    r->arena = a;
    sc->arena = arena_new();
    sc->hits.len = 0;
    sc->files_text = sc->files_binary = sc->files_unread = 0;
    sc->bytes_text = 0;
    return r;
}

void scanner_result_free(struct scan_result *r)
{
    if (r)
        arena_free(r->arena);
}

/* ---- ecosystem guess --------------------------------------------------- */

struct marker {
    const char *name;
    enum ecosystem eco;
};

static const struct marker marker_table[] = {
    {"package.json", ECO_NPM},     {"setup.py", ECO_PYPI},     {"PKG-INFO", ECO_PYPI},
    {"pyproject.toml", ECO_PYPI},  {"setup.cfg", ECO_PYPI},    {"WHEEL", ECO_PYPI},
    {"mix.exs", ECO_HEX},          {"rebar.config", ECO_HEX},  {"gleam.toml", ECO_HEX},
    {"metadata.config", ECO_HEX},  {NULL, ECO_UNKNOWN},
};

enum ecosystem scanner_guess_ecosystem(const char *const *paths, size_t n)
{
    unsigned found = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = paths[i];
        while (p[0] == '.' && p[1] == '/')
            p += 2;
        const char *slash = strchr(p, '/');
        if (slash && strchr(slash + 1, '/'))
            continue;   /* markers count at the top or one folder down */
        const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
        for (unsigned m = 0; marker_table[m].name; m++)
            if (strcmp(base, marker_table[m].name) == 0)
                found |= 1u << marker_table[m].eco;
    }
    for (unsigned e = ECO_HEX; e <= ECO_NPM; e++)
        if (found == 1u << e)
            return (enum ecosystem)e;
    return ECO_UNKNOWN;
}

/* ---- cache codec ------------------------------------------------------- */

#define CODEC_MAGIC "depvet-scan 3"
#define CODEC_FIELDS 7          /* a hit's; the header has 6 */
#define CODEC_HEADER_FIELDS 6

static void put_field(struct strbuf *out, const char *s, char sep)
{
    for (; s && *s; s++) {
        if (*s == '\\' || *s == '\t' || *s == '\n') {
            strbuf_putc(out, '\\');
            strbuf_putc(out, *s == '\t' ? 't' : *s == '\n' ? 'n' : '\\');
        } else {
            strbuf_putc(out, *s);
        }
    }
    strbuf_putc(out, sep);
}

void scanner_result_serialize(const struct scan_result *r, struct strbuf *out)
{
    strbuf_printf(out, "%s\t%zu\t%zu\t%zu\t%llu\t%u\n", CODEC_MAGIC, r->files_text,
                  r->files_binary, r->files_unread, (unsigned long long)r->bytes_text,
                  (unsigned)r->ecosystem);
    for (size_t i = 0; i < r->n_hits; i++) {
        const struct scan_hit *h = &r->hits[i];
        strbuf_printf(out, "%s\t%s\t%u\t", h->rule, rules_severity_name(h->severity), h->line);
        put_field(out, h->file, '\t');
        put_field(out, h->excerpt, '\t');
        put_field(out, h->message, '\t');
        put_field(out, h->line_sha256 ? h->line_sha256 : "", '\n');
    }
}

/* Splits one line into fields, unescaping into the arena; false when the
 * field count or an escape is wrong. */
static bool split_line(struct arena *a, const char *s, size_t n, char **f, unsigned want)
{
    char *copy = arena_alloc(a, n + 1);
    unsigned k = 0;
    size_t o = 0;
    f[k++] = copy;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\0')
            return false;
        if (c == '\t') {
            copy[o++] = '\0';
            if (k == want)
                return false;
            f[k++] = copy + o;
        } else if (c == '\\') {
            if (++i >= n || (s[i] != 't' && s[i] != 'n' && s[i] != '\\'))
                return false;
            copy[o++] = s[i] == 't' ? '\t' : s[i] == 'n' ? '\n' : '\\';
        } else {
            copy[o++] = c;
        }
    }
    copy[o] = '\0';
    return k == want;
}

static bool parse_num(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    if (!*s || *s < '0' || *s > '9')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    *out = v;
    return *end == '\0' && v <= max;
}

static bool parse_header(struct scan_result *r, char **f)
{
    unsigned long long n[5];
    for (unsigned i = 0; i < 5; i++)
        if (!parse_num(f[i + 1], UINT64_MAX / 2, &n[i]))
            return false;
    if (n[4] > ECO_NPM)
        return false;
    r->ecosystem = (enum ecosystem)n[4];
    r->files_text = (size_t)n[0];
    r->files_binary = (size_t)n[1];
    r->files_unread = (size_t)n[2];
    r->bytes_text = n[3];
    return strcmp(f[0], CODEC_MAGIC) == 0;
}

static bool parse_hit(struct scan_hit *h, char **f)
{
    unsigned long long line;
    h->rule = f[0];
    h->file = f[3];
    h->excerpt = f[4];
    h->message = f[5];
    h->line_sha256 = f[6];
    if (!rules_severity_parse(f[1], &h->severity) || !parse_num(f[2], UINT32_MAX, &line))
        return false;
    h->line = (unsigned)line;
    return f[0][0] != '\0';
}

struct scan_result *scanner_result_parse(const char *buf, size_t len, struct diag *d)
{
    struct arena *a = arena_new();
    struct scan_result *r = arena_alloc(a, sizeof(*r));
    r->arena = a;
    VEC(struct scan_hit) hits = {0};
    char *f[CODEC_FIELDS];
    unsigned line = 0;
    bool ok = true;
    for (size_t pos = 0; ok && pos < len;) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
        line++;
        if (line == 1)
            ok = split_line(a, buf + pos, n, f, CODEC_HEADER_FIELDS) && parse_header(r, f);
        else
            ok = nl && split_line(a, buf + pos, n, f, CODEC_FIELDS) &&
                 parse_hit(VEC_ADD(&hits), f);
        pos += n + 1;
    }
    if (!ok || line == 0) {
        diag_set(d, DIAG_SYNTAX, "scan cache", line, 0, "malformed cached scan");
        VEC_FREE(&hits);
        arena_free(a);
        return NULL;
    }
    struct scan_hit *out = arena_alloc(a, (hits.len + 1) * sizeof(*out));
    if (hits.len)
        memcpy(out, hits.items, hits.len * sizeof(*out));
    r->hits = out;
    r->n_hits = hits.len;
    VEC_FREE(&hits);
    return r;
}
