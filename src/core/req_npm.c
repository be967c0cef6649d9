/* npm ranges desugared into comparator sets as node-semver does; its
 * pre-release rule at match time. */
#include "depvet/core/req_npm.h"

#include <string.h>

/* "-0": the lowest pre-release, so an exclusive upper bound also keeps the
 * bound's own pre-releases out. */
static const char lowest_pre[] = "0";

enum npm_kind { K_NONE, K_EQ, K_LT, K_LE, K_GT, K_GE, K_TILDE, K_CARET };

struct npm_op {
    const char *text;
    unsigned char len;
    unsigned char kind;
};

/* Longest spelling first. */
static const struct npm_op npm_op_table[] = {
    {"<=", 2, K_LE}, {">=", 2, K_GE}, {"~>", 2, K_TILDE}, {"<", 1, K_LT},
    {">", 1, K_GT},  {"=", 1, K_EQ},  {"~", 1, K_TILDE},  {"^", 1, K_CARET},
};

/* Plain comparison operator per kind, for full versions. */
static const unsigned char kind_op_table[] = {
    [K_NONE] = SEMVER_OP_EQ, [K_EQ] = SEMVER_OP_EQ, [K_LT] = SEMVER_OP_LT,
    [K_LE] = SEMVER_OP_LE,   [K_GT] = SEMVER_OP_GT, [K_GE] = SEMVER_OP_GE,
};

struct tok {
    unsigned char kind;
    size_t pos, vpos, vend;
};

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* The first `exact` parts of v, the rest zero; the pre-release only when
 * the version is full. */
static struct semver truncated(const struct semver_partial *p)
{
    struct semver t = {.major = p->v.major};
    t.minor = p->exact >= 2 ? p->v.minor : 0;
    t.patch = p->exact >= 3 ? p->v.patch : 0;
    if (p->exact == 3) {
        t.pre = p->v.pre;
        t.pre_len = p->v.pre_len;
    }
    return t;
}

/* Part `level` (0 major, 1 minor, 2 patch) plus one, lower parts zero;
 * false when that overflows. */
static bool bumped(const struct semver_partial *p, unsigned level, struct semver *out)
{
    uint64_t parts[3] = {p->v.major, p->v.minor, p->v.patch};
    if (parts[level] == UINT64_MAX)
        return false;
    parts[level]++;
    for (unsigned i = level + 1; i < 3; i++)
        parts[i] = 0;
    *out = (struct semver){parts[0], parts[1], parts[2], NULL, 0, NULL, 0};
    return true;
}

static bool emit_lower(struct semver_cmp_builder *b, size_t pos, const struct semver_partial *p)
{
    struct semver t = truncated(p);
    return semver_cmp_emit(b, pos, SEMVER_OP_GE, &t);
}

/* < bump(level)-0; no bound at all when the bump overflows. */
static bool emit_upper(struct semver_cmp_builder *b, size_t pos, const struct semver_partial *p,
                       unsigned level)
{
    struct semver up;
    if (!bumped(p, level, &up))
        return true;
    up.pre = lowest_pre;
    up.pre_len = 1;
    return semver_cmp_emit(b, pos, SEMVER_OP_LT, &up);
}

static bool emit_nothing(struct semver_cmp_builder *b, size_t pos)
{
    struct semver zero = {.pre = lowest_pre, .pre_len = 1};
    return semver_cmp_emit(b, pos, SEMVER_OP_LT, &zero);
}

static bool desugar_tilde(struct semver_cmp_builder *b, size_t pos, const struct semver_partial *p)
{
    if (p->exact == 0)
        return semver_cmp_emit(b, pos, SEMVER_OP_ANY, NULL);
    return emit_lower(b, pos, p) && emit_upper(b, pos, p, p->exact == 1 ? 0 : 1);
}

/* ^ allows changes that keep the left-most non-zero part. */
static bool desugar_caret(struct semver_cmp_builder *b, size_t pos, const struct semver_partial *p)
{
    if (p->exact == 0)
        return semver_cmp_emit(b, pos, SEMVER_OP_ANY, NULL);
    unsigned level = 0;
    if (p->exact >= 2 && p->v.major == 0)
        level = (p->exact == 3 && p->v.minor == 0) ? 2 : 1;
    return emit_lower(b, pos, p) && emit_upper(b, pos, p, level);
}

static bool desugar_xrange(struct semver_cmp_builder *b, size_t pos, unsigned kind,
                           const struct semver_partial *p)
{
    if (p->exact == 3)
        return semver_cmp_emit(b, pos, kind_op_table[kind], &p->v);
    if (p->exact == 0)
        return kind == K_LT || kind == K_GT ? emit_nothing(b, pos)
                                            : semver_cmp_emit(b, pos, SEMVER_OP_ANY, NULL);
    unsigned level = p->exact == 1 ? 0 : 1;
    struct semver t = truncated(p);
    switch (kind) {
    case K_GE:
        return semver_cmp_emit(b, pos, SEMVER_OP_GE, &t);
    case K_LT:
        t.pre = lowest_pre;
        t.pre_len = 1;
        return semver_cmp_emit(b, pos, SEMVER_OP_LT, &t);
    case K_GT:
        return bumped(p, level, &t) ? semver_cmp_emit(b, pos, SEMVER_OP_GE, &t) : emit_nothing(b, pos);
    case K_LE:
        if (!bumped(p, level, &t))
            return semver_cmp_emit(b, pos, SEMVER_OP_ANY, NULL);
        t.pre = lowest_pre;
        t.pre_len = 1;
        return semver_cmp_emit(b, pos, SEMVER_OP_LT, &t);
    default:
        return emit_lower(b, pos, p) && emit_upper(b, pos, p, level);
    }
}

static bool desugar_hyphen(struct semver_cmp_builder *b, const struct tok *from, const struct semver_partial *lo,
                           const struct tok *to, const struct semver_partial *hi)
{
    size_t before = b->n;
    if (lo->exact > 0 && !emit_lower(b, from->vpos, lo))
        return false;
    if (hi->exact == 3) {
        if (!semver_cmp_emit(b, to->vpos, SEMVER_OP_LE, &hi->v))
            return false;
    } else if (hi->exact > 0 && !emit_upper(b, to->vpos, hi, hi->exact == 1 ? 0 : 1)) {
        return false;
    }
    return b->n > before || semver_cmp_emit(b, from->pos, SEMVER_OP_ANY, NULL);
}

static size_t skip_ws(const struct semver_cmp_builder *b, size_t pos, size_t end)
{
    while (pos < end && is_ws(b->text[pos]))
        pos++;
    return pos;
}

/* Reads one "[op][ws]version" token at or after pos; false at the end. */
static bool next_tok(const struct semver_cmp_builder *b, size_t pos, size_t end, struct tok *t)
{
    pos = skip_ws(b, pos, end);
    if (pos >= end)
        return false;
    t->pos = pos;
    t->kind = K_NONE;
    t->vpos = pos;
    for (size_t i = 0; i < sizeof(npm_op_table) / sizeof(npm_op_table[0]); i++) {
        const struct npm_op *o = &npm_op_table[i];
        if (end - pos >= o->len && memcmp(b->text + pos, o->text, o->len) == 0) {
            t->kind = o->kind;
            t->vpos = skip_ws(b, pos + o->len, end);
            break;
        }
    }
    t->vend = t->vpos;
    while (t->vend < end && !is_ws(b->text[t->vend]))
        t->vend++;
    return true;
}

static bool parse_operand(struct semver_cmp_builder *b, const struct tok *t, struct semver_partial *p)
{
    return semver_cmp_operand(b, t->vpos, t->vend, SEMVER_LOOSE | SEMVER_PARTIAL_NPM, p);
}

static bool is_bare_dash(const struct semver_cmp_builder *b, const struct tok *t)
{
    return t->kind == K_NONE && t->vend - t->vpos == 1 && b->text[t->vpos] == '-';
}

/* "A - B" must be the whole set, as in node-semver. */
static bool try_hyphen(struct semver_cmp_builder *b, size_t start, size_t end, bool *done)
{
    struct tok t[4];
    size_t n = 0, pos = start;
    while (n < 4 && next_tok(b, pos, end, &t[n]))
        pos = t[n++].vend;
    *done = n == 3 && is_bare_dash(b, &t[1]) && t[0].kind == K_NONE && t[2].kind == K_NONE;
    if (!*done)
        return true;
    struct semver_partial lo, hi;
    return parse_operand(b, &t[0], &lo) && parse_operand(b, &t[2], &hi) &&
           desugar_hyphen(b, &t[0], &lo, &t[2], &hi);
}

static bool parse_set(struct semver_cmp_builder *b, size_t start, size_t end)
{
    b->set_start = true;
    bool hyphen = false;
    if (!try_hyphen(b, start, end, &hyphen))
        return false;
    if (hyphen)
        return true;
    size_t before = b->n, pos = start;
    struct tok t;
    while (next_tok(b, pos, end, &t)) {
        struct semver_partial p;
        if (is_bare_dash(b, &t))
            return semver_cmp_fail(b, t.pos, DIAG_SYNTAX, "a hyphen range must be 'A - B' alone");
        if (!parse_operand(b, &t, &p))
            return false;
        bool ok = t.kind == K_TILDE   ? desugar_tilde(b, t.pos, &p)
                  : t.kind == K_CARET ? desugar_caret(b, t.pos, &p)
                                      : desugar_xrange(b, t.pos, t.kind, &p);
        if (!ok)
            return false;
        pos = t.vend;
    }
    return b->n > before || semver_cmp_emit(b, start, SEMVER_OP_ANY, NULL);
}

bool req_npm_parse(const char *text, size_t len, struct req_npm *out, struct diag *d)
{
    memset(out, 0, sizeof(*out));
    struct semver_cmp_builder bld, *b = &bld;
    if (!semver_cmp_begin(b, text, len, "range", d))
        return false;
    for (size_t start = 0;;) {
        size_t end = start;
        while (end < b->len && !(b->text[end] == '|' && end + 1 < b->len && b->text[end + 1] == '|'))
            end++;
        if (!parse_set(b, start, end))
            return false;
        if (end >= b->len)
            break;
        start = end + 2;
    }
    return semver_cmp_finish(b, &out->req);
}

/* node-semver's testSet: every comparator holds, and a pre-release version
 * needs a comparator with a pre-release on its own MAJOR.MINOR.PATCH. */
static bool set_matches(const struct semver_cmp *c, size_t n, const struct semver *v,
                        const void *ctx)
{
    (void)ctx;
    for (size_t i = 0; i < n; i++)
        if (!semver_cmp_test(&c[i], v))
            return false;
    if (v->pre_len == 0)
        return true;
    for (size_t i = 0; i < n; i++)
        if (c[i].op != SEMVER_OP_ANY && c[i].v.pre_len > 0 && semver_same_core(&c[i].v, v))
            return true;
    return false;
}

bool req_npm_matches(const struct req_npm *r, const struct semver *v)
{
    return r && semver_cmp_any_set(&r->req, v, set_matches, NULL);
}

void req_npm_free(struct req_npm *r)
{
    if (r)
        semver_cmp_req_free(&r->req);
}
