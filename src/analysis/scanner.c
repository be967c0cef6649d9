/* The scanner: rules over in-memory package files, binaries by class. */
#include "depvet/analysis/scanner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/binclass.h"
#include "depvet/analysis/install_ctx.h"
#include "depvet/analysis/lexer.h"
#include "depvet/analysis/prefilter.h"
#include "depvet/core/hash.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/vec.h"
#include "scanner_priv.h"

#define EXCERPT_LEAD 40           /* columns kept before a match on long lines */
#define EXCERPT_RAW_MAX 2048      /* bytes of a line looked at for the excerpt */
#define NEAR_MAX_LINES 100000     /* near-pattern lines remembered per file */
#define FUNCTION_SLACK 3          /* within = "function" also takes lines this close */
/* A JavaScript file this large whose lines average this long, or with a
 * line this long, is a bundle or minified output. */
#define BUNDLE_MIN_BYTES 16384
#define BUNDLE_AVG_LINE 300
#define BUNDLE_LONG_LINE 5000

/* Folders and names of generated, minified or vendored code. */
static const char *const generated_dir_table[] = {
    "dist", "_vendor", "vendor", "vendored", "node_modules", "__pycache__", NULL,
};
static const char *const generated_suffix_table[] = {
    ".min.js", ".min.mjs", ".min.cjs", "-min.js", ".bundle.js", ".prod.js", NULL,
};

/* Folders and names of test code: run by the package's developers, not on
 * install or import (a file an install script runs is install-time code). */
static const char *const test_dir_table[] = {"test", "tests", "__tests__", NULL};
static const char *const test_suffix_table[] = {
    "_test.py", ".test.js", ".test.ts", ".test.mjs", ".test.cjs", ".spec.js", ".spec.ts",
    ".test.tsx", ".spec.tsx", "/conftest.py", NULL,
};

static const char *const kind_message_table[] = {
    [FILE_CODE] = "",
    [FILE_GENERATED] = ("generated, minified or vendored file: its hits below critical are "
                        "summarised"),
    [FILE_TEST] = "test file: its hits below critical are summarised",
};

/* A summarised hit of a rule without runtime_severity counts at most this. */
#define SUMMARY_MAX_SEV SCAN_SEV_MEDIUM

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
    sc->threads = scan_pool_default_threads();
    sc->pool_min_bytes = SCANNER_POOL_MIN_BYTES;
    sc->md = rules_match_data_new();
    sc->arena = arena_new();
    sc->ictx = install_ctx_new();
    scanner_set_prefilter(sc, true);
    strbuf_init(&sc->excerpt);
    strbuf_init(&sc->summary);
    strbuf_init(&sc->norm);
    strbuf_init(&sc->match_path);
    return sc;
}

void scanner_set_prefilter(struct scanner *sc, bool on)
{
    prefilter_scratch_free(sc->pf);
    sc->pf = on && sc->rs->prefilter ? prefilter_scratch_new(sc->rs->prefilter) : NULL;
}

void scanner_set_threads(struct scanner *sc, unsigned n, size_t min_bytes)
{
    scan_pool_flush(sc);
    sc->threads = n ? n : scan_pool_default_threads();
    if (sc->threads > SCANNER_MAX_THREADS)
        sc->threads = SCANNER_MAX_THREADS;
    sc->pool_min_bytes = min_bytes;
}

void scanner_set_max_hits(struct scanner *sc, unsigned n)
{
    sc->max_hits = n ? n : UINT32_MAX;
}

void scanner_free(struct scanner *sc)
{
    if (!sc)
        return;
    scan_pool_flush(sc);
    rules_match_data_free(sc->md);
    prefilter_scratch_free(sc->pf);
    arena_free(sc->arena);
    VEC_FREE(&sc->hits);
    VEC_FREE(&sc->newlines);
    VEC_FREE(&sc->seen);
    VEC_FREE(&sc->near);
    strbuf_fini(&sc->excerpt);
    strbuf_fini(&sc->summary);
    strbuf_fini(&sc->norm);
    strbuf_fini(&sc->match_path);
    VEC_FREE(&sc->orig_newlines);
    free(sc->code);
    free(sc->bare);
    VEC_FREE(&sc->scopes);
    if (!sc->shared_ictx)
        install_ctx_free(sc->ictx);
    VEC_FREE(&sc->bin_counts);
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
static void hash_line(struct scanner *sc, const char *buf, size_t ls, size_t le)
{
    unsigned char md[HASH_MAX_SIZE];
    char *hex = arena_alloc(sc->arena, 65);
    if (!hash_buffer(HASH_SHA256, buf + ls, le - ls, md))
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

/* The text a rule's patterns see: a lexical view of the file, or the file. */
static const char *view_of(const struct scanner *sc, const struct scan_rule *r)
{
    if (!sc->lexed || r->view == RULES_VIEW_RAW)
        return sc->buf;
    return r->view == RULES_VIEW_BARE ? sc->bare : sc->code;
}

/* The first match of p at or after from in the view text of r: PCRE2
 * only around the places the prefilter saw p's literal (one prefilter pass
 * per file and view, on first need). */
static bool find(struct scanner *sc, const struct scan_rule *r, const struct rules_pattern *p,
                 const char *text, size_t from, size_t *s, size_t *e)
{
    unsigned db = sc->lexed ? (unsigned)r->view : PREFILTER_DB_ALL;
    if (sc->pf && sc->pf_state[db] == PF_TODO)
        sc->pf_state[db] = prefilter_scan(sc->rs->prefilter, db, text, sc->len, sc->pf)
                               ? PF_DONE : PF_FAILED;
    if (!sc->pf || sc->pf_state[db] != PF_DONE)
        return rules_pattern_search(p, text, sc->len, from, sc->md, s, e);
    size_t n;
    const size_t *ends = prefilter_ends(sc->pf, rules_pattern_id(p), &n);
    return rules_pattern_find(p, text, sc->len, from, ends, n, sc->md, s, e);
}

static void compute_near(struct scanner *sc, const struct scan_rule *r, const char *text)
{
    sc->near.len = 0;
    size_t from = 0, s, e;
    while (sc->near.len < NEAR_MAX_LINES &&
           find(sc, r, r->near, text, from, &s, &e)) {
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

static const unsigned *scopes_of(struct scanner *sc);

/* A near line in the same function, or at most FUNCTION_SLACK lines away
 * (a one-line function, a call split over lines). */
static bool near_in_function(struct scanner *sc, unsigned line)
{
    const unsigned *scopes = scopes_of(sc);
    unsigned scope = line - 1 < sc->scopes.len ? scopes[line - 1] : 0;
    for (size_t i = 0; i < sc->near.len; i++) {
        unsigned n = sc->near.items[i];
        if ((n > line ? n - line : line - n) <= FUNCTION_SLACK ||
            (n - 1 < sc->scopes.len && scopes[n - 1] == scope))
            return true;
    }
    return false;
}

static bool near_ok(struct scanner *sc, const struct scan_rule *r, const char *text,
                    unsigned line)
{
    if (!r->near)
        return true;
    if (!sc->near_state)
        compute_near(sc, r, text);
    if (r->within == RULES_WITHIN_FILE || (r->within == RULES_WITHIN_FUNCTION && !sc->scoped))
        return sc->near.len > 0;
    if (r->within == RULES_WITHIN_FUNCTION)
        return near_in_function(sc, line);
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

/* Context decides: install-time code keeps the rule's severity, runtime
 * library code and generated files get its runtime_severity. */
static enum scan_severity hit_severity(struct scanner *sc, const struct scan_rule *r,
                                       unsigned line)
{
    if (!r->has_runtime || (sc->install && !sc->generated))
        return r->severity;
    if (sc->per_line) {
        const unsigned *scopes = scopes_of(sc);
        if (line - 1 < sc->scopes.len && !scopes[line - 1])
            return r->severity;   /* module level of __init__.py: runs on import */
    }
    return r->runtime_severity;
}

/* In the NFKC pass: the line as written, and whether normalising changed
 * it (the excerpt shows the normalised line). */
static bool orig_line(const struct scanner *sc, unsigned line, size_t ls, size_t le,
                      size_t *os, size_t *oe)
{
    const size_t *nl = sc->orig_newlines.items, n = sc->orig_newlines.len;
    *os = line >= 2 && line - 2 < n ? nl[line - 2] + 1 : 0;
    *oe = line - 1 < n ? nl[line - 1] : sc->orig_len;
    return *oe - *os != le - ls || memcmp(sc->orig + *os, sc->buf + ls, le - ls) != 0;
}

static void rule_hit(struct scanner *sc, const struct scan_rule *r, const char *file,
                     unsigned line, size_t ls, size_t le, size_t ms)
{
    add_hit(sc, r, NULL, 0, file, line, make_excerpt(sc, ls, le, ms), NULL);
    size_t os = ls, oe = le;
    bool folded = sc->orig && orig_line(sc, line, ls, le, &os, &oe);
    hash_line(sc, sc->orig ? sc->orig : sc->buf, os, oe);
    struct scan_hit *h = &sc->hits.items[sc->hits.len - 1];
    h->severity = hit_severity(sc, r, line);
    const char *note = sc->lex_note && r->view != RULES_VIEW_RAW ? sc->lex_note : NULL;
    if (note || folded)
        h->message = arena_printf(sc->arena, "%s (%s%s%s)", r->message, note ? note : "",
                                  note && folded ? "; " : "",
                                  folded ? "identifiers NFKC-normalised, as Python reads "
                                           "them" : "");
}

static void run_rule(struct scanner *sc, const struct scan_rule *r, const char *file)
{
    unsigned max = r->max_hits ? r->max_hits : sc->max_hits;
    const char *text = view_of(sc, r);
    sc->seen.len = 0;
    sc->near_state = 0;
    for (size_t p = 0; p < r->n_patterns && sc->seen.len < max; p++) {
        size_t from = 0, s, e;
        while (sc->seen.len < max &&
               find(sc, r, r->patterns[p], text, from, &s, &e)) {
            unsigned line = line_of(sc, s);
            size_t ls, le, us, ue;
            line_span(sc, line, &ls, &le);
            from = le + 1;   /* the rest of this line cannot add a hit */
            if (!seen_line(sc, line) && near_ok(sc, r, text, line) &&
                !(r->unless && rules_pattern_search(r->unless, text, e > le ? e : le, ls,
                                                    sc->md, &us, &ue))) {
                VEC_PUSH(&sc->seen, line);
                rule_hit(sc, r, file, line, ls, le, s);
            }
            if (from > sc->len)
                break;
        }
    }
}

/* ---- file context ------------------------------------------------------ */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool in_table(const char *s, const char *const *table, bool suffix)
{
    for (unsigned i = 0; table[i]; i++)
        if (suffix ? ends_with(s, table[i]) : strcmp(s, table[i]) == 0)
            return true;
    return false;
}

/* A path with a suffix of suffixes or a folder named in dirs. */
static bool path_in(const char *path, const char *const *dirs, const char *const *suffixes)
{
    if (in_table(path, suffixes, true))
        return true;
    for (const char *p = path; p; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : 0;
        for (unsigned i = 0; end && dirs[i]; i++)
            if (strlen(dirs[i]) == n && memcmp(p, dirs[i], n) == 0)
                return true;
    }
    return false;
}

static bool python_test_name(const char *path)
{
    const char *b = base_name(path);
    return strncmp(b, "test_", 5) == 0 && ends_with(b, ".py");
}

/* Long lines on average, or one very long line: a bundle. */
static bool bundle_content(struct scanner *sc)
{
    if (sc->len < BUNDLE_MIN_BYTES)
        return false;
    if (!sc->lines_ready)
        build_lines(sc);
    size_t prev = 0;
    if (sc->len / (sc->newlines.len + 1) >= BUNDLE_AVG_LINE)
        return true;
    for (size_t i = 0; i < sc->newlines.len; prev = sc->newlines.items[i++] + 1)
        if (sc->newlines.items[i] - prev >= BUNDLE_LONG_LINE)
            return true;
    return sc->len - prev >= BUNDLE_LONG_LINE;
}

static void lex_file(struct scanner *sc, const char *path);

/* JavaScript in src/ of a Hex package (no folder or one above it) is a
 * Gleam package's FFI: JavaScript that its Gleam code calls. */
static bool gleam_ffi(const char *path)
{
    const char *s = strncmp(path, "src/", 4) == 0 ? path : strstr(path, "/src/");
    if (!s)
        return false;
    if (s != path) {
        s++;
        const char *first = strchr(path, '/');
        if (first + 1 != s)
            return false;   /* src/ deeper down: vendored or an example */
    }
    return true;
}

/* The context of the file in sc->buf, then its lexical views. */
static void prepare_file(struct scanner *sc, const char *path)
{
    enum lex_lang lang = lexer_lang_of(path);
    strbuf_reset(&sc->match_path);
    strbuf_puts(&sc->match_path, path);
    if (lang == LEX_NONE && !strchr(base_name(path), '.')) {
        lang = lexer_lang_of_shebang(sc->buf, sc->len);
        strbuf_puts(&sc->match_path, lexer_lang_ext(lang));
    }
    sc->install = install_ctx_has(sc->ictx, path);
    sc->kind = FILE_CODE;   /* what runs at install time is never discounted */
    if (sc->install)
        sc->kind = FILE_CODE;
    else if (path_in(path, generated_dir_table, generated_suffix_table) ||
             (lang == LEX_JS && bundle_content(sc)))
        sc->kind = FILE_GENERATED;
    else if (path_in(path, test_dir_table, test_suffix_table) || python_test_name(path))
        sc->kind = FILE_TEST;
    sc->generated = sc->kind != FILE_CODE;
    sc->lang = lang;
    sc->ffi = sc->eco == ECO_HEX && lang == LEX_JS && gleam_ffi(path);
    lex_file(sc, path);
}

/* The lexical views and function scopes of sc->buf, read as sc->lang. */
static void lex_file(struct scanner *sc, const char *path)
{
    enum lex_lang lang = sc->lang;
    sc->lex_note = NULL;
    sc->lexed = false;
    sc->per_line = false;
    sc->scoped = false;
    if (lang == LEX_NONE)
        return;
    if (sc->len > sc->view_cap) {   /* the normalised copy may be longer */
        sc->view_cap = sc->len;
        sc->code = xrealloc(sc->code, sc->len);
        sc->bare = xrealloc(sc->bare, sc->len);
    }
    struct lex_error err;
    sc->lexed = lexer_views(lang, sc->buf, sc->len, sc->code, sc->bare, &err);
    if (!sc->lexed) {
        sc->lex_note = arena_printf(sc->arena, "not read as %s: %s at line %u; matched as "
                                    "plain lines", lexer_lang_name(lang), err.what, err.line);
        return;
    }
    if (lang == LEX_PYTHON || lang == LEX_JS) {
        sc->scoped = true;
        sc->scopes_ready = false;
        sc->per_line = lang == LEX_PYTHON && strcmp(base_name(path), "__init__.py") == 0;
    }
}

/* The function scopes of a scoped file, on first need: most files have no
 * candidate for a within = "function" rule (their walk was 7% of a scan
 * of next@16). */
static const unsigned *scopes_of(struct scanner *sc)
{
    if (!sc->scopes_ready) {
        if (!sc->lines_ready)
            build_lines(sc);
        size_t n = sc->newlines.len + 1;
        sc->scopes.len = 0;
        VEC_RESERVE(&sc->scopes, n);
        lexer_scopes(sc->lang, sc->bare, sc->len, sc->scopes.items, n);
        sc->scopes.len = n;
        sc->scopes_ready = true;
    }
    return sc->scopes.items;
}

/* In a generated, vendored or test file the hits below critical become one
 * summary line instead of drowning the output: rules with a
 * runtime_severity count at it, the others at most SUMMARY_MAX_SEV. */
static void summarise_hits(struct scanner *sc, const struct scan_rule *r, size_t before)
{
    size_t n = sc->hits.len - before;
    if (!n)
        return;
    unsigned max = r->max_hits ? r->max_hits : sc->max_hits;
    strbuf_printf(&sc->summary, "%s%s %zu%s", sc->summary.len ? ", " : "", r->id, n,
                  n >= max ? "+" : "");
    if (!sc->summary_hits || sc->hits.items[before].line < sc->summary_line)
        sc->summary_line = sc->hits.items[before].line;
    for (size_t i = before; i < sc->hits.len; i++) {
        enum scan_severity sev = sc->hits.items[i].severity;
        if (!r->has_runtime && sev > SUMMARY_MAX_SEV)
            sev = SUMMARY_MAX_SEV;
        if (sev > sc->summary_sev)
            sc->summary_sev = sev;
    }
    sc->summary_hits += (unsigned)n;
    sc->hits.len = before;
}

static void summary_hit(struct scanner *sc, const char *file)
{
    if (!sc->summary_hits)
        return;
    add_hit(sc, NULL, sc->kind == FILE_TEST ? "test-file" : "generated-file",
            sc->summary_sev, file, sc->summary_line,
            termsafe_arena(sc->arena, strbuf_str(&sc->summary)),
            kind_message_table[sc->kind]);
}

/* ---- files, problems, listings ---------------------------------------- */

/* A binary hit: the first file of each rule is the hit, the others count. */
static void binary_hit(struct scanner *sc, const struct scan_rule *r, const char *path,
                       enum binclass cls)
{
    for (size_t i = 0; i < sc->bin_counts.len; i++)
        if (sc->bin_counts.items[i].rule == r) {
            sc->bin_counts.items[i].files++;
            return;
        }
    add_hit(sc, r, NULL, 0, arena_strdup(sc->arena, path), 0, binclass_name(cls), NULL);
    struct bin_count bc = {r, sc->hits.len - 1, 1};
    VEC_PUSH(&sc->bin_counts, bc);
}

/* The text rules of the file in sc->buf; nfkc -1: every rule, else only
 * the rules whose nfkc is that. */
static void run_rules(struct scanner *sc, const char *path, const char **file, int nfkc)
{
    const char *mp = strbuf_str(&sc->match_path);
    if (sc->pf)
        prefilter_next_file(sc->pf);
    for (unsigned db = 0; db < PREFILTER_DB_COUNT; db++)
        sc->pf_state[db] = PF_TODO;
    for (size_t i = 0; i < sc->rs->n_rules; i++) {
        const struct scan_rule *r = &sc->rs->rules[i];
        if (!r->n_patterns || (nfkc >= 0 && r->nfkc != (nfkc == 1)) ||
            !(rules_applies(r, sc->eco, mp) || (sc->ffi && rules_applies(r, ECO_NPM, mp))))
            continue;
        size_t before = sc->hits.len;
        run_rule(sc, r, *file ? *file : path);
        if (sc->generated && (r->has_runtime || r->severity < SCAN_SEV_CRITICAL))
            summarise_hits(sc, r, before);
        if (sc->hits.len > before && !*file) {
            /* The path is copied only for files with hits. */
            *file = arena_strdup(sc->arena, path);
            for (size_t h = before; h < sc->hits.len; h++)
                sc->hits.items[h].file = *file;
        }
    }
}

/* Python and JavaScript identifiers written in compatibility forms
 * (𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀, ｅｖａｌ): the rules that want it see them NFKC-normalised,
 * in a second pass over the normalised copy (lines stay where they were). */
static void nfkc_pass(struct scanner *sc, const char *path, const char **file)
{
    if (!sc->lines_ready)
        build_lines(sc);
    char tmp[sizeof(sc->newlines)];   /* swapped: both vectors keep their memory */
    memcpy(tmp, &sc->orig_newlines, sizeof(tmp));
    memcpy(&sc->orig_newlines, &sc->newlines, sizeof(tmp));
    memcpy(&sc->newlines, tmp, sizeof(tmp));
    sc->orig = sc->buf;
    sc->orig_len = sc->len;
    sc->buf = strbuf_str(&sc->norm);
    sc->len = sc->norm.len;
    sc->lines_ready = false;
    lex_file(sc, path);
    run_rules(sc, path, file, 1);
    sc->buf = sc->orig;
    sc->len = sc->orig_len;
    sc->orig = NULL;
    sc->lines_ready = false;
}

static void scan_text(struct scanner *sc, const char *path)
{
    const char *file = NULL;
    prepare_file(sc, path);
    strbuf_reset(&sc->summary);
    sc->summary_hits = 0;
    sc->summary_sev = SCAN_SEV_INFO;
    bool fold = sc->lexed && (sc->lang == LEX_PYTHON || sc->lang == LEX_JS) &&
                lexer_nfkc(sc->buf, sc->bare, sc->len, &sc->norm);
    run_rules(sc, path, &file, fold ? 0 : -1);
    if (fold)
        nfkc_pass(sc, path, &file);
    if (sc->summary_hits)
        summary_hit(sc, file ? file : arena_strdup(sc->arena, path));
}

void scanner_binary_file(struct scanner *sc, const char *path, enum binclass cls)
{
    sc->files_binary++;
    for (size_t i = 0; i < sc->rs->n_rules; i++) {
        const struct scan_rule *r = &sc->rs->rules[i];
        if ((r->binaries & (1u << cls)) && rules_applies(r, sc->eco, path))
            binary_hit(sc, r, path, cls);
    }
}

void scanner_text_file(struct scanner *sc, const char *path, const void *data, size_t len)
{
    sc->files_text++;
    sc->bytes_text += len;
    sc->buf = data;
    sc->len = len;
    sc->lines_ready = false;
    scan_text(sc, path);
    sc->buf = NULL;
}

void scanner_adopt_hit(struct scanner *sc, const struct scan_hit *h)
{
    struct scan_hit *c = VEC_ADD(&sc->hits);
    struct arena *a = sc->arena;
    *c = (struct scan_hit){arena_strdup(a, h->rule), h->severity, arena_strdup(a, h->file),
                           h->line, arena_strdup(a, h->excerpt), arena_strdup(a, h->message),
                           arena_strdup(a, h->line_sha256)};
}

void scanner_file(struct scanner *sc, const char *path, const void *data, size_t len)
{
    if (scan_pool_take(sc, data ? len : 0)) {
        scan_pool_file(sc, path, data, len, false);
        return;
    }
    if (!data) {
        sc->files_unread++;
        return;
    }
    enum binclass cls = binclass_of(data, len);
    if (cls != BINCLASS_TEXT) {
        scanner_binary_file(sc, path, cls);
        return;
    }
    sc->bytes_alone += len;
    scanner_text_file(sc, path, data, len);
}

/* ---- package.json lifecycle scripts ------------------------------------ */

void scanner_manifest(struct scanner *sc, const char *path, const void *data, size_t len)
{
    scan_pool_flush(sc);   /* the workers read the install context */
    install_ctx_manifest(sc->ictx, path, data, len);
}

void scanner_problem(struct scanner *sc, const struct archive_problem *p)
{
    if (sc->pool) {
        scan_pool_problem(sc, p);
        return;
    }
    add_hit(sc, NULL, scanner_problem_rule(p->kind), scanner_problem_severity(p->kind),
            arena_strdup(sc->arena, p->path ? p->path : ""), 0,
            termsafe_arena(sc->arena, p->message ? p->message : ""),
            p->message ? p->message : "");
}

/* The listing's files stay alive through this call: the pool borrows them. */
void scanner_listing(struct scanner *sc, const struct archive_listing *l)
{
    uint64_t text = 0;
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].kind == ARCHIVE_KIND_FILE && l->items[i].data) {
            text += l->items[i].size;
            if (install_ctx_is_manifest(l->items[i].path))
                scanner_manifest(sc, l->items[i].path, l->items[i].data,
                                 (size_t)l->items[i].size);
        }
    bool pool = scan_pool_take(sc, text > SIZE_MAX ? SIZE_MAX : (size_t)text);
    for (size_t i = 0; i < l->n_items; i++) {
        const struct archive_item *it = &l->items[i];
        if (it->kind != ARCHIVE_KIND_FILE)
            continue;
        if (pool)
            scan_pool_file(sc, it->path, it->data, (size_t)it->size, true);
        else
            scanner_file(sc, it->path, it->data, (size_t)it->size);
    }
    for (size_t i = 0; i < l->n_problems; i++)
        scanner_problem(sc, &l->problems[i]);
    scan_pool_flush(sc);
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
    scan_pool_flush(sc);
    sc->bytes_alone = 0;
    struct arena *a = sc->arena;
    struct scan_result *r = arena_alloc(a, sizeof(*r));
    for (size_t i = 0; i < sc->bin_counts.len; i++) {
        const struct bin_count *bc = &sc->bin_counts.items[i];
        struct scan_hit *h = &sc->hits.items[bc->hit];
        if (bc->files > 1)
            h->excerpt = arena_printf(a, "%s; %u such files in the package (one finding)",
                                      h->excerpt, bc->files);
    }
    sc->bin_counts.len = 0;
    install_ctx_clear(sc->ictx);
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
