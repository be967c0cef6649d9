/* PEP 440 versions: a hand-written scanner equivalent to the spec's
 * canonical regular expression, the spec's ordering and normalized text. */
#include "depvet/core/version_pep440.h"

#include <stdio.h>
#include <string.h>

#include "depvet/core/spelling.h"

/* Longest spelling first, so "preview" is not read as "pre" + "view". */
static const struct spelling pre_label_table[] = {
    {"preview", 7, PEP440_PRE_RC}, {"alpha", 5, PEP440_PRE_A}, {"beta", 4, PEP440_PRE_B},
    {"pre", 3, PEP440_PRE_RC},     {"rc", 2, PEP440_PRE_RC},   {"a", 1, PEP440_PRE_A},
    {"b", 1, PEP440_PRE_B},        {"c", 1, PEP440_PRE_RC},
};

static const struct spelling post_label_table[] = {
    {"post", 4, 1},
    {"rev", 3, 1},
    {"r", 1, 1},
};

static const char *const pre_text_table[] = {
    [PEP440_PRE_NONE] = "", [PEP440_PRE_A] = "a", [PEP440_PRE_B] = "b", [PEP440_PRE_RC] = "rc",
};

struct scan {
    const char *s;
    size_t pos, end;
    size_t bad;       /* offset of an overflowing number, or SIZE_MAX */
};

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_alnum(char c)
{
    char l = lower(c);
    return is_digit(c) || (l >= 'a' && l <= 'z');
}

static bool is_sep(char c)
{
    return c == '.' || c == '-' || c == '_';
}

static bool at_digit(const struct scan *sc)
{
    return sc->pos < sc->end && is_digit(sc->s[sc->pos]);
}

static void skip_sep(struct scan *sc)
{
    if (sc->pos < sc->end && is_sep(sc->s[sc->pos]))
        sc->pos++;
}

/* Reads digits at pos; an overflow is remembered and reads as 0. */
static uint64_t number(struct scan *sc)
{
    uint64_t n = 0;
    size_t start = sc->pos;
    while (at_digit(sc)) {
        unsigned dgt = (unsigned)(sc->s[sc->pos] - '0');
        if (n > (UINT64_MAX - dgt) / 10) {
            if (sc->bad == SIZE_MAX)
                sc->bad = start;
            n = 0;
        } else {
            n = n * 10 + dgt;
        }
        sc->pos++;
    }
    return n;
}

/* Matches one of the labels case-insensitively at pos; 0 when none. */
static unsigned match_label(struct scan *sc, const struct spelling *t, size_t n)
{
    const struct spelling *w = spelling_match(t, n, sc->s + sc->pos, sc->end - sc->pos, true);
    if (!w)
        return 0;
    sc->pos += w->len;
    return w->code;
}

/* [-_.]? LABEL [-_.]? N? -- pos is restored when no label follows. */
static bool suffix(struct scan *sc, const struct spelling *t, size_t n, unsigned *kind,
                   uint64_t *num)
{
    size_t save = sc->pos;
    skip_sep(sc);
    *kind = match_label(sc, t, n);
    if (!*kind) {
        sc->pos = save;
        return false;
    }
    skip_sep(sc);
    *num = at_digit(sc) ? number(sc) : 0;
    return true;
}

static bool release(struct scan *sc, struct pep440 *v)
{
    if (!at_digit(sc))
        return false;
    uint64_t first = number(sc);
    if (sc->pos < sc->end && sc->s[sc->pos] == '!') {
        sc->pos++;
        v->epoch = first;
        if (!at_digit(sc))
            return false;
        first = number(sc);
    }
    v->release[0] = first;
    v->nrelease = 1;
    while (sc->pos + 1 < sc->end && sc->s[sc->pos] == '.' && is_digit(sc->s[sc->pos + 1])) {
        if (v->nrelease == PEP440_MAX_RELEASE)
            return false;
        sc->pos++;
        v->release[v->nrelease++] = number(sc);
    }
    return true;
}

static void pre_post_dev(struct scan *sc, struct pep440 *v)
{
    static const struct spelling dev_table[] = {{"dev", 3, 1}};
    unsigned kind;
    if (suffix(sc, pre_label_table, sizeof pre_label_table / sizeof pre_label_table[0], &kind,
               &v->pre_n))
        v->pre = (enum pep440_pre)kind;
    if (sc->pos + 1 < sc->end && sc->s[sc->pos] == '-' && is_digit(sc->s[sc->pos + 1])) {
        sc->pos++;
        v->has_post = true;
        v->post = number(sc);
    } else {
        v->has_post = suffix(sc, post_label_table,
                             sizeof post_label_table / sizeof post_label_table[0], &kind, &v->post);
    }
    v->has_dev = suffix(sc, dev_table, 1, &kind, &v->dev);
}

/* '+' alnum+ ([-_.] alnum+)* to the end. */
static bool local(struct scan *sc, struct pep440 *v)
{
    if (sc->pos == sc->end || sc->s[sc->pos] != '+')
        return true;
    size_t start = ++sc->pos;
    for (;;) {
        size_t seg = sc->pos;
        while (sc->pos < sc->end && is_alnum(sc->s[sc->pos]))
            sc->pos++;
        if (sc->pos == seg)
            return false;
        if (sc->pos + 1 < sc->end && is_sep(sc->s[sc->pos]) && is_alnum(sc->s[sc->pos + 1]))
            sc->pos++;
        else
            break;
    }
    v->local = sc->s + start;
    v->local_len = sc->pos - start;
    return true;
}

static bool fail(struct pep440 *out, struct diag *d, enum diag_code code, size_t pos,
                 const char *what)
{
    memset(out, 0, sizeof *out);
    if (d)
        diag_set(d, code, "", 1, (unsigned)(pos + 1), "invalid PEP 440 version: %s", what);
    return false;
}

bool pep440_parse(const char *s, size_t len, struct pep440 *out, struct diag *d)
{
    memset(out, 0, sizeof *out);
    if (len > PEP440_MAX_LEN)
        return fail(out, d, DIAG_LIMIT, PEP440_MAX_LEN, "too long");
    struct scan sc = {s, 0, len, SIZE_MAX};
    while (sc.pos < sc.end && is_ws(s[sc.pos]))
        sc.pos++;
    while (sc.end > sc.pos && is_ws(s[sc.end - 1]))
        sc.end--;
    if (sc.pos < sc.end && lower(s[sc.pos]) == 'v')
        sc.pos++;
    if (!release(&sc, out))
        return fail(out, d, out->nrelease == PEP440_MAX_RELEASE ? DIAG_LIMIT : DIAG_SYNTAX,
                    sc.pos, out->nrelease == PEP440_MAX_RELEASE ? "too many release segments"
                                                                 : "expected a number");
    pre_post_dev(&sc, out);
    if (!local(&sc, out))
        return fail(out, d, DIAG_SYNTAX, sc.pos, "bad local version");
    if (sc.pos != sc.end)
        return fail(out, d, DIAG_SYNTAX, sc.pos, "unexpected character");
    if (sc.bad != SIZE_MAX)
        return fail(out, d, DIAG_LIMIT, sc.bad, "number too large");
    return true;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
    return (a > b) - (a < b);
}

static int cmp_release(const struct pep440 *a, const struct pep440 *b)
{
    unsigned n = a->nrelease > b->nrelease ? a->nrelease : b->nrelease;
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = i < a->nrelease ? a->release[i] : 0;
        uint64_t y = i < b->nrelease ? b->release[i] : 0;
        if (x != y)
            return cmp_u64(x, y);
    }
    return 0;
}

/* The pre-release slot of the spec's sort key: a dev-only release sorts
 * before every pre-release, a final (or post) release after them. */
static int pre_rank(const struct pep440 *v)
{
    if (v->pre != PEP440_PRE_NONE)
        return 1;
    return (!v->has_post && v->has_dev) ? 0 : 2;
}

static int cmp_pre(const struct pep440 *a, const struct pep440 *b)
{
    int ra = pre_rank(a), rb = pre_rank(b);
    if (ra != rb || ra != 1)
        return (ra > rb) - (ra < rb);
    if (a->pre != b->pre)
        return (a->pre > b->pre) - (a->pre < b->pre);
    return cmp_u64(a->pre_n, b->pre_n);
}

/* Missing post sorts first, missing dev last. */
static int cmp_post_dev(const struct pep440 *a, const struct pep440 *b)
{
    if (a->has_post != b->has_post)
        return a->has_post ? 1 : -1;
    if (a->has_post && a->post != b->post)
        return cmp_u64(a->post, b->post);
    if (a->has_dev != b->has_dev)
        return a->has_dev ? -1 : 1;
    return a->has_dev ? cmp_u64(a->dev, b->dev) : 0;
}

struct seg {
    const char *p;
    size_t len;
    bool numeric;
};

/* Next local segment from *pos; false at the end. */
static bool next_seg(const char *s, size_t len, size_t *pos, struct seg *out)
{
    if (*pos >= len)
        return false;
    size_t start = *pos;
    while (*pos < len && !is_sep(s[*pos]))
        (*pos)++;
    out->p = s + start;
    out->len = *pos - start;
    out->numeric = true;
    for (size_t i = 0; i < out->len; i++)
        out->numeric = out->numeric && is_digit(out->p[i]);
    if (out->numeric)
        while (out->len > 1 && out->p[0] == '0') {
            out->p++;
            out->len--;
        }
    (*pos)++;
    return true;
}

/* Numbers compare numerically and above words; words case-insensitively. */
static int cmp_seg(const struct seg *x, const struct seg *y)
{
    if (x->numeric != y->numeric)
        return x->numeric ? 1 : -1;
    if (x->numeric && x->len != y->len)
        return x->len > y->len ? 1 : -1;
    size_t n = x->len < y->len ? x->len : y->len;
    for (size_t i = 0; i < n; i++) {
        char cx = lower(x->p[i]), cy = lower(y->p[i]);
        if (cx != cy)
            return cx > cy ? 1 : -1;
    }
    return (x->len > y->len) - (x->len < y->len);
}

static int cmp_local(const struct pep440 *a, const struct pep440 *b)
{
    if (!a->local || !b->local)
        return (a->local != NULL) - (b->local != NULL);
    size_t pa = 0, pb = 0;
    for (;;) {
        struct seg x, y;
        bool hx = next_seg(a->local, a->local_len, &pa, &x);
        bool hy = next_seg(b->local, b->local_len, &pb, &y);
        if (!hx || !hy)
            return hx - hy;
        int c = cmp_seg(&x, &y);
        if (c)
            return c;
    }
}

int pep440_compare_public(const struct pep440 *a, const struct pep440 *b)
{
    int c = cmp_u64(a->epoch, b->epoch);
    if (!c)
        c = cmp_release(a, b);
    if (!c)
        c = cmp_pre(a, b);
    if (!c)
        c = cmp_post_dev(a, b);
    return c;
}

int pep440_compare(const struct pep440 *a, const struct pep440 *b)
{
    int c = pep440_compare_public(a, b);
    return c ? c : cmp_local(a, b);
}

bool pep440_is_prerelease(const struct pep440 *v)
{
    return v->pre != PEP440_PRE_NONE || v->has_dev;
}

bool pep440_is_postrelease(const struct pep440 *v)
{
    return v->has_post;
}

struct out {
    char *p;
    size_t cap, len;
};

static void put(struct out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++, o->len++)
        if (o->len + 1 < o->cap)
            o->p[o->len] = lower(s[i]);
}

static void put_num(struct out *o, const char *prefix, uint64_t n)
{
    char buf[32];
    int k = snprintf(buf, sizeof buf, "%s%llu", prefix, (unsigned long long)n);
    put(o, buf, (size_t)k);
}

size_t pep440_normalize(const struct pep440 *v, char *out, size_t outlen)
{
    struct out o = {out, outlen, 0};
    if (v->epoch)
        put_num(&o, "", v->epoch), put(&o, "!", 1);
    for (unsigned i = 0; i < v->nrelease; i++)
        put_num(&o, i ? "." : "", v->release[i]);
    if (v->pre != PEP440_PRE_NONE)
        put_num(&o, pre_text_table[v->pre], v->pre_n);
    if (v->has_post)
        put_num(&o, ".post", v->post);
    if (v->has_dev)
        put_num(&o, ".dev", v->dev);
    size_t pos = 0;
    struct seg sg;
    for (bool first = true; v->local && next_seg(v->local, v->local_len, &pos, &sg); first = false) {
        put(&o, first ? "+" : ".", 1);
        put(&o, sg.p, sg.len);
    }
    if (outlen)
        out[o.len < outlen ? o.len : outlen - 1] = '\0';
    return o.len;
}
