/* The search prompt's history: newest first going up, a repeat moved to
 * the end, the oldest dropped past STRHIST_MAX. */
#include <criterion/criterion.h>
#include <stdio.h>

#include "depvet/core/strhist.h"

Test(strhist, up_and_down_like_a_shell)
{
    struct strhist h;
    strhist_init(&h);
    cr_expect_str_eq(strhist_older(&h), "", "nothing entered yet");
    cr_assert(strhist_add(&h, "^gym"));
    cr_assert(strhist_add(&h, ""));
    cr_assert(strhist_add(&h, "jason"));
    cr_assert(strhist_add(&h, "^gym"));   /* again: moved to the end */
    cr_expect_eq(h.len, 2, "no empty line, no duplicate");
    cr_expect_str_eq(strhist_older(&h), "^gym");
    cr_expect_str_eq(strhist_older(&h), "jason");
    cr_expect_str_eq(strhist_older(&h), "jason", "stops at the oldest");
    cr_expect_str_eq(strhist_newer(&h), "^gym");
    cr_expect_str_eq(strhist_newer(&h), "", "past the newest: the fresh prompt");
    cr_expect_str_eq(strhist_newer(&h), "");
    strhist_older(&h);
    strhist_rewind(&h);
    cr_expect_str_eq(strhist_older(&h), "^gym", "a new prompt starts below the newest");
    strhist_fini(&h);
}

Test(strhist, keeps_the_last_fifty)
{
    struct strhist h;
    strhist_init(&h);
    char line[16];
    for (int i = 0; i < STRHIST_MAX + 5; i++) {
        snprintf(line, sizeof(line), "s%d", i);
        cr_assert(strhist_add(&h, line));
    }
    cr_expect_eq(h.len, STRHIST_MAX);
    cr_expect_str_eq(h.items[0], "s5", "the oldest dropped");
    cr_expect_str_eq(strhist_older(&h), "s54");
    strhist_fini(&h);
}
