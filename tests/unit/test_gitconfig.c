/* The reviewer's identity from git's files through libgit2: the
 * repository's own values over the global ones, found from a subfolder,
 * git's GIT_CONFIG_GLOBAL and GIT_CONFIG_NOSYSTEM honoured, and a folder
 * name with a quote (which the old shell-out gave up on). */
#include <criterion/criterion.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "depvet/analysis/gitconfig.h"

static char root[] = "/tmp/depvet-gitcfg-XXXXXX";

static void write_file(const char *path, const char *text, const char *mode)
{
    FILE *f = fopen(path, mode);
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

/* A repository at dir whose .git/config adds `user` (may be ""). */
static void repo_at(const char *dir, const char *user)
{
    git_libgit2_init();
    git_repository *r = NULL;
    cr_assert_eq(git_repository_init(&r, dir, 0), 0, "init %s", dir);
    git_repository_free(r);
    git_libgit2_shutdown();
    char cfg[512];
    snprintf(cfg, sizeof(cfg), "%s/.git/config", dir);
    write_file(cfg, user, "a");
}

static void setup(void)
{
    cr_assert_not_null(mkdtemp(root));
    char global[600];
    snprintf(global, sizeof(global), "%s/global", root);
    write_file(global, "[user]\n\tname = Global Gus\n\temail = gus@example.org\n", "w");
    setenv("GIT_CONFIG_GLOBAL", global, 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
}

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);   /* mkdtemp's name: no quote */
    cr_expect_eq(system(cmd), 0);
}

TestSuite(gitconfig, .init = setup, .fini = teardown);

Test(gitconfig, repository_over_global)
{
    char dir[600], sub[700], out[600];
    snprintf(dir, sizeof(dir), "%s/it's a project", root);
    cr_assert_eq(mkdir(dir, 0700), 0);
    repo_at(dir, "[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n");
    gitconfig_identity(dir, out, sizeof(out));
    cr_expect_str_eq(out, "Ada Lovelace <ada@example.org>", "a quote in the folder's name");
    snprintf(sub, sizeof(sub), "%s/backend", dir);
    cr_assert_eq(mkdir(sub, 0700), 0);
    gitconfig_identity(sub, out, sizeof(out));
    cr_expect_str_eq(out, "Ada Lovelace <ada@example.org>", "found upward from a subfolder");
}

Test(gitconfig, global_alone_or_nothing)
{
    char dir[600], out[600];
    snprintf(dir, sizeof(dir), "%s/plain", root);
    cr_assert_eq(mkdir(dir, 0700), 0);
    gitconfig_identity(dir, out, sizeof(out));
    cr_expect_str_eq(out, "Global Gus <gus@example.org>", "outside a repository: global");
    setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
    gitconfig_identity(dir, out, sizeof(out));
    cr_expect_str_eq(out, "", "no file names anyone");
    repo_at(dir, "[user]\n\temail = only@example.org\n");
    gitconfig_identity(dir, out, sizeof(out));
    cr_expect_str_eq(out, "only@example.org", "the mail alone");
    gitconfig_identity("/nonexistent/depvet", out, sizeof(out));
    cr_expect_str_eq(out, "", "a folder that does not exist");
}
