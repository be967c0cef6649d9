/* Who is reviewing, read from git's own files with libgit2 rather than by
 * running git: no shell, no quoting of the folder's name, and the same
 * answer whether or not a git binary is installed. */
#include "depvet/analysis/gitconfig.h"

#include <git2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* Adds one file at its level; a missing file is no error, as in git. */
static void add_file(git_config *cfg, const char *path, git_config_level_t level,
                     const git_repository *repo)
{
    if (path && path[0])
        git_config_add_file_ondisk(cfg, path, level, repo, 0);
}

/* Adds the file a libgit2 finder names (system, XDG, global). */
static void add_found(git_config *cfg, int (*find)(git_buf *), git_config_level_t level)
{
    git_buf buf = GIT_BUF_INIT;
    if (find(&buf) == 0)
        add_file(cfg, buf.ptr, level, NULL);
    git_buf_dispose(&buf);
}

/* The levels git reads in dir, honouring git's GIT_CONFIG_NOSYSTEM and
 * GIT_CONFIG_GLOBAL (which libgit2's default set does not), so depvet
 * names whom `git -C dir config user.name` names. */
static bool env_true(const char *v)
{
    int b = 0;
    return v && git_config_parse_bool(&b, v) == 0 && b;
}

/* *repo (freed by the caller after the config) is the repository holding
 * dir, or NULL. */
static git_config *config_for(const char *dir, git_repository **repo)
{
    git_config *cfg = NULL;
    *repo = NULL;
    if (git_config_new(&cfg) != 0)
        return NULL;
    if (!env_true(getenv("GIT_CONFIG_NOSYSTEM")))
        add_found(cfg, git_config_find_system, GIT_CONFIG_LEVEL_SYSTEM);
    const char *global = getenv("GIT_CONFIG_GLOBAL");
    if (global) {
        add_file(cfg, global, GIT_CONFIG_LEVEL_GLOBAL, NULL);
    } else {
        add_found(cfg, git_config_find_xdg, GIT_CONFIG_LEVEL_XDG);
        add_found(cfg, git_config_find_global, GIT_CONFIG_LEVEL_GLOBAL);
    }
    if (git_repository_open_ext(repo, dir, 0, NULL) == 0) {
        char path[4200];
        snprintf(path, sizeof(path), "%sconfig", git_repository_commondir(*repo));
        add_file(cfg, path, GIT_CONFIG_LEVEL_LOCAL, *repo);
    } else {
        *repo = NULL;
    }
    return cfg;
}

/* One value into out ("" when unset). */
static void value(git_config *cfg, const char *key, char *out, size_t n)
{
    git_buf buf = GIT_BUF_INIT;
    out[0] = '\0';
    if (git_config_get_string_buf(&buf, cfg, key) == 0 && buf.ptr)
        snprintf(out, n, "%s", buf.ptr);
    git_buf_dispose(&buf);
}

void gitconfig_identity(const char *dir, char *out, size_t n)
{
    if (n)
        out[0] = '\0';
    if (git_libgit2_init() < 0)
        return;
    git_repository *repo;
    git_config *cfg = config_for(dir, &repo);
    if (cfg) {
        char name[256], mail[256];
        value(cfg, "user.name", name, sizeof(name));
        value(cfg, "user.email", mail, sizeof(mail));
        if (name[0] && mail[0])
            snprintf(out, n, "%s <%s>", name, mail);
        else
            snprintf(out, n, "%s", name[0] ? name : mail);
        git_config_free(cfg);
    }
    git_repository_free(repo);
    git_libgit2_shutdown();
}
