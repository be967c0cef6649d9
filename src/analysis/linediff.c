/* Line diff with xdiff's algorithm and libgit2's hunk text (linediff.h).
 * Indices follow xdiff's: records of a side are 0..n-1, the reduced
 * sequence (lines left in the search) is 0..nreff-1, rchg[-1] and rchg[n]
 * exist and stay 0, so group walks need no bounds tests. */
#include "depvet/analysis/linediff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linediff_priv.h"

/* xdiff's tuning, kept so the hunks come out the same. */
enum {
    MAX_COST_MIN = 256,     /* the search gives up past max(this, sqrt(lines)) */
    HEUR_MIN_COST = 256,    /* edit cost past which a long snake may end it */
    SNAKE_CNT = 20,         /* a "long" snake */
    K_HEUR = 4,
    MAX_EQLIMIT = 1024,     /* a line matching this often is "too common" */
    SIMSCAN_WINDOW = 100,
    KPDIS_RUN = 4,
};
#define LINE_MAX_POS INT32_MAX


struct ld_class {
    uint32_t at;            /* first record's offset, SIDE_B set when on b's side */
    uint32_t len;
    uint32_t count[2];      /* records of this class on each side */
};

#define SIDE_B 0x80000000u   /* texts are under 2 GiB: the top bit is free */

struct ld_slot {
    uint32_t hash;          /* the line's hash: most misses end here */
    uint32_t idx;           /* class index + 1, 0 free */
};

struct ld_classes {
    const unsigned char *base[2];   /* each side's text */
    struct ld_class *v;
    size_t n, cap;
    struct ld_slot *slot;
    size_t mask;
};

static uint64_t line_hash(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

/* The records' starts in one pass of memchr (the array grown as it goes),
 * then the per-record arrays at their size. */
static bool side_split(struct ld_side *s, const unsigned char *p, size_t len)
{
    s->p = p;
    size_t n = 0, cap = len / 32 + 16;
    s->off = malloc(cap * sizeof(*s->off));
    /* no arithmetic on a NULL p: an empty side may come without a buffer */
    for (const unsigned char *q = p, *end = len ? p + len : p; s->off && q < end; n++) {
        if (n + 1 >= cap) {
            uint32_t *grown = realloc(s->off, (cap *= 2) * sizeof(*s->off));
            if (!grown)
                return false;
            s->off = grown;
        }
        s->off[n] = (uint32_t)(q - p);
        const unsigned char *nl = memchr(q, '\n', (size_t)(end - q));
        q = nl ? nl + 1 : end;
    }
    if (!s->off)
        return false;
    s->off[n] = (uint32_t)len;
    s->n = (int64_t)n;
    s->cls = malloc((n + 1) * sizeof(*s->cls));
    s->rchg = calloc(n + 2, 1);
    s->dis = calloc(n + 1, 1);
    s->rindex = malloc((n + 1) * sizeof(*s->rindex));
    s->ha = malloc((n + 1) * sizeof(*s->ha));
    if (!s->cls || !s->rchg || !s->dis || !s->rindex || !s->ha)
        return false;
    s->rchg++;
    return true;
}

static void side_free(struct ld_side *s)
{
    free(s->off);
    free(s->cls);
    free(s->rchg ? s->rchg - 1 : NULL);
    free(s->dis);
    free(s->rindex);
    free(s->ha);
}

static void side_drop_prep(struct ld_side *s)
{
    free(s->dis);
    s->dis = NULL;
}

static bool classes_init(struct ld_classes *c, size_t lines)
{
    size_t cap = 64;
    while (cap < lines + lines / 2)   /* at most two thirds full */
        cap <<= 1;
    c->slot = calloc(cap, sizeof(*c->slot));
    c->mask = cap - 1;
    c->cap = lines + 1;
    c->v = malloc(c->cap * sizeof(*c->v));
    c->n = 0;
    return c->slot && c->v;
}

static bool same_line(const struct ld_classes *c, const struct ld_class *k,
                      const unsigned char *p, uint32_t len)
{
    const unsigned char *q = c->base[(k->at & SIDE_B) != 0] + (k->at & ~SIDE_B);
    return k->len == len && memcmp(q, p, len) == 0;
}

/* Each record's class; equal lines share one.  The hashes are made
 * first (into cls), so the table slot a few records ahead can be
 * prefetched: a large file's table is out of cache and a miss a line
 * would cost more than the rest of the work. */
static void classify(struct ld_classes *c, struct ld_side *s, int which)
{
    enum { AHEAD = 16 };
    for (int64_t i = 0; i < s->n; i++)
        s->cls[i] = (uint32_t)line_hash(s->p + s->off[i], s->off[i + 1] - s->off[i]);
    for (int64_t i = 0; i < s->n; i++) {
        if (i + AHEAD < s->n)
            __builtin_prefetch(&c->slot[s->cls[i + AHEAD] & c->mask]);
        const unsigned char *p = s->p + s->off[i];
        uint32_t len = s->off[i + 1] - s->off[i], h = s->cls[i];
        for (size_t at = h & c->mask;; at = (at + 1) & c->mask) {
            uint32_t k = c->slot[at].idx;
            if (!k) {
                c->v[c->n] = (struct ld_class){s->off[i] | (which ? SIDE_B : 0), len, {0, 0}};
                c->slot[at] = (struct ld_slot){h, (uint32_t)++c->n};
                k = (uint32_t)c->n;
            } else if (c->slot[at].hash != h || !same_line(c, &c->v[k - 1], p, len)) {
                continue;
            }
            c->v[k - 1].count[which]++;
            s->cls[i] = k - 1;
            break;
        }
    }
}

/* Common first and last records take no part in the search. */
static void trim_ends(struct ld_side *a, struct ld_side *b)
{
    int64_t lim = a->n < b->n ? a->n : b->n, i = 0;
    while (i < lim && a->cls[i] == b->cls[i])
        i++;
    a->dstart = b->dstart = i;
    int64_t j = 0;
    for (lim -= i; j < lim && a->cls[a->n - 1 - j] == b->cls[b->n - 1 - j]; j++)
        ;
    a->dend = a->n - j - 1;
    b->dend = b->n - j - 1;
}

static int64_t bogosqrt(int64_t n)
{
    int64_t i = 1;
    for (; n > 0; n >>= 2)
        i <<= 1;
    return i;
}

/* A line matching too often is left out when it sits in a run mostly of
 * lines without any match. */
static bool clean_mmatch(const char *dis, int64_t i, int64_t s, int64_t e)
{
    if (i - s > SIMSCAN_WINDOW)
        s = i - SIMSCAN_WINDOW;
    if (e - i > SIMSCAN_WINDOW)
        e = i + SIMSCAN_WINDOW;
    int64_t r, rdis0 = 0, rpdis0 = 1, rdis1 = 0, rpdis1 = 1;
    for (r = 1; i - r >= s; r++) {
        if (!dis[i - r])
            rdis0++;
        else if (dis[i - r] == 2)
            rpdis0++;
        else
            break;
    }
    if (rdis0 == 0)
        return false;
    for (r = 1; i + r <= e; r++) {
        if (!dis[i + r])
            rdis1++;
        else if (dis[i + r] == 2)
            rpdis1++;
        else
            break;
    }
    if (rdis1 == 0)
        return false;
    rdis1 += rdis0;
    rpdis1 += rpdis0;
    return rpdis1 * KPDIS_RUN < rpdis1 + rdis1;
}

/* Which middle records enter the search: the rest are changes already. */
static void cleanup_side(const struct ld_classes *c, struct ld_side *s, int other)
{
    int64_t mlim = bogosqrt(s->n);
    if (mlim > MAX_EQLIMIT)
        mlim = MAX_EQLIMIT;
    for (int64_t i = s->dstart; i <= s->dend; i++) {
        uint32_t nm = c->v[s->cls[i]].count[other];
        s->dis[i] = nm == 0 ? 0 : nm >= mlim ? 2 : 1;
    }
    s->nreff = 0;
    for (int64_t i = s->dstart; i <= s->dend; i++) {
        if (s->dis[i] == 1 || (s->dis[i] == 2 && !clean_mmatch(s->dis, i, s->dstart, s->dend))) {
            s->rindex[s->nreff] = (uint32_t)i;
            s->ha[s->nreff++] = s->cls[i];
        } else {
            s->rchg[i] = 1;
        }
    }
}

struct ld_search {
    const uint32_t *ha1, *ha2;
    int32_t *kvdf, *kvdb;   /* furthest i1 on each diagonal, forward and back */
    int64_t mxcost;
};

/* The box being split and both searches' reach (diagonal k = i1 - i2). */
struct ld_box {
    int64_t off1, lim1, off2, lim2;
    int64_t dmin, dmax, fmid, bmid;
    int64_t fmin, fmax, bmin, bmax;
    bool odd;
};

struct ld_split {
    int64_t i1, i2;
    bool min_lo, min_hi;
};


/* The forward search's next cost: every diagonal in reach extended by one
 * edit then along its snake; true (spl set) where it meets the backward
 * search. */
static bool forward_step(const struct ld_search *x, struct ld_box *bx, bool *got_snake,
                         struct ld_split *spl)
{
    int32_t *kvdf = x->kvdf;
    if (bx->fmin > bx->dmin)
        kvdf[--bx->fmin - 1] = -1;
    else
        ++bx->fmin;
    if (bx->fmax < bx->dmax)
        kvdf[++bx->fmax + 1] = -1;
    else
        --bx->fmax;
    for (int64_t d = bx->fmax; d >= bx->fmin; d -= 2) {
        int64_t i1 = kvdf[d - 1] >= kvdf[d + 1] ? kvdf[d - 1] + 1 : kvdf[d + 1];
        int64_t prev1 = i1, i2 = i1 - d;
        while (i1 < bx->lim1 && i2 < bx->lim2 && x->ha1[i1] == x->ha2[i2])
            i1++, i2++;
        if (i1 - prev1 > SNAKE_CNT)
            *got_snake = true;
        kvdf[d] = (int32_t)i1;
        if (bx->odd && bx->bmin <= d && d <= bx->bmax && x->kvdb[d] <= i1) {
            *spl = (struct ld_split){i1, i2, true, true};
            return true;
        }
    }
    return false;
}

static bool backward_step(const struct ld_search *x, struct ld_box *bx, bool *got_snake,
                          struct ld_split *spl)
{
    int32_t *kvdb = x->kvdb;
    if (bx->bmin > bx->dmin)
        kvdb[--bx->bmin - 1] = LINE_MAX_POS;
    else
        ++bx->bmin;
    if (bx->bmax < bx->dmax)
        kvdb[++bx->bmax + 1] = LINE_MAX_POS;
    else
        --bx->bmax;
    for (int64_t d = bx->bmax; d >= bx->bmin; d -= 2) {
        int64_t i1 = kvdb[d - 1] < kvdb[d + 1] ? kvdb[d - 1] : kvdb[d + 1] - 1;
        int64_t prev1 = i1, i2 = i1 - d;
        while (i1 > bx->off1 && i2 > bx->off2 && x->ha1[i1 - 1] == x->ha2[i2 - 1])
            i1--, i2--;
        if (prev1 - i1 > SNAKE_CNT)
            *got_snake = true;
        kvdb[d] = (int32_t)i1;
        if (!bx->odd && bx->fmin <= d && d <= bx->fmax && i1 <= x->kvdf[d]) {
            *spl = (struct ld_split){i1, i2, true, true};
            return true;
        }
    }
    return false;
}

/* Past HEUR_MIN_COST: a diagonal far along (i1 + i2, less its distance
 * from the middle one) that ends in a long snake is taken as the split. */
static bool heuristic_split(const struct ld_search *x, const struct ld_box *bx, int64_t ec,
                            struct ld_split *spl)
{
    int64_t best = 0;
    for (int64_t d = bx->fmax; d >= bx->fmin; d -= 2) {
        int64_t dd = d > bx->fmid ? d - bx->fmid : bx->fmid - d;
        int64_t i1 = x->kvdf[d], i2 = i1 - d;
        int64_t v = (i1 - bx->off1) + (i2 - bx->off2) - dd;
        if (v > K_HEUR * ec && v > best && bx->off1 + SNAKE_CNT <= i1 && i1 < bx->lim1 &&
            bx->off2 + SNAKE_CNT <= i2 && i2 < bx->lim2)
            for (int64_t k = 1; x->ha1[i1 - k] == x->ha2[i2 - k]; k++)
                if (k == SNAKE_CNT) {
                    best = v;
                    *spl = (struct ld_split){i1, i2, true, false};
                    break;
                }
    }
    if (best > 0)
        return true;
    for (int64_t d = bx->bmax; d >= bx->bmin; d -= 2) {
        int64_t dd = d > bx->bmid ? d - bx->bmid : bx->bmid - d;
        int64_t i1 = x->kvdb[d], i2 = i1 - d;
        int64_t v = (bx->lim1 - i1) + (bx->lim2 - i2) - dd;
        if (v > K_HEUR * ec && v > best && bx->off1 < i1 && i1 <= bx->lim1 - SNAKE_CNT &&
            bx->off2 < i2 && i2 <= bx->lim2 - SNAKE_CNT)
            for (int64_t k = 0; x->ha1[i1 + k] == x->ha2[i2 + k]; k++)
                if (k == SNAKE_CNT - 1) {
                    best = v;
                    *spl = (struct ld_split){i1, i2, false, true};
                    break;
                }
    }
    return best > 0;
}

/* Too costly: the furthest reaching path of either search. */
static void give_up_split(const struct ld_search *x, const struct ld_box *bx,
                          struct ld_split *spl)
{
    int64_t fbest = -1, fbest1 = -1, bbest = INT64_MAX, bbest1 = INT64_MAX;
    for (int64_t d = bx->fmax; d >= bx->fmin; d -= 2) {
        int64_t i1 = x->kvdf[d] < bx->lim1 ? x->kvdf[d] : bx->lim1, i2 = i1 - d;
        if (bx->lim2 < i2)
            i1 = bx->lim2 + d, i2 = bx->lim2;
        if (fbest < i1 + i2) {
            fbest = i1 + i2;
            fbest1 = i1;
        }
    }
    for (int64_t d = bx->bmax; d >= bx->bmin; d -= 2) {
        int64_t i1 = x->kvdb[d] > bx->off1 ? x->kvdb[d] : bx->off1, i2 = i1 - d;
        if (i2 < bx->off2)
            i1 = bx->off2 + d, i2 = bx->off2;
        if (i1 + i2 < bbest) {
            bbest = i1 + i2;
            bbest1 = i1;
        }
    }
    if ((bx->lim1 + bx->lim2) - bbest < fbest - (bx->off1 + bx->off2))
        *spl = (struct ld_split){fbest1, fbest - fbest1, true, false};
    else
        *spl = (struct ld_split){bbest1, bbest - bbest1, false, true};
}

/* Where to cut the box in two: the middle snake, or a heuristic's guess. */
static void split(const struct ld_search *x, int64_t off1, int64_t lim1, int64_t off2,
                  int64_t lim2, bool need_min, struct ld_split *spl)
{
    struct ld_box bx = {off1, lim1, off2, lim2, off1 - lim2, lim1 - off2, off1 - off2,
                        lim1 - lim2, 0, 0, 0, 0, false};
    bx.odd = ((bx.fmid - bx.bmid) & 1) != 0;
    bx.fmin = bx.fmax = bx.fmid;
    bx.bmin = bx.bmax = bx.bmid;
    x->kvdf[bx.fmid] = (int32_t)off1;
    x->kvdb[bx.bmid] = (int32_t)lim1;
    for (int64_t ec = 1;; ec++) {
        bool got_snake = false;
        if (forward_step(x, &bx, &got_snake, spl) || backward_step(x, &bx, &got_snake, spl))
            return;
        if (need_min)
            continue;
        if (got_snake && ec > HEUR_MIN_COST && heuristic_split(x, &bx, ec, spl))
            return;
        if (ec >= x->mxcost) {
            give_up_split(x, &bx, spl);
            return;
        }
    }
}

static void mark(struct ld_side *s, int64_t from, int64_t to)
{
    for (int64_t i = from; i < to; i++)
        s->rchg[s->rindex[i]] = 1;
}

/* Divide and conquer on the reduced sequences [off1, lim1) x [off2, lim2). */
static void recs_cmp(const struct ld_search *x, struct ld_side *a, int64_t off1, int64_t lim1,
                     struct ld_side *b, int64_t off2, int64_t lim2, bool need_min)
{
    while (off1 < lim1 && off2 < lim2 && x->ha1[off1] == x->ha2[off2])
        off1++, off2++;
    while (off1 < lim1 && off2 < lim2 && x->ha1[lim1 - 1] == x->ha2[lim2 - 1])
        lim1--, lim2--;
    if (off1 == lim1) {
        mark(b, off2, lim2);
    } else if (off2 == lim2) {
        mark(a, off1, lim1);
    } else {
        struct ld_split spl = {0, 0, false, false};
        split(x, off1, lim1, off2, lim2, need_min, &spl);
        recs_cmp(x, a, off1, spl.i1, b, off2, spl.i2, spl.min_lo);
        recs_cmp(x, a, spl.i1, lim1, b, spl.i2, lim2, spl.min_hi);
    }
}

static bool do_search(struct ld_side *a, struct ld_side *b)
{
    int64_t ndiags = a->nreff + b->nreff + 3;
    int32_t *kvd = malloc((size_t)(2 * ndiags + 2) * sizeof(*kvd));
    if (!kvd)
        return false;
    struct ld_search x = {a->ha, b->ha, kvd + b->nreff + 1, kvd + ndiags + b->nreff + 1,
                          bogosqrt(ndiags)};
    if (x.mxcost < MAX_COST_MIN)
        x.mxcost = MAX_COST_MIN;
    recs_cmp(&x, a, 0, a->nreff, b, 0, b->nreff, false);
    free(kvd);
    return true;
}

bool linediff_run(const void *a_buf, size_t a_len, const void *b_buf, size_t b_len,
                  unsigned context, const struct linediff_sink *out,
                  struct linediff_counts *counts)
{
    if (a_len >= INT32_MAX || b_len >= INT32_MAX)
        return false;
    struct ld_side a = {0}, b = {0};
    struct ld_classes c = {0};
    bool ok = side_split(&a, a_buf, a_len) && side_split(&b, b_buf, b_len) &&
              classes_init(&c, (size_t)(a.n + b.n));
    if (ok) {
        c.base[0] = a.p;
        c.base[1] = b.p;
        classify(&c, &a, 0);
        classify(&c, &b, 1);
        trim_ends(&a, &b);
        cleanup_side(&c, &a, 1);
        cleanup_side(&c, &b, 0);
        /* What the search does not need goes before it allocates. */
        free(c.slot);
        free(c.v);
        c.slot = NULL;
        c.v = NULL;
        side_drop_prep(&a);
        side_drop_prep(&b);
        ok = do_search(&a, &b);
    }
    if (ok) {
        ld_compact(&a, &b);
        ld_compact(&b, &a);
        ok = ld_emit(&a, &b, context, out, counts);
    }
    free(c.slot);
    free(c.v);
    side_free(&a);
    side_free(&b);
    return ok;
}
