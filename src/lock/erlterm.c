/* Recursive-descent reader for Erlang and Elixir terms (bounded depth). */
#include "depvet/lock/erlterm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/vec.h"
#include "depvet/lock/reader.h"

struct parser {
    const char *buf, *p, *end;
    const char *where;
    enum erlterm_dialect dialect;
    struct arena *a;
    struct diag *d;
    unsigned depth;
    /* Where the last node was located: nodes come in increasing order, so
     * each one is located from the one before (linear, not quadratic). */
    const char *mark;
    unsigned mark_line, mark_col;
};

static bool fail_at(struct parser *ps, const char *at, const char *msg)
{
    unsigned line, col;
    diag_locate(ps->buf, at, &line, &col);
    diag_set(ps->d, DIAG_SYNTAX, ps->where, line, col, "%s", msg);
    return false;
}

static void skip_space(struct parser *ps)
{
    char comment = ps->dialect == ERLTERM_ELIXIR ? '#' : '%';
    while (ps->p < ps->end) {
        char c = *ps->p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ps->p++;
        } else if (c == comment) {
            const char *nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
            ps->p = nl ? nl + 1 : ps->end;
        } else {
            return;
        }
    }
}

static bool at_char(struct parser *ps, char c)
{
    skip_space(ps);
    return ps->p < ps->end && *ps->p == c;
}

static bool expect(struct parser *ps, char c, const char *msg)
{
    if (!at_char(ps, c))
        return fail_at(ps, ps->p, msg);
    ps->p++;
    return true;
}

static struct erlterm *node(struct parser *ps, enum erlterm_type t, const char *at)
{
    struct erlterm *n = arena_alloc(ps->a, sizeof(*n));
    n->type = t;
    if (!ps->mark || at < ps->mark) {
        ps->mark = ps->buf;
        ps->mark_line = ps->mark_col = 1;
    }
    unsigned line, col;
    diag_locate(ps->mark, at, &line, &col);
    n->line = ps->mark_line + line - 1;
    n->col = line > 1 ? col : ps->mark_col + col - 1;
    ps->mark = at;
    ps->mark_line = n->line;
    ps->mark_col = n->col;
    return n;
}

static bool is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '@';
}

static bool utf8_ok(const struct strbuf *sb)
{
    uint32_t cp;
    for (size_t i = 0; i < sb->len;) {
        int n = termsafe_utf8_decode((const unsigned char *)sb->buf + i, sb->len - i, &cp);
        if (n < 0)
            return false;
        i += (size_t)n;
    }
    return true;
}

/* Reads a quoted text ending in `quote`, with backslash escapes, into sb.
 * Elixir's "#{" interpolation is refused: lockfiles never need it. */
static bool read_quoted(struct parser *ps, char quote, struct strbuf *sb)
{
    const char *start = ps->p;
    ps->p++;
    while (ps->p < ps->end && *ps->p != quote) {
        char c = *ps->p;
        if (c == '\0')
            return fail_at(ps, ps->p, "NUL byte in a string");
        if (ps->dialect == ERLTERM_ELIXIR && c == '#' && ps->p + 1 < ps->end && ps->p[1] == '{')
            return fail_at(ps, ps->p, "string interpolation is not allowed here");
        if (c == '\\') {
            if (++ps->p >= ps->end)
                break;
            static const char from[] = "ntr0\"'\\#sefabv", to[] = "\n\t\r\0\"'\\# \x1b\x0c\x07\x08\x0b";
            const char *k = memchr(from, *ps->p, sizeof(from) - 1);
            strbuf_putc(sb, k ? to[k - from] : *ps->p);
            ps->p++;
            continue;
        }
        strbuf_putc(sb, c);
        ps->p++;
    }
    if (ps->p >= ps->end)
        return fail_at(ps, start, "unterminated string");
    ps->p++;
    if (!utf8_ok(sb))
        return fail_at(ps, start, "invalid UTF-8 in a string");
    return true;
}

static struct erlterm *text_node(struct parser *ps, enum erlterm_type t,
                                 const char *at, struct strbuf *sb)
{
    struct erlterm *n = node(ps, t, at);
    n->str = arena_strndup(ps->a, strbuf_str(sb), sb->len);
    n->len = sb->len;
    return n;
}

static struct erlterm *parse_string(struct parser *ps, enum erlterm_type t, char quote)
{
    const char *at = ps->p;
    struct strbuf sb = STRBUF_INIT;
    struct erlterm *n = read_quoted(ps, quote, &sb) ? text_node(ps, t, at, &sb) : NULL;
    strbuf_fini(&sb);
    return n;
}

static struct erlterm *parse_number(struct parser *ps)
{
    const char *at = ps->p;
    char tmp[64];
    size_t n = 0;
    bool is_float = false;
    long base = 10;
    if (*ps->p == '-' || *ps->p == '+')
        tmp[n++] = *ps->p++;
    while (ps->p < ps->end && n + 1 < sizeof(tmp)) {
        char c = *ps->p;
        if (c == '_') {
            ps->p++;
            continue;
        }
        if (c == '#' && ps->dialect == ERLTERM_ERLANG && base == 10) {
            tmp[n] = '\0';
            base = strtol(tmp, NULL, 10);
            if (base < 2 || base > 36)
                return fail_at(ps, at, "bad number base"), NULL;
            n = 0;
            ps->p++;
            continue;
        }
        bool digit = (c >= '0' && c <= '9') || (base > 10 && is_ident(c) && c != '_' && c != '@');
        bool frac = base == 10 && (c == '.' || c == 'e' || c == 'E' ||
                                   ((c == '-' || c == '+') && n && (tmp[n - 1] == 'e' || tmp[n - 1] == 'E')));
        if (c == '.' && (ps->p + 1 >= ps->end || ps->p[1] < '0' || ps->p[1] > '9'))
            break; /* the dot that ends an Erlang form */
        if (!digit && !frac)
            break;
        is_float |= frac;
        tmp[n++] = c;
        ps->p++;
    }
    tmp[n] = '\0';
    struct erlterm *t = node(ps, is_float ? ET_FLOAT : ET_INT, at);
    char *end;
    errno = 0;
    if (is_float)
        t->fval = strtod(tmp, &end);
    else
        t->ival = strtoll(tmp, &end, (int)base);
    if (!n || *end || errno)
        return fail_at(ps, at, "malformed or out-of-range number"), NULL;
    return t;
}

static struct erlterm *parse_term(struct parser *ps);

/* Items up to `close`, separated by commas; a trailing comma is allowed in
 * Elixir.  Keyword pairs ("key: value", "\"key\": value") become 2-tuples;
 * in maps, pairs go in as key, value. */
static bool parse_seq(struct parser *ps, char close, bool map, struct erlterm *into);

static struct erlterm *parse_container(struct parser *ps, enum erlterm_type t,
                                       char close, const char *at)
{
    if (++ps->depth > LOCK_MAX_DEPTH)
        return fail_at(ps, at, "nesting too deep"), NULL;
    struct erlterm *n = node(ps, t, at);
    bool ok = parse_seq(ps, close, t == ET_MAP, n);
    ps->depth--;
    return ok ? n : NULL;
}

static struct erlterm *parse_atom_word(struct parser *ps)
{
    const char *at = ps->p;
    while (ps->p < ps->end && is_ident(*ps->p))
        ps->p++;
    if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '!'))
        ps->p++;
    struct erlterm *n = node(ps, ET_ATOM, at);
    n->str = arena_strndup(ps->a, at, (size_t)(ps->p - at));
    n->len = (size_t)(ps->p - at);
    return n;
}

/* <<77,105,99>>: Hex writes non-ASCII text as a list of byte values.  The
 * bytes must still be UTF-8 text without NUL, as quoted binaries are. */
static bool read_byte_list(struct parser *ps, struct strbuf *sb)
{
    const char *start = ps->p;
    for (;;) {
        skip_space(ps);
        unsigned v = 0, digits = 0;
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9' && digits < 4) {
            v = v * 10 + (unsigned)(*ps->p++ - '0');
            digits++;
        }
        if (!digits || v == 0 || v > 255)
            return fail_at(ps, ps->p, "expected a byte value 1..255 in a binary");
        strbuf_putc(sb, (char)v);
        if (!at_char(ps, ','))
            break;
        ps->p++;
    }
    if (!utf8_ok(sb))
        return fail_at(ps, start, "invalid UTF-8 in a binary");
    return true;
}

static struct erlterm *parse_binary(struct parser *ps)
{
    const char *at = ps->p;
    ps->p += 2;
    struct strbuf sb = STRBUF_INIT;
    bool ok = true;
    if (at_char(ps, '"'))
        ok = read_quoted(ps, '"', &sb);
    else if (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
        ok = read_byte_list(ps, &sb);
    if (!ok) {
        strbuf_fini(&sb);
        return NULL;
    }
    struct erlterm *n = NULL;
    skip_space(ps);
    if (ps->end - ps->p >= 2 && ps->p[0] == '>' && ps->p[1] == '>') {
        ps->p += 2;
        n = text_node(ps, ET_STRING, at, &sb);
    } else {
        fail_at(ps, ps->p, "expected '>>' (only text binaries are read)");
    }
    strbuf_fini(&sb);
    return n;
}

static struct erlterm *parse_elixir_special(struct parser *ps)
{
    const char *at = ps->p;
    char c = *ps->p;
    if (c == ':' && ps->p + 1 < ps->end && ps->p[1] == '"') {
        ps->p++;
        return parse_string(ps, ET_ATOM, '"');
    }
    if (c == ':') {
        ps->p++;
        if (ps->p >= ps->end || !is_ident(*ps->p))
            return fail_at(ps, at, "expected an atom after ':'"), NULL;
        return parse_atom_word(ps);
    }
    if (c == '%' && ps->p + 1 < ps->end && ps->p[1] == '{') {
        ps->p += 2;
        return parse_container(ps, ET_MAP, '}', at);
    }
    if (c == '~' && ps->end - ps->p >= 3 && (ps->p[1] == 'c' || ps->p[1] == 's') &&
        ps->p[2] == '"') {
        ps->p += 2;
        return parse_string(ps, ET_STRING, '"');
    }
    return NULL;
}

static struct erlterm *parse_term(struct parser *ps)
{
    skip_space(ps);
    if (ps->p >= ps->end)
        return fail_at(ps, ps->p, "unexpected end of input"), NULL;
    const char *at = ps->p;
    char c = *ps->p;
    if (ps->dialect == ERLTERM_ELIXIR && (c == ':' || c == '%' || c == '~')) {
        struct erlterm *t = parse_elixir_special(ps);
        if (!t && !diag_failed(ps->d))
            fail_at(ps, at, "unexpected character");
        return t;
    }
    if (c == '{') {
        ps->p++;
        return parse_container(ps, ET_TUPLE, '}', at);
    }
    if (c == '[') {
        ps->p++;
        return parse_container(ps, ET_LIST, ']', at);
    }
    if (c == '"')
        return parse_string(ps, ET_STRING, '"');
    if (c == '\'')
        return parse_string(ps, ps->dialect == ERLTERM_ERLANG ? ET_ATOM : ET_STRING, '\'');
    if (ps->dialect == ERLTERM_ERLANG && c == '<' && ps->p + 1 < ps->end && ps->p[1] == '<')
        return parse_binary(ps);
    if (ps->dialect == ERLTERM_ERLANG && c == '#' && ps->p + 1 < ps->end && ps->p[1] == '{') {
        ps->p += 2;
        return parse_container(ps, ET_MAP, '}', at);
    }
    if ((c >= '0' && c <= '9') || ((c == '-' || c == '+') && ps->p + 1 < ps->end &&
                                   ps->p[1] >= '0' && ps->p[1] <= '9'))
        return parse_number(ps);
    if ((c >= 'a' && c <= 'z') || (ps->dialect == ERLTERM_ELIXIR && c == '_'))
        return parse_atom_word(ps);
    return fail_at(ps, at, "unexpected character"), NULL;
}

typedef VEC(struct erlterm *) term_vec;

/* "key: " in Elixir: an identifier or a quoted string followed directly by
 * a colon and white space.  Returns the key atom, or NULL (nothing read). */
static struct erlterm *keyword_key(struct parser *ps)
{
    const char *at = ps->p;
    if (ps->dialect != ERLTERM_ELIXIR || ps->p >= ps->end)
        return NULL;
    struct erlterm *key = NULL;
    if (*ps->p == '"') {
        key = parse_string(ps, ET_ATOM, '"');
        if (!key)
            return NULL;
    } else if ((*ps->p >= 'a' && *ps->p <= 'z') || *ps->p == '_' ||
               (*ps->p >= 'A' && *ps->p <= 'Z')) {
        key = parse_atom_word(ps);
    } else {
        return NULL;
    }
    if (ps->end - ps->p >= 2 && ps->p[0] == ':' &&
        (ps->p[1] == ' ' || ps->p[1] == '\n' || ps->p[1] == '\t' || ps->p[1] == '\r')) {
        ps->p++;
        key->type = ET_ATOM;
        return key;
    }
    ps->p = at; /* not a keyword: read it again as a term */
    return NULL;
}

static bool push_pair(struct parser *ps, term_vec *v, bool map, struct erlterm *k,
                      struct erlterm *val)
{
    if (map) {
        VEC_PUSH(v, k);
        VEC_PUSH(v, val);
        return true;
    }
    struct erlterm *t = node(ps, ET_TUPLE, ps->buf);
    t->line = k->line;
    t->col = k->col;
    t->items = arena_alloc(ps->a, 2 * sizeof(*t->items));
    t->items[0] = k;
    t->items[1] = val;
    t->n = 2;
    VEC_PUSH(v, t);
    return true;
}

static bool parse_item(struct parser *ps, term_vec *v, bool map)
{
    const char *at = ps->p;
    struct erlterm *key = keyword_key(ps);
    if (diag_failed(ps->d))
        return false;
    if (key) {
        struct erlterm *val = parse_term(ps);
        return val && push_pair(ps, v, map, key, val);
    }
    struct erlterm *t = parse_term(ps);
    if (!t)
        return false;
    skip_space(ps);
    if (ps->end - ps->p >= 2 && ps->p[0] == '=' && ps->p[1] == '>') {
        if (!map)
            return fail_at(ps, ps->p, "'=>' outside a map");
        ps->p += 2;
        struct erlterm *val = parse_term(ps);
        return val && push_pair(ps, v, true, t, val);
    }
    if (map)
        return fail_at(ps, at, "expected 'key => value' or 'key: value' in a map");
    VEC_PUSH(v, t);
    return true;
}

static bool parse_seq(struct parser *ps, char close, bool map, struct erlterm *into)
{
    term_vec v = {0};
    bool ok = true;
    for (;;) {
        if (at_char(ps, close)) {
            ps->p++;
            break;
        }
        if (!(ok = parse_item(ps, &v, map)))
            break;
        if (at_char(ps, ',')) {
            ps->p++;
            if (ps->dialect == ERLTERM_ERLANG && at_char(ps, close)) {
                ok = fail_at(ps, ps->p, "trailing comma");
                break;
            }
            continue;
        }
        if (!(ok = expect(ps, close, close == ']' ? "expected ',' or ']'" : "expected ',' or '}'")))
            break;
        break;
    }
    if (ok && v.len) {
        into->items = arena_alloc(ps->a, v.len * sizeof(*into->items));
        memcpy(into->items, v.items, v.len * sizeof(*into->items));
        into->n = v.len;
    }
    VEC_FREE(&v);
    return ok;
}

static struct erlterm *parse_forms(struct parser *ps)
{
    struct erlterm *list = node(ps, ET_LIST, ps->p);
    term_vec v = {0};
    for (;;) {
        skip_space(ps);
        if (ps->p >= ps->end)
            break;
        struct erlterm *t = parse_term(ps);
        if (!t || !expect(ps, '.', "expected '.' after a term")) {
            VEC_FREE(&v);
            return NULL;
        }
        VEC_PUSH(&v, t);
    }
    if (v.len) {
        list->items = arena_alloc(ps->a, v.len * sizeof(*list->items));
        memcpy(list->items, v.items, v.len * sizeof(*list->items));
        list->n = v.len;
    }
    VEC_FREE(&v);
    return list;
}

struct erlterm *erlterm_parse(const char *buf, size_t len, const char *where,
                              enum erlterm_dialect dialect, struct arena *a,
                              struct diag *d)
{
    struct parser ps = {buf, buf, buf + len, where, dialect, a, d, 0, NULL, 0, 0};
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        fail_at(&ps, nul, "NUL byte in input");
        return NULL;
    }
    /* A UTF-8 byte-order mark is allowed before the first term. */
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        ps.p += 3;
    if (dialect == ERLTERM_ERLANG)
        return parse_forms(&ps);
    struct erlterm *t = parse_term(&ps);
    skip_space(&ps);
    if (t && ps.p < ps.end) {
        fail_at(&ps, ps.p, "unexpected text after the term");
        return NULL;
    }
    return t;
}

bool erlterm_is_atom(const struct erlterm *t, const char *name)
{
    return t && t->type == ET_ATOM && strcmp(t->str, name) == 0;
}

const char *erlterm_text(const struct erlterm *t)
{
    return t && (t->type == ET_ATOM || t->type == ET_STRING) ? t->str : NULL;
}

const struct erlterm *erlterm_at(const struct erlterm *t, size_t i)
{
    return t && (t->type == ET_TUPLE || t->type == ET_LIST) && i < t->n ? t->items[i] : NULL;
}

const struct erlterm *erlterm_map_get(const struct erlterm *map, const char *key)
{
    if (!map || map->type != ET_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const char *k = erlterm_text(map->items[i]);
        if (k && strcmp(k, key) == 0)
            return map->items[i + 1];
    }
    return NULL;
}

const struct erlterm *erlterm_kw_get(const struct erlterm *list, const char *key)
{
    if (!list || list->type != ET_LIST)
        return NULL;
    for (size_t i = 0; i < list->n; i++) {
        const struct erlterm *t = list->items[i];
        if (t->type == ET_TUPLE && t->n == 2 && erlterm_is_atom(t->items[0], key))
            return t->items[1];
    }
    return NULL;
}
