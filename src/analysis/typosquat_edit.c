/* Edit distance for the typosquat check: a deletion-neighbourhood index
 * (symmetric delete) and the distance that verifies what it proposes. */
#include "typosquat_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"

/* Polynomial hash mod 2^64: the hash of a string with one or two bytes
 * deleted follows from prefix hashes in O(1), so the ~n^2/2 deletions of a
 * name cost no copying.  Collisions only propose extra candidates, which the
 * distance then rejects. */
#define HASH_BASE 0x100000001b3ull

struct prefix_hash {
    uint64_t p[TYPOSQUAT_NAME_MAX + 1];   /* hash of s[0..k) */
    uint64_t pw[TYPOSQUAT_NAME_MAX + 1];  /* HASH_BASE^k */
};

static void prefix_init(struct prefix_hash *h, const char *s, size_t n)
{
    h->p[0] = 0;
    h->pw[0] = 1;
    for (size_t k = 0; k < n; k++) {
        h->p[k + 1] = h->p[k] * HASH_BASE + (unsigned char)s[k] + 1;
        h->pw[k + 1] = h->pw[k] * HASH_BASE;
    }
}

/* Hash of s[a..b). */
static uint64_t range(const struct prefix_hash *h, size_t a, size_t b)
{
    return h->p[b] - h->p[a] * h->pw[b - a];
}

static uint32_t fold(uint64_t h, size_t len)
{
    h ^= len * 0x9e3779b97f4a7c15ull;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    return (uint32_t)(h >> 32);
}

typedef void (*hash_fn)(void *ctx, uint32_t h);

/* Calls fn with the hash of s and of every string made by deleting up to
 * maxdel bytes of it; deleting any byte of a run gives the same string, so
 * only the first of a run is deleted. */
static void each_deletion(const char *s, size_t n, int maxdel, hash_fn fn,
                          void *ctx)
{
    struct prefix_hash h;
    if (n > TYPOSQUAT_NAME_MAX)
        return;
    prefix_init(&h, s, n);
    fn(ctx, fold(h.p[n], n));
    for (size_t i = 0; maxdel >= 1 && i < n; i++) {
        if (i > 0 && s[i] == s[i - 1])
            continue;
        fn(ctx, fold(h.p[i] * h.pw[n - 1 - i] + range(&h, i + 1, n), n - 1));
        for (size_t j = i + 1; maxdel >= 2 && j < n; j++) {
            if (j > i + 1 && s[j] == s[j - 1])
                continue;
            uint64_t v = h.p[i] * h.pw[n - 2 - i] +
                         range(&h, i + 1, j) * h.pw[n - 1 - j] + range(&h, j + 1, n);
            fn(ctx, fold(v, n - 2));
        }
    }
}

struct add_ctx {
    struct typosquat_deltab *t;
    uint32_t id;
};

static void add_fn(void *ctx, uint32_t h)
{
    struct add_ctx *a = ctx;
    struct typosquat_deltab *t = a->t;
    t->e = xgrow(t->e, &t->cap, t->len + 1, sizeof(*t->e));
    t->e[t->len++] = (struct typosquat_del){h, a->id};
}

void typosquat_edit_add(struct typosquat_deltab *t, const char *s, size_t n,
                        int maxdel, uint32_t id)
{
    struct add_ctx a = {t, id};
    each_deletion(s, n, maxdel, add_fn, &a);
}

/* Counting sort of the entries into buckets by hash: one sequential pass to
 * count, one to place, and a look-up reads one short contiguous run. */
void typosquat_edit_freeze(struct typosquat_deltab *t)
{
    size_t nb = 16;
    while (nb < t->len)
        nb *= 2;
    t->nbuckets = nb;
    t->off = xcalloc(nb + 1, sizeof(*t->off));
    for (size_t i = 0; i < t->len; i++)
        t->off[(t->e[i].h & (nb - 1)) + 1]++;
    for (size_t b = 0; b < nb; b++)
        t->off[b + 1] += t->off[b];
    struct typosquat_del *sorted = xmalloc((t->len ? t->len : 1) * sizeof(*sorted));
    uint32_t *fill = xmalloc(nb * sizeof(*fill));
    memcpy(fill, t->off, nb * sizeof(*fill));
    for (size_t i = 0; i < t->len; i++)
        sorted[fill[t->e[i].h & (nb - 1)]++] = t->e[i];
    free(fill);
    free(t->e);
    t->e = sorted;
    t->cap = t->len;
}

void typosquat_edit_fini(struct typosquat_deltab *t)
{
    free(t->e);
    free(t->off);
    memset(t, 0, sizeof(*t));
}

struct collect_ctx {
    const struct typosquat_deltab *t;
    uint32_t limit;
    uint32_t *ids;
    size_t len, cap;
};

static void collect_fn(void *ctx, uint32_t h)
{
    struct collect_ctx *c = ctx;
    const struct typosquat_deltab *t = c->t;
    if (!t->off)
        return;
    size_t b = h & (t->nbuckets - 1);
    for (uint32_t i = t->off[b]; i < t->off[b + 1]; i++)
        if (t->e[i].h == h && t->e[i].id < c->limit) {
            c->ids = xgrow(c->ids, &c->cap, c->len + 1, sizeof(*c->ids));
            c->ids[c->len++] = t->e[i].id;
        }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

size_t typosquat_edit_candidates(const struct typosquat_deltab *t, const char *s,
                                 size_t n, int maxdel, uint32_t limit,
                                 uint32_t **ids)
{
    struct collect_ctx c = {t, limit, NULL, 0, 0};
    each_deletion(s, n, maxdel, collect_fn, &c);
    if (c.len)
        qsort(c.ids, c.len, sizeof(*c.ids), cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < c.len; i++)
        if (u == 0 || c.ids[i] != c.ids[u - 1])
            c.ids[u++] = c.ids[i];
    *ids = c.ids;
    return u;
}

size_t typosquat_edit_distance(const char *a, size_t n, const char *b, size_t m,
                               size_t limit)
{
    if ((n > m ? n - m : m - n) > limit || n > TYPOSQUAT_NAME_MAX ||
        m > TYPOSQUAT_NAME_MAX)
        return limit + 1;
    size_t rows[3][TYPOSQUAT_NAME_MAX + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        size_t rowmin = cur[0];
        for (size_t j = 1; j <= m; j++) {
            size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > limit)
            return limit + 1;
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[m] > limit ? limit + 1 : prev[m];
}

/* QWERTY rows, offset as on a keyboard: two letters are neighbours when
 * they sit side by side in a row, or touch across two adjacent rows. */
static const char *const keyboard_row_table[] = {"1234567890", "qwertyuiop", "asdfghjkl",
                                                 "zxcvbnm"};

static bool key_at(char k, int *row, int *col)
{
    for (int r = 0; r < 4; r++) {
        const char *at = strchr(keyboard_row_table[r], k);
        if (k && at) {
            *row = r;
            *col = (int)(at - keyboard_row_table[r]);
            return true;
        }
    }
    return false;
}

bool typosquat_keys_adjacent(char a, char b)
{
    int ra, ca, rb, cb;
    if (a == b || !key_at(a, &ra, &ca) || !key_at(b, &rb, &cb))
        return false;
    if (ra == rb)
        return ca - cb == 1 || cb - ca == 1;
    /* each row sits half a key right of the one above: q touches 1 and 2,
     * a touches q and w */
    int up = ra < rb ? ca : cb, down = ra < rb ? cb : ca;
    return (ra - rb == 1 || rb - ra == 1) && (down == up || down == up - 1);
}

/* Letters that stand for one another when a name is spelt from memory
 * rather than mistyped: vowels for vowels (djanga), the sounds of c/k/q
 * (pydantik) and of s/z (requezts), i/y (sqlalchemi), and the look-alike
 * letters of homoglyph_table (openpyxi).  Together with the neighbouring
 * keys these are the substitutions seen in real squats; any other letter
 * put in place of one makes another word (isolate/isodate,
 * unicorn/uvicorn, pycaret/pycares). */
static const char *const sound_alike_table[] = {"aeiou", "ckq", "sz", "iy", "il1", "o0"};

static bool sound_alike(char a, char b)
{
    for (size_t i = 0; i < sizeof(sound_alike_table) / sizeof(sound_alike_table[0]); i++)
        if (a && b && strchr(sound_alike_table[i], a) && strchr(sound_alike_table[i], b))
            return true;
    return false;
}

/* Lengths of the common prefix and (not overlapping it) common suffix. */
static void common_ends(const char *c, size_t n, const char *t, size_t m,
                        size_t *p, size_t *s)
{
    *p = *s = 0;
    while (*p < n && *p < m && c[*p] == t[*p])
        (*p)++;
    while (*s < n - *p && *s < m - *p && c[n - 1 - *s] == t[m - 1 - *s])
        (*s)++;
}

void typosquat_edit_why(const char *c, size_t n, const char *t, size_t m,
                        char *out, size_t outlen)
{
    size_t p, s;
    common_ends(c, n, t, m, &p, &s);
    size_t cm = n - p - s, tm = m - p - s;
    if (cm == 1 && tm == 0) {
        bool doubled = (p > 0 && c[p - 1] == c[p]) || (p + 1 < n && c[p + 1] == c[p]);
        snprintf(out, outlen, "%s '%c'", doubled ? "doubled" : "extra", c[p]);
    } else if (cm == 0 && tm == 1) {
        snprintf(out, outlen, "missing '%c'", t[p]);
    } else if (cm == 1 && tm == 1) {
        snprintf(out, outlen, "'%c' for '%c'%s", c[p], t[p],
                 typosquat_keys_adjacent(c[p], t[p]) ? ", the next key" : "");
    } else if (cm == 2 && tm == 2) {
        snprintf(out, outlen, "transposed '%c%c'", c[p], c[p + 1]);
    } else {
        snprintf(out, outlen, "one edit");
    }
}

bool typosquat_edit_far_substitution(const char *c, size_t n, const char *t, size_t m)
{
    size_t p, s;
    common_ends(c, n, t, m, &p, &s);
    if (n != m || n - p - s != 1)
        return false;
    return !typosquat_keys_adjacent(c[p], t[p]) && !sound_alike(c[p], t[p]);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Parts this short are codes rather than words (rds, cpu, cov). */
#define FIRST_KEY_SLIP_MIN_LEN 7
#define SHORT_PART_LEN 3

/* The separator-delimited part of s holding byte i: [*b, *e). */
static void part_at(const char *s, size_t n, size_t i, size_t *b, size_t *e)
{
    *b = i;
    while (*b > 0 && !typosquat_is_sep(s[*b - 1]))
        (*b)--;
    *e = i;
    while (*e < n && !typosquat_is_sep(s[*e]))
        (*e)++;
}

static size_t count_parts(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += !typosquat_is_sep(s[i]) && (i == 0 || typosquat_is_sep(s[i - 1]));
    return k;
}

/* Edits that make a different package rather than a typo of the same one:
 * - only digits differ at the end of a part: version families (psycopg2 and
 *   psycopg, nvidia-*-cu12 and -cu13, through2);
 * - a changed, added or dropped first letter (ujson/ijson, gaxios/axios,
 *   cattrs/attrs): readers and typists anchor on it, so it reads as another
 *   word; a leading digit ("0requests") and the first two letters swapped
 *   ("apndas") are the exceptions;
 * - for two edits: two letters glued to the end of a part
 *   (cusparse/cusparselt), a part added or removed (tree-sitter-c), or a
 *   short part rewritten (azure-cosmos/azure-common, call-bind/call-bound). */
bool typosquat_edit_is_family(const char *c, size_t n, const char *t, size_t m,
                              size_t d)
{
    size_t p, s;
    common_ends(c, n, t, m, &p, &s);
    bool digits = true;
    for (size_t i = p; i < n - s; i++)
        digits &= is_digit(c[i]);
    for (size_t i = p; i < m - s; i++)
        digits &= is_digit(t[i]);
    bool at_part_end = s == 0 || typosquat_is_sep(c[n - s]);
    if (digits && at_part_end)
        return true;
    /* the first two letters swapped ("apndas") keep every letter a reader
     * anchors on, so they read as a slip rather than a new word */
    bool first_swapped = n == m && n >= 6 && c[0] == t[1] && c[1] == t[0] &&
                         memcmp(c + 2, t + 2, n - 2) == 0;
    /* ... and in a long name, a first letter struck on the next key */
    bool first_slipped = d == 1 && n == m && n >= FIRST_KEY_SLIP_MIN_LEN &&
                         typosquat_keys_adjacent(c[0], t[0]) && memcmp(c + 1, t + 1, n - 1) == 0;
    if (p == 0 && !(n == m + 1 && is_digit(c[0])) && !first_swapped && !first_slipped)
        return true;
    /* an edit inside a short part of a longer name makes a sibling: AWS
     * service codes (mypy-boto3-rds/-drs), pytest-cov/-csv, faiss-cpu/-gpu */
    size_t pb, pe, sb, se;
    part_at(t, m, p < m ? p : m - 1, &pb, &pe);
    part_at(t, m, m - s > 0 ? m - s - 1 : 0, &sb, &se);
    if (pb == sb && pe - pb <= SHORT_PART_LEN && count_parts(t, m) >= 2 &&
        count_parts(c, n) == count_parts(t, m))
        return true;
    if (d < 2)
        return false;
    if ((n == m + 2 || m == n + 2) && at_part_end && (n - p - s == 0 || m - p - s == 0))
        return true;
    if (count_parts(c, n) != count_parts(t, m))
        return true;
    size_t b1, e1, b2, e2;
    part_at(t, m, p < m ? p : m - 1, &b1, &e1);
    part_at(t, m, m - s > 0 ? m - s - 1 : 0, &b2, &e2);
    return b1 == b2 && e1 - b1 < 8;
}
