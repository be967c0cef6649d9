/* SemVer 2.0.0: parsing without allocation, §11 precedence. */
#include "depvet/core/version_semver.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

struct cursor {
    const char *s;
    size_t len;
    size_t pos;
    struct diag *d;
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ident_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_wildcard(char c)
{
    return c == 'x' || c == 'X' || c == '*';
}

static bool fail(struct cursor *c, enum diag_code code, const char *what, const char *msg)
{
    size_t col = c->pos + 1;
    diag_set(c->d, code, NULL, 1, col > UINT_MAX ? UINT_MAX : (unsigned)col,
             "%s: %s", what, msg);
    return false;
}

static bool at(const struct cursor *c, char ch)
{
    return c->pos < c->len && c->s[c->pos] == ch;
}

static const char *const part_name_table[3] = {"major", "minor", "patch"};

static bool scan_number(struct cursor *c, unsigned part, uint64_t *out)
{
    size_t start = c->pos;
    uint64_t v = 0;
    while (c->pos < c->len && is_digit(c->s[c->pos])) {
        unsigned dgt = (unsigned)(c->s[c->pos] - '0');
        if (v > (UINT64_MAX - dgt) / 10) {
            c->pos = start;
            return fail(c, DIAG_LIMIT, part_name_table[part], "number too large");
        }
        v = v * 10 + dgt;
        c->pos++;
    }
    if (c->pos == start)
        return fail(c, DIAG_SYNTAX, part_name_table[part], "expected a number");
    if (c->pos - start > 1 && c->s[start] == '0') {
        c->pos = start;
        return fail(c, DIAG_SYNTAX, part_name_table[part], "leading zero");
    }
    *out = v;
    return true;
}

/* Dot-separated identifiers; numeric pre-release ones may not have a
 * leading zero (build ones may). */
static bool scan_idents(struct cursor *c, bool pre, const char **out, size_t *out_len)
{
    const char *what = pre ? "pre-release" : "build metadata";
    size_t start = c->pos;
    for (;;) {
        size_t id = c->pos;
        bool numeric = true;
        while (c->pos < c->len && is_ident_char(c->s[c->pos])) {
            numeric = numeric && is_digit(c->s[c->pos]);
            c->pos++;
        }
        if (c->pos == id)
            return fail(c, DIAG_SYNTAX, what, "empty identifier");
        if (pre && numeric && c->pos - id > 1 && c->s[id] == '0') {
            c->pos = id;
            return fail(c, DIAG_SYNTAX, what, "leading zero in numeric identifier");
        }
        if (!at(c, '.'))
            break;
        c->pos++;
    }
    *out = c->s + start;
    *out_len = c->pos - start;
    return true;
}

/* Reads up to three parts; returns the number read and sets exact. */
static bool scan_parts(struct cursor *c, unsigned flags, struct semver_partial *out,
                       unsigned *nparts)
{
    uint64_t *dst[3] = {&out->v.major, &out->v.minor, &out->v.patch};
    bool wild_ok = (flags & SEMVER_PARTIAL_NPM) != 0;
    unsigned i;
    out->exact = 0;
    for (i = 0; i < 3; i++) {
        if (i > 0) {
            if (!at(c, '.'))
                break;
            c->pos++;
        }
        if (wild_ok && c->pos < c->len && is_wildcard(c->s[c->pos])) {
            c->pos++;
            continue;
        }
        if (!scan_number(c, i, dst[i]))
            return false;
        if (out->exact == i)
            out->exact = i + 1;
    }
    *nparts = i;
    /* Parts after a wildcard are ignored, as node-semver does. */
    for (unsigned k = out->exact; k < 3; k++)
        *dst[k] = 0;
    return true;
}

static bool parse_core(struct cursor *c, unsigned flags, struct semver_partial *out)
{
    if (flags & SEMVER_LOOSE) {
        if (c->len > SEMVER_LOOSE_MAX_LEN)
            return fail(c, DIAG_LIMIT, "version", "longer than 256 bytes");
        while (c->len > 0 && is_space(c->s[c->len - 1]))
            c->len--;
        while (c->pos < c->len && is_space(c->s[c->pos]))
            c->pos++;
        while (at(c, 'v') || at(c, '='))
            c->pos++;
    }
    unsigned nparts = 0;
    if (!scan_parts(c, flags, out, &nparts))
        return false;
    unsigned min_parts = (flags & SEMVER_PARTIAL_NPM) ? 1 : (flags & SEMVER_PARTIAL_HEX) ? 2 : 3;
    if (nparts < min_parts)
        return fail(c, DIAG_SYNTAX, "version",
                    nparts == 1 ? "expected '.' and a minor part" : "expected '.' and a patch part");
    bool suffix_ok = nparts == 3 || (flags & SEMVER_PARTIAL_HEX);
    if (suffix_ok && at(c, '-')) {
        c->pos++;
        if (!scan_idents(c, true, &out->v.pre, &out->v.pre_len))
            return false;
    }
    if (suffix_ok && at(c, '+')) {
        c->pos++;
        if (!scan_idents(c, false, &out->v.build, &out->v.build_len))
            return false;
    }
    if (c->pos < c->len)
        return fail(c, DIAG_SYNTAX, "version", "unexpected character");
    if (out->exact < 3 && (flags & SEMVER_PARTIAL_NPM)) {
        /* node-semver drops the suffix of a wildcard version. */
        out->v.pre = out->v.build = NULL;
        out->v.pre_len = out->v.build_len = 0;
    }
    return true;
}

bool semver_parse_partial(const char *s, size_t len, unsigned flags,
                          struct semver_partial *out, struct diag *d)
{
    struct cursor c = {s ? s : "", s ? len : 0, 0, d};
    memset(out, 0, sizeof(*out));
    if (parse_core(&c, flags, out))
        return true;
    memset(out, 0, sizeof(*out));
    return false;
}

bool semver_parse(const char *s, size_t len, unsigned flags, struct semver *out,
                  struct diag *d)
{
    struct semver_partial p;
    bool ok = semver_parse_partial(s, len, flags & ~(unsigned)(SEMVER_PARTIAL_NPM | SEMVER_PARTIAL_HEX),
                                   &p, d);
    *out = p.v;
    return ok;
}

static int sign_u64(uint64_t a, uint64_t b)
{
    return (a > b) - (a < b);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

/* §11.4: numeric identifiers compare numerically (any length, no
 * overflow) and sort before alphanumeric ones, which compare in ASCII. */
static int ident_compare(const char *a, size_t an, const char *b, size_t bn)
{
    bool na = all_digits(a, an), nb = all_digits(b, bn);
    if (na != nb)
        return na ? -1 : 1;
    if (na) {
        while (an > 1 && *a == '0')
            a++, an--;
        while (bn > 1 && *b == '0')
            b++, bn--;
        if (an != bn)
            return an < bn ? -1 : 1;
    }
    int r = memcmp(a, b, an < bn ? an : bn);
    if (r != 0)
        return r < 0 ? -1 : 1;
    return (an > bn) - (an < bn);
}

static int pre_compare(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        bool ea = i >= an, eb = j >= bn;
        if (ea || eb)
            return ea && eb ? 0 : ea ? -1 : 1;
        size_t ie = i, je = j;
        while (ie < an && a[ie] != '.')
            ie++;
        while (je < bn && b[je] != '.')
            je++;
        int r = ident_compare(a + i, ie - i, b + j, je - j);
        if (r != 0)
            return r;
        i = ie + 1;
        j = je + 1;
    }
}

int semver_compare(const struct semver *a, const struct semver *b)
{
    int r = sign_u64(a->major, b->major);
    if (!r)
        r = sign_u64(a->minor, b->minor);
    if (!r)
        r = sign_u64(a->patch, b->patch);
    if (r)
        return r;
    if (a->pre_len == 0 || b->pre_len == 0)
        return (a->pre_len == 0) - (b->pre_len == 0);
    return pre_compare(a->pre, a->pre_len, b->pre, b->pre_len);
}

bool semver_same_core(const struct semver *a, const struct semver *b)
{
    return a->major == b->major && a->minor == b->minor && a->patch == b->patch;
}

bool semver_is_prerelease(const struct semver *v)
{
    return v->pre_len > 0;
}

size_t semver_format(const struct semver *v, char *out, size_t outlen)
{
    int pre = v->pre_len > INT_MAX ? INT_MAX : (int)v->pre_len;
    int build = v->build_len > INT_MAX ? INT_MAX : (int)v->build_len;
    int n = snprintf(out, outlen, "%llu.%llu.%llu%s%.*s%s%.*s",
                     (unsigned long long)v->major, (unsigned long long)v->minor,
                     (unsigned long long)v->patch, pre ? "-" : "", pre, pre ? v->pre : "",
                     build ? "+" : "", build, build ? v->build : "");
    return n < 0 ? 0 : (size_t)n;
}
