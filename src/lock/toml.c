/* TOML 1.0.0 parser: text to an arena-owned tree with the redefinition rules. */
#include "depvet/lock/toml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/termsafe.h"
#include "depvet/lock/reader.h"
#include "toml_scalar.h"
#include "toml_tree.h"

struct key {
    const char *s;
    size_t len;
    const char *pos;
};

struct parser {
    const char *buf, *cur, *end;
    const char *where;
    struct arena *a;
    struct diag *d;
    const char *lc_pos, *lc_lstart;  /* incremental line counting */
    unsigned lc_line;
    char *scratch;                   /* decoded string being built */
    size_t slen, scap;
    bool failed;
    struct toml_value *root, *table; /* current [table] */
    struct key *keys;                /* LOCK_MAX_DEPTH parts of a dotted key */
};

static bool fail(struct parser *p, const char *pos, enum diag_code code,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static bool fail(struct parser *p, const char *pos, enum diag_code code,
                 const char *fmt, ...)
{
    if (p->failed)
        return false;
    p->failed = true;
    unsigned line, col;
    diag_locate(p->buf, pos > p->end ? p->end : pos, &line, &col);
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_set(p->d, code, p->where, line, col, "%s", msg);
    return false;
}

/* Line and column of pos; positions asked for only move forward. */
static void locate(struct parser *p, const char *pos, unsigned *line, unsigned *col)
{
    if (pos < p->lc_lstart) {
        diag_locate(p->buf, pos, line, col);
        return;
    }
    for (; p->lc_pos < pos; p->lc_pos++)
        if (*p->lc_pos == '\n') {
            p->lc_line++;
            p->lc_lstart = p->lc_pos + 1;
        }
    *line = p->lc_line;
    *col = (unsigned)(pos - p->lc_lstart) + 1;
}

static struct toml_value *new_value(struct parser *p, enum toml_type t,
                                    const char *pos)
{
    struct toml_value *v = arena_alloc(p->a, sizeof *v);
    v->type = t;
    locate(p, pos, &v->line, &v->col);
    return v;
}

/* ---- bytes --------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    uint32_t cp;
    int len = termsafe_utf8_decode(s, n, &cp);
    return len < 0 ? 0 : (size_t)len;
}

static bool check_text(struct parser *p)
{
    const unsigned char *s = (const unsigned char *)p->buf;
    size_t n = (size_t)(p->end - p->buf);
    for (size_t i = 0; i < n;) {
        if (s[i] == 0)
            return fail(p, p->buf + i, DIAG_SYNTAX, "NUL byte in TOML text");
        size_t l = utf8_len(s + i, n - i);
        if (!l)
            return fail(p, p->buf + i, DIAG_SYNTAX, "invalid UTF-8");
        i += l;
    }
    return true;
}

/* Control characters other than tab are not allowed in comments or strings. */
static bool is_control(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c == 0x7F;
}

static bool at(const struct parser *p, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(p->end - p->cur) >= n && memcmp(p->cur, s, n) == 0;
}

static void skip_ws(struct parser *p)
{
    while (p->cur < p->end && (*p->cur == ' ' || *p->cur == '\t'))
        p->cur++;
}

static bool skip_comment(struct parser *p)
{
    if (p->cur >= p->end || *p->cur != '#')
        return true;
    for (p->cur++; p->cur < p->end && *p->cur != '\n'; p->cur++) {
        if (*p->cur == '\r' && p->cur + 1 < p->end && p->cur[1] == '\n')
            continue;
        if (is_control((unsigned char)*p->cur))
            return fail(p, p->cur, DIAG_SYNTAX, "control character in comment");
    }
    return true;
}

/* Consumes a newline (LF or CRLF); false if none is here. */
static bool eat_newline(struct parser *p)
{
    if (p->cur < p->end && *p->cur == '\n') {
        p->cur++;
        return true;
    }
    if (at(p, "\r\n")) {
        p->cur += 2;
        return true;
    }
    return false;
}

/* Whitespace, comments and newlines (inside arrays). */
static bool skip_ws_nl(struct parser *p)
{
    for (;;) {
        skip_ws(p);
        if (!skip_comment(p))
            return false;
        if (!eat_newline(p))
            return true;
    }
}

/* After a key/value pair or header: only a comment may follow on the line. */
static bool end_of_line(struct parser *p)
{
    skip_ws(p);
    if (!skip_comment(p))
        return false;
    if (p->cur >= p->end || eat_newline(p))
        return true;
    return fail(p, p->cur, DIAG_SYNTAX, "expected a newline, found '%c'", *p->cur);
}

/* ---- strings ------------------------------------------------------------- */

static void put(struct parser *p, const char *s, size_t n)
{
    if (p->slen + n + 1 > p->scap) {
        size_t cap = p->scap ? p->scap : 256;
        while (cap < p->slen + n + 1)
            cap *= 2;
        char *grown = realloc(p->scratch, cap);
        if (!grown)
            abort();  /* out of memory, as xmalloc does */
        p->scratch = grown;
        p->scap = cap;
    }
    memcpy(p->scratch + p->slen, s, n);
    p->slen += n;
}

static void put_utf8(struct parser *p, unsigned long cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    put(p, b, n);
}

static const char escape_table[][2] = {
    {'b', '\b'}, {'t', '\t'}, {'n', '\n'}, {'f', '\f'},
    {'r', '\r'}, {'"', '"'},  {'\\', '\\'},
};

/* At the character after a backslash. */
static bool read_escape(struct parser *p)
{
    const char *start = p->cur - 1;
    if (p->cur >= p->end)
        return fail(p, start, DIAG_SYNTAX, "unterminated escape");
    char c = *p->cur++;
    for (size_t i = 0; i < sizeof escape_table / sizeof *escape_table; i++)
        if (escape_table[i][0] == c) {
            put(p, &escape_table[i][1], 1);
            return true;
        }
    int digits = c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (!digits)
        return fail(p, start, DIAG_SYNTAX, "invalid escape '\\%c'", c);
    unsigned long cp = 0;
    for (int i = 0; i < digits; i++, p->cur++) {
        char h = p->cur < p->end ? *p->cur : 0;
        int v = h >= '0' && h <= '9' ? h - '0'
              : h >= 'a' && h <= 'f' ? h - 'a' + 10
              : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        if (v < 0)
            return fail(p, start, DIAG_SYNTAX, "\\%c needs %d hex digits", c, digits);
        cp = cp << 4 | (unsigned long)v;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return fail(p, start, DIAG_SYNTAX, "escape is not a Unicode scalar value");
    put_utf8(p, cp);
    return true;
}

/* Multi-line: a backslash then only whitespace to the end of the line trims
 * all whitespace and newlines up to the next visible character. */
static bool line_ending_backslash(struct parser *p)
{
    const char *q = p->cur;
    while (q < p->end && (*q == ' ' || *q == '\t'))
        q++;
    if (q < p->end && (*q == '\n' || (*q == '\r' && q + 1 < p->end && q[1] == '\n'))) {
        p->cur = q;
        while (p->cur < p->end) {
            if (*p->cur == ' ' || *p->cur == '\t')
                p->cur++;
            else if (!eat_newline(p))
                break;
        }
        return true;
    }
    return false;
}

/* Reads a string whose opening delimiter (q repeated `multi ? 3 : 1` times)
 * was consumed; leaves the decoded text in the scratch buffer. */
static bool read_string_body(struct parser *p, char q, bool multi, const char *start)
{
    bool basic = q == '"';
    p->slen = 0;
    if (multi)
        eat_newline(p);  /* a newline right after the delimiter is trimmed */
    for (;;) {
        if (p->cur >= p->end)
            return fail(p, start, DIAG_SYNTAX, "unterminated string");
        char c = *p->cur;
        if (c == q) {
            size_t n = 0;
            while (p->cur + n < p->end && p->cur[n] == q)
                n++;
            if (!multi) {
                p->cur++;
                return true;
            }
            if (n >= 3) {
                if (n > 5)
                    return fail(p, p->cur, DIAG_SYNTAX, "too many quotes closing string");
                put(p, p->cur, n - 3);
                p->cur += n;
                return true;
            }
            put(p, p->cur, n);
            p->cur += n;
            continue;
        }
        if (basic && c == '\\') {
            p->cur++;
            if (multi && line_ending_backslash(p))
                continue;
            if (!read_escape(p))
                return false;
            continue;
        }
        if (multi && (c == '\n' || (c == '\r' && p->cur + 1 < p->end && p->cur[1] == '\n'))) {
            eat_newline(p);
            put(p, "\n", 1);
            continue;
        }
        if (c == '\n' || c == '\r')
            return fail(p, p->cur, DIAG_SYNTAX, c == '\n' ? "newline in string"
                        : "carriage return without newline in string");
        if (is_control((unsigned char)c))
            return fail(p, p->cur, DIAG_SYNTAX, "control character in string");
        put(p, p->cur++, 1);
    }
}

/* At a quote: reads any of the four string forms into the scratch buffer. */
static bool read_string(struct parser *p, bool allow_multi)
{
    const char *start = p->cur;
    char q = *p->cur;
    bool multi = allow_multi && (q == '"' ? at(p, "\"\"\"") : at(p, "'''"));
    p->cur += multi ? 3 : 1;
    return read_string_body(p, q, multi, start);
}

static char *scratch_copy(struct parser *p)
{
    return arena_strndup(p->a, p->scratch ? p->scratch : "", p->slen);
}

/* ---- keys ---------------------------------------------------------------- */

/* Reads a dotted key into keys[] (at most LOCK_MAX_DEPTH parts). */
static bool read_key(struct parser *p, struct key *keys, size_t *n)
{
    *n = 0;
    for (;;) {
        skip_ws(p);
        if (*n == LOCK_MAX_DEPTH)
            return fail(p, p->cur, DIAG_LIMIT, "dotted key has too many parts");
        struct key *k = &keys[(*n)++];
        k->pos = p->cur;
        if (p->cur < p->end && (*p->cur == '"' || *p->cur == '\'')) {
            if (!read_string(p, false))
                return false;
            k->s = scratch_copy(p);
            k->len = p->slen;
        } else {
            const char *s = p->cur;
            while (p->cur < p->end && toml_scalar_is_bare(*p->cur))
                p->cur++;
            if (p->cur == s)
                return fail(p, s, DIAG_SYNTAX, "expected a key");
            k->s = arena_strndup(p->a, s, (size_t)(p->cur - s));
            k->len = (size_t)(p->cur - s);
        }
        skip_ws(p);
        if (p->cur >= p->end || *p->cur != '.')
            return true;
        p->cur++;
    }
}

static bool parse_scalar(struct parser *p, struct toml_value *v)
{
    const char *s = p->cur;
    size_t n = toml_scalar_len(s, (size_t)(p->end - s));
    struct toml_scalar_error err;
    p->cur += n;
    if (toml_scalar_parse(s, n, p->a, v, &err))
        return true;
    return fail(p, err.pos, DIAG_SYNTAX, "%s", err.msg);
}

/* ---- values -------------------------------------------------------------- */

static struct toml_value *parse_value(struct parser *p, unsigned depth);
static bool parse_keyval(struct parser *p, struct toml_value *table);

static bool parse_array(struct parser *p, struct toml_value *v)
{
    p->cur++;
    for (;;) {
        if (!skip_ws_nl(p))
            return false;
        if (p->cur < p->end && *p->cur == ']')
            break;
        struct toml_value *item = parse_value(p, v->depth + 1);
        if (!item)
            return false;
        toml_tree_push(p->a, v, item);
        if (!skip_ws_nl(p))
            return false;
        if (p->cur < p->end && *p->cur == ',') {
            p->cur++;
            continue;
        }
        if (p->cur >= p->end || *p->cur != ']')
            return fail(p, p->cur, DIAG_SYNTAX, "expected ',' or ']' in array");
        break;
    }
    p->cur++;
    return true;
}

/* Inline tables sit on one line, have no trailing comma, and are closed
 * for good at '}' (TOML_F_INLINE stops later additions). */
static bool parse_inline_table(struct parser *p, struct toml_value *v)
{
    p->cur++;
    skip_ws(p);
    if (p->cur < p->end && *p->cur == '}') {
        p->cur++;
        return true;
    }
    for (;;) {
        if (!parse_keyval(p, v))
            return false;
        skip_ws(p);
        if (p->cur < p->end && *p->cur == ',') {
            p->cur++;
            continue;
        }
        if (p->cur >= p->end || *p->cur != '}')
            return fail(p, p->cur, DIAG_SYNTAX, "expected ',' or '}' in inline table");
        p->cur++;
        return true;
    }
}

static struct toml_value *parse_value(struct parser *p, unsigned depth)
{
    if (depth > LOCK_MAX_DEPTH) {
        fail(p, p->cur, DIAG_LIMIT, "nesting deeper than %d levels", LOCK_MAX_DEPTH);
        return NULL;
    }
    if (p->cur >= p->end) {
        fail(p, p->cur, DIAG_SYNTAX, "expected a value");
        return NULL;
    }
    struct toml_value *v = new_value(p, TOML_STRING, p->cur);
    v->depth = depth;
    bool ok;
    switch (*p->cur) {
    case '"':
    case '\'':
        ok = read_string(p, true);
        v->u.str.s = scratch_copy(p);
        v->u.str.len = p->slen;
        break;
    case '[':
        v->type = TOML_ARRAY;
        ok = parse_array(p, v);
        break;
    case '{':
        v->type = TOML_TABLE;
        v->flags = TOML_F_INLINE;
        ok = parse_inline_table(p, v);
        break;
    default:
        ok = parse_scalar(p, v);
    }
    return ok ? v : NULL;
}

static struct toml_value *new_table(struct parser *p, struct toml_value *parent,
                                    const struct key *k, unsigned flags)
{
    if (parent->depth + 1 > LOCK_MAX_DEPTH) {
        fail(p, k->pos, DIAG_LIMIT, "tables nested deeper than %d levels", LOCK_MAX_DEPTH);
        return NULL;
    }
    struct toml_value *t = new_value(p, TOML_TABLE, k->pos);
    t->flags = flags;
    t->depth = parent->depth + 1;
    toml_tree_insert(p->a, parent, k->s, k->len, t);
    return t;
}

/* key = value, into table (the current [table] or an inline table). */
static bool parse_keyval(struct parser *p, struct toml_value *table)
{
    struct key *keys = p->keys;  /* shared: not needed once the value starts */
    size_t n;
    if (!read_key(p, keys, &n))
        return false;
    struct toml_value *t = table;
    for (size_t i = 0; i + 1 < n; i++) {
        struct toml_value *child = toml_tree_find(t, keys[i].s, keys[i].len);
        if (!child)
            child = new_table(p, t, &keys[i], TOML_F_DOTTED);
        else if (child->type != TOML_TABLE || !(child->flags & TOML_F_DOTTED) ||
                 (child->flags & TOML_F_INLINE))
            return fail(p, keys[i].pos, DIAG_SYNTAX,
                        "dotted key '%s' extends a value defined elsewhere", keys[i].s);
        if (!child)
            return false;
        t = child;
    }
    struct key last = keys[n - 1];
    if (toml_tree_find(t, last.s, last.len))
        return fail(p, last.pos, DIAG_SYNTAX, "duplicate key '%s'", last.s);
    if (p->cur >= p->end || *p->cur != '=')
        return fail(p, p->cur, DIAG_SYNTAX, "expected '=' after key");
    p->cur++;
    skip_ws(p);
    struct toml_value *v = parse_value(p, t->depth + 1);
    if (!v)
        return false;
    toml_tree_insert(p->a, t, last.s, last.len, v);
    return true;
}

/* ---- document ------------------------------------------------------------ */

/* [a.b.c] or [[a.b.c]]: walks to the parent, then defines the last part. */
static bool parse_header(struct parser *p)
{
    const char *start = p->cur;
    unsigned line, col;
    locate(p, start, &line, &col);
    bool aot = at(p, "[[");
    p->cur += aot ? 2 : 1;
    size_t n;
    if (!read_key(p, p->keys, &n))
        return false;
    if (!at(p, aot ? "]]" : "]"))
        return fail(p, p->cur, DIAG_SYNTAX, "expected '%s' closing table header",
                    aot ? "]]" : "]");
    p->cur += aot ? 2 : 1;
    struct toml_value *t = p->root;
    for (size_t i = 0; i + 1 < n && t; i++) {
        struct key *k = &p->keys[i];
        struct toml_value *child = toml_tree_find(t, k->s, k->len);
        if (child && child->type == TOML_ARRAY && (child->flags & TOML_F_AOT))
            child = child->u.arr.items[child->u.arr.n - 1];
        else if (!child)
            child = new_table(p, t, k, TOML_F_IMPLICIT);
        else if (child->type != TOML_TABLE || (child->flags & TOML_F_INLINE))
            return fail(p, k->pos, DIAG_SYNTAX, "'%s' is not a table", k->s);
        t = child;
    }
    if (!t)
        return false;
    struct key *k = &p->keys[n - 1];
    struct toml_value *old = toml_tree_find(t, k->s, k->len), *tbl;
    if (aot) {
        if (!old) {
            old = new_value(p, TOML_ARRAY, k->pos);
            old->flags = TOML_F_AOT;
            old->depth = t->depth + 1;
            toml_tree_insert(p->a, t, k->s, k->len, old);
        } else if (old->type != TOML_ARRAY || !(old->flags & TOML_F_AOT)) {
            return fail(p, k->pos, DIAG_SYNTAX, "'%s' is not an array of tables", k->s);
        }
        if (old->depth + 1 > LOCK_MAX_DEPTH)
            return fail(p, k->pos, DIAG_LIMIT, "tables nested too deep");
        tbl = arena_alloc(p->a, sizeof *tbl);
        tbl->type = TOML_TABLE;
        tbl->flags = TOML_F_DEFINED;
        tbl->depth = old->depth + 1;
        toml_tree_push(p->a, old, tbl);
    } else if (!old) {
        tbl = new_table(p, t, k, TOML_F_DEFINED);
        if (!tbl)
            return false;
    } else if (old->type == TOML_TABLE && old->flags == TOML_F_IMPLICIT) {
        old->flags = TOML_F_DEFINED;  /* a super-table named before, defined now */
        tbl = old;
    } else {
        return fail(p, k->pos, DIAG_SYNTAX, "'%s' is already defined", k->s);
    }
    tbl->line = line;
    tbl->col = col;
    p->table = tbl;
    return true;
}

static bool parse_document(struct parser *p)
{
    if (!check_text(p))
        return false;
    if (at(p, "\xEF\xBB\xBF"))
        p->cur += 3;  /* byte order mark */
    p->root = new_value(p, TOML_TABLE, p->cur);
    p->root->flags = TOML_F_DEFINED;
    p->table = p->root;
    for (;;) {
        if (!skip_ws_nl(p))
            return false;
        if (p->cur >= p->end)
            return true;
        bool ok = *p->cur == '[' ? parse_header(p) : parse_keyval(p, p->table);
        if (!ok || !end_of_line(p))
            return false;
    }
}

struct toml_value *toml_parse(const char *buf, size_t len, const char *where,
                              struct arena *a, struct diag *d)
{
    struct parser p = {
        .buf = buf, .cur = buf, .end = buf + len, .where = where ? where : "",
        .a = a, .d = d, .lc_pos = buf, .lc_lstart = buf, .lc_line = 1,
    };
    p.keys = arena_alloc(a, LOCK_MAX_DEPTH * sizeof *p.keys);
    bool ok = parse_document(&p);
    free(p.scratch);
    return ok ? p.root : NULL;
}
