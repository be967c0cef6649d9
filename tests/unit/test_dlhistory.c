/* The sparkline's download history: daily series summed per week, Hex's
 * recorded totals turned into downloads between refreshes. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/engine/dlhistory.h"

#define DAY 86400
#define T0 (int64_t)1725235200   /* 2024-09-02, a Monday */

static struct reg_package *with_series(struct arena *a, enum ecosystem eco,
                                       const int64_t (*pts)[2], size_t n)
{
    struct reg_package *p = reg_package_new(a, eco, "x");
    p->series = arena_alloc(a, (n ? n : 1) * sizeof(*p->series));
    for (size_t i = 0; i < n; i++)
        p->series[i] = (struct reg_point){T0 + pts[i][0] * DAY, pts[i][1]};
    p->n_series = n;
    return p;
}

/* npm and pypistats: counts a day, summed per week ending at the last. */
Test(dlhistory, daily_counts_per_week)
{
    struct arena *a = arena_new();
    int64_t pts[14][2];
    for (int i = 0; i < 14; i++) {
        pts[i][0] = i;
        pts[i][1] = i < 7 ? 10 : 30;
    }
    struct reg_package *p = with_series(a, ECO_NPM, (const int64_t(*)[2])pts, 14);
    struct dlhistory h;
    cr_assert(dlhistory_build(p, 60, &h));
    cr_expect_not(h.recorded);
    cr_assert_eq(h.n, 2);
    cr_expect_eq(h.sums[0], 70);
    cr_expect_eq(h.sums[1], 210);
    cr_expect_eq(h.max, 210);
    cr_expect_str_eq(dlhistory_unit(&h), "per week");
    struct strbuf sb = STRBUF_INIT;
    dlhistory_bars(&h, true, &sb);
    cr_expect_str_eq(strbuf_str(&sb), "-#", "a third of the top is level 2");
    strbuf_fini(&sb);
    char note[128];
    dlhistory_note(&h, note, sizeof(note));
    cr_expect_str_eq(note, "", "a registry's own series needs no note");
    arena_free(a);
}

/* Hex: all-time totals at three refreshes a week apart; a total that went
 * down is left out, not drawn below zero. */
Test(dlhistory, hex_totals_between_refreshes)
{
    struct arena *a = arena_new();
    const int64_t pts[][2] = {{0, 1000}, {7, 1700}, {14, 3100}};
    struct reg_package *p = with_series(a, ECO_HEX, pts, 3);
    struct dlhistory h;
    cr_assert(dlhistory_build(p, 60, &h));
    cr_expect(h.recorded);
    cr_expect_eq(h.points, 3);
    cr_assert_eq(h.n, 3, "days 0..14 span three weeks ending at the last");
    cr_expect_eq(h.sums[0], 0, "nothing is known before the first refresh");
    cr_expect_eq(h.sums[1], 700);
    cr_expect_eq(h.sums[2], 1400);
    char note[128];
    dlhistory_note(&h, note, sizeof(note));
    cr_expect_str_eq(note, "from 3 refreshes since 2024-09-02");
    const int64_t down[][2] = {{0, 1000}, {3, 900}, {7, 1600}};
    p = with_series(a, ECO_HEX, down, 3);
    cr_assert(dlhistory_build(p, 60, &h));
    int64_t total = 0;
    for (int b = 0; b < h.n; b++) {
        cr_expect_geq(h.sums[b], 0);
        total += h.sums[b];
    }
    cr_expect_eq(total, 700, "only the rise after the correction counts: %lld",
                 (long long)total);
    arena_free(a);
}

/* Unevenly spaced refreshes spread their downloads over the days between. */
Test(dlhistory, hex_uneven_refreshes)
{
    struct arena *a = arena_new();
    const int64_t pts[][2] = {{0, 0}, {14, 1400}};
    struct reg_package *p = with_series(a, ECO_HEX, pts, 2);
    struct dlhistory h;
    cr_assert(dlhistory_build(p, 60, &h));
    cr_assert_eq(h.n, 3);
    cr_expect_eq(h.sums[0], 0, "days -6..0: before the first point");
    cr_expect_eq(h.sums[1], 700);
    cr_expect_eq(h.sums[2], 700);
    arena_free(a);
}

/* One recorded total draws nothing yet, and says so. */
Test(dlhistory, one_point)
{
    struct arena *a = arena_new();
    const int64_t pts[][2] = {{0, 5000}};
    struct dlhistory h;
    cr_expect_not(dlhistory_build(with_series(a, ECO_HEX, pts, 1), 60, &h));
    char note[128];
    dlhistory_note(&h, note, sizeof(note));
    cr_expect_str_eq(note, "1 refresh recorded so far");
    cr_expect_not(dlhistory_build(with_series(a, ECO_PYPI, pts, 0), 60, &h));
    dlhistory_note(&h, note, sizeof(note));
    cr_expect_str_eq(note, "");
    arena_free(a);
}

/* What a Hex refresh adds to the record before it is stored. */
Test(dlhistory, record_total)
{
    struct arena *a = arena_new();
    struct reg_package *p = reg_package_new(a, ECO_HEX, "plug");
    p->downloads.total = 123456;
    dlhistory_record_total(a, p, T0 + 5 * 3600);
    cr_assert_eq(p->n_series, 1);
    cr_expect_eq(p->series[0].day, T0, "the day, at 00:00 UTC");
    cr_expect_eq(p->series[0].count, 123456);
    struct reg_package *u = reg_package_new(a, ECO_HEX, "unknown");
    dlhistory_record_total(a, u, T0);
    cr_expect_eq(u->n_series, 0, "no total, no point");
    struct reg_package *n = reg_package_new(a, ECO_NPM, "left-pad");
    n->downloads.total = 10;
    dlhistory_record_total(a, n, T0);
    cr_expect_eq(n->n_series, 0, "npm has its own daily series");
    arena_free(a);
}

/* A narrow pane gets fewer buckets, never fewer than four. */
Test(dlhistory, room)
{
    struct arena *a = arena_new();
    int64_t pts[84][2];
    for (int i = 0; i < 84; i++) {
        pts[i][0] = i;
        pts[i][1] = 1;
    }
    struct reg_package *p = with_series(a, ECO_PYPI, (const int64_t(*)[2])pts, 84);
    struct dlhistory h;
    cr_assert(dlhistory_build(p, 60, &h));
    cr_expect_eq(h.n, 12);
    cr_assert(dlhistory_build(p, 6, &h));
    cr_expect_eq(h.n, 6);
    cr_assert(dlhistory_build(p, 1, &h));
    cr_expect_eq(h.n, 4);
    arena_free(a);
}
