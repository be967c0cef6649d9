/* Finding rules/ and themes/ from the binary's place: a checkout's build
 * tree, a relocated prefix, or nothing (the installed path, false). */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/core/datadir.h"
#include "helpers.h"

static char root[64];

static void mk(const char *rel)
{
    char p[PATH_MAX];
    snprintf(p, sizeof(p), "%s/%s", root, rel);
    cr_assert_eq(mkdir(p, 0700), 0, "mkdir %s", p);
}

static void touch(const char *rel)
{
    char p[PATH_MAX];
    snprintf(p, sizeof(p), "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fclose(f);
}

static void make_root(void)
{
    test_tmpdir_make(root, sizeof(root), "datadir");
}

static void drop_root(void)
{
    test_tmpdir_drop(root);
}

TestSuite(datadir, .init = make_root, .fini = drop_root);

/* The binary at root/exe_rel finds sub at root/want_rel. */
static void expect_found(const char *exe_rel, const char *sub, const char *want_rel)
{
    char exe[PATH_MAX], out[PATH_MAX], want[PATH_MAX];
    snprintf(exe, sizeof(exe), "%s/%s", root, exe_rel);
    snprintf(want, sizeof(want), "%s/%s", root, want_rel);
    cr_assert(datadir_locate(exe, sub, out, sizeof(out)), "%s", exe_rel);
    cr_assert_str_eq(out, want);
}

Test(datadir, build_tree_and_asan_build)
{
    mk("src"), touch("src/main.c"), mk("rules"), mk("build"), mk("build/asan");
    expect_found("build/depvet", "rules", "build/../rules");
    expect_found("build/asan/depvet", "rules", "build/asan/../../rules");
}

Test(datadir, relocated_prefix_not_a_stray_folder)
{
    /* bin/../rules is no checkout (no src/main.c): the prefix's share wins. */
    mk("bin"), mk("rules"), mk("share"), mk("share/depvet"), mk("share/depvet/themes");
    expect_found("bin/depvet", "themes", "bin/../share/depvet/themes");
    char exe[PATH_MAX], out[PATH_MAX];
    snprintf(exe, sizeof(exe), "%s/bin/depvet", root);
    cr_assert_not(datadir_locate(exe, "rules", out, sizeof(out)) &&
                  strstr(out, "/bin/../rules"));
}

Test(datadir, nothing_found_names_the_installed_folder)
{
    char exe[PATH_MAX], out[PATH_MAX];
    snprintf(exe, sizeof(exe), "%s/depvet", root);
    bool ok = datadir_locate(exe, "no-such-data", out, sizeof(out));
    cr_assert_not(ok);
    cr_assert_str_eq(out, DEPVET_DATADIR "/no-such-data");
    cr_assert_not(datadir_locate(NULL, "no-such-data", out, sizeof(out)));
}

Test(datadir, the_test_binary_finds_the_checkout_rules)
{
    char out[PATH_MAX];
    cr_assert(datadir_find("rules", out, sizeof(out)), "%s", out);
    struct stat st;
    cr_assert(stat(out, &st) == 0 && S_ISDIR(st.st_mode));
}
