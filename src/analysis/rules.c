/* Scanner rule files: TOML [[rule]] tables checked, compiled and digested. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "depvet/analysis/rules.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "depvet/analysis/literals.h"
#include "depvet/analysis/prefilter.h"
#include "depvet/core/fileio.h"
#include "depvet/core/hash.h"
#include "depvet/core/vec.h"
#include "depvet/lock/toml.h"

#define RULES_MATCH_LIMIT 2000000u     /* backtracking steps per match */
#define RULES_DEPTH_LIMIT 10000u
#define RULES_MAX_PATTERN_LEN 8192u
#define RULES_MAX_FILE (4u << 20)
#define RULES_MAX_LIST 256u            /* globs, references */
#define RULES_MAX_ID 64u
#define RULES_DEFAULT_WITHIN 3
#define GLOB_STEP_BUDGET 100000

struct rules_pattern {
    pcre2_code *code;
    const char *text;
    unsigned id;                   /* 0 .. rs->n_patterns - 1 */
    /* Its required literal (literals.h), when it has one: PCRE2 then
     * starts only in the window before an occurrence of it. */
    bool filtered;
    struct literal_factor factor;
    size_t lit_min, lit_max;
};

struct rules_match_data {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *stack;
};

/* What the set owns beyond the arena: compiled code and the rule list. */
struct rules_private {
    VEC(pcre2_code *) codes;
    VEC(struct scan_rule) rules;
    VEC(struct prefilter_entry) entries;   /* the literals of filtered patterns */
    unsigned n_patterns;
    const char *db_cache;                  /* rules_set_db_cache's folder, or NULL */
};

static const char *const severity_table[SCAN_SEV_COUNT] = {
    "info", "low", "medium", "high", "critical",
};

static const char *const view_table[RULES_VIEW_COUNT] = {"code", "bare", "raw"};

static const char *const rule_keys_table[] = {
    "id", "severity", "ecosystems", "files", "exclude", "binaries", "patterns",
    "near", "within", "unless", "caseless", "max_hits", "message", "rationale",
    "references", "runtime_severity", "view", "nfkc", NULL,
};

const char *rules_severity_name(enum scan_severity s)
{
    return (unsigned)s < SCAN_SEV_COUNT ? severity_table[s] : "?";
}

bool rules_severity_parse(const char *s, enum scan_severity *out)
{
    for (unsigned i = 0; s && i < SCAN_SEV_COUNT; i++)
        if (strcasecmp(s, severity_table[i]) == 0) {
            *out = (enum scan_severity)i;
            return true;
        }
    return false;
}

/* The private part sits in the arena right after the public struct. */
static struct rules_private *priv(struct rule_set *rs)
{
    return (struct rules_private *)(rs + 1);
}

struct rule_set *rules_new(void)
{
    struct arena *a = arena_new();
    struct rule_set *rs = arena_alloc(a, sizeof(*rs) + sizeof(struct rules_private));
    rs->arena = a;
    return rs;
}

void rules_free(struct rule_set *rs)
{
    if (!rs)
        return;
    struct rules_private *p = priv(rs);
    for (size_t i = 0; i < p->codes.len; i++)
        pcre2_code_free(p->codes.items[i]);
    VEC_FREE(&p->codes);
    VEC_FREE(&p->rules);
    VEC_FREE(&p->entries);
    prefilter_free((struct prefilter *)rs->prefilter);
    arena_free(rs->arena);
}

/* ---- loading --------------------------------------------------------- */

struct loader {
    struct rule_set *rs;
    const char *where;
    struct diag *d;
};

__attribute__((format(printf, 3, 4)))
static bool fail_at(struct loader *ld, const struct toml_value *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vset(ld->d, DIAG_SYNTAX, ld->where, v ? v->line : 0, v ? v->col : 0, fmt, ap);
    va_end(ap);
    return false;
}

static bool get_string(struct loader *ld, const struct toml_value *tab, const char *key,
                       bool required, const char **out)
{
    const struct toml_value *v = toml_get(tab, key);
    *out = NULL;
    if (!v)
        return required ? fail_at(ld, tab, "rule: missing \"%s\"", key) : true;
    if (!toml_is(v, TOML_STRING) || strlen(v->u.str.s) != v->u.str.len)
        return fail_at(ld, v, "\"%s\" must be a string without NUL", key);
    *out = arena_strdup(ld->rs->arena, v->u.str.s);
    return true;
}

static bool get_list(struct loader *ld, const struct toml_value *tab, const char *key,
                     const char ***out, size_t *n)
{
    const struct toml_value *v = toml_get(tab, key);
    *out = NULL;
    *n = 0;
    if (!v)
        return true;
    if (!toml_is(v, TOML_ARRAY) || toml_len(v) > RULES_MAX_LIST)
        return fail_at(ld, v, "\"%s\" must be an array of at most 256 strings", key);
    const char **items = arena_alloc(ld->rs->arena, (toml_len(v) + 1) * sizeof(*items));
    for (size_t i = 0; i < toml_len(v); i++) {
        const struct toml_value *it = toml_at(v, i);
        if (!toml_is(it, TOML_STRING) || strlen(it->u.str.s) != it->u.str.len ||
            !it->u.str.len)
            return fail_at(ld, it, "\"%s\" items must be non-empty strings", key);
        items[i] = arena_strdup(ld->rs->arena, it->u.str.s);
    }
    *out = items;
    *n = toml_len(v);
    return true;
}

/* The pattern's literal for the prefilter; without one it is matched
 * everywhere (counted in n_patterns - n_prefiltered). */
static void extract(struct loader *ld, struct rules_pattern *p, const struct toml_value *v,
                    bool caseless, enum rules_view view)
{
    const char *why;
    if (view >= RULES_VIEW_COUNT ||
        !literals_extract(v->u.str.s, v->u.str.len, caseless, ld->rs->arena, &p->factor, &why) ||
        !prefilter_factor_ok(&p->factor))
        return;
    p->filtered = true;
    p->lit_min = literals_min_len(&p->factor);
    p->lit_max = literals_max_len(&p->factor);
    struct prefilter_entry e = {p->id, (unsigned)view, &p->factor};
    VEC_PUSH(&priv(ld->rs)->entries, e);
}

static const struct rules_pattern *compile(struct loader *ld, const struct toml_value *v,
                                           bool caseless, enum rules_view view)
{
    if (!toml_is(v, TOML_STRING) || strlen(v->u.str.s) != v->u.str.len || !v->u.str.len) {
        fail_at(ld, v, "a pattern must be a non-empty string without NUL");
        return NULL;
    }
    if (v->u.str.len > RULES_MAX_PATTERN_LEN) {
        fail_at(ld, v, "pattern longer than 8192 bytes");
        return NULL;
    }
    struct rules_pattern *p = arena_alloc(ld->rs->arena, sizeof(*p));
    p->id = priv(ld->rs)->n_patterns++;
    extract(ld, p, v, caseless, view);
    uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE;
    if (caseless)
        opts |= PCRE2_CASELESS;
    if (p->filtered)
        opts |= PCRE2_USE_OFFSET_LIMIT;
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)v->u.str.s, v->u.str.len, opts, &err,
                                     &off, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof(msg));
        /* The column points into the pattern, past the opening quote. */
        diag_set(ld->d, DIAG_SYNTAX, ld->where, v->line, v->col + 1 + (unsigned)off,
                 "bad pattern: %s", (char *)msg);
        return NULL;
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);   /* optional speed-up */
    VEC_PUSH(&priv(ld->rs)->codes, code);
    p->code = code;
    p->text = arena_strdup(ld->rs->arena, v->u.str.s);
    return p;
}

static bool id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > RULES_MAX_ID)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
              id[i] == '-' || id[i] == '_' || id[i] == '.'))
            return false;
    return true;
}

static bool check_keys(struct loader *ld, const struct toml_value *tab)
{
    for (size_t i = 0; i < toml_table_len(tab); i++) {
        const struct toml_value *v;
        const char *k = toml_key_at(tab, i, &v);
        bool known = false;
        for (unsigned j = 0; rule_keys_table[j] && !known; j++)
            known = strcmp(k, rule_keys_table[j]) == 0;
        if (!known)
            return fail_at(ld, v, "rule: unknown key \"%s\"", k);
    }
    return true;
}

static bool parse_sets(struct loader *ld, const struct toml_value *tab,
                       struct scan_rule *r)
{
    const char **names;
    size_t n;
    if (!get_list(ld, tab, "ecosystems", &names, &n))
        return false;
    for (size_t i = 0; i < n; i++) {
        enum ecosystem e;
        if (!ecosystem_parse(names[i], &e))
            return fail_at(ld, toml_get(tab, "ecosystems"),
                           "unknown ecosystem \"%s\" (hex, pypi, npm)", names[i]);
        r->ecosystems |= 1u << e;
    }
    if (!get_list(ld, tab, "binaries", &names, &n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned c = 0;
        while (c < BINCLASS_COUNT && strcmp(binclass_name((enum binclass)c), names[i]))
            c++;
        if (c == BINCLASS_COUNT || c == BINCLASS_TEXT)
            return fail_at(ld, toml_get(tab, "binaries"), "unknown binary class \"%s\"",
                           names[i]);
        r->binaries |= 1u << c;
    }
    return get_list(ld, tab, "files", &r->files, &r->n_files) &&
           get_list(ld, tab, "exclude", &r->exclude, &r->n_exclude) &&
           get_list(ld, tab, "references", &r->references, &r->n_references);
}

static bool parse_numbers(struct loader *ld, const struct toml_value *tab,
                          struct scan_rule *r)
{
    r->within = RULES_DEFAULT_WITHIN;
    const struct toml_value *w = toml_get(tab, "within");
    int64_t n;
    if (w && toml_is(w, TOML_STRING) && strcmp(toml_str(w), "file") == 0)
        r->within = RULES_WITHIN_FILE;
    else if (w && toml_is(w, TOML_STRING) && strcmp(toml_str(w), "function") == 0)
        r->within = RULES_WITHIN_FUNCTION;
    else if (w && (!toml_int(w, &n) || n < 0 || n > RULES_MAX_WITHIN))
        return fail_at(ld, w, "\"within\" must be 0..1000 lines, \"function\" or \"file\"");
    else if (w)
        r->within = (int)n;
    const struct toml_value *m = toml_get(tab, "max_hits");
    if (m && (!toml_int(m, &n) || n < 1 || n > 1000))
        return fail_at(ld, m, "\"max_hits\" must be 1..1000");
    r->max_hits = m ? (unsigned)n : 0;
    return true;
}

static bool parse_patterns(struct loader *ld, const struct toml_value *tab,
                           struct scan_rule *r)
{
    bool caseless = false;
    const struct toml_value *c = toml_get(tab, "caseless");
    if (c && !toml_bool(c, &caseless))
        return fail_at(ld, c, "\"caseless\" must be true or false");
    const struct toml_value *pv = toml_get(tab, "patterns");
    if (pv && (!toml_is(pv, TOML_ARRAY) || toml_len(pv) == 0 ||
               toml_len(pv) > RULES_MAX_PATTERNS))
        return fail_at(ld, pv, "\"patterns\" must be an array of 1..16 strings");
    if (!pv && !r->binaries)
        return fail_at(ld, tab, "rule %s: needs \"patterns\" or \"binaries\"", r->id);
    r->n_patterns = toml_len(pv);
    const struct rules_pattern **ps = arena_alloc(ld->rs->arena,
                                                  (r->n_patterns + 1) * sizeof(*ps));
    for (size_t i = 0; i < r->n_patterns; i++)
        if (!(ps[i] = compile(ld, toml_at(pv, i), caseless, r->view)))
            return false;
    r->patterns = ps;
    const struct toml_value *near = toml_get(tab, "near");
    const struct toml_value *unless = toml_get(tab, "unless");
    if (near && !(r->near = compile(ld, near, caseless, r->view)))
        return false;
    /* unless runs on hit lines only: no literal wanted (view count: none). */
    if (unless && !(r->unless = compile(ld, unless, caseless, RULES_VIEW_COUNT)))
        return false;
    if (toml_get(tab, "within") && !near)
        return fail_at(ld, toml_get(tab, "within"), "\"within\" without \"near\"");
    return true;
}

/* runtime_severity and view, both optional. */
static bool parse_context(struct loader *ld, const struct toml_value *tab,
                          struct scan_rule *r)
{
    const char *s;
    if (!get_string(ld, tab, "runtime_severity", false, &s))
        return false;
    if (s && !rules_severity_parse(s, &r->runtime_severity))
        return fail_at(ld, toml_get(tab, "runtime_severity"),
                       "runtime_severity \"%s\": use info, low, medium, high or critical", s);
    if (s && r->runtime_severity > r->severity)
        return fail_at(ld, toml_get(tab, "runtime_severity"),
                       "runtime_severity above severity (install-time code is the riskier)");
    r->has_runtime = s != NULL;
    if (!get_string(ld, tab, "view", false, &s))
        return false;
    unsigned v = 0;
    while (s && v < RULES_VIEW_COUNT && strcmp(s, view_table[v]))
        v++;
    if (v == RULES_VIEW_COUNT)
        return fail_at(ld, toml_get(tab, "view"), "view \"%s\": use code, bare or raw", s);
    r->view = (enum rules_view)v;
    const struct toml_value *nf = toml_get(tab, "nfkc");
    r->nfkc = true;
    if (nf && !toml_bool(nf, &r->nfkc))
        return fail_at(ld, nf, "\"nfkc\" must be true or false");
    return true;
}

static bool parse_rule(struct loader *ld, const struct toml_value *tab)
{
    if (!toml_is(tab, TOML_TABLE))
        return fail_at(ld, tab, "each rule must be a table");
    struct scan_rule r = {0};
    const char *sev;
    if (!check_keys(ld, tab) || !get_string(ld, tab, "id", true, &r.id))
        return false;
    if (!id_ok(r.id))
        return fail_at(ld, toml_get(tab, "id"),
                       "rule id \"%s\": use 1..64 of a-z 0-9 - _ .", r.id);
    if (!get_string(ld, tab, "severity", true, &sev))
        return false;
    if (!rules_severity_parse(sev, &r.severity))
        return fail_at(ld, toml_get(tab, "severity"),
                       "severity \"%s\": use info, low, medium, high or critical", sev);
    if (!get_string(ld, tab, "message", true, &r.message) ||
        !get_string(ld, tab, "rationale", false, &r.rationale) ||
        !parse_sets(ld, tab, &r) || !parse_numbers(ld, tab, &r) || !parse_context(ld, tab, &r) ||
        !parse_patterns(ld, tab, &r))
        return false;
    r.source = arena_printf(ld->rs->arena, "%s:%u", ld->where, tab->line);
    VEC_PUSH(&priv(ld->rs)->rules, r);
    return true;
}

bool rules_add(struct rule_set *rs, const char *buf, size_t len, const char *where,
               struct diag *d)
{
    struct arena *tmp = arena_new();
    struct loader ld = {rs, where, d};
    struct toml_value *root = toml_parse(buf, len, where, tmp, d);
    bool ok = root != NULL;
    for (size_t i = 0; ok && i < toml_table_len(root); i++) {
        const struct toml_value *v;
        const char *k = toml_key_at(root, i, &v);
        if (strcmp(k, "rule") != 0 || !toml_is(v, TOML_ARRAY))
            ok = fail_at(&ld, v, "unexpected top-level key \"%s\" (only [[rule]])", k);
    }
    const struct toml_value *list = ok ? toml_get(root, "rule") : NULL;
    for (size_t i = 0; ok && i < toml_len(list); i++)
        ok = parse_rule(&ld, toml_at(list, i));
    arena_free(tmp);
    return ok;
}

/* ---- finishing: order, uniqueness, digest ----------------------------- */

static int cmp_rule(const void *a, const void *b)
{
    return strcmp(((const struct scan_rule *)a)->id, ((const struct scan_rule *)b)->id);
}

static void feed(struct hash_ctx *h, const char *s)
{
    /* Length-prefixed, so field boundaries cannot be forged by content. */
    size_t n = s ? strlen(s) : 0;
    unsigned char len[9] = {s ? 1 : 0};
    for (int i = 0; i < 8; i++)
        len[1 + i] = (unsigned char)(n >> (8 * i));
    hash_update(h, len, sizeof(len));
    if (n)
        hash_update(h, s, n);
}

static void feed_list(struct hash_ctx *h, const char *const *items, size_t n)
{
    char count[32];
    snprintf(count, sizeof(count), "%zu", n);
    feed(h, count);
    for (size_t i = 0; i < n; i++)
        feed(h, items[i]);
}

static void feed_rule(struct hash_ctx *h, const struct scan_rule *r)
{
    char nums[128];
    snprintf(nums, sizeof(nums), "%d %u %u %d %u %zu %d %d %d %d", (int)r->severity,
             r->ecosystems, r->binaries, r->within, r->max_hits, r->n_patterns,
             r->has_runtime ? (int)r->runtime_severity : -1, (int)r->view, (int)r->nfkc, 3);
    feed(h, r->id);
    feed(h, nums);
    feed_list(h, r->files, r->n_files);
    feed_list(h, r->exclude, r->n_exclude);
    for (size_t i = 0; i < r->n_patterns; i++)
        feed(h, r->patterns[i]->text);
    feed(h, r->near ? r->near->text : NULL);
    feed(h, r->unless ? r->unless->text : NULL);
    feed(h, r->message);
    feed(h, r->rationale);
    feed_list(h, r->references, r->n_references);
}

/* One vectorscan pass per file and view finds every literal; without
 * vectorscan (an old CPU) every pattern is matched everywhere. */
static void build_prefilter(struct rule_set *rs)
{
    struct rules_private *p = priv(rs);
    struct diag pd;
    diag_clear(&pd);
    rs->n_patterns = p->n_patterns;
    size_t n = 0;
    for (size_t i = 0; i < p->entries.len; i++)
        if (p->entries.items[i].db < RULES_VIEW_COUNT)
            p->entries.items[n++] = p->entries.items[i];
    p->entries.len = n;
    prefilter_free((struct prefilter *)rs->prefilter);
    rs->prefilter = prefilter_build(p->entries.items, n, p->n_patterns, p->db_cache, &pd);
    rs->n_prefiltered = rs->prefilter ? n : 0;
    rs->prefilter_note = rs->prefilter ? NULL : arena_strdup(rs->arena, pd.msg);
}

bool rules_finish(struct rule_set *rs, struct diag *d)
{
    struct rules_private *p = priv(rs);
    if (p->rules.len > 1)
        qsort(p->rules.items, p->rules.len, sizeof(*p->rules.items), cmp_rule);
    for (size_t i = 1; i < p->rules.len; i++)
        if (strcmp(p->rules.items[i].id, p->rules.items[i - 1].id) == 0) {
            diag_set(d, DIAG_SYNTAX, p->rules.items[i].source, 0, 0,
                     "rule id \"%s\" also defined at %s", p->rules.items[i].id,
                     p->rules.items[i - 1].source);
            return false;
        }
    rs->rules = p->rules.items;
    rs->n_rules = p->rules.len;
    /* Casing (caseless) is part of the compiled code, not the text: it is
     * folded into the digest through the pattern's compile options. */
    struct hash_ctx *h = hash_new(HASH_SHA256);
    feed(h, "depvet-rules-1");
    for (size_t i = 0; i < rs->n_rules; i++) {
        feed_rule(h, &rs->rules[i]);
        for (size_t j = 0; j < rs->rules[i].n_patterns; j++) {
            uint32_t o = 0;
            pcre2_pattern_info(rs->rules[i].patterns[j]->code, PCRE2_INFO_ARGOPTIONS, &o);
            unsigned char c = (o & PCRE2_CASELESS) != 0;
            hash_update(h, &c, 1);
        }
    }
    hash_final(h, rs->digest);
    hash_free(h);
    hash_hex_encode(rs->digest, RULES_DIGEST_SIZE, rs->digest_hex);
    build_prefilter(rs);
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool toml_name(const char *n)
{
    size_t len = strlen(n);
    return n[0] != '.' && len > 5 && strcmp(n + len - 5, ".toml") == 0;
}

void rules_set_db_cache(struct rule_set *rs, const char *dir)
{
    priv(rs)->db_cache = dir ? arena_strdup(rs->arena, dir) : NULL;
}

struct rule_set *rules_load_dir(const char *dir, struct diag *d)
{
    return rules_load_dir_cached(dir, NULL, d);
}

struct rule_set *rules_load_dir_cached(const char *dir, const char *db_cache, struct diag *d)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_set(d, DIAG_IO, dir, 0, 0, "cannot open the rules folder");
        return NULL;
    }
    VEC(char *) names = {0};
    for (struct dirent *e; (e = readdir(dh));)
        if (toml_name(e->d_name))
            VEC_PUSH(&names, xstrdup(e->d_name));
    closedir(dh);
    if (names.len > 1)
        qsort(names.items, names.len, sizeof(*names.items), cmp_str);
    struct rule_set *rs = rules_new();
    rules_set_db_cache(rs, db_cache);
    bool ok = true;
    for (size_t i = 0; i < names.len; i++) {
        char *path = NULL;
        size_t len = 0;
        if (ok) {
            size_t n = strlen(dir) + strlen(names.items[i]) + 2;
            path = xmalloc(n);
            snprintf(path, n, "%s/%s", dir, names.items[i]);
            char *buf = file_read(path, RULES_MAX_FILE, &len, d);
            ok = buf && rules_add(rs, buf, len, path, d);
            free(buf);
        }
        free(path);
        free(names.items[i]);
    }
    VEC_FREE(&names);
    if (!ok || !rules_finish(rs, d)) {
        rules_free(rs);
        return NULL;
    }
    return rs;
}

const struct scan_rule *rules_find(const struct rule_set *rs, const char *id)
{
    struct scan_rule key = {.id = id};
    if (!rs->n_rules)
        return NULL;
    return bsearch(&key, rs->rules, rs->n_rules, sizeof(key), cmp_rule);
}

/* ---- globs ------------------------------------------------------------ */

static bool glob_at(const char *g, const char *s, long *budget)
{
    while (*g) {
        if (--*budget < 0)
            return false;
        if (g[0] == '*') {
            bool deep = g[1] == '*';
            g += deep ? 2 : 1;
            if (deep && *g == '/' && glob_at(g + 1, s, budget))
                return true;   /* a deep star and slash may match no folder */
            for (const char *t = s;; t++) {
                if (glob_at(g, t, budget))
                    return true;
                if (!*t || (!deep && *t == '/'))
                    return false;
            }
        }
        if (!*s || (*g == '?' ? *s == '/' : *g != *s))
            return false;
        g++;
        s++;
    }
    return *s == '\0';
}

/* "*" then plain bytes (the usual "*.js"): does s end with them?  Every
 * rule asks this of every file, and glob_at tries each place of the name. */
static bool star_suffix(const char *glob, const char *s, bool *answered)
{
    *answered = glob[0] == '*' && !strpbrk(glob + 1, "*?/");
    if (!*answered)
        return false;
    size_t n = strlen(s), m = strlen(glob + 1);
    return n >= m && memcmp(s + n - m, glob + 1, m) == 0;
}

bool rules_glob_match(const char *glob, const char *path)
{
    long budget = GLOB_STEP_BUDGET;
    if (!strchr(glob, '/')) {
        const char *base = strrchr(path, '/');
        bool answered, hit = star_suffix(glob, base ? base + 1 : path, &answered);
        return answered ? hit : glob_at(glob, base ? base + 1 : path, &budget);
    }
    for (const char *t = path; t; t = strchr(t, '/') ? strchr(t, '/') + 1 : NULL)
        if (glob_at(glob, t, &budget))
            return true;
    return false;
}

bool rules_applies(const struct scan_rule *r, enum ecosystem eco, const char *path)
{
    if (eco != ECO_UNKNOWN && r->ecosystems && !(r->ecosystems & (1u << eco)))
        return false;
    for (size_t i = 0; i < r->n_exclude; i++)
        if (rules_glob_match(r->exclude[i], path))
            return false;
    if (!r->n_files)
        return true;
    for (size_t i = 0; i < r->n_files; i++)
        if (rules_glob_match(r->files[i], path))
            return true;
    return false;
}

/* ---- matching --------------------------------------------------------- */

struct rules_match_data *rules_match_data_new(void)
{
    struct rules_match_data *m = xcalloc(1, sizeof(*m));
    m->md = pcre2_match_data_create(4, NULL);
    m->mctx = pcre2_match_context_create(NULL);
    m->stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (!m->md || !m->mctx) {
        rules_match_data_free(m);
        return NULL;
    }
    pcre2_set_match_limit(m->mctx, RULES_MATCH_LIMIT);
    pcre2_set_depth_limit(m->mctx, RULES_DEPTH_LIMIT);
    if (m->stack)
        pcre2_jit_stack_assign(m->mctx, NULL, m->stack);
    return m;
}

void rules_match_data_free(struct rules_match_data *m)
{
    if (!m)
        return;
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mctx);
    pcre2_jit_stack_free(m->stack);
    free(m);
}

bool rules_pattern_search(const struct rules_pattern *p, const char *s, size_t len,
                          size_t from, struct rules_match_data *m, size_t *start,
                          size_t *end)
{
    if (from > len)
        return false;
    int rc = pcre2_match(p->code, (PCRE2_SPTR)s, len, from, 0, m->md, m->mctx);
    if (rc < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    *start = ov[0];
    *end = ov[1];
    return true;
}

/* ---- prefiltered matching -------------------------------------------------- */

unsigned rules_pattern_id(const struct rules_pattern *p)
{
    return p->id;
}

const struct literal_factor *rules_pattern_factor(const struct rules_pattern *p)
{
    return p->filtered ? &p->factor : NULL;
}

const char *rules_pattern_text(const struct rules_pattern *p)
{
    return p->text;
}

/* First i with ends[i] >= want. */
static size_t lower_bound(const size_t *ends, size_t n, size_t want)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ends[mid] < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Where a match holding the literal that ends at `end` can start at the
 * earliest, but not before lo: pre_max bytes before the literal, and
 * after the last byte before it that the part of the pattern before the
 * literal cannot match (for most patterns: the line start).  The walk
 * back stops at lo, so a long line is walked once. */
static size_t window_start(const struct rules_pattern *p, const char *s, size_t end, size_t lo)
{
    if (p->lit_max == LITERALS_UNBOUNDED) {
        /* A guard of any length: the match and the guard in it are made of
         * span_bytes up to its end. */
        size_t ws = lo;
        for (size_t i = end; i > lo; i--)
            if (!literals_bytes_has(&p->factor.span_bytes, (unsigned char)s[i - 1])) {
                ws = i;
                break;
            }
        while (ws < end && ((unsigned char)s[ws] & 0xC0) == 0x80)
            ws++;
        return ws;
    }
    size_t q = end >= p->lit_max ? end - p->lit_max : 0;
    size_t ws = lo;
    if (p->factor.pre_max != LITERALS_UNBOUNDED && q > p->factor.pre_max &&
        q - p->factor.pre_max > ws)
        ws = q - p->factor.pre_max;
    for (size_t i = q; i > ws; i--)
        if (!literals_bytes_has(&p->factor.pre_bytes, (unsigned char)s[i - 1])) {
            ws = i;
            break;
        }
    /* Not inside a UTF-8 character: no match starts there. */
    while (ws < q && ((unsigned char)s[ws] & 0xC0) == 0x80)
        ws++;
    return ws;
}

static bool match_window(const struct rules_pattern *p, const char *s, size_t len, size_t ws,
                         size_t last, struct rules_match_data *m, size_t *start, size_t *end)
{
    pcre2_set_offset_limit(m->mctx, last);
    int rc = pcre2_match(p->code, (PCRE2_SPTR)s, len, ws, 0, m->md, m->mctx);
    pcre2_set_offset_limit(m->mctx, PCRE2_UNSET);
    if (rc < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    *start = ov[0];
    *end = ov[1];
    return true;
}

bool rules_pattern_find(const struct rules_pattern *p, const char *s, size_t len, size_t from,
                        const size_t *ends, size_t n_ends, struct rules_match_data *m,
                        size_t *start, size_t *end)
{
    if (!p->filtered || n_ends == SIZE_MAX)
        return rules_pattern_search(p, s, len, from, m, start, end);
    if (from > len || !n_ends)
        return false;
    if (p->factor.run) {
        /* Only the first run was reported: every match starts at or after
         * the window of that one. */
        size_t ws = window_start(p, s, ends[0], from);
        return rules_pattern_search(p, s, len, ws, m, start, end);
    }
    /* A match starts at or after from and holds a whole literal, so only
     * literals ending at from + lit_min or later count. */
    size_t k = lower_bound(ends, n_ends, from > SIZE_MAX - p->lit_min ? SIZE_MAX : from + p->lit_min);
    for (size_t lo = from; k < n_ends; k++) {
        size_t ws = window_start(p, s, ends[k], lo);
        size_t last = ends[k] - p->lit_min;   /* the latest start of that literal */
        /* Windows that touch become one PCRE2 call. */
        while (k + 1 < n_ends && window_start(p, s, ends[k + 1], last + 1) <= last + 1)
            last = ends[++k] - p->lit_min;
        if (match_window(p, s, len, ws, last, m, start, end))
            return true;
        lo = last + 1;   /* no match starts in [from, last] */
    }
    return false;
}
