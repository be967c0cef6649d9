/* Hex requirement strings compiled to comparator sets; Elixir's match rules. */
#include "depvet/core/req_hex.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Upper bounds get the lowest pre-release, so no pre-release of the bound
 * itself slips under it. */
static const char lowest_pre[] = "0";

enum { OP_TILDE = 100 };

struct hex_op {
    const char *text;
    unsigned char len;
    unsigned char op;
};

/* Two-character operators first: the lexer is greedy. */
static const struct hex_op hex_op_table[] = {
    {">=", 2, SEMVER_OP_GE}, {"<=", 2, SEMVER_OP_LE}, {"~>", 2, OP_TILDE},
    {"==", 2, SEMVER_OP_EQ}, {"!=", 2, SEMVER_OP_NE}, {">", 1, SEMVER_OP_GT},
    {"<", 1, SEMVER_OP_LT},  {"!", 1, SEMVER_OP_NE},
};

struct builder {
    struct semver_cmp cmp[REQ_HEX_MAX_CMP];
    size_t n;
    bool set_start;
    const char *text;
    size_t len;
    struct diag *d;
};

static bool fail_at(struct builder *b, size_t pos, enum diag_code code, const char *msg)
{
    size_t col = pos + 1;
    diag_set(b->d, code, NULL, 1, col > UINT_MAX ? UINT_MAX : (unsigned)col,
             "requirement: %s", msg);
    return false;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t';
}

static bool emit(struct builder *b, size_t pos, unsigned char op, const struct semver *v)
{
    if (b->n >= REQ_HEX_MAX_CMP)
        return fail_at(b, pos, DIAG_LIMIT, "too many comparators");
    struct semver_cmp *c = &b->cmp[b->n++];
    c->op = op;
    c->set_start = b->set_start;
    c->v = *v;
    b->set_start = false;
    return true;
}

/* "~> M.m[-pre]" is >= M.m.0[-pre] and < (M+1).0.0-0; "~> M.m.p[-pre]" is
 * >= M.m.p[-pre] and < M.(m+1).0-0.  An upper bound past UINT64_MAX is no
 * bound at all. */
static bool emit_tilde(struct builder *b, size_t pos, const struct semver_partial *p)
{
    if (!emit(b, pos, SEMVER_OP_GE, &p->v))
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
    return emit(b, pos, SEMVER_OP_LT, &up);
}

static size_t token_end(const struct builder *b, size_t pos)
{
    while (pos < b->len && !is_ws(b->text[pos]))
        pos++;
    return pos;
}

static size_t skip_ws(const struct builder *b, size_t pos)
{
    while (pos < b->len && is_ws(b->text[pos]))
        pos++;
    return pos;
}

static bool is_word(const struct builder *b, size_t pos, size_t end, const char *w)
{
    size_t n = strlen(w);
    return end - pos == n && memcmp(b->text + pos, w, n) == 0;
}

static const struct hex_op *match_op(const struct builder *b, size_t pos)
{
    for (size_t i = 0; i < sizeof(hex_op_table) / sizeof(hex_op_table[0]); i++) {
        const struct hex_op *o = &hex_op_table[i];
        if (b->len - pos >= o->len && memcmp(b->text + pos, o->text, o->len) == 0)
            return o;
    }
    return NULL;
}

/* One "[op] version" clause starting at *pos; advances *pos past it. */
static bool parse_clause(struct builder *b, size_t *pos)
{
    size_t start = *pos, end = token_end(b, start);
    const struct hex_op *o = match_op(b, start);
    unsigned char op = o ? o->op : SEMVER_OP_EQ;
    size_t vpos = o ? start + o->len : start;
    if (vpos == end) {
        vpos = skip_ws(b, end);
        end = token_end(b, vpos);
        if (vpos == end)
            return fail_at(b, vpos, DIAG_SYNTAX, "expected a version after the operator");
    }
    if (is_word(b, vpos, end, "and") || is_word(b, vpos, end, "or"))
        return fail_at(b, vpos, DIAG_SYNTAX, "expected a version, not a conjunction");
    struct diag local;
    struct semver_partial p;
    diag_clear(&local);
    unsigned flags = op == OP_TILDE ? SEMVER_PARTIAL_HEX : 0;
    if (!semver_parse_partial(b->text + vpos, end - vpos, flags, &p, &local)) {
        size_t at = vpos + (local.col ? local.col - 1 : 0);
        return fail_at(b, at, local.code, local.msg);
    }
    *pos = end;
    if (op == OP_TILDE)
        return emit_tilde(b, vpos, &p);
    return emit(b, vpos, op, &p.v);
}

bool req_hex_parse(const char *text, size_t len, struct req_hex *out, struct diag *d)
{
    memset(out, 0, sizeof(*out));
    struct builder bld, *b = &bld;
    b->n = 0;
    b->text = text ? text : "";
    b->len = text ? len : 0;
    b->d = d;
    b->set_start = true;
    bool ok = b->len <= REQ_HEX_MAX_LEN ||
              fail_at(b, REQ_HEX_MAX_LEN, DIAG_LIMIT, "longer than 4096 bytes");
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
                ok = fail_at(b, pos, DIAG_SYNTAX, "expected 'and' or 'or'");
            pos = end;
        }
        want_clause = !want_clause;
        pos = skip_ws(b, pos);
    }
    if (ok && want_clause)
        ok = fail_at(b, pos, DIAG_SYNTAX,
                     b->n ? "expected a version after 'and'/'or'" : "empty requirement");
    if (ok) {
        out->cmp = semver_cmp_pack(b->cmp, b->n, b->text, b->len);
        out->ncmp = out->cmp ? b->n : 0;
        if (!out->cmp)
            ok = fail_at(b, 0, DIAG_INTERNAL, "out of memory");
    }
    return ok;
}

static bool cmp_matches(const struct semver_cmp *c, const struct semver *v, bool allow_pre)
{
    if (!semver_cmp_test(c, v))
        return false;
    /* Elixir's no_pre_condition: only > and >= (so also ~>) carry it. */
    bool lower = c->op == SEMVER_OP_GT || c->op == SEMVER_OP_GE;
    return allow_pre || !lower || v->pre_len == 0 || c->v.pre_len > 0;
}

bool req_hex_matches_opt(const struct req_hex *r, const struct semver *v, bool allow_pre)
{
    size_t i = 0;
    while (r && i < r->ncmp) {
        bool ok = true;
        size_t end = semver_cmp_set_end(r->cmp, r->ncmp, i);
        for (size_t k = i; ok && k < end; k++)
            ok = cmp_matches(&r->cmp[k], v, allow_pre);
        if (ok)
            return true;
        i = end;
    }
    return false;
}

bool req_hex_matches(const struct req_hex *r, const struct semver *v)
{
    return req_hex_matches_opt(r, v, false);
}

void req_hex_free(struct req_hex *r)
{
    if (!r)
        return;
    free(r->cmp);
    r->cmp = NULL;
    r->ncmp = 0;
}
