/* Comparator sets: builder limits, packing with rebased pointers, sets. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/semver_cmp.h"

static bool first_set_only(const struct semver_cmp *set, size_t n, const struct semver *v,
                           const void *ctx)
{
    size_t *calls = (size_t *)ctx;
    (*calls)++;
    for (size_t i = 0; i < n; i++)
        if (!semver_cmp_test(&set[i], v))
            return false;
    return true;
}

Test(semver_cmp, builder_packs_and_rebases)
{
    char text[] = ">=1.0.0-rc.1 <2";
    static const char outside[] = "0";
    struct semver_cmp_builder b;
    struct diag d;
    diag_clear(&d);
    cr_assert(semver_cmp_begin(&b, text, strlen(text), "range", &d));
    struct semver_partial lo;
    cr_assert(semver_cmp_operand(&b, 2, 12, 0, &lo));
    cr_assert(semver_cmp_emit(&b, 0, SEMVER_OP_GE, &lo.v));
    struct semver hi = {2, 0, 0, outside, 1, NULL, 0};
    cr_assert(semver_cmp_emit(&b, 13, SEMVER_OP_LT, &hi));
    b.set_start = true;
    cr_assert(semver_cmp_emit(&b, 13, SEMVER_OP_EQ, NULL));
    struct semver_req r;
    cr_assert(semver_cmp_finish(&b, &r));
    memset(text, 'z', strlen(text));
    cr_assert_eq(r.ncmp, 3);
    cr_assert_eq(memcmp(r.cmp[0].v.pre, "rc.1", 4), 0);
    cr_assert_eq(r.cmp[1].v.pre, outside, "static strings are not rebased");
    cr_assert(r.cmp[0].set_start);
    cr_assert_not(r.cmp[1].set_start);
    cr_assert(r.cmp[2].set_start);

    struct semver v = {1, 5, 0, NULL, 0, NULL, 0};
    size_t calls = 0;
    cr_assert(semver_cmp_any_set(&r, &v, first_set_only, &calls));
    cr_assert_eq(calls, 1);
    struct semver zero = {0};
    calls = 0;
    cr_assert(semver_cmp_any_set(&r, &zero, first_set_only, &calls), "second set is == 0.0.0");
    cr_assert_eq(calls, 2);
    v.major = 3;
    cr_assert_not(semver_cmp_any_set(&r, &v, first_set_only, &calls));
    semver_cmp_req_free(&r);
    cr_assert_null(r.cmp);
    semver_cmp_req_free(NULL);
}

Test(semver_cmp, builder_limits_and_columns)
{
    struct semver_cmp_builder b;
    struct diag d;
    diag_clear(&d);
    cr_assert(semver_cmp_begin(&b, "x", 1, "range", &d));
    for (int i = 0; i < SEMVER_CMP_MAX; i++)
        cr_assert(semver_cmp_emit(&b, 0, SEMVER_OP_ANY, NULL));
    cr_assert_not(semver_cmp_emit(&b, 0, SEMVER_OP_ANY, NULL));
    cr_assert_eq(d.code, DIAG_LIMIT);

    diag_clear(&d);
    cr_assert(semver_cmp_begin(&b, "~ 1.02", 6, "range", &d));
    struct semver_partial p;
    cr_assert_not(semver_cmp_operand(&b, 2, 6, SEMVER_PARTIAL_NPM, &p));
    cr_assert_eq(d.col, 5);
    cr_assert_str_eq(d.msg, "range: minor: leading zero");

    diag_clear(&d);
    cr_assert_not(semver_cmp_begin(&b, "", SEMVER_CMP_MAX_TEXT + 1, "range", &d));
    cr_assert_eq(d.code, DIAG_LIMIT);
}

Test(semver_cmp, operators)
{
    static const struct {
        unsigned char op;
        const char *bound;
        int lt, eq, gt; /* result for a version below, equal, above */
    } cases[] = {
        {SEMVER_OP_EQ, "1.0.0", 0, 1, 0}, {SEMVER_OP_NE, "1.0.0", 1, 0, 1},
        {SEMVER_OP_LT, "1.0.0", 1, 0, 0}, {SEMVER_OP_LE, "1.0.0", 1, 1, 0},
        {SEMVER_OP_GT, "1.0.0", 0, 0, 1}, {SEMVER_OP_GE, "1.0.0", 0, 1, 1},
        {SEMVER_OP_ANY, "1.0.0", 1, 1, 1},
    };
    struct semver below = {0, 9, 9, NULL, 0, NULL, 0}, above = {1, 0, 1, NULL, 0, NULL, 0};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct semver_cmp c = {.op = cases[i].op};
        struct diag d;
        diag_clear(&d);
        cr_assert(semver_parse(cases[i].bound, 5, 0, &c.v, &d));
        cr_assert_eq(semver_cmp_test(&c, &below), cases[i].lt, "case %zu", i);
        cr_assert_eq(semver_cmp_test(&c, &c.v), cases[i].eq, "case %zu", i);
        cr_assert_eq(semver_cmp_test(&c, &above), cases[i].gt, "case %zu", i);
    }
}
