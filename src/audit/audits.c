/* The reviews set: sorted entries, validation, lookups and delta chains. */
#include "depvet/audit/audits.h"

#include "audits_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/core/fileio.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"
#include "depvet/core/version.h"
#include "depvet/lock/toml.h"
#include "depvet/core/xmalloc.h"

/* The keys of an [[audit]] table, in the order they are written. */
enum field {
    AF_ECOSYSTEM, AF_NAME, AF_VERSION, AF_CRITERIA, AF_KIND, AF_FROM,
    AF_REVIEWER, AF_DATE, AF_NOTE, AF_NONE
};

static const struct {
    const char *key;
    enum toml_type type;
    bool required;
} field_table[AF_NONE] = {
    [AF_ECOSYSTEM] = {"ecosystem", TOML_STRING, true},
    [AF_NAME] = {"name", TOML_STRING, true},
    [AF_VERSION] = {"version", TOML_STRING, true},
    [AF_CRITERIA] = {"criteria", TOML_STRING, true},
    [AF_KIND] = {"kind", TOML_STRING, true},
    [AF_FROM] = {"from", TOML_STRING, false},
    [AF_REVIEWER] = {"reviewer", TOML_STRING, false},
    [AF_DATE] = {"date", TOML_LOCAL_DATE, true},
    [AF_NOTE] = {"note", TOML_STRING, false},
};

static const char *const criteria_name_table[] = {
    [AUDIT_SAFE_TO_RUN] = "safe-to-run",
    [AUDIT_SAFE_TO_DEPLOY] = "safe-to-deploy",
};

static const char *const kind_name_table[] = {
    [AUDIT_FULL] = "full",
    [AUDIT_DELTA] = "delta",
};

const char *audits_criteria_name(enum audit_criteria c)
{
    return c == AUDIT_SAFE_TO_RUN || c == AUDIT_SAFE_TO_DEPLOY
               ? criteria_name_table[c] : "?";
}

bool audits_criteria_parse(const char *s, enum audit_criteria *out)
{
    for (int c = AUDIT_SAFE_TO_RUN; c <= AUDIT_SAFE_TO_DEPLOY; c++)
        if (s && strcmp(s, criteria_name_table[c]) == 0) {
            *out = (enum audit_criteria)c;
            return true;
        }
    return false;
}

const char *audits_kind_name(enum audit_kind k)
{
    return k == AUDIT_FULL || k == AUDIT_DELTA ? kind_name_table[k] : "?";
}

static bool kind_parse(const char *s, enum audit_kind *out)
{
    for (int k = AUDIT_FULL; k <= AUDIT_DELTA; k++)
        if (s && strcmp(s, kind_name_table[k]) == 0) {
            *out = (enum audit_kind)k;
            return true;
        }
    return false;
}

/* ---- validation ---------------------------------------------------------- */

/* Bytes of the strict UTF-8 sequence at s and its code point; 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
    uint32_t v;
    int len = termsafe_utf8_decode(s, n, &v);
    *cp = v;
    return len < 0 ? 0 : (size_t)len;
}

static bool is_control(unsigned long cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* NULL when s is acceptable text for a field, else why not. */
const char *audits_text_problem(const char *s, size_t max, bool one_line)
{
    size_t n = strlen(s);
    if (n > max)
        return "is too long";
    for (size_t i = 0; i < n;) {
        unsigned long cp;
        size_t l = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!l)
            return "is not valid UTF-8";
        if (one_line && is_control(cp))
            return "holds a control character";
        i += l;
    }
    return NULL;
}

bool audits_date_ok(const char *s)
{
    static const unsigned char mdays_table[12] = {31, 29, 31, 30, 31, 30,
                                                  31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > mdays_table[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

static enum field check_review(const struct audit *r, char *why, size_t whylen)
{
    struct { enum field f; const char *v; size_t max; bool one_line; } text_table[] = {
        {AF_NAME, r->name, AUDITS_MAX_NAME, true},
        {AF_VERSION, r->version, AUDITS_MAX_VERSION, true},
        {AF_FROM, r->from, AUDITS_MAX_VERSION, true},
        {AF_REVIEWER, r->reviewer, AUDITS_MAX_REVIEWER, true},
        {AF_NOTE, r->note, AUDITS_MAX_NOTE, false},
    };
    if (r->eco != ECO_HEX && r->eco != ECO_PYPI && r->eco != ECO_NPM) {
        snprintf(why, whylen, "unknown ecosystem");
        return AF_ECOSYSTEM;
    }
    for (size_t i = 0; i < sizeof text_table / sizeof *text_table; i++) {
        const char *p = text_table[i].v ? audits_text_problem(text_table[i].v,
                            text_table[i].max, text_table[i].one_line) : NULL;
        if (p) {
            snprintf(why, whylen, "%s %s", field_table[text_table[i].f].key, p);
            return text_table[i].f;
        }
    }
    if (!r->name || !r->name[0] || !r->version || !r->version[0]) {
        snprintf(why, whylen, "%s is empty", r->name && r->name[0] ? "version" : "name");
        return r->name && r->name[0] ? AF_VERSION : AF_NAME;
    }
    if (r->criteria != AUDIT_SAFE_TO_RUN && r->criteria != AUDIT_SAFE_TO_DEPLOY) {
        snprintf(why, whylen, "criteria must be safe-to-run or safe-to-deploy");
        return AF_CRITERIA;
    }
    bool has_from = r->from && r->from[0];
    if (r->kind == AUDIT_DELTA && (!has_from || strcmp(r->from, r->version) == 0)) {
        snprintf(why, whylen, has_from ? "a delta review needs from to differ from version"
                                       : "a delta review needs from");
        return has_from ? AF_FROM : AF_KIND;
    }
    if (r->kind == AUDIT_FULL && has_from) {
        snprintf(why, whylen, "a full review has no from");
        return AF_FROM;
    }
    if (r->kind != AUDIT_FULL && r->kind != AUDIT_DELTA) {
        snprintf(why, whylen, "kind must be full or delta");
        return AF_KIND;
    }
    if (r->date && r->date[0] && !audits_date_ok(r->date)) {
        snprintf(why, whylen, "date must be a real YYYY-MM-DD date");
        return AF_DATE;
    }
    return AF_NONE;
}

/* ---- entries ------------------------------------------------------------- */

struct audits {
    struct audit *items;  /* sorted; each entry's strings in one block at name */
    size_t len, cap;
    struct audit_tables *tables;   /* exemptions, trusted publishers, acks */
};

struct audit_tables *audits_tables_of(const struct audits *set)
{
    return set ? set->tables : NULL;
}

/* A copy of r with its name canonical, all strings in one heap block. */
static struct audit entry_copy(const struct audit *r)
{
    char name[AUDITS_MAX_NAME * 2 + 1];
    ecosystem_normalize_name(r->eco, r->name, name, sizeof name);
    const char *parts[] = {name, r->version, r->from ? r->from : "",
                           r->reviewer ? r->reviewer : "", r->date,
                           r->note ? r->note : ""};
    enum { NPARTS = sizeof parts / sizeof *parts };
    size_t lens[NPARTS], total = 0;
    for (size_t i = 0; i < NPARTS; i++)
        total += lens[i] = strlen(parts[i]) + 1;
    char *block = xmalloc(total), *at = block;
    char *out[NPARTS];
    for (size_t i = 0; i < NPARTS; i++) {
        memcpy(at, parts[i], lens[i]);
        out[i] = at;
        at += lens[i];
    }
    struct audit e = *r;
    e.name = out[0], e.version = out[1], e.from = r->kind == AUDIT_DELTA ? out[2] : NULL;
    e.reviewer = out[3], e.date = out[4], e.note = out[5];
    return e;
}

static void entry_free(struct audit *e)
{
    free((char *)e->name);
}

struct audits *audits_new(void)
{
    struct audits *set = xcalloc(1, sizeof(struct audits));
    set->tables = audit_tables_new();
    return set;
}

void audits_free(struct audits *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->len; i++)
        entry_free(&set->items[i]);
    free(set->items);
    audit_tables_free(set->tables);
    free(set);
}

size_t audits_count(const struct audits *set)
{
    return set ? set->len : 0;
}

const struct audit *audits_at(const struct audits *set, size_t i)
{
    return set && i < set->len ? &set->items[i] : NULL;
}

/* File order.  Versions by their scheme (1.9 before 1.10), ties between
 * different spellings broken by bytes, so the order is total. */
static int entry_compare(const struct audit *a, const struct audit *b)
{
    if (a->eco != b->eco)
        return a->eco < b->eco ? -1 : 1;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    if (!a->version || !b->version)  /* NULL: before every version */
        return a->version ? 1 : b->version ? -1 : 0;
    c = version_compare(a->eco, a->version, b->version);
    if (!c)
        c = strcmp(a->version, b->version);
    if (c)
        return c;
    return (int)a->criteria - (int)b->criteria;
}

/* First index whose entry is not before key. */
static size_t lower_bound(const struct audits *set, const struct audit *key)
{
    size_t lo = 0, hi = set->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (entry_compare(&set->items[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A lookup key with the canonical name in buf; false if name cannot exist. */
static bool make_key(struct audit *key, char *buf, size_t buflen, enum ecosystem eco,
                     const char *name, const char *version,
                     enum audit_criteria criteria)
{
    if (!name || !version || eco == ECO_UNKNOWN)
        return false;
    if (ecosystem_normalize_name(eco, name, buf, buflen) >= buflen)
        return false;
    memset(key, 0, sizeof *key);
    key->eco = eco, key->name = buf, key->version = version, key->criteria = criteria;
    return true;
}

static struct audit *find_entry(const struct audits *set, const struct audit *key)
{
    size_t i = lower_bound(set, key);
    return i < set->len && entry_compare(&set->items[i], key) == 0 ? &set->items[i] : NULL;
}

const struct audit *audits_find(const struct audits *set, enum ecosystem eco,
                                const char *name, const char *version,
                                enum audit_criteria criteria)
{
    char buf[AUDITS_MAX_NAME * 2 + 1];
    struct audit key;
    if (!set || !make_key(&key, buf, sizeof buf, eco, name, version, criteria))
        return NULL;
    return find_entry(set, &key);
}

/* Takes ownership of e's block: replaces an entry with the same key, or
 * inserts it in order. */
static void put_entry(struct audits *set, struct audit e)
{
    size_t i = lower_bound(set, &e);
    if (i < set->len && entry_compare(&set->items[i], &e) == 0) {
        entry_free(&set->items[i]);
        set->items[i] = e;
        return;
    }
    set->items = xgrow(set->items, &set->cap, set->len + 1, sizeof *set->items);
    memmove(&set->items[i + 1], &set->items[i], (set->len - i) * sizeof *set->items);
    set->items[i] = e;
    set->len++;
}




static void take_entry(struct audits *set, size_t i)
{
    entry_free(&set->items[i]);
    memmove(&set->items[i], &set->items[i + 1], (set->len - i - 1) * sizeof *set->items);
    set->len--;
}


bool audits_add(struct audits *set, const struct audit *r, struct diag *d)
{
    char why[160], today[16];
    enum field f = check_review(r, why, sizeof why);
    if (f != AF_NONE) {
        diag_set(d, DIAG_SYNTAX, "", 0, 0, "review refused: %s", why);
        return false;
    }
    struct audit copy = *r;
    if (!copy.date || !copy.date[0]) {
        /* timeutil_now: DEPVET_NOW replays a recorded day, as elsewhere. */
        timeutil_format_date(timeutil_now(), "1970-01-01", today, sizeof today);
        copy.date = today;
    }
    if (!copy.reviewer) {
        const char *env = getenv("DEPVET_REVIEWER");
        copy.reviewer = env && !audits_text_problem(env, AUDITS_MAX_REVIEWER, true) ? env : "";
    }
    put_entry(set, entry_copy(&copy));
    return true;
}

bool audits_remove(struct audits *set, enum ecosystem eco, const char *name,
                   const char *version, enum audit_criteria criteria)
{
    char buf[AUDITS_MAX_NAME * 2 + 1];
    struct audit key;
    if (!set || !make_key(&key, buf, sizeof buf, eco, name, version, criteria))
        return false;
    struct audit *e = find_entry(set, &key);
    if (!e)
        return false;
    take_entry(set, (size_t)(e - set->items));
    return true;
}

/* ---- delta chains -------------------------------------------------------- */

/* Walks back from version through deltas of sufficient criteria; each entry
 * is followed at most once (the visited marks), so cycles end. */
enum audit_status audits_status(const struct audits *set, enum ecosystem eco,
                                const char *name, const char *version,
                                enum audit_criteria criteria)
{
    char buf[AUDITS_MAX_NAME * 2 + 1];
    struct audit key;
    if (!set || !make_key(&key, buf, sizeof buf, eco, name, version, AUDIT_SAFE_TO_RUN))
        return AUDIT_NOT_REVIEWED;
    key.version = NULL;
    size_t lo = lower_bound(set, &key), hi = lo;
    while (hi < set->len && set->items[hi].eco == eco && strcmp(set->items[hi].name, buf) == 0)
        hi++;
    if (lo == hi)
        return AUDIT_NOT_REVIEWED;
    unsigned char *visited = xcalloc(hi - lo, 1);
    const char **stack = xmalloc((hi - lo + 1) * sizeof *stack);
    size_t sp = 0;
    stack[sp++] = version;
    enum audit_status st = AUDIT_NOT_REVIEWED;
    for (bool first = true; sp && st == AUDIT_NOT_REVIEWED; first = false) {
        key.version = stack[--sp];
        key.criteria = AUDIT_SAFE_TO_RUN;
        for (size_t i = lower_bound(set, &key); i < hi; i++) {
            const struct audit *e = &set->items[i];
            if (strcmp(e->version, key.version) != 0)
                break;
            if (visited[i - lo] || e->criteria < criteria)
                continue;
            visited[i - lo] = 1;
            if (e->kind == AUDIT_FULL) {
                st = first ? AUDIT_REVIEWED : AUDIT_REVIEWED_BY_DELTA;
                break;
            }
            stack[sp++] = e->from;
        }
    }
    free(visited);
    free(stack);
    return st;
}

/* ---- reading the file ---------------------------------------------------- */

struct loaded {
    struct audit e;       /* strings in the TOML arena */
    unsigned line, col;   /* of its [[audit]] header */
};

static int loaded_compare(const void *a, const void *b)
{
    const struct loaded *x = a, *y = b;
    int c = entry_compare(&x->e, &y->e);
    if (c)
        return c;
    return x->line != y->line ? (x->line < y->line ? -1 : 1) : 0;
}

static bool same_review(const struct audit *a, const struct audit *b)
{
    return a->kind == b->kind && strcmp(a->from ? a->from : "", b->from ? b->from : "") == 0 &&
           strcmp(a->reviewer, b->reviewer) == 0 && strcmp(a->date, b->date) == 0 &&
           strcmp(a->note, b->note) == 0;
}

/* Key i of a table; "" for a key holding a NUL, which matches no name. */
const char *audits_key_at(const struct toml_value *t, size_t i,
                          const struct toml_value **v)
{
    const char *k = toml_key_at(t, i, v);
    return strlen(k) == t->u.tab.items[i].key_len ? k : "";
}

static bool bad_at(struct diag *d, const char *where, const struct toml_value *v,
                   const char *what, const char *detail)
{
    diag_set(d, DIAG_SYNTAX, where, v->line, v->col, "%s%s", what, detail);
    return false;
}

/* One [[audit]] table into r (strings point into the TOML arena). */
static bool read_review(const struct toml_value *t, const char *where,
                        struct arena *a, struct audit *r, struct diag *d)
{
    const struct toml_value *val[AF_NONE] = {0};
    for (size_t i = 0; i < toml_len(t); i++) {
        const struct toml_value *v;
        const char *k = audits_key_at(t, i, &v);
        enum field f = AF_NONE;
        for (int j = 0; j < AF_NONE; j++)
            if (strcmp(k, field_table[j].key) == 0)
                f = (enum field)j;
        if (f == AF_NONE)
            return bad_at(d, where, v, "unknown key in [[audit]]: ", k);
        if (v->type != field_table[f].type)
            return bad_at(d, where, v, field_table[f].key,
                          f == AF_DATE ? " must be a date, like 2026-11-23 (no quotes)"
                                       : " must be a string");
        if (strlen(v->u.str.s) != v->u.str.len)
            return bad_at(d, where, v, field_table[f].key, " holds a NUL character");
        val[f] = v;
    }
    for (int j = 0; j < AF_NONE; j++)
        if (field_table[j].required && !val[j])
            return bad_at(d, where, t, "[[audit]] lacks ", field_table[j].key);
    memset(r, 0, sizeof *r);
    const char *s[AF_NONE];
    for (int j = 0; j < AF_NONE; j++)
        s[j] = val[j] ? val[j]->u.str.s : NULL;
    if (!ecosystem_parse(s[AF_ECOSYSTEM], &r->eco))
        return bad_at(d, where, val[AF_ECOSYSTEM], "unknown ecosystem: ", s[AF_ECOSYSTEM]);
    if (!audits_criteria_parse(s[AF_CRITERIA], &r->criteria))
        return bad_at(d, where, val[AF_CRITERIA], "criteria must be ",
                      "safe-to-run or safe-to-deploy");
    if (!kind_parse(s[AF_KIND], &r->kind))
        return bad_at(d, where, val[AF_KIND], "kind must be ", "full or delta");
    r->name = s[AF_NAME], r->version = s[AF_VERSION], r->from = s[AF_FROM];
    r->reviewer = s[AF_REVIEWER] ? s[AF_REVIEWER] : "";
    r->date = s[AF_DATE], r->note = s[AF_NOTE] ? s[AF_NOTE] : "";
    char why[160];
    enum field f = check_review(r, why, sizeof why);
    if (f != AF_NONE)
        return bad_at(d, where, val[f] ? val[f] : t, why, "");
    /* Canonical now, so that spellings of one name meet as duplicates. */
    size_t n = strlen(r->name) * 2 + 1;
    char *canon = arena_alloc(a, n);
    ecosystem_normalize_name(r->eco, r->name, canon, n);
    r->name = canon;
    return true;
}

/* Sorts the loaded entries into set; identical duplicates (both sides of a
 * merge adding the same review) collapse, differing ones are an error. */
static bool settle(struct audits *set, struct loaded *l, size_t n,
                   const char *where, struct diag *d)
{
    if (n > 1)   /* l is NULL when the file holds no review */
        qsort(l, n, sizeof *l, loaded_compare);
    for (size_t i = 0; i < n; i++) {
        if (i && entry_compare(&l[i - 1].e, &l[i].e) == 0) {
            if (!same_review(&l[i - 1].e, &l[i].e)) {
                diag_set(d, DIAG_SYNTAX, where, l[i].line, l[i].col,
                         "a different review of %s %s (%s) is at line %u", l[i].e.name,
                         l[i].e.version, audits_criteria_name(l[i].e.criteria),
                         l[i - 1].line);
                return false;
            }
            continue;
        }
        set->items = xgrow(set->items, &set->cap, set->len + 1, sizeof *set->items);
        set->items[set->len++] = entry_copy(&l[i].e);
    }
    return true;
}

/* The [[audit]] array into l (grown to fit); false with d set. */
static bool read_reviews(const struct toml_value *v, const char *where, struct arena *a,
                         struct loaded **l, size_t *n, struct diag *d)
{
    if (!toml_is(v, TOML_ARRAY))
        return bad_at(d, where, v, "audit must be written as [[audit]] tables", "");
    *l = xrealloc(*l, (*n + toml_len(v) + 1) * sizeof **l);
    for (size_t j = 0; j < toml_len(v); j++) {
        const struct toml_value *t = toml_at(v, j);
        if (!toml_is(t, TOML_TABLE))
            return bad_at(d, where, t, "audit must be written as [[audit]] tables", "");
        if (!read_review(t, where, a, &(*l)[*n].e, d))
            return false;
        (*l)[*n].line = t->line, (*l)[*n].col = t->col;
        (*n)++;
    }
    return true;
}

static bool read_root(struct audits *set, const struct toml_value *root, const char *where,
                      struct arena *a, struct diag *d)
{
    struct loaded *l = NULL;
    size_t n = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < toml_len(root); i++) {
        const struct toml_value *v;
        const char *k = audits_key_at(root, i, &v);
        if (strcmp(k, "audit") == 0)
            ok = read_reviews(v, where, a, &l, &n, d);
        else if (audit_tables_is_key(k))
            ok = audit_tables_read(set->tables, k, v, where, d);
        else
            ok = bad_at(d, where, v, "unknown top-level key: ", k);
    }
    ok = ok && settle(set, l, n, where, d) && audit_tables_settle(set->tables, where, d);
    free(l);
    return ok;
}

struct audits *audits_parse(const char *buf, size_t len, const char *where,
                            struct diag *d)
{
    struct arena *a = arena_new();
    /* A terminated copy: the TOML reader may look one byte past a
     * multi-line string's trimming backslash at the very end. */
    char *text = arena_strndup(a, buf ? buf : "", buf ? len : 0);
    struct toml_value *root = toml_parse(text, buf ? len : 0, where, a, d);
    struct audits *set = root ? audits_new() : NULL;
    if (set && !read_root(set, root, where, a, d)) {
        audits_free(set);
        set = NULL;
    }
    arena_free(a);
    return set;
}

struct audits *audits_load(const char *path, struct diag *d)
{
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT)
        return audits_new();
    size_t len;
    char *buf = file_read(path, AUDITS_MAX_FILE, &len, d);
    if (!buf)
        return NULL;
    struct audits *set = audits_parse(buf, len, path, d);
    free(buf);
    return set;
}

/* ---- writing the file ---------------------------------------------------- */

/* Characters written as \uXXXX although TOML allows them raw: C1 controls
 * and the invisible ones that reorder or hide text on screen (bidi
 * controls, as in "Trojan Source"; line and paragraph separators). */
static bool needs_escape(unsigned long cp)
{
    return is_control(cp) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0xFEFF;
}

void audits_put_string(struct strbuf *sb, const char *s)
{
    static const char short_table[][2] = {
        {'\b', 'b'}, {'\t', 't'}, {'\n', 'n'}, {'\f', 'f'},
        {'\r', 'r'}, {'"', '"'}, {'\\', '\\'},
    };
    size_t n = strlen(s);
    strbuf_putc(sb, '"');
    for (size_t i = 0; i < n;) {
        unsigned long cp;
        size_t l = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        bool done = false;
        for (size_t k = 0; k < sizeof short_table / sizeof *short_table && !done; k++)
            if (cp == (unsigned char)short_table[k][0]) {
                strbuf_putc(sb, '\\');
                strbuf_putc(sb, short_table[k][1]);
                done = true;
            }
        if (!done && needs_escape(cp))
            strbuf_printf(sb, "\\u%04lX", cp);
        else if (!done)
            strbuf_append(sb, s + i, l);
        i += l ? l : 1;  /* entries were validated; never stall regardless */
    }
    strbuf_putc(sb, '"');
}

static void put_key(struct strbuf *sb, enum field f, const char *s)
{
    strbuf_puts(sb, field_table[f].key);
    strbuf_puts(sb, " = ");
    if (f == AF_DATE)
        strbuf_puts(sb, s);
    else
        audits_put_string(sb, s);
    strbuf_putc(sb, '\n');
}

char *audits_serialize(const struct audits *set, size_t *len)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "# depvet reviews, kept sorted by depvet: see depvet-audits(5).\n");
    for (size_t i = 0; set && i < set->len; i++) {
        const struct audit *e = &set->items[i];
        const char *v[AF_NONE] = {
            [AF_ECOSYSTEM] = ecosystem_name(e->eco), [AF_NAME] = e->name,
            [AF_VERSION] = e->version, [AF_CRITERIA] = audits_criteria_name(e->criteria),
            [AF_KIND] = audits_kind_name(e->kind), [AF_FROM] = e->from,
            [AF_REVIEWER] = e->reviewer, [AF_DATE] = e->date, [AF_NOTE] = e->note,
        };
        strbuf_puts(&sb, "\n[[audit]]\n");
        for (int f = 0; f < AF_NONE; f++)
            if (field_table[f].required || (v[f] && v[f][0]))
                put_key(&sb, (enum field)f, v[f]);
    }
    if (set)
        audit_tables_serialize(set->tables, &sb);
    if (len)
        *len = sb.len;
    return strbuf_take(&sb);
}

bool audits_save(const struct audits *set, const char *path, struct diag *d)
{
    size_t len;
    char *text = audits_serialize(set, &len);
    bool ok = file_write_project(path, text, len, d);
    free(text);
    return ok;
}
