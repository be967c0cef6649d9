/* PEP 440 specifier sets: comma-separated clauses compiled once, matched
 * many times with the spec's exclusion and pre-release rules. */
#include "depvet/core/req_pep440.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/spelling.h"
#include "depvet/core/xmalloc.h"

/* Longest spelling first. */
static const struct spelling op_table[] = {
    {"===", 3, REQ_PEP440_ARBITRARY}, {"~=", 2, REQ_PEP440_COMPAT}, {"==", 2, REQ_PEP440_EQ},
    {"!=", 2, REQ_PEP440_NE},         {"<=", 2, REQ_PEP440_LE},     {">=", 2, REQ_PEP440_GE},
    {"<", 1, REQ_PEP440_LT},          {">", 1, REQ_PEP440_GT},
};

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void trim(const char **s, size_t *len)
{
    while (*len && is_ws(**s))
        (*s)++, (*len)--;
    while (*len && is_ws((*s)[*len - 1]))
        (*len)--;
}

static bool bad(struct diag *d, enum diag_code code, size_t col, const char *msg)
{
    if (d)
        diag_set(d, code, "", 1, (unsigned)col, "%s", msg);
    return false;
}

static bool wildcard_ok(const struct pep440 *v)
{
    return v->pre == PEP440_PRE_NONE && !v->has_post && !v->has_dev && !v->local;
}

bool req_pep440_spec_make(enum req_pep440_op op, const char *ver, size_t len,
                          struct req_pep440_spec *out, struct diag *d)
{
    const char *start = ver;
    trim(&ver, &len);
    memset(out, 0, sizeof *out);
    out->op = op;
    out->text = ver;
    out->text_len = len;
    size_t col = (size_t)(ver - start) + 1;
    if (len == 0)
        return bad(d, DIAG_SYNTAX, col, "expected a version after the operator");
    if (op == REQ_PEP440_ARBITRARY) {
        for (size_t i = 0; i < len; i++)
            if (is_ws(ver[i]) || ver[i] == ';' || ver[i] == ')')
                return bad(d, DIAG_SYNTAX, col + i, "bad character in === version");
        return true;
    }
    size_t vlen = len;
    if (len >= 2 && ver[len - 2] == '.' && ver[len - 1] == '*') {
        if (op != REQ_PEP440_EQ && op != REQ_PEP440_NE)
            return bad(d, DIAG_SYNTAX, col + len - 2, ".* only goes with == and !=");
        out->wildcard = true;
        vlen -= 2;
    }
    struct diag vd;
    diag_clear(&vd);
    if (!pep440_parse(ver, vlen, &out->v, &vd))
        return bad(d, vd.code, col + (vd.col ? vd.col - 1 : 0), vd.msg);
    if (out->wildcard && !wildcard_ok(&out->v))
        return bad(d, DIAG_SYNTAX, col, "a .* prefix is only epoch and release");
    if (out->v.local && op != REQ_PEP440_EQ && op != REQ_PEP440_NE)
        return bad(d, DIAG_SYNTAX, col, "a local version only goes with == and !=");
    if (op == REQ_PEP440_COMPAT && out->v.nrelease < 2)
        return bad(d, DIAG_SYNTAX, col, "~= needs at least two release parts");
    return true;
}

/* Epoch and the first n release parts of p equal v's (zero-padded). */
static bool prefix_eq(const struct pep440 *v, const struct pep440 *p, unsigned n)
{
    if (v->epoch != p->epoch)
        return false;
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = i < v->nrelease ? v->release[i] : 0;
        if (x != p->release[i])
            return false;
    }
    return true;
}

static bool base_eq(const struct pep440 *a, const struct pep440 *b)
{
    unsigned n = a->nrelease > b->nrelease ? a->nrelease : b->nrelease;
    if (a->epoch != b->epoch)
        return false;
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = i < a->nrelease ? a->release[i] : 0;
        uint64_t y = i < b->nrelease ? b->release[i] : 0;
        if (x != y)
            return false;
    }
    return true;
}

static bool equal(const struct req_pep440_spec *sp, const struct pep440 *c)
{
    if (sp->wildcard)
        return prefix_eq(c, &sp->v, sp->v.nrelease);
    if (sp->v.local)
        return pep440_compare(c, &sp->v) == 0;
    return pep440_compare_public(c, &sp->v) == 0;
}

static bool ieq(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

bool req_pep440_spec_matches(const struct req_pep440_spec *sp, const struct pep440 *c,
                             const char *raw, size_t raw_len)
{
    if (sp->op == REQ_PEP440_ARBITRARY) {
        trim(&raw, &raw_len);
        return ieq(raw, raw_len, sp->text, sp->text_len);
    }
    if (!c)
        return false;
    const struct pep440 *v = &sp->v;
    switch (sp->op) {
    case REQ_PEP440_EQ:
        return equal(sp, c);
    case REQ_PEP440_NE:
        return !equal(sp, c);
    case REQ_PEP440_COMPAT:
        return pep440_compare_public(c, v) >= 0 && prefix_eq(c, v, v->nrelease - 1);
    case REQ_PEP440_LE:
        return pep440_compare_public(c, v) <= 0;
    case REQ_PEP440_GE:
        return pep440_compare_public(c, v) >= 0;
    case REQ_PEP440_LT:
        if (pep440_compare_public(c, v) >= 0)
            return false;
        return !(pep440_is_prerelease(c) && !pep440_is_prerelease(v) && base_eq(c, v));
    case REQ_PEP440_GT:
        if (pep440_compare(c, v) <= 0)
            return false;
        if (pep440_is_postrelease(c) && !pep440_is_postrelease(v) && base_eq(c, v))
            return false;
        return !(c->local && base_eq(c, v));
    default:
        return false;
    }
}

/* Whether this clause lets pre-releases through: packaging's rule, which
 * only looks at the inclusive operators. */
static bool names_pre(const struct req_pep440_spec *sp)
{
    if (sp->op == REQ_PEP440_NE || sp->op == REQ_PEP440_LT || sp->op == REQ_PEP440_GT)
        return false;
    if (sp->op != REQ_PEP440_ARBITRARY)
        return pep440_is_prerelease(&sp->v);
    struct pep440 v;
    return pep440_parse(sp->text, sp->text_len, &v, NULL) && pep440_is_prerelease(&v);
}

static bool parse_clause(const char *s, size_t len, size_t base, struct req_pep440_spec *out,
                         struct diag *d)
{
    const char *start = s;
    trim(&s, &len);
    size_t col = base + (size_t)(s - start) + 1;
    const struct spelling *o = spelling_match(op_table, SPELLING_COUNT(op_table), s, len, false);
    if (!o)
        return bad(d, DIAG_SYNTAX, col, "expected an operator (~= == != <= >= < > ===)");
    size_t n = o->len;
    struct diag vd;
    diag_clear(&vd);
    if (!req_pep440_spec_make((enum req_pep440_op)o->code, s + n, len - n, out, &vd))
        return bad(d, vd.code, col + n + (vd.col ? vd.col - 1 : 0), vd.msg);
    return true;
}

bool req_pep440_parse(const char *s, size_t len, struct req_pep440 *out, struct diag *d)
{
    memset(out, 0, sizeof *out);
    if (len > REQ_PEP440_MAX_TEXT)
        return bad(d, DIAG_LIMIT, REQ_PEP440_MAX_TEXT + 1, "specifier set too long");
    out->text = xmalloc(len + 1);
    memcpy(out->text, s, len);
    out->text[len] = '\0';
    size_t cap = 0;
    for (size_t pos = 0; pos <= len;) {
        const char *comma = memchr(out->text + pos, ',', len - pos);
        size_t end = comma ? (size_t)(comma - out->text) : len;
        const char *c = out->text + pos;
        size_t clen = end - pos;
        trim(&c, &clen);
        if (clen) {
            if (out->nspecs == REQ_PEP440_MAX_SPECS) {
                bad(d, DIAG_LIMIT, pos + 1, "too many specifiers");
                req_pep440_free(out);
                return false;
            }
            out->specs = xgrow(out->specs, &cap, out->nspecs + 1, sizeof *out->specs);
            struct req_pep440_spec *sp = &out->specs[out->nspecs];
            if (!parse_clause(out->text + pos, end - pos, pos, sp, d)) {
                req_pep440_free(out);
                return false;
            }
            out->nspecs++;
            out->mentions_pre = out->mentions_pre || names_pre(sp);
        }
        pos = end + 1;
    }
    return true;
}

bool req_pep440_matches(const struct req_pep440 *r, const char *version,
                        bool include_prereleases)
{
    size_t n = strlen(version);
    struct pep440 v;
    bool valid = pep440_parse(version, n, &v, NULL);
    if (valid && pep440_is_prerelease(&v) && !include_prereleases && !r->mentions_pre)
        return false;
    if (!valid && r->nspecs == 0)
        return false;
    for (size_t i = 0; i < r->nspecs; i++)
        if (!req_pep440_spec_matches(&r->specs[i], valid ? &v : NULL, version, n))
            return false;
    return true;
}

void req_pep440_free(struct req_pep440 *r)
{
    if (!r)
        return;
    free(r->specs);
    free(r->text);
    memset(r, 0, sizeof *r);
}
