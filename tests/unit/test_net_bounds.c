/* The HTTP engine's due-time heap and per-origin circuit breakers. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/strbuf.h"
#include "depvet/net/breaker.h"
#include "depvet/net/dueheap.h"

Test(dueheap, pops_in_due_order_and_ties_first_in_first_out)
{
    struct dueheap h;
    dueheap_init(&h);
    int items[6];
    double due[6] = {3.0, 1.0, 2.0, 1.0, 0.5, 1.0};
    for (int i = 0; i < 6; i++)
        dueheap_push(&h, due[i], &items[i]);
    int order[6] = {4, 1, 3, 5, 2, 0};
    for (int i = 0; i < 6; i++) {
        double d;
        cr_assert_eq(dueheap_peek(&h, &d), &items[order[i]], "pop %d", i);
        cr_assert_eq(dueheap_pop(&h), &items[order[i]]);
    }
    cr_assert_null(dueheap_pop(&h));
    cr_assert_null(dueheap_peek(&h, NULL));
    dueheap_fini(&h);
}

static bool is_odd(void *item, void *ud)
{
    (void)ud;
    return (*(int *)item) % 2 != 0;
}

Test(dueheap, many_random_items_come_out_sorted)
{
    struct dueheap h;
    dueheap_init(&h);
    enum { N = 20000 };
    int *v = malloc(N * sizeof(*v));
    uint64_t s = 88172645463325252ull;
    for (int i = 0; i < N; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        v[i] = (int)(s % 1000);
        dueheap_push(&h, v[i], &v[i]);
    }
    void **odd;
    size_t n = dueheap_take_if(&h, is_odd, NULL, &odd);
    for (size_t i = 1; i < n; i++)
        cr_assert_lt((int *)odd[i - 1], (int *)odd[i], "taken in push order");
    free(odd);
    cr_assert_eq(dueheap_len(&h) + n, N);
    double last = -1, due;
    int *prev = NULL;
    while (dueheap_peek(&h, &due)) {
        int *x = dueheap_pop(&h);
        cr_assert_eq(*x % 2, 0);
        cr_assert_geq(due, last);
        if (due == last)
            cr_assert_gt(x, prev, "equal times keep their push order after take_if");
        last = due, prev = x;
    }
    dueheap_fini(&h);
    free(v);
}

Test(breaker, origins_of_urls)
{
    char o[128];
    static const struct {
        const char *url, *origin;
    } cases[] = {
        {"https://Registry.NPMjs.org/left-pad", "https://registry.npmjs.org:443"},
        {"http://127.0.0.1:8080/hex.pm/api/packages/plug", "http://127.0.0.1:8080"},
        {"http://user:pw@example.test/x?y", "http://example.test:80"},
        {"http://[::1]:9000/a", "http://[::1]:9000"},
        {"https://[::1]/a", "https://[::1]:443"},
        {"HTTPS://pypi.org", "https://pypi.org:443"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        cr_assert(breaker_origin_of(cases[i].url, o, sizeof(o)), "%s", cases[i].url);
        cr_assert_str_eq(o, cases[i].origin);
    }
    cr_assert_not(breaker_origin_of("file:///tmp/x.json", o, sizeof(o)));
    cr_assert_not(breaker_origin_of("http:///nohost", o, sizeof(o)));
    cr_assert_not(breaker_origin_of("http://h:/x", o, sizeof(o)));
    cr_assert_not(breaker_origin_of("https://a.test/x", o, 10), "too long for out");
}

Test(breaker, opens_after_failures_in_a_row_only)
{
    struct breaker_set *b = breaker_set_new(3);
    int a = breaker_origin(b, "http://127.0.0.1:1/x");
    int other = breaker_origin(b, "http://127.0.0.1:2/x");
    cr_assert_eq(breaker_origin(b, "http://127.0.0.1:1/y"), a, "one origin, two paths");
    cr_assert_neq(a, other);
    cr_assert_eq(breaker_origin(b, "file:///x"), -1);
    cr_assert_not(breaker_record(b, a, BREAKER_FAILURE, "refused"));
    cr_assert_not(breaker_record(b, a, BREAKER_FAILURE, "refused"));
    cr_assert_not(breaker_record(b, a, BREAKER_ANSWER, NULL), "an answer ends the streak");
    cr_assert_not(breaker_record(b, a, BREAKER_FAILURE, "refused"));
    cr_assert_not(breaker_record(b, a, BREAKER_NEUTRAL, NULL), "a lost connection says nothing");
    cr_assert_not(breaker_record(b, a, BREAKER_FAILURE, "refused"));
    cr_assert_not(breaker_is_open(b, a));
    cr_assert(breaker_record(b, a, BREAKER_FAILURE, "Couldn't connect"), "the third in a row");
    cr_assert(breaker_is_open(b, a));
    cr_assert_not(breaker_is_open(b, other));
    cr_assert_not(breaker_is_open(b, -1));
    cr_assert_not(breaker_record(b, a, BREAKER_FAILURE, "again"), "opens once");
    struct strbuf sb = STRBUF_INIT;
    breaker_report(b, &sb);
    cr_assert_str_eq(strbuf_str(&sb), "http://127.0.0.1:1: 3 failures in a row (last: Couldn't "
                     "connect)\n", "open, nothing skipped yet: the line that says its failures");
    strbuf_reset(&sb);
    for (int i = 0; i < 1234; i++)
        breaker_count_skip(b, a);
    breaker_count_skip(b, other);   /* closed: not counted */
    breaker_report(b, &sb);
    cr_assert_str_eq(strbuf_str(&sb), "http://127.0.0.1:1: 3 failures in a row (last: Couldn't "
                     "connect); 1,234 requests to it skipped\n");
    strbuf_reset(&sb);
    breaker_describe(b, a, &sb);
    cr_assert_str_eq(strbuf_str(&sb), "http://127.0.0.1:1 failed 3 times in a row (last: "
                     "Couldn't connect)");
    strbuf_fini(&sb);
    breaker_set_free(b);
}

/* A run's later engine starts with the hosts an earlier one gave up on
 * open: their requests fail at once, described as known down. */
Test(breaker, opened_by_an_earlier_engine)
{
    struct breaker_set *first = breaker_set_new(2);
    int a = breaker_origin(first, "http://127.0.0.1:1/x");
    breaker_origin(first, "http://127.0.0.1:2/x");
    breaker_record(first, a, BREAKER_FAILURE, "refused");
    breaker_record(first, a, BREAKER_FAILURE, "refused");
    struct strbuf sb = STRBUF_INIT;
    breaker_list_open(first, &sb);
    cr_assert_str_eq(strbuf_str(&sb), "http://127.0.0.1:1\trefused\n", "only the open one");
    breaker_set_free(first);
    struct breaker_set *next = breaker_set_new(5);
    breaker_open(next, "http://127.0.0.1:1", "refused");
    int again = breaker_origin(next, "http://127.0.0.1:1/other/path");
    cr_assert(breaker_is_open(next, again), "open from the start");
    cr_assert_not(breaker_is_open(next, breaker_origin(next, "http://127.0.0.1:2/")));
    strbuf_reset(&sb);
    breaker_describe(next, again, &sb);
    cr_assert_str_eq(strbuf_str(&sb),
                     "http://127.0.0.1:1 was unreachable earlier in this run (last: refused)");
    strbuf_fini(&sb);
    breaker_set_free(next);
}

Test(breaker, threshold_zero_never_opens)
{
    struct breaker_set *b = breaker_set_new(0);
    int a = breaker_origin(b, "https://a.test/");
    for (int i = 0; i < 100; i++)
        cr_assert_not(breaker_record(b, a, BREAKER_FAILURE, "x"));
    cr_assert_not(breaker_is_open(b, a));
    breaker_set_free(b);
    breaker_set_free(NULL);
}

Test(strbuf_grouped, thousands)
{
    struct strbuf sb = STRBUF_INIT;
    unsigned long long v[] = {0, 7, 999, 1000, 12345, 1234567, 100000000};
    const char *want[] = {"0", "7", "999", "1,000", "12,345", "1,234,567", "100,000,000"};
    for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
        strbuf_reset(&sb);
        strbuf_put_grouped(&sb, v[i]);
        cr_assert_str_eq(strbuf_str(&sb), want[i]);
    }
    strbuf_fini(&sb);
}
