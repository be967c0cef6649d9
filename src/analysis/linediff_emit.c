/* After the search: change groups slid as xdiff slides them, the edit
 * script, and the hunks in libgit2's text (linediff.h). */
#include <stdlib.h>
#include <string.h>

#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"
#include "linediff_priv.h"

enum {
    FUNC_MAX = 80,          /* function text kept in a hunk header */
    FLUSH_AT = 64 << 10,
};

/* [start, end) changed records of a side, possibly empty. */
struct group {
    int64_t start, end;
};

static void group_init(const struct ld_side *s, struct group *g)
{
    g->start = g->end = 0;
    while (s->rchg[g->end])
        g->end++;
}

static bool group_next(const struct ld_side *s, struct group *g)
{
    if (g->end == s->n)
        return false;
    g->start = g->end + 1;
    for (g->end = g->start; s->rchg[g->end]; g->end++)
        ;
    return true;
}

static bool group_previous(const struct ld_side *s, struct group *g)
{
    if (g->start == 0)
        return false;
    g->end = g->start - 1;
    for (g->start = g->end; s->rchg[g->start - 1]; g->start--)
        ;
    return true;
}

/* One record down when the record after the group equals its first,
 * taking in a group it then touches. */
static bool slide_down(struct ld_side *s, struct group *g)
{
    if (g->end >= s->n || s->cls[g->start] != s->cls[g->end])
        return false;
    s->rchg[g->start++] = 0;
    s->rchg[g->end++] = 1;
    while (s->rchg[g->end])
        g->end++;
    return true;
}

static bool slide_up(struct ld_side *s, struct group *g)
{
    if (g->start <= 0 || s->cls[g->start - 1] != s->cls[g->end - 1])
        return false;
    s->rchg[--g->start] = 1;
    s->rchg[--g->end] = 0;
    while (s->rchg[g->start - 1])
        g->start--;
    return true;
}

static void compact_group(struct ld_side *a, const struct ld_side *b, struct group *g,
                          struct group *go)
{
    int64_t size, earliest_end, end_matching_other;
    do {
        size = g->end - g->start;
        end_matching_other = -1;
        while (slide_up(a, g))
            group_previous(b, go);
        earliest_end = g->end;
        if (go->end > go->start)
            end_matching_other = g->end;
        while (slide_down(a, g)) {
            group_next(b, go);
            if (go->end > go->start)
                end_matching_other = g->end;
        }
    } while (size != g->end - g->start);
    if (g->end != earliest_end && end_matching_other != -1)
        while (go->end == go->start) {
            slide_up(a, g);
            group_previous(b, go);
        }
}

void ld_compact(struct ld_side *a, const struct ld_side *b)
{
    struct group g, go;
    group_init(a, &g);
    group_init(b, &go);
    for (;;) {
        if (g.end != g.start)
            compact_group(a, b, &g, &go);
        if (!group_next(a, &g))
            break;
        group_next(b, &go);
    }
}

struct change {
    int64_t i1, i2, chg1, chg2;
};

typedef VEC(struct change) change_vec;

/* The changes, first to last (found last to first). */
static void build_script(const struct ld_side *a, const struct ld_side *b, change_vec *out)
{
    int64_t i1 = a->n, i2 = b->n;
    while (i1 > 0 || i2 > 0) {
        if ((i1 > 0 && a->rchg[i1 - 1]) || (i2 > 0 && b->rchg[i2 - 1])) {
            int64_t l1 = i1, l2 = i2;
            while (i1 > 0 && a->rchg[i1 - 1])
                i1--;
            while (i2 > 0 && b->rchg[i2 - 1])
                i2--;
            *VEC_ADD(out) = (struct change){i1, i2, l1 - i1, l2 - i2};
        }
        i1--;
        i2--;
    }
    for (size_t i = 0, j = out->len; i + 1 < j; i++, j--) {
        struct change t = out->items[i];
        out->items[i] = out->items[j - 1];
        out->items[j - 1] = t;
    }
}

struct ld_out {
    struct strbuf sb;
    const struct linediff_sink *sink;
    size_t func_len;
    char func[FUNC_MAX];
};

static void out_flush(struct ld_out *o)
{
    if (o->sb.len)
        o->sink->write(o->sink->priv, o->sb.buf, o->sb.len);
    strbuf_reset(&o->sb);
}

static void out_rec(struct ld_out *o, const struct ld_side *s, int64_t i, char pre)
{
    const char *p = (const char *)s->p + s->off[i];
    size_t len = s->off[i + 1] - s->off[i];
    strbuf_putc(&o->sb, pre);
    strbuf_append(&o->sb, p, len);
    if (len && p[len - 1] != '\n')
        strbuf_puts(&o->sb, "\n\\ No newline at end of file\n");
    if (o->sb.len >= FLUSH_AT)
        out_flush(o);
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '\v';
}

/* libgit2's default function line: trailing space cut, it starts with a
 * letter, '_' or '$'; up to FUNC_MAX bytes kept. */
static bool match_func(struct ld_out *o, const struct ld_side *a, int64_t l)
{
    const unsigned char *p = a->p + a->off[l];
    size_t len = a->off[l + 1] - a->off[l];
    while (len && is_space(p[len - 1]))
        len--;
    if (!len || !((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z') || p[0] == '_' ||
                  p[0] == '$'))
        return false;
    o->func_len = len > FUNC_MAX ? FUNC_MAX : len;
    memcpy(o->func, p, o->func_len);
    return true;
}

/* Searched from the line above the hunk up to where the last search began;
 * when none is found there, the previous hunk's function still holds. */
static void find_func(struct ld_out *o, const struct ld_side *a, int64_t start, int64_t limit)
{
    for (int64_t l = start; l != limit && l >= 0 && l < a->n; l--)
        if (match_func(o, a, l))
            return;
}

static void put_range(struct strbuf *sb, int64_t s, int64_t c)
{
    strbuf_put_uint(sb, (unsigned long long)(c ? s : s - 1));
    if (c != 1) {
        strbuf_putc(sb, ',');
        strbuf_put_uint(sb, (unsigned long long)c);
    }
}

static void hunk_header(struct ld_out *o, int64_t s1, int64_t c1, int64_t s2, int64_t c2)
{
    strbuf_puts(&o->sb, "@@ -");
    put_range(&o->sb, s1, c1);
    strbuf_puts(&o->sb, " +");
    put_range(&o->sb, s2, c2);
    strbuf_puts(&o->sb, " @@");
    if (o->func_len) {
        strbuf_putc(&o->sb, ' ');
        strbuf_append(&o->sb, o->func, o->func_len);
    }
    strbuf_putc(&o->sb, '\n');
}

/* Changes [first, last] as one hunk with ctx lines around. */
static void emit_hunk(struct ld_out *o, const struct ld_side *a, const struct ld_side *b,
                      const struct change *c, size_t first, size_t last, int64_t ctx,
                      int64_t *funcprev)
{
    const struct change *x = &c[first], *xe = &c[last];
    int64_t s1 = x->i1 - ctx > 0 ? x->i1 - ctx : 0, s2 = x->i2 - ctx > 0 ? x->i2 - ctx : 0;
    int64_t e1 = xe->i1 + xe->chg1 + ctx, e2 = xe->i2 + xe->chg2 + ctx;
    if (e1 > a->n)
        e1 = a->n;
    if (e2 > b->n)
        e2 = b->n;
    find_func(o, a, s1 - 1, *funcprev);
    *funcprev = s1 - 1;
    hunk_header(o, s1 + 1, e1 - s1, s2 + 1, e2 - s2);
    for (; s2 < x->i2; s2++)
        out_rec(o, b, s2, ' ');
    s1 = x->i1;
    s2 = x->i2;
    for (size_t k = first; k <= last; k++) {
        x = &c[k];
        for (; s1 < x->i1 && s2 < x->i2; s1++, s2++)
            out_rec(o, b, s2, ' ');
        for (s1 = x->i1; s1 < x->i1 + x->chg1; s1++)
            out_rec(o, a, s1, '-');
        for (s2 = x->i2; s2 < x->i2 + x->chg2; s2++)
            out_rec(o, b, s2, '+');
        s1 = x->i1 + x->chg1;
        s2 = x->i2 + x->chg2;
    }
    for (s2 = xe->i2 + xe->chg2; s2 < e2; s2++)
        out_rec(o, b, s2, ' ');
}

static void emit_hunks(const struct ld_side *a, const struct ld_side *b, const change_vec *cs,
                       int64_t ctx, const struct linediff_sink *sink)
{
    struct ld_out o = {STRBUF_INIT, sink, 0, {0}};
    int64_t funcprev = -1;
    for (size_t i = 0; i < cs->len;) {
        size_t last = i;   /* changes with at most 2 * ctx lines between share a hunk */
        while (last + 1 < cs->len &&
               cs->items[last + 1].i1 - (cs->items[last].i1 + cs->items[last].chg1) <= 2 * ctx)
            last++;
        emit_hunk(&o, a, b, cs->items, i, last, ctx, &funcprev);
        i = last + 1;
    }
    out_flush(&o);
    strbuf_fini(&o.sb);
}

bool ld_emit(const struct ld_side *a, const struct ld_side *b, unsigned context,
             const struct linediff_sink *out, struct linediff_counts *counts)
{
    change_vec cs = {0};
    build_script(a, b, &cs);
    counts->added = counts->removed = 0;
    for (size_t i = 0; i < cs.len; i++) {
        counts->added += (size_t)cs.items[i].chg2;
        counts->removed += (size_t)cs.items[i].chg1;
    }
    if (out)
        emit_hunks(a, b, &cs, (int64_t)context, out);
    VEC_FREE(&cs);
    return true;
}
