/* pypistats.org recent and overall download answers into the model. */
#include "depvet/registry/pypistats.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/timeutil.h"
#include "depvet/registry/regjson.h"
#include "depvet/registry/regurl.h"

char *pypistats_recent_url(struct arena *a, const char *base, const char *name)
{
    return arena_printf(a, "%s/packages/%s/recent", regurl_base(a, base),
                        regurl_escape(a, name));
}

char *pypistats_overall_url(struct arena *a, const char *base, const char *name)
{
    return arena_printf(a, "%s/packages/%s/overall", regurl_base(a, base),
                        regurl_escape(a, name));
}

static void read_recent_answer(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    const cJSON *data = regjson_obj(rj, root, "data", "");
    regjson_int(rj, data, "last_day", "/data", &p->downloads.day);
    regjson_int(rj, data, "last_week", "/data", &p->downloads.week);
    regjson_int(rj, data, "last_month", "/data", &p->downloads.month);
    /* The month is PyPI's "recent" window, as Hex's is 90 days. */
    if (p->downloads.month != REG_UNKNOWN) {
        p->downloads.recent = p->downloads.month;
        p->downloads.recent_days = 30;
    }
}

bool pypistats_parse_recent(struct arena *a, const char *url, const char *body,
                            size_t len, struct reg_package **out, struct diag *d)
{
    static const struct regjson_doc doc = {.eco = ECO_PYPI, .expect_key = "data",
                                           .name_key = "package", .package = read_recent_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}

static int by_day(const void *x, const void *y)
{
    const struct reg_point *a = x, *b = y;
    return (a->day > b->day) - (a->day < b->day);
}

/* Reads every row once; keeps rows of `want` (NULL: any category). */
static size_t read_rows(struct regjson *rj, const cJSON *data, const char *want,
                        struct reg_point *pts)
{
    size_t n = 0;
    for (struct regjson_each e = {.what = "a row object"}; regjson_next(rj, data, "/data", &e);) {
        const cJSON *row = e.item;
        const char *ptr = e.ptr;
        const char *cat = regjson_str(rj, row, "category", ptr);
        int64_t day = regjson_time(rj, row, "date", ptr), count = 0;
        regjson_int(rj, row, "downloads", ptr, &count);
        if (want && (!cat || strcmp(cat, want) != 0))
            continue;
        pts[n++] = (struct reg_point){day, count};
    }
    return n;
}

static void read_overall_answer(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    const cJSON *data = regjson_arr(rj, root, "data", "");
    if (data) {
        struct reg_point *pts = regjson_alloc(rj, regjson_count(data), sizeof(*pts));
        size_t n = read_rows(rj, data, "without_mirrors", pts);
        if (!n && !regjson_failed(rj))
            n = read_rows(rj, data, NULL, pts);
        if (n)
            qsort(pts, n, sizeof(*pts), by_day);
        int64_t sum = 0;
        for (size_t i = 0; i < n; i++)
            sum = reg_add_sat(sum, pts[i].count);
        p->series = pts;
        p->n_series = n;
        p->downloads.recent = n ? sum : REG_UNKNOWN;
        p->downloads.recent_days = n ? (int64_t)n : REG_UNKNOWN;
    }
}

bool pypistats_parse_overall(struct arena *a, const char *url, const char *body,
                             size_t len, struct reg_package **out, struct diag *d)
{
    static const struct regjson_doc doc = {.eco = ECO_PYPI, .expect_key = "data",
                                           .name_key = "package", .package = read_overall_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}
