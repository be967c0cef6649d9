/* Required-literal extraction from PCRE2 patterns (see literals.h).
 *
 * A small recursive parser computes, for every node, the exact strings it
 * can match when that set is small, the best factor that every match of
 * it contains, its byte length range and the byte values it can match.
 * Sequences glue exact sets together (os. x {system, popen}), alternations
 * unite them, optional parts drop them.  Whatever the parser does not know
 * makes the whole pattern factor-less, never a wrong factor. */
#include "depvet/analysis/literals.h"

#include <stdio.h>
#include <string.h>

#include "depvet/core/hash.h"
#include "depvet/core/strbuf.h"

#define MAX_DEPTH 64
#define SMALL_CLASS 6          /* class members kept as single-char strings */
#define MAX_REPEAT_EXACT 8     /* x{n} expanded into exact strings up to n */
#define NONASCII_QUALITY 6     /* a non-ASCII character in ASCII source is rare */
#define GOOD_QUALITY 6
/* A factor that bounds where PCRE2 starts beats a rarer one that does not
 * from this quality on: without a bound each window walks back to the
 * previous one, so one occurrence anywhere costs a PCRE2 pass over the
 * file up to it (process.env in npm-exfil's channel pattern: a quarter
 * of next@16's rule time). */
#define WINDOWED_QUALITY 4
#define RUN_QUALITY_MAX 20
#define GUARD_MAX_TEXT 2048    /* bytes of a guard expression */
#define GUARD_MAX_REPEAT 8     /* copies a guard requires of x{n,} */
#define GUARD_MAX_ATOMS 64     /* atoms of a sequence in one guard */

typedef struct literal_bytes bset;

static void bs_add(bset *b, unsigned c)
{
    b->w[(c >> 6) & 3] |= (uint64_t)1 << (c & 63);
}

static void bs_range(bset *b, unsigned lo, unsigned hi)
{
    for (unsigned c = lo; c <= hi && c < 256; c++)
        bs_add(b, c);
}

static void bs_del(bset *b, unsigned c)
{
    b->w[(c >> 6) & 3] &= ~((uint64_t)1 << (c & 63));
}

static void bs_or(bset *a, const bset *b)
{
    for (unsigned i = 0; i < 4; i++)
        a->w[i] |= b->w[i];
}

static bset bs_all(void)
{
    bset b = {{~(uint64_t)0, ~(uint64_t)0, ~(uint64_t)0, ~(uint64_t)0}};
    return b;
}

static bool bs_full(const bset *b)
{
    return (b->w[0] & b->w[1] & b->w[2] & b->w[3]) == ~(uint64_t)0;
}

static unsigned bs_count(const bset *b)
{
    unsigned n = 0;
    for (unsigned i = 0; i < 4; i++)
        n += (unsigned)__builtin_popcountll(b->w[i]);
    return n;
}

/* The bytes of an ASCII escape class: \d \w \s; upper case is the rest. */
static bset bs_escape(char e)
{
    bset b = {{0}};
    char lower = e >= 'A' && e <= 'Z' ? (char)(e + 32) : e;
    if (lower == 'd' || lower == 'w')
        bs_range(&b, '0', '9');
    if (lower == 'w') {
        bs_range(&b, 'a', 'z');
        bs_range(&b, 'A', 'Z');
        bs_add(&b, '_');
    }
    if (lower == 's' || lower == 'h') {
        bs_add(&b, ' ');
        bs_add(&b, '\t');
    }
    if (lower == 's' || lower == 'v')
        bs_range(&b, '\n', '\r');
    if (e == 'h' || e == 'v')
        bs_range(&b, 0x80, 0xFF);   /* U+00A0, U+2028 ... */
    if (e >= 'A' && e <= 'Z') {
        bset all = bs_all();
        for (unsigned i = 0; i < 4; i++)
            all.w[i] &= ~b.w[i];
        bs_range(&all, 0x80, 0xFF);
        return all;
    }
    return b;
}

struct lit {
    const char *p;
    size_t n;
};

/* A string set; nonascii stands for "any non-ASCII character", ci for
 * strings compared caselessly. */
struct set {
    struct lit *v;
    size_t n;
    bool nonascii, ci;
};

struct factor {
    bool ok;
    struct set s;
    size_t run;       /* > 0: a run of run_bytes instead of s */
    bset run_bytes;
    size_t pre;       /* bytes before it in the node */
    bset pre_bytes;   /* what those bytes can be */
};

/* A part of every match as a vectorscan expression (byte mode): for
 * patterns without a usable literal, such as fs\s*\[ or \(["'][0-9a-f]{6}. */
struct guard {
    bool ok;
    const char *re;
    unsigned q;       /* selectivity: two per byte it surely fixes, one per small class */
    size_t min, max;  /* bytes it matches */
    bset bytes;       /* and what they can be */
    size_t pre;       /* bytes before it in the node */
    bset pre_bytes;
};

/* How a node reads as a byte-mode expression matching a superset of what
 * it matches: not at all, as its byte set repeated min..max times, or as
 * the text sup. */
enum sup_kind { SUP_NONE, SUP_CLASS, SUP_TEXT };

struct info {
    enum sup_kind sk;
    const char *sup;  /* SUP_TEXT */
    unsigned sq;      /* SUP_TEXT: its selectivity (struct guard's q) */
    struct guard g;   /* a sequence's best guard */
    bool exact_ok;    /* the node matches only strings of exact */
    struct set exact;
    struct factor req;
    size_t min, max;  /* bytes */
    bset bytes;       /* byte values it can match */
};

struct px {
    const char *s;
    size_t i, n;
    bool caseless, dotall, fail;
    unsigned depth;
    struct arena *a;
};

static size_t sat_add(size_t a, size_t b)
{
    return a > LITERALS_UNBOUNDED - b ? LITERALS_UNBOUNDED : a + b;
}

static size_t sat_mul(size_t a, size_t b)
{
    if (a == 0 || b == 0)
        return 0;
    return a > LITERALS_UNBOUNDED / b ? LITERALS_UNBOUNDED : a * b;
}

static bool fail(struct px *x)
{
    x->fail = true;
    return false;
}

/* ---- sets -------------------------------------------------------------- */

static struct set set_one(struct px *x, const char *p, size_t n)
{
    struct set s = {arena_alloc(x->a, sizeof(struct lit)), 1, false, x->caseless};
    char *c = arena_alloc(x->a, n + 1);
    if (n)
        memcpy(c, p, n);
    s.v[0] = (struct lit){c, n};
    return s;
}

static bool set_has(const struct set *s, const char *p, size_t n)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].n == n && (n == 0 || memcmp(s->v[i].p, p, n) == 0))
            return true;
    return false;
}

/* a united with b; false when the result would be too large. */
static bool set_union(struct px *x, const struct set *a, const struct set *b, struct set *out)
{
    if (a->n + b->n > LITERALS_MAX_STRINGS)
        return false;
    struct set r = {arena_alloc(x->a, (a->n + b->n + 1) * sizeof(struct lit)), 0,
                    a->nonascii || b->nonascii, a->ci || b->ci};
    for (size_t i = 0; i < a->n; i++)
        r.v[r.n++] = a->v[i];
    for (size_t i = 0; i < b->n; i++)
        if (!set_has(&r, b->v[i].p, b->v[i].n))
            r.v[r.n++] = b->v[i];
    *out = r;
    return true;
}

/* Every string of a followed by every string of b. */
static bool set_cross(struct px *x, const struct set *a, const struct set *b, struct set *out)
{
    if (a->nonascii || b->nonascii || a->n * b->n > LITERALS_MAX_STRINGS)
        return false;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (a->v[i].n + b->v[j].n > LITERALS_MAX_LEN)
                return false;
    struct set r = {arena_alloc(x->a, (a->n * b->n + 1) * sizeof(struct lit)), 0, false,
                    a->ci || b->ci};
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            size_t n = a->v[i].n + b->v[j].n;
            char *c = arena_alloc(x->a, n + 1);
            memcpy(c, a->v[i].p, a->v[i].n);
            memcpy(c + a->v[i].n, b->v[j].p, b->v[j].n);
            if (!set_has(&r, c, n))
                r.v[r.n++] = (struct lit){c, n};
        }
    *out = r;
    return true;
}

/* Caseless k and s also match U+212A and U+017F: the prefilter looks for
 * a caseless string with at most KS_SPELLED of them in each spelling (k
 * or U+212A, s or U+017F), and for the longest part without them in a
 * string with more (cutting oast.site to "ite" made exfil-endpoint fire
 * on every "write": 12% of a scan of ordinary source). */
#define KS_SPELLED 3

static bool ks(char c)
{
    return c == 'k' || c == 's';
}

static unsigned ks_count(const struct lit *l)
{
    unsigned m = 0;
    for (size_t i = 0; i < l->n; i++)
        m += ks(l->p[i]);
    return m;
}

static struct lit longest_segment(const struct lit *l, size_t *off)
{
    size_t best = 0, best_n = 0;
    for (size_t i = 0; i < l->n;) {
        size_t j = i;
        while (j < l->n && !ks(l->p[j]))
            j++;
        if (j - i > best_n) {
            best = i;
            best_n = j - i;
        }
        i = j + 1;
    }
    *off = best;
    return (struct lit){l->p + best, best_n};
}

static unsigned lit_quality(const struct lit *l, bool ci)
{
    size_t off;
    struct lit seg = ci && ks_count(l) > KS_SPELLED ? longest_segment(l, &off) : *l;
    unsigned q = 0;
    for (size_t i = 0; i < seg.n; i++)
        q += (unsigned char)seg.p[i] >= 0x80 ? 3 : 1;
    return q;
}

static unsigned run_quality(size_t run, const bset *b)
{
    size_t q = run / (1 + bs_count(b) / 16);
    return q > RUN_QUALITY_MAX ? RUN_QUALITY_MAX : (unsigned)q;
}

static unsigned set_quality(const struct set *s)
{
    if (!s->n && !s->nonascii)
        return 0;
    unsigned q = s->nonascii ? NONASCII_QUALITY : ~0u;
    for (size_t i = 0; i < s->n; i++) {
        unsigned l = lit_quality(&s->v[i], s->ci);
        q = l < q ? l : q;
    }
    return q;
}

/* ---- factors ----------------------------------------------------------- */

static unsigned factor_quality(const struct factor *f)
{
    return f->run ? run_quality(f->run, &f->run_bytes) : set_quality(&f->s);
}

static bool windowed(const struct factor *f)
{
    return f->pre != LITERALS_UNBOUNDED || !bs_full(&f->pre_bytes);
}

/* Is a a better factor than b?  One that bounds where PCRE2 starts and is
 * rare enough, then the rare enough, then the bounding one, then the
 * rarer. */
static bool factor_better(const struct factor *a, const struct factor *b)
{
    if (!a->ok)
        return false;
    if (!b->ok)
        return true;
    unsigned qa = factor_quality(a), qb = factor_quality(b);
    bool wa = windowed(a), wb = windowed(b);
    if (wa != wb && (wa ? qa : qb) >= WINDOWED_QUALITY)
        return wa;
    unsigned ca = qa < GOOD_QUALITY ? qa : GOOD_QUALITY, cb = qb < GOOD_QUALITY ? qb : GOOD_QUALITY;
    if (ca != cb)
        return ca > cb;
    if (wa != wb)
        return wa;
    if (qa != qb)
        return qa > qb;
    return a->pre < b->pre;
}

static void consider(struct factor *best, const struct set *s, size_t pre, const bset *pre_bytes)
{
    struct factor f = {set_quality(s) > 0, *s, 0, {{0}}, pre, *pre_bytes};
    if (factor_better(&f, best))
        *best = f;
}

/* The node's best factor: its exact set or its required one. */
static struct factor best_factor(const struct info *in)
{
    struct factor f = {0};
    bset none = {{0}};
    if (in->exact_ok)
        consider(&f, &in->exact, 0, &none);
    if (in->req.ok && factor_better(&in->req, &f))
        f = in->req;
    return f;
}

/* ---- node kinds -------------------------------------------------------- */

static struct info zero_width(struct px *x)
{
    struct info in = {0};
    in.sk = SUP_TEXT;
    in.sup = "";
    in.exact_ok = true;
    in.exact = set_one(x, "", 0);
    return in;
}

static struct info unknown(void)
{
    struct info in = {0};
    in.max = LITERALS_UNBOUNDED;
    in.bytes = bs_all();
    return in;
}

/* One character of a class or an escape like \d: no strings. */
static struct info any_char(size_t min, size_t max, bset bytes)
{
    struct info in = {0};
    in.sk = SUP_CLASS;
    in.min = min;
    in.max = max;
    in.bytes = bytes;
    return in;
}

static void put_utf8(uint32_t c, char *b, size_t *n)
{
    if (c < 0x80) {
        b[0] = (char)c;
        *n = 1;
    } else if (c < 0x800) {
        b[0] = (char)(0xC0 | (c >> 6));
        b[1] = (char)(0x80 | (c & 0x3F));
        *n = 2;
    } else if (c < 0x10000) {
        b[0] = (char)(0xE0 | (c >> 12));
        b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (char)(0x80 | (c & 0x3F));
        *n = 3;
    } else {
        b[0] = (char)(0xF0 | (c >> 18));
        b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (char)(0x80 | (c & 0x3F));
        *n = 4;
    }
}

static char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The bytes of U+212A (caseless k) or U+017F (caseless s), and the
 * character's longest form, in b and *max. */
static void add_ks(bset *b, char c, size_t *max)
{
    static const unsigned char kelvin[] = {0xE2, 0x84, 0xAA}, long_s[] = {0xC5, 0xBF};
    const unsigned char *v = c == 'k' ? kelvin : long_s;
    size_t n = c == 'k' ? 3 : 2;
    for (size_t i = 0; i < n; i++)
        bs_add(b, v[i]);
    if (*max < n)
        *max = n;
}

/* b[0..n) as an expression: every byte escaped, caseless letters as
 * both cases (and k, s with U+212A, U+017F). */
static const char *char_sup(struct px *x, const char *b, size_t n)
{
    char out[64];
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b[i];
        if (!x->caseless || c < 'a' || c > 'z')
            o += (size_t)snprintf(out + o, sizeof(out) - o, "\\x%02X", c);
        else if (ks((char)c))
            o += (size_t)snprintf(out + o, sizeof(out) - o, "(?:[\\x%02X\\x%02X]|%s)", c, c - 32,
                                  c == 'k' ? "\\xE2\\x84\\xAA" : "\\xC5\\xBF");
        else
            o += (size_t)snprintf(out + o, sizeof(out) - o, "[\\x%02X\\x%02X]", c, c - 32);
    }
    return arena_strndup(x->a, out, o);
}

/* A literal character.  Caseless non-ASCII characters may fold to ASCII
 * (U+212A is k): no string for them. */
static struct info char_info(struct px *x, uint32_t c)
{
    if (c >= 0x80 && x->caseless)
        return any_char(1, 4, bs_all());
    char b[4];
    size_t n;
    put_utf8(c, b, &n);
    struct info in = {0};
    for (size_t i = 0; i < n; i++)
        bs_add(&in.bytes, (unsigned char)b[i]);
    if (x->caseless && fold(b[0]) != b[0])
        bs_add(&in.bytes, (unsigned char)fold(b[0]));
    if (x->caseless && b[0] >= 'a' && b[0] <= 'z')
        bs_add(&in.bytes, (unsigned char)(b[0] - 32));
    if (x->caseless)
        b[0] = fold(b[0]);
    in.exact_ok = true;
    in.exact = set_one(x, b, n);
    in.min = in.max = n;
    if (x->caseless && ks(b[0]))
        add_ks(&in.bytes, b[0], &in.max);
    in.sk = SUP_TEXT;
    in.sup = char_sup(x, b, n);
    in.sq = 2 * (unsigned)n;
    return in;
}

/* ---- lexing helpers ---------------------------------------------------- */

static bool at(const struct px *x, char c)
{
    return x->i < x->n && x->s[x->i] == c;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* One UTF-8 character of the pattern itself. */
static uint32_t next_char(struct px *x)
{
    unsigned char c = (unsigned char)x->s[x->i++];
    if (c < 0x80)
        return c;
    unsigned extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    uint32_t v = c & (0x3F >> extra);
    if (!extra) {
        fail(x);
        return 0;
    }
    for (unsigned k = 0; k < extra; k++) {
        if (x->i >= x->n || ((unsigned char)x->s[x->i] & 0xC0) != 0x80) {
            fail(x);
            return 0;
        }
        v = (v << 6) | ((unsigned char)x->s[x->i++] & 0x3F);
    }
    return v;
}

/* After "\x": {hhh} or up to two hex digits. */
static uint32_t hex_escape(struct px *x)
{
    uint32_t v = 0;
    if (at(x, '{')) {
        x->i++;
        unsigned k = 0;
        for (; x->i < x->n && hash_hex_value(x->s[x->i]) >= 0 && k < 8; k++)
            v = v * 16 + (uint32_t)hash_hex_value(x->s[x->i++]);
        if (!at(x, '}') || !k || v > 0x10FFFF) {
            fail(x);
            return 0;
        }
        x->i++;
        return v;
    }
    for (unsigned k = 0; k < 2 && x->i < x->n && hash_hex_value(x->s[x->i]) >= 0; k++)
        v = v * 16 + (uint32_t)hash_hex_value(x->s[x->i++]);
    return v;
}

/* After "\0": up to two more octal digits. */
static uint32_t octal_escape(struct px *x)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < 2 && x->i < x->n && x->s[x->i] >= '0' && x->s[x->i] <= '7'; k++)
        v = v * 8 + (uint32_t)(x->s[x->i++] - '0');
    return v;
}

/* Scripts with no ASCII letters: \p{Cyrillic} is a non-ASCII character. */
static const char *const nonascii_script_table[] = {
    "Arabic", "Armenian", "Bengali", "Cherokee", "Cyrillic", "Devanagari", "Ethiopic",
    "Georgian", "Greek", "Gujarati", "Gurmukhi", "Han", "Hangul", "Hebrew", "Hiragana",
    "Kannada", "Katakana", "Khmer", "Lao", "Malayalam", "Mongolian", "Myanmar", "Sinhala",
    "Tamil", "Telugu", "Thaana", "Thai", "Tibetan", NULL,
};

/* After "\p" or "\P": the property; true when it holds no ASCII character. */
static bool property(struct px *x, bool negated)
{
    size_t from = x->i, n = 1;
    if (at(x, '{')) {
        const char *end = memchr(x->s + x->i, '}', x->n - x->i);
        if (!end)
            return fail(x);
        from = x->i + 1;
        n = (size_t)(end - (x->s + from));
        x->i = (size_t)(end - x->s) + 1;
    } else if (x->i < x->n) {
        x->i++;
    } else {
        return fail(x);
    }
    for (unsigned k = 0; !negated && nonascii_script_table[k]; k++)
        if (strlen(nonascii_script_table[k]) == n &&
            memcmp(nonascii_script_table[k], x->s + from, n) == 0)
            return true;
    return false;
}

/* ---- character classes -------------------------------------------------- */

struct cls {
    char small[SMALL_CLASS];
    size_t n_small;
    bool too_many, has_ascii, has_nonascii, wide;   /* wide: may be multi-byte */
    bset bytes;       /* bytes the members can be made of */
    bset explicit;    /* ASCII characters surely members (for [^...]) */
};

static void cls_char(struct px *x, struct cls *c, uint32_t lo, uint32_t hi)
{
    if (hi >= 0x80) {
        c->has_nonascii = c->wide = true;
        bs_range(&c->bytes, 0x80, 0xFF);
        if (x->caseless) {
            c->has_ascii = true;   /* may fold to an ASCII letter */
            c->bytes = bs_all();
        }
    }
    if (lo < 0x80)
        c->has_ascii = true;
    for (uint32_t v = lo; v <= hi && v < 0x80; v++) {
        bs_add(&c->bytes, v);
        bs_add(&c->explicit, v);
        if (x->caseless && ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z'))) {
            bs_add(&c->bytes, v ^ 0x20);
            bs_add(&c->explicit, v ^ 0x20);
            size_t wide = 1;
            if (ks(fold((char)v)))
                add_ks(&c->bytes, fold((char)v), &wide);
            c->wide = c->wide || wide > 1;
        }
    }
    for (uint32_t v = lo; v <= hi && v < 0x80; v++) {
        char f = x->caseless ? fold((char)v) : (char)v;
        bool dup = memchr(c->small, f, c->n_small) != NULL;
        if (dup)
            continue;
        if (c->n_small == SMALL_CLASS) {
            c->too_many = true;
            break;
        }
        c->small[c->n_small++] = f;
    }
}

/* An escape like \d inside a class: its bytes, and whether it can be a
 * multi-byte character. */
static void cls_escape_class(struct cls *c, char e)
{
    c->too_many = true;
    c->has_ascii = true;
    bset b = bs_escape(e);
    bs_or(&c->bytes, &b);
    if (strchr("DWHSVhv", e))
        c->wide = true;
}

/* One member after "\" in a class; false when it is a class like \d
 * (already recorded) rather than a character in *v. */
static bool cls_escape(struct px *x, struct cls *c, uint32_t *v)
{
    if (x->i >= x->n)
        return fail(x);
    char e = x->s[x->i++];
    static const char simple[] = "nrtfeab", value[] = "\n\r\t\f\x1b\x07\x08";
    const char *k = strchr(simple, e);
    if (e && k) {
        *v = (unsigned char)value[k - simple];
        return true;
    }
    if (e && strchr("dwshvDWSHV", e)) {
        cls_escape_class(c, e);
        return false;
    }
    if (e == 'p' || e == 'P') {
        bool only_nonascii = property(x, e == 'P');
        c->too_many = c->wide = true;
        bs_range(&c->bytes, only_nonascii ? 0x80 : 0, 0xFF);
        if (!only_nonascii) {
            c->has_ascii = true;
        } else {
            c->has_nonascii = true;
        }
        return false;
    }
    if (e == 'x') {
        *v = hex_escape(x);
        return true;
    }
    if (e == '0') {
        *v = octal_escape(x);
        return true;
    }
    if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || is_digit(e))
        return fail(x);   /* \Q, \E, \c, \o, \N... not worth knowing here */
    *v = (unsigned char)e;
    return true;
}

static void cls_posix(struct px *x, struct cls *c)
{
    const char *end = NULL;
    for (size_t k = x->i + 2; k + 1 < x->n && !end; k++)
        if (x->s[k] == ':' && x->s[k + 1] == ']')
            end = x->s + k;
    if (!end) {
        fail(x);
        return;
    }
    size_t from = x->i + 2, n = (size_t)(end - (x->s + from));
    x->i = (size_t)(end - x->s) + 2;
    c->too_many = c->has_ascii = true;
    bs_range(&c->bytes, 0, 0x7F);
    if (n && x->s[from] == '^') {
        bs_range(&c->bytes, 0x80, 0xFF);
        c->wide = true;
    }
}

/* One member (char, range, escape class or POSIX class). */
static void cls_member(struct px *x, struct cls *c)
{
    if (x->i + 1 < x->n && x->s[x->i] == '[' && x->s[x->i + 1] == ':') {
        cls_posix(x, c);
        return;
    }
    uint32_t lo, hi;
    bool ch = x->s[x->i] == '\\' ? (x->i++, cls_escape(x, c, &lo)) : (lo = next_char(x), true);
    if (!ch || x->fail)
        return;
    hi = lo;
    if (x->i + 1 < x->n && x->s[x->i] == '-' && x->s[x->i + 1] != ']') {
        x->i++;
        if (x->s[x->i] == '[') {
            fail(x);
            return;
        }
        bool ch2 = x->s[x->i] == '\\' ? (x->i++, cls_escape(x, c, &hi)) : (hi = next_char(x), true);
        if (!ch2 || hi < lo) {
            fail(x);
            return;
        }
    }
    cls_char(x, c, lo, hi);
}

static struct info parse_class(struct px *x)
{
    struct cls c = {0};
    bool neg = at(x, '^');
    if (neg)
        x->i++;
    bool first = true;
    while (!x->fail && x->i < x->n && (first || x->s[x->i] != ']')) {
        first = false;
        cls_member(x, &c);
    }
    if (!at(x, ']')) {
        fail(x);
        return unknown();
    }
    x->i++;
    if (neg) {
        /* Everything but the members known for sure. */
        bset b = bs_all();
        for (unsigned i = 0; i < 4; i++)
            b.w[i] &= ~c.explicit.w[i];
        return any_char(1, 4, b);
    }
    struct info in = any_char(c.has_ascii ? 1 : 2, c.wide ? 4 : 1, c.bytes);
    if (!c.has_ascii && c.has_nonascii) {
        in.req = (struct factor){true, {NULL, 0, true, false}, 0, {{0}}, 0, {{0}}};
    } else if (!c.too_many && !c.wide && c.n_small) {
        in.exact_ok = true;
        in.exact = (struct set){arena_alloc(x->a, c.n_small * sizeof(struct lit)), 0, false,
                                x->caseless};
        for (size_t i = 0; i < c.n_small; i++)
            in.exact.v[in.exact.n++] = set_one(x, &c.small[i], 1).v[0];
    }
    return in;
}

/* ---- escapes outside classes -------------------------------------------- */

/* \g{1} \g-1 \k<name> and friends: a back reference, skipped. */
static struct info backref(struct px *x)
{
    static const char close_table[][2] = {{'{', '}'}, {'<', '>'}, {'\'', '\''}};
    for (unsigned k = 0; k < 3; k++)
        if (at(x, close_table[k][0])) {
            const char *end = memchr(x->s + x->i + 1, close_table[k][1], x->n - x->i - 1);
            if (!end)
                fail(x);
            else
                x->i = (size_t)(end - x->s) + 1;
            return unknown();
        }
    if (at(x, '-') || at(x, '+'))
        x->i++;
    while (x->i < x->n && is_digit(x->s[x->i]))
        x->i++;
    return unknown();
}

static struct info escape_class(char e)
{
    switch (e) {
    case 'd': case 'w': case 's':
        return any_char(1, 1, bs_escape(e));
    case 'h': case 'v':   /* U+00A0, U+2028 ... too */
        return any_char(1, 3, bs_escape(e));
    case 'R':
        return any_char(1, 3, bs_escape('v'));
    case 'N': {
        bset b = bs_all();
        bs_del(&b, '\n');
        return any_char(1, 4, b);
    }
    default:   /* D, W, S, H, V */
        return any_char(1, 4, bs_escape(e));
    }
}

static struct info parse_escape(struct px *x)
{
    if (x->i >= x->n) {
        fail(x);
        return unknown();
    }
    char e = x->s[x->i++];
    static const char simple[] = "nrtfea", value[] = "\n\r\t\f\x1b\x07";
    const char *k = strchr(simple, e);
    if (e && k)
        return char_info(x, (unsigned char)value[k - simple]);
    if (e == 'N' && at(x, '{')) {
        fail(x);   /* \N{U+hhhh} */
        return unknown();
    }
    if (e && strchr("dwhsvRSHNVDW", e))
        return escape_class(e);
    if (e && strchr("bBAzZGE", e))
        return zero_width(x);
    if (e == 'p' || e == 'P') {
        struct info in = any_char(1, 4, bs_all());
        if (property(x, e == 'P')) {
            in.min = 2;
            in.bytes = (bset){{0, 0, ~(uint64_t)0, ~(uint64_t)0}};
            in.req = (struct factor){true, {NULL, 0, true, false}, 0, {{0}}, 0, {{0}}};
        }
        return in;
    }
    if (e == 'x')
        return char_info(x, hex_escape(x));
    if (e == '0')
        return char_info(x, octal_escape(x));
    if (e == 'g' || e == 'k' || (e >= '1' && e <= '9'))
        return backref(x);
    if (e == 'c' && x->i < x->n && (unsigned char)x->s[x->i] < 0x80) {
        char c = x->s[x->i++];
        c = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
        return char_info(x, (uint32_t)((unsigned char)c ^ 0x40));
    }
    /* \K moves only the start PCRE2 reports: the match it is part of, where
     * the factor and the window bounds are about, stays the same. */
    if (e == 'K')
        return zero_width(x);
    if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (unsigned char)e >= 0x80) {
        fail(x);   /* \Q needs quoting rules, \X ... */
        return unknown();
    }
    return char_info(x, (unsigned char)e);
}

/* ---- groups, sequences, alternations ------------------------------------ */

static struct info parse_alt(struct px *x);

static bool skip_to_close(struct px *x)
{
    struct info ignored = parse_alt(x);
    (void)ignored;
    if (!at(x, ')'))
        return fail(x);
    x->i++;
    return true;
}

static struct info close_group(struct px *x, struct info in)
{
    if (!at(x, ')')) {
        fail(x);
        return unknown();
    }
    x->i++;
    return in;
}

/* After "(?": the kind of group. */
static struct info parse_special_group(struct px *x)
{
    const char *s = x->s + x->i;
    size_t left = x->n - x->i;
    if (left >= 1 && (s[0] == '=' || s[0] == '!')) {
        x->i++;
        skip_to_close(x);
        return zero_width(x);
    }
    if (left >= 2 && s[0] == '<' && (s[1] == '=' || s[1] == '!')) {
        x->i += 2;
        skip_to_close(x);
        return zero_width(x);
    }
    if (left >= 1 && s[0] == '#') {
        const char *end = memchr(s, ')', left);
        x->i = end ? (size_t)(end - x->s) + 1 : x->n;
        return zero_width(x);
    }
    if (left >= 1 && (s[0] == 'R' || is_digit(s[0]) || s[0] == '-' || s[0] == '+' ||
                      s[0] == '&' || (s[0] == 'P' && left >= 2 && (s[1] == '>' || s[1] == '=')))) {
        const char *end = memchr(s, ')', left);
        if (!end)
            fail(x);
        x->i = end ? (size_t)(end - x->s) + 1 : x->n;
        return unknown();   /* recursion or a back reference */
    }
    size_t skip = 0;
    if (left >= 1 && (s[0] == ':' || s[0] == '>' || s[0] == '|'))
        skip = 1;
    else if (left >= 2 && (s[0] == '<' || (s[0] == 'P' && s[1] == '<') || s[0] == '\'')) {
        const char *end = memchr(s, s[0] == '\'' ? '\'' : '>', left);
        skip = end ? (size_t)(end - s) + 1 : 0;
        if (s[0] == '\'' && end == s)
            end = memchr(s + 1, '\'', left - 1), skip = end ? (size_t)(end - s) + 1 : 0;
    } else {
        /* Inline options: (?i) (?-i) (?i:...).  Their effect was taken
         * into account for the whole pattern before parsing. */
        size_t k = 0;
        while (k < left && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
                            s[k] == '-'))
            k++;
        if (k < left && s[k] == ')') {
            x->i += k + 1;
            return zero_width(x);
        }
        if (k < left && s[k] == ':')
            skip = k + 1;
    }
    if (!skip) {
        fail(x);   /* conditionals, callouts, (?^) ... */
        return unknown();
    }
    x->i += skip;
    return close_group(x, parse_alt(x));
}

static struct info parse_group(struct px *x)
{
    if (at(x, '*')) {
        fail(x);   /* (*VERB) */
        return unknown();
    }
    if (at(x, '?')) {
        x->i++;
        return parse_special_group(x);
    }
    return close_group(x, parse_alt(x));
}

static struct info parse_atom(struct px *x)
{
    char c = x->s[x->i];
    if (c == '(') {
        x->i++;
        return parse_group(x);
    }
    x->i++;
    switch (c) {
    case '[':
        return parse_class(x);
    case '.': {
        bset b = bs_all();
        if (!x->dotall)
            bs_del(&b, '\n');
        return any_char(1, 4, b);
    }
    case '^': case '$':
        return zero_width(x);
    case '\\':
        return parse_escape(x);
    case '*': case '+': case '?':
        fail(x);
        return unknown();
    default:
        x->i--;
        return char_info(x, next_char(x));
    }
}

/* A quantifier after an atom: {lo, hi}; false when there is none. */
static bool parse_quant(struct px *x, size_t *lo, size_t *hi)
{
    if (x->i >= x->n)
        return false;
    char c = x->s[x->i];
    if (c == '*' || c == '+' || c == '?') {
        x->i++;
        *lo = c == '+' ? 1 : 0;
        *hi = c == '?' ? 1 : LITERALS_UNBOUNDED;
    } else if (c == '{') {
        size_t j = x->i + 1, a = 0, b;
        if (j < x->n && x->s[j] == ',') {
            fail(x);   /* {,n}: a quantifier only from PCRE2 10.43 on */
            return false;
        }
        if (j >= x->n || !is_digit(x->s[j]))
            return false;   /* a literal '{' */
        while (j < x->n && is_digit(x->s[j]) && a < 100000)
            a = a * 10 + (size_t)(x->s[j++] - '0');
        b = a;
        if (j < x->n && x->s[j] == ',') {
            j++;
            b = LITERALS_UNBOUNDED;
            if (j < x->n && is_digit(x->s[j]))
                for (b = 0; j < x->n && is_digit(x->s[j]) && b < 100000;)
                    b = b * 10 + (size_t)(x->s[j++] - '0');
        }
        if (j >= x->n || x->s[j] != '}')
            return false;
        x->i = j + 1;
        *lo = a;
        *hi = b;
    } else {
        return false;
    }
    if (x->i < x->n && (x->s[x->i] == '?' || x->s[x->i] == '+'))
        x->i++;   /* lazy or possessive: the same strings */
    return true;
}

/* ---- guards ----------------------------------------------------------- */

/* The node's expression, or NULL. */
static const char *sup_text(struct px *x, const struct info *in)
{
    if (in->sk != SUP_CLASS)
        return in->sk == SUP_TEXT ? in->sup : NULL;
    if (!bs_count(&in->bytes))
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    strbuf_putc(&sb, '[');
    for (unsigned c = 0; c < 256; c++) {
        if (!literals_bytes_has(&in->bytes, (unsigned char)c))
            continue;
        unsigned e = c;   /* a range of them as one */
        while (e < 255 && literals_bytes_has(&in->bytes, (unsigned char)(e + 1)))
            e++;
        strbuf_printf(&sb, "\\x%02X", c);
        if (e > c)
            strbuf_printf(&sb, "-\\x%02X", e);
        c = e;
    }
    strbuf_putc(&sb, ']');
    if (in->max == LITERALS_UNBOUNDED)
        strbuf_printf(&sb, "{%zu,}", in->min);
    else if (in->min != 1 || in->max != 1)
        strbuf_printf(&sb, "{%zu,%zu}", in->min, in->max);
    const char *out = arena_strdup(x->a, strbuf_str(&sb));
    strbuf_fini(&sb);
    return out;
}

/* Two for a byte it fixes (one of at most two values), one for a byte of
 * at most 32 values, nothing for what may be absent or nearly anything. */
static unsigned sup_q(const struct info *in)
{
    if (in->sk != SUP_CLASS)
        return in->sk == SUP_TEXT ? in->sq : 0;
    unsigned n = bs_count(&in->bytes);
    return !in->min ? 0 : n <= 2 ? 2 : n <= 32 ? 1 : 0;
}

static void set_sup(struct info *in, const char *text, unsigned q)
{
    in->sk = text && strlen(text) <= GUARD_MAX_TEXT ? SUP_TEXT : SUP_NONE;
    in->sup = in->sk == SUP_TEXT ? text : NULL;
    in->sq = q;
}

/* c{lo,hi} as an expression: at most GUARD_MAX_REPEAT copies required,
 * more allowed without bound (a superset). */
static void repeat_sup(struct px *x, const struct info *c, size_t lo, size_t hi, struct info *r)
{
    const char *cs = sup_text(x, c);
    size_t l = lo < GUARD_MAX_REPEAT ? lo : GUARD_MAX_REPEAT;
    if (!cs || !*cs) {
        set_sup(r, cs, 0);
        return;
    }
    if (hi == LITERALS_UNBOUNDED || hi > GUARD_MAX_REPEAT)
        set_sup(r, arena_printf(x->a, "(?:%s){%zu,}", cs, l), (unsigned)l * sup_q(c));
    else
        set_sup(r, arena_printf(x->a, "(?:%s){%zu,%zu}", cs, l, hi), (unsigned)l * sup_q(c));
}

/* The atoms of a sequence that read as expressions, one run at a time. */
struct guard_atom {
    const char *re;
    unsigned q;
    size_t min, max, pre;
    bset bytes, pre_bytes;
};

struct guard_run {
    struct guard_atom a[GUARD_MAX_ATOMS];
    size_t n;
};

/* The run without what may be absent at either end, as a guard; kept in
 * best when more selective. */
static void close_run(struct px *x, struct guard_run *run, struct guard *best)
{
    size_t from = 0, to = run->n;
    while (from < to && !run->a[from].q)
        from++;
    while (to > from && !run->a[to - 1].q)
        to--;
    struct guard g = {true, "", 0, 0, 0, {{0}}, 0, {{0}}};
    for (size_t i = from; i < to; i++) {
        g.re = arena_printf(x->a, "%s%s", g.re, run->a[i].re);
        g.q += run->a[i].q;
        g.min = sat_add(g.min, run->a[i].min);
        g.max = sat_add(g.max, run->a[i].max);
        bs_or(&g.bytes, &run->a[i].bytes);
    }
    if (from < to) {
        g.pre = run->a[from].pre;
        g.pre_bytes = run->a[from].pre_bytes;
    }
    if (from < to && g.min && strlen(g.re) <= GUARD_MAX_TEXT && (!best->ok || g.q > best->q))
        *best = g;
    run->n = 0;
}

/* One atom of a sequence (pre, pre_bytes: the sequence before it). */
static void guard_atom(struct px *x, struct guard_run *run, struct guard *best,
                       const struct info *c, size_t pre, const bset *pre_bytes)
{
    const char *re = sup_text(x, c);
    if (!re || run->n == GUARD_MAX_ATOMS) {
        close_run(x, run, best);
        if (!re)
            return;
    }
    run->a[run->n++] = (struct guard_atom){re, sup_q(c), c->min, c->max, pre, c->bytes, *pre_bytes};
}

/* c repeated lo..hi times. */
static struct info repeat(struct px *x, const struct info *c, size_t lo, size_t hi)
{
    if (hi == 0)
        return zero_width(x);
    struct info r = {0};
    r.min = sat_mul(c->min, lo);
    r.max = hi == LITERALS_UNBOUNDED ? (c->max ? LITERALS_UNBOUNDED : 0) : sat_mul(c->max, hi);
    r.bytes = c->bytes;
    repeat_sup(x, c, lo, hi, &r);
    if (lo == 0) {
        struct set empty = set_one(x, "", 0);
        r.exact_ok = hi == 1 && c->exact_ok && set_union(x, &c->exact, &empty, &r.exact);
        return r;
    }
    r.req = best_factor(c);
    /* lo iterations of at least c->min bytes each, all from c->bytes. */
    if (r.min >= LITERALS_RUN_MIN) {
        struct factor run = {true, {NULL, 0, false, false}, r.min < LITERALS_RUN_CAP ? r.min : LITERALS_RUN_CAP,
                             c->bytes, 0, {{0}}};
        if (factor_better(&run, &r.req))
            r.req = run;
    }
    if (lo == hi && lo <= MAX_REPEAT_EXACT && c->exact_ok) {
        struct set acc = c->exact;
        bool ok = true;
        for (size_t k = 1; k < lo && ok; k++)
            ok = set_cross(x, &acc, &c->exact, &acc);
        r.exact_ok = ok;
        r.exact = acc;
    }
    return r;
}

/* A sequence up to '|' or ')'. */
static struct info parse_seq(struct px *x)
{
    struct info out = {0};
    struct set run = set_one(x, "", 0);
    bool run_ok = true, all_exact = true;
    bset run_bytes = {{0}};   /* what the bytes before the run can be */
    size_t run_pre = 0;
    struct factor best = {0};
    struct guard_run *grun = arena_alloc(x->a, sizeof(*grun));
    struct strbuf sup = STRBUF_INIT;
    bool sup_ok = true;
    unsigned sq = 0;
    while (!x->fail && x->i < x->n && x->s[x->i] != '|' && x->s[x->i] != ')') {
        struct info c = parse_atom(x);
        size_t lo, hi;
        if (!x->fail && parse_quant(x, &lo, &hi))
            c = repeat(x, &c, lo, hi);
        if (x->fail)
            break;
        guard_atom(x, grun, &out.g, &c, out.max, &out.bytes);
        const char *cs = sup_text(x, &c);
        sup_ok = sup_ok && cs;
        if (sup_ok)
            strbuf_puts(&sup, cs);
        sq += sup_q(&c);
        struct set joined;
        if (c.exact_ok && run_ok && set_cross(x, &run, &c.exact, &joined)) {
            run = joined;
        } else {
            if (run_ok)
                consider(&best, &run, run_pre, &run_bytes);
            all_exact = false;
            run_ok = c.exact_ok;
            run = c.exact;
            run_pre = out.max;
            run_bytes = out.bytes;
            if (!c.exact_ok && c.req.ok) {
                struct factor f = c.req;
                f.pre = sat_add(out.max, f.pre);
                bs_or(&f.pre_bytes, &out.bytes);
                if (factor_better(&f, &best))
                    best = f;
            }
        }
        out.min = sat_add(out.min, c.min);
        out.max = sat_add(out.max, c.max);
        bs_or(&out.bytes, &c.bytes);
    }
    if (run_ok)
        consider(&best, &run, run_pre, &run_bytes);
    close_run(x, grun, &out.g);
    set_sup(&out, sup_ok ? arena_strdup(x->a, strbuf_str(&sup)) : NULL, sq);
    strbuf_fini(&sup);
    out.exact_ok = all_exact && run_ok;
    out.exact = run;
    out.req = best;
    return out;
}

static void alt_add(struct px *x, struct info *acc, const struct info *b, bool first)
{
    struct factor fb = best_factor(b);
    if (first) {
        *acc = *b;
        acc->req = fb;
        return;
    }
    /* Alternatives as one expression; a guard of one of them is none of
     * the whole. */
    const char *as = sup_text(x, acc), *bs = sup_text(x, b);
    unsigned q = sup_q(acc) < sup_q(b) ? sup_q(acc) : sup_q(b);
    set_sup(acc, as && bs ? arena_printf(x->a, "%s|%s", as, bs) : NULL, q);
    acc->g.ok = false;
    acc->exact_ok = acc->exact_ok && b->exact_ok &&
                    set_union(x, &acc->exact, &b->exact, &acc->exact);
    struct factor fa = acc->req;
    /* Runs do not unite with anything. */
    acc->req.ok = fa.ok && fb.ok && !fa.run && !fb.run &&
                  set_union(x, &fa.s, &fb.s, &acc->req.s);
    acc->req.pre = fa.pre > fb.pre ? fa.pre : fb.pre;
    bs_or(&acc->req.pre_bytes, &fb.pre_bytes);
    acc->min = b->min < acc->min ? b->min : acc->min;
    acc->max = b->max > acc->max ? b->max : acc->max;
    bs_or(&acc->bytes, &b->bytes);
}

static struct info parse_alt(struct px *x)
{
    if (++x->depth > MAX_DEPTH) {
        fail(x);
        return unknown();
    }
    struct info acc = parse_seq(x);
    alt_add(x, &acc, &acc, true);
    while (!x->fail && at(x, '|')) {
        x->i++;
        struct info b = parse_seq(x);
        alt_add(x, &acc, &b, false);
    }
    x->depth--;
    const char *as = sup_text(x, &acc);
    set_sup(&acc, as ? arena_printf(x->a, "(?:%s)", as) : NULL, sup_q(&acc));
    return acc;
}

/* ---- entry ------------------------------------------------------------- */

/* Inline options anywhere count for the whole pattern (a superset of what
 * it matches); extended mode and the like are not understood. */
static bool scan_options(struct px *x)
{
    for (size_t i = 0; i + 2 < x->n; i++) {
        if (x->s[i] == '\\') {
            i++;
            continue;
        }
        if (x->s[i] != '(' || x->s[i + 1] != '?')
            continue;
        bool on = true;
        for (size_t k = i + 2; k < x->n && x->s[k] != ')' && x->s[k] != ':'; k++) {
            char c = x->s[k];
            if (c == '-')
                on = false;
            else if (c == 'i')
                x->caseless = true;
            else if (c == 's' && on)
                x->dotall = true;
            else if (c == 'x' || c == 'n' || c == 'U' || c == '^')
                return false;
            else if (c != 'm' && c != 'J')
                break;   /* not an option group */
        }
    }
    return true;
}

/* Spelling number `which` of a caseless string: its k-th k or s (bit k of
 * which set) written as U+212A or U+017F. */
static struct lit ks_spelling(struct arena *a, const struct lit *l, unsigned which)
{
    char *out = arena_alloc(a, l->n * 3 + 1);
    size_t n = 0;
    for (size_t i = 0, k = 0; i < l->n; i++) {
        if (!ks(l->p[i]) || !(which >> k++ & 1)) {
            out[n++] = l->p[i];
            continue;
        }
        size_t m = l->p[i] == 'k' ? 3 : 2;
        memcpy(out + n, l->p[i] == 'k' ? "\xE2\x84\xAA" : "\xC5\xBF", m);
        n += m;
    }
    return (struct lit){out, n};
}

/* Which caseless strings of f the prefilter gets in every spelling of
 * their k and s: those with at most KS_SPELLED of them, the shortest cut
 * first, while the strings stay within LITERALS_MAX_STRINGS; the others
 * are cut.  Returns how many strings that makes. */
static size_t choose_spelled(const struct factor *f, bool caseless, bool *spell)
{
    size_t total = f->s.n;
    for (size_t i = 0; i < f->s.n; i++)
        spell[i] = false;
    for (bool more = caseless; more;) {
        size_t best = SIZE_MAX, best_cut = SIZE_MAX, off;
        for (size_t i = 0; i < f->s.n; i++) {
            unsigned m = ks_count(&f->s.v[i]);
            size_t cut = longest_segment(&f->s.v[i], &off).n;
            if (!spell[i] && m && m <= KS_SPELLED &&
                total + ((size_t)1 << m) - 1 <= LITERALS_MAX_STRINGS && cut < best_cut) {
                best = i;
                best_cut = cut;
            }
        }
        more = best != SIZE_MAX;
        if (more) {
            spell[best] = true;
            total += ((size_t)1 << ks_count(&f->s.v[best])) - 1;
        }
    }
    return total;
}

/* The strings as the prefilter looks for them: caseless ones in every
 * spelling of their k and s (choose_spelled), or cut to their longest
 * part without k or s, with how far into the string it starts. */
static void export_factor(struct arena *a, const struct factor *f, bool caseless,
                          struct literal_factor *out)
{
    bool *spell = arena_alloc(a, (f->s.n + 1) * sizeof(*spell));
    size_t cap = choose_spelled(f, caseless, spell) + 1, n = 0;
    const char **strs = arena_alloc(a, cap * sizeof(*strs));
    size_t *lens = arena_alloc(a, cap * sizeof(*lens));
    size_t *offs = arena_alloc(a, cap * sizeof(*offs));
    size_t *offs_max = arena_alloc(a, cap * sizeof(*offs_max));
    for (size_t i = 0; i < f->s.n; i++) {
        unsigned m = spell[i] ? ks_count(&f->s.v[i]) : 0;
        for (unsigned w = 0; spell[i] && w < 1u << m; w++, n++) {
            struct lit v = ks_spelling(a, &f->s.v[i], w);
            strs[n] = v.p;
            lens[n] = v.n;
            offs[n] = offs_max[n] = 0;
        }
        if (spell[i])
            continue;
        size_t off = 0;
        struct lit seg = caseless ? longest_segment(&f->s.v[i], &off) : f->s.v[i];
        strs[n] = seg.p;
        lens[n] = seg.n;
        offs[n] = offs_max[n] = off;
        for (size_t k = 0; k < off; k++)   /* U+212A is 3 bytes, U+017F 2 */
            offs_max[n] += f->s.v[i].p[k] == 'k' ? 2 : f->s.v[i].p[k] == 's' ? 1 : 0;
        n++;
    }
    *out = (struct literal_factor){.strings = strs, .lens = lens, .offs = offs,
                                   .offs_max = offs_max, .n = n, .nonascii = f->s.nonascii,
                                   .caseless = caseless, .run = f->run,
                                   .run_bytes = f->run_bytes, .pre_max = f->pre,
                                   .pre_bytes = f->pre_bytes, .quality = factor_quality(f)};
}

/* No literal, but a part of every match as an expression. */
static void export_guard(const struct guard *g, struct literal_factor *out)
{
    memset(out, 0, sizeof(*out));
    out->guard = g->re;
    out->guard_min = g->min;
    out->guard_max = g->max;
    out->span_bytes = g->bytes;
    bs_or(&out->span_bytes, &g->pre_bytes);
    out->pre_max = g->pre;
    out->pre_bytes = g->pre_bytes;
    out->quality = g->q / 2;
}

bool literals_extract(const char *pattern, size_t len, bool caseless, struct arena *a,
                      struct literal_factor *out, const char **why)
{
    struct px x = {pattern, 0, len, caseless, false, false, 0, a};
    memset(out, 0, sizeof(*out));
    if (!scan_options(&x)) {
        *why = "inline options the prefilter does not read";
        return false;
    }
    struct info top = parse_alt(&x);
    if (x.fail || x.i != x.n) {
        *why = "syntax the prefilter does not read";
        return false;
    }
    struct factor f = best_factor(&top);
    if (f.ok && factor_quality(&f) >= LITERALS_MIN_QUALITY) {
        export_factor(a, &f, x.caseless, out);
        return true;
    }
    if (top.g.ok && top.g.q / 2 >= LITERALS_MIN_QUALITY) {
        export_guard(&top.g, out);
        return true;
    }
    *why = "no literal every match contains";
    return false;
}

size_t literals_min_len(const struct literal_factor *f)
{
    if (f->guard)
        return f->guard_min;
    if (f->run)
        return f->run;
    size_t m = f->nonascii ? 1 : LITERALS_UNBOUNDED;
    for (size_t i = 0; i < f->n; i++)
        m = f->offs[i] + f->lens[i] < m ? f->offs[i] + f->lens[i] : m;
    return m;
}

size_t literals_max_len(const struct literal_factor *f)
{
    if (f->guard)
        return f->guard_max;
    if (f->run)
        return f->run;
    size_t m = f->nonascii ? 1 : 0;
    for (size_t i = 0; i < f->n; i++)
        m = f->offs_max[i] + f->lens[i] > m ? f->offs_max[i] + f->lens[i] : m;
    return m;
}
