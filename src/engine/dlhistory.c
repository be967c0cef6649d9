/* Download history buckets for the sparkline: daily counts summed per
 * week (or month), Hex's recorded totals spread evenly over the days
 * between two refreshes. */
#include "depvet/engine/dlhistory.h"

#include <stdio.h>
#include <string.h>

#include "depvet/core/numfmt.h"
#include "depvet/core/timeutil.h"

#define DAY 86400

void dlhistory_record_total(struct arena *a, struct reg_package *p, int64_t now)
{
    if (p->eco != ECO_HEX || p->n_series || p->downloads.total < 0 || now <= 0)
        return;
    p->series = arena_alloc(a, sizeof(*p->series));
    p->series[0].day = now - now % DAY;
    p->series[0].count = p->downloads.total;
    p->n_series = 1;
}

/* How many buckets of h->bucket cover first..last, within room. */
static int bucket_count(const struct dlhistory *h, int room)
{
    int64_t nb = (h->last - h->first) / h->bucket + 1;
    if (nb > DLHISTORY_MAX)
        nb = DLHISTORY_MAX;
    if (nb > room)
        nb = room > 4 ? room : 4;
    return (int)nb;
}

static void add_daily(struct dlhistory *h, const struct reg_point *s, size_t n, int64_t start)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i].day < start || s[i].count < 0)
            continue;
        int64_t b = (s[i].day - start) / h->bucket;
        if (b >= 0 && b < h->n)
            h->sums[b] = reg_add_sat(h->sums[b], s[i].count);
    }
}

/* The downloads between two recorded totals, by the days t0+1 .. t1 each
 * bucket holds; a total that went down (a registry correction) is left
 * out rather than drawn as a negative week. */
static void add_interval(struct dlhistory *h, const struct reg_point *p0,
                         const struct reg_point *p1, int64_t start)
{
    int64_t span = p1->day - p0->day;
    if (p0->count < 0 || p1->count < p0->count || span <= 0)
        return;
    double per_sec = (double)(p1->count - p0->count) / (double)span;
    for (int b = 0; b < h->n; b++) {
        int64_t bs = start + (int64_t)b * h->bucket, be = bs + h->bucket;
        int64_t lo = p0->day + DAY > bs ? p0->day + DAY : bs;
        int64_t hi = p1->day + DAY < be ? p1->day + DAY : be;
        if (hi > lo)
            h->sums[b] = reg_add_sat(h->sums[b], (int64_t)(per_sec * (double)(hi - lo) + 0.5));
    }
}

bool dlhistory_build(const struct reg_package *p, int room, struct dlhistory *h)
{
    memset(h, 0, sizeof(*h));
    h->points = p->n_series;
    h->recorded = p->eco == ECO_HEX;
    h->max = 1;
    if (p->n_series < 2)
        return false;
    h->first = p->series[0].day;
    h->last = p->series[p->n_series - 1].day;
    h->bucket = h->last - h->first > 400 * DAY ? 30 * DAY : 7 * DAY;
    h->n = bucket_count(h, room);
    int64_t start = h->last - (int64_t)h->n * h->bucket + DAY;
    if (!h->recorded)
        add_daily(h, p->series, p->n_series, start);
    for (size_t i = 1; h->recorded && i < p->n_series; i++)
        add_interval(h, &p->series[i - 1], &p->series[i], start);
    for (int b = 0; b < h->n; b++)
        if (h->sums[b] > h->max)
            h->max = h->sums[b];
    return true;
}

void dlhistory_bars(const struct dlhistory *h, bool ascii, struct strbuf *out)
{
    static const char *const blocks[8] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char ascii_levels[] = "_.-:=+*#";
    for (int b = 0; b < h->n; b++) {
        int lvl = (int)((double)h->sums[b] * 7.0 / (double)h->max + 0.5);
        if (ascii)
            strbuf_putc(out, ascii_levels[lvl]);
        else
            strbuf_puts(out, blocks[lvl]);
    }
}

const char *dlhistory_unit(const struct dlhistory *h)
{
    return h->bucket > 7 * DAY ? "per month" : "per week";
}

void dlhistory_note(const struct dlhistory *h, char *out, size_t n)
{
    char pts[32], since[32];
    timeutil_format_date(h->first, "?", since, sizeof(since));
    if (!h->recorded || !h->points)
        snprintf(out, n, "%s", "");
    else if (h->points == 1)
        snprintf(out, n, "1 refresh recorded so far");
    else
        snprintf(out, n, "from %s refreshes since %s",
                 count_grouped((int64_t)h->points, pts, sizeof(pts)), since);
}
