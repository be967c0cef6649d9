/* Hex requirement strings compiled to comparator sets; Elixir's match rules. */
#include "depvet/core/req_hex.h"

#include <string.h>

#include "depvet/core/spelling.h"

/* Upper bounds get the lowest pre-release, so no pre-release of the bound
 * itself slips under it. */
static const char lowest_pre[] = "0";

enum { OP_TILDE = 100 };

/* Two-character operators first: the lexer is greedy. */
static const struct spelling hex_op_table[] = {
    {">=", 2, SEMVER_OP_GE}, {"<=", 2, SEMVER_OP_LE}, {"~>", 2, OP_TILDE},
    {"==", 2, SEMVER_OP_EQ}, {"!=", 2, SEMVER_OP_NE}, {">", 1, SEMVER_OP_GT},
    {"<", 1, SEMVER_OP_LT},  {"!", 1, SEMVER_OP_NE},
};

/* "~> M.m[-pre]" is >= M.m.0[-pre] and < (M+1).0.0-0; "~> M.m.p[-pre]" is
 * >= M.m.p[-pre] and < M.(m+1).0-0.  An upper bound past UINT64_MAX is no
 * bound at all. */
static bool emit_tilde(struct semver_cmp_builder *b, size_t pos, const struct semver_partial *p)
{
    if (!semver_cmp_emit(b, pos, SEMVER_OP_GE, &p->v))
        return false;
    struct semver up = {.pre = lowest_pre, .pre_len = 1};
    if (p->exact == 2) {
        if (p->v.major == UINT64_MAX)
            return true;
        up.major = p->v.major + 1;
    } else {
        if (p->v.minor == UINT64_MAX)
            return true;
        up.major = p->v.major;
        up.minor = p->v.minor + 1;
    }
    return semver_cmp_emit(b, pos, SEMVER_OP_LT, &up);
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t';
}

static size_t token_end(const struct semver_cmp_builder *b, size_t pos)
{
    while (pos < b->len && !is_ws(b->text[pos]))
        pos++;
    return pos;
}

static size_t skip_ws(const struct semver_cmp_builder *b, size_t pos)
{
    while (pos < b->len && is_ws(b->text[pos]))
        pos++;
    return pos;
}

static bool is_word(const struct semver_cmp_builder *b, size_t pos, size_t end, const char *w)
{
    size_t n = strlen(w);
    return end - pos == n && memcmp(b->text + pos, w, n) == 0;
}

static const struct spelling *match_op(const struct semver_cmp_builder *b, size_t pos)
{
    return spelling_match(hex_op_table, SPELLING_COUNT(hex_op_table), b->text + pos,
                          b->len - pos, false);
}

/* One "[op] version" clause starting at *pos; advances *pos past it. */
static bool parse_clause(struct semver_cmp_builder *b, size_t *pos)
{
    size_t start = *pos, end = token_end(b, start);
    const struct spelling *o = match_op(b, start);
    unsigned char op = o ? o->code : SEMVER_OP_EQ;
    size_t vpos = o ? start + o->len : start;
    if (vpos == end) {
        vpos = skip_ws(b, end);
        end = token_end(b, vpos);
    }
    if (is_word(b, vpos, end, "and") || is_word(b, vpos, end, "or"))
        return semver_cmp_fail(b, vpos, DIAG_SYNTAX, "expected a version, not a conjunction");
    struct semver_partial p;
    if (!semver_cmp_operand(b, vpos, end, op == OP_TILDE ? SEMVER_PARTIAL_HEX : 0, &p))
        return false;
    *pos = end;
    if (op == OP_TILDE)
        return emit_tilde(b, vpos, &p);
    return semver_cmp_emit(b, vpos, op, &p.v);
}

bool req_hex_parse(const char *text, size_t len, struct req_hex *out, struct diag *d)
{
    memset(out, 0, sizeof(*out));
    struct semver_cmp_builder bld, *b = &bld;
    bool ok = semver_cmp_begin(b, text, len, "requirement", d);
    bool want_clause = true;
    size_t pos = skip_ws(b, 0);
    while (ok && pos < b->len) {
        if (want_clause) {
            ok = parse_clause(b, &pos);
        } else {
            size_t end = token_end(b, pos);
            if (is_word(b, pos, end, "or"))
                b->set_start = true;
            else if (!is_word(b, pos, end, "and"))
                ok = semver_cmp_fail(b, pos, DIAG_SYNTAX, "expected 'and' or 'or'");
            pos = end;
        }
        want_clause = !want_clause;
        pos = skip_ws(b, pos);
    }
    if (ok && want_clause)
        ok = semver_cmp_fail(b, pos, DIAG_SYNTAX,
                             b->n ? "expected a version after 'and'/'or'" : "empty requirement");
    return ok && semver_cmp_finish(b, &out->req);
}

static bool cmp_matches(const struct semver_cmp *c, const struct semver *v, bool allow_pre)
{
    if (!semver_cmp_test(c, v))
        return false;
    /* Elixir's no_pre_condition: only > and >= (so also ~>) carry it. */
    bool lower = c->op == SEMVER_OP_GT || c->op == SEMVER_OP_GE;
    return allow_pre || !lower || v->pre_len == 0 || c->v.pre_len > 0;
}

static bool set_matches(const struct semver_cmp *set, size_t n, const struct semver *v,
                        const void *ctx)
{
    bool allow_pre = *(const bool *)ctx;
    for (size_t i = 0; i < n; i++)
        if (!cmp_matches(&set[i], v, allow_pre))
            return false;
    return true;
}

bool req_hex_matches_opt(const struct req_hex *r, const struct semver *v, bool allow_pre)
{
    return r && semver_cmp_any_set(&r->req, v, set_matches, &allow_pre);
}

bool req_hex_matches(const struct req_hex *r, const struct semver *v)
{
    return req_hex_matches_opt(r, v, false);
}

void req_hex_free(struct req_hex *r)
{
    if (r)
        semver_cmp_req_free(&r->req);
}
