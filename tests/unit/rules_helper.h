/* The rule set shipped in rules/, loaded for a test (fails the test when
 * it does not load). */
#ifndef DEPVET_TEST_RULES_HELPER_H
#define DEPVET_TEST_RULES_HELPER_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "depvet/analysis/rules.h"
#include "helpers.h"

static inline struct rule_set *rules_shipped(void)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/rules", test_srcdir());
    struct diag d;
    diag_clear(&d);
    struct rule_set *rs = rules_load_dir(dir, &d);
    cr_assert_not_null(rs, "%s", d.msg);
    return rs;
}

/* A rule set from TOML text (fails the test when it does not load). */
static inline struct rule_set *rules_from_text(const char *text, const char *where)
{
    struct rule_set *rs = rules_new();
    struct diag d;
    diag_clear(&d);
    cr_assert(rules_add(rs, text, strlen(text), where, &d), "%s", d.msg);
    cr_assert(rules_finish(rs, &d), "%s", d.msg);
    return rs;
}

#endif
