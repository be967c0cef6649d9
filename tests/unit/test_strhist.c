/* The search prompt's history: newest first going up, a repeat moved to
 * the end, the oldest dropped past STRHIST_MAX; kept in a file between
 * runs (capped, bad lines skipped). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/core/fileio.h"
#include "depvet/core/strhist.h"
#include "depvet/core/xdg.h"
#include "helpers.h"

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

Test(strhist, kept_in_a_file_between_runs)
{
    char dir[64], path[128];
    test_tmpdir_make(dir, sizeof dir, "strhist");
    snprintf(path, sizeof path, "%s/search_history", dir);
    struct strhist h;
    strhist_init(&h);
    struct diag d;
    diag_clear(&d);
    cr_assert(strhist_load(&h, path, &d), "no file yet: an empty history");
    cr_expect_eq(h.len, 0);
    char line[16];
    for (int i = 0; i < STRHIST_MAX + 5; i++) {
        snprintf(line, sizeof(line), "^s%d$", i);
        cr_assert(strhist_add(&h, line));
    }
    cr_assert(strhist_save(&h, path, &d), "%s", d.msg);
    strhist_fini(&h);
    struct strhist again;
    strhist_init(&again);
    cr_assert(strhist_load(&again, path, &d), "%s", d.msg);
    cr_expect_eq(again.len, STRHIST_MAX, "capped");
    cr_expect_str_eq(strhist_older(&again), "^s54$", "the newest last, as before");
    cr_expect_str_eq(again.items[0], "^s5$");
    strhist_fini(&again);
    test_tmpdir_drop(dir);
}

Test(strhist, bad_lines_in_the_file_are_skipped)
{
    char dir[64], path[128];
    test_tmpdir_make(dir, sizeof dir, "strhist");
    snprintf(path, sizeof path, "%s/search_history", dir);
    char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, "^gym$\n\x1b[31mred\n\nja\tson\n");
    memset(text + n, 'x', STRHIST_LINE_MAX + 1);
    n += STRHIST_LINE_MAX + 1;
    n += (size_t)snprintf(text + n, sizeof text - n, "\n^jason$");   /* no final newline */
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(path, text, n, &d));
    struct strhist h;
    strhist_init(&h);
    cr_assert(strhist_load(&h, path, &d), "%s", d.msg);
    cr_expect_eq(h.len, 2, "escapes, tabs, empty and over-long lines skipped");
    cr_expect_str_eq(h.items[0], "^gym$");
    cr_expect_str_eq(h.items[1], "^jason$");
    strhist_fini(&h);
    /* A folder where the file should be: an error, not an empty history. */
    cr_expect_not(strhist_load(&h, dir, &d));
    test_tmpdir_drop(dir);
}

Test(strhist, state_dir_like_the_other_xdg_dirs)
{
    /* XDG_STATE_HOME when absolute (the spec ignores a relative one), else HOME's. */
    static const struct {
        const char *state, *want;
    } case_table[] = {
        {"/s", "/s/depvet"},
        {"relative", "/home/u/.local/state/depvet"},
        {NULL, "/home/u/.local/state/depvet"},
    };
    setenv("HOME", "/home/u", 1);
    for (size_t i = 0; i < sizeof case_table / sizeof *case_table; i++) {
        char out[512];
        if (case_table[i].state)
            setenv("XDG_STATE_HOME", case_table[i].state, 1);
        else
            unsetenv("XDG_STATE_HOME");
        cr_assert(xdg_state_dir(out, sizeof(out)));
        cr_expect_str_eq(out, case_table[i].want, "XDG_STATE_HOME=%s", case_table[i].state);
    }
}
