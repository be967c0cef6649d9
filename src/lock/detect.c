/* Lockfile discovery: which files in a tree are lockfiles, and which reader
 * reads each. */
#include "depvet/lock/detect.h"

#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/core/fileio.h"
#include "depvet/core/vec.h"
#include "depvet/lock/bun_lock.h"
#include "depvet/lock/gleam_manifest.h"
#include "depvet/lock/mix_lock.h"
#include "depvet/lock/npm_lock.h"
#include "depvet/lock/pdm_lock.h"
#include "depvet/lock/pipfile_lock.h"
#include "depvet/lock/pnpm_lock.h"
#include "depvet/lock/poetry_lock.h"
#include "depvet/lock/pylock.h"
#include "depvet/lock/rebar_lock.h"
#include "depvet/lock/requirements_txt.h"
#include "depvet/lock/uv_lock.h"
#include "depvet/lock/yarn_lock.h"

#define DETECT_MAX_DEPTH 4
#define DETECT_MAX_FILES 512

static const char *const mix_globs[] = {"mix.lock", NULL};
static const char *const rebar_globs[] = {"rebar.lock", NULL};
static const char *const gleam_globs[] = {"manifest.toml", NULL};
static const char *const req_globs[] = {"*requirements*.txt", "constraints*.txt", NULL};
static const char *const poetry_globs[] = {"poetry.lock", NULL};
static const char *const pipfile_globs[] = {"Pipfile.lock", NULL};
static const char *const uv_globs[] = {"uv.lock", NULL};
static const char *const pdm_globs[] = {"pdm.lock", NULL};
static const char *const pylock_globs[] = {"pylock.toml", "pylock.*.toml", NULL};
static const char *const bun_globs[] = {"bun.lock", NULL};
static const char *const yarn_globs[] = {"yarn.lock", NULL};
static const char *const pnpm_globs[] = {"pnpm-lock.yaml", NULL};
static const char *const npm_globs[] = {"npm-shrinkwrap.json", "package-lock.json",
                                        NULL};

/* Sniffing order matters: the more specific formats come first. */
const struct lock_format lock_format_table[] = {
    {"mix.lock", ECO_HEX, mix_globs, mix_lock_read, mix_lock_sniff},
    {"rebar.lock", ECO_HEX, rebar_globs, rebar_lock_read, rebar_lock_sniff},
    {"manifest.toml", ECO_HEX, gleam_globs, gleam_manifest_read, gleam_manifest_sniff},
    {"poetry.lock", ECO_PYPI, poetry_globs, poetry_lock_read, poetry_lock_sniff},
    {"uv.lock", ECO_PYPI, uv_globs, uv_lock_read, uv_lock_sniff},
    {"pdm.lock", ECO_PYPI, pdm_globs, pdm_lock_read, pdm_lock_sniff},
    {"pylock.toml", ECO_PYPI, pylock_globs, pylock_read, pylock_sniff},
    {"Pipfile.lock", ECO_PYPI, pipfile_globs, pipfile_lock_read, pipfile_lock_sniff},
    {"bun.lock", ECO_NPM, bun_globs, bun_lock_read, bun_lock_sniff},
    {"yarn.lock", ECO_NPM, yarn_globs, yarn_lock_read, yarn_lock_sniff},
    {"pnpm-lock.yaml", ECO_NPM, pnpm_globs, pnpm_lock_read, pnpm_lock_sniff},
    {"package-lock.json", ECO_NPM, npm_globs, npm_lock_read, npm_lock_sniff},
    {"requirements.txt", ECO_PYPI, req_globs, requirements_txt_read,
     requirements_txt_sniff},
    {NULL, ECO_UNKNOWN, NULL, NULL, NULL},
};

/* Lockfiles depvet recognises but cannot read, and what to do about it:
 * named instead of passed over in silence. */
static const struct { const char *glob, *why; } unread_table[] = {
    {"bun.lockb", "binary, run `bun install --save-text-lockfile`"},
};

static const char *unread_reason(const char *base)
{
    for (size_t i = 0; i < sizeof unread_table / sizeof *unread_table; i++)
        if (fnmatch(unread_table[i].glob, base, 0) == 0)
            return unread_table[i].why;
    return NULL;
}

/* Folders that hold installed dependencies or build output, never the
 * project's own lockfiles. */
static const char *const skip_dir_table[] = {
    "node_modules", ".git", "_build", "deps", ".venv", "venv", "__pycache__",
    ".tox", "build", "dist", "target", ".hg", ".svn", ".mypy_cache", NULL,
};

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static const struct lock_format *format_by_name(const char *path)
{
    const char *base = base_name(path);
    for (const struct lock_format *f = lock_format_table; f->name; f++)
        for (const char *const *g = f->globs; *g; g++)
            if (fnmatch(*g, base, 0) == 0)
                return f;
    return NULL;
}

const struct lock_format *detect_format(const char *path, const char *buf,
                                        size_t len)
{
    const struct lock_format *f = path ? format_by_name(path) : NULL;
    if (f || (path && unread_reason(base_name(path))))
        return f;  /* a known name is never sniffed as another format */
    for (f = lock_format_table; buf && f->name; f++)
        if (f->sniff && f->sniff(buf, len))
            return f;
    return NULL;
}

bool detect_read_file(struct dep_graph *g, const char *path,
                      const struct lock_format *fmt, struct diag *d)
{
    size_t len;
    char *buf = file_read(path, LOCK_MAX_BYTES, &len, d);
    if (!buf)
        return false;
    if (!fmt)
        fmt = detect_format(path, buf, len);
    bool ok = false;
    const char *why = fmt ? NULL : unread_reason(base_name(path));
    if (why)
        diag_set(d, DIAG_UNSUPPORTED, path, 0, 0, "found %s: %s", base_name(path), why);
    else if (!fmt)
        diag_set(d, DIAG_UNSUPPORTED, path, 0, 0,
                 "not a lockfile depvet knows (see 'depvet help tree')");
    else
        ok = fmt->read(g, path, buf, len, d);
    free(buf);
    return ok;
}

static bool skip_dir(const char *name)
{
    if (name[0] == '.' && strcmp(name, ".depvet") != 0)
        return true;
    for (const char *const *s = skip_dir_table; *s; s++)
        if (strcmp(name, *s) == 0)
            return true;
    return false;
}

typedef VEC(char *) path_vec;

static int path_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* npm reads npm-shrinkwrap.json instead of package-lock.json when both exist. */
static bool shadowed(const char *dir, const char *name)
{
    if (strcmp(name, "package-lock.json") != 0)
        return false;
    char sib[4096];
    snprintf(sib, sizeof(sib), "%s/npm-shrinkwrap.json", dir);
    return file_exists(sib);
}

/* Lockfiles found: those depvet reads, and the recognised unreadable ones. */
struct found {
    path_vec read, unread;
};

static void collect(const char *dir, unsigned depth, struct found *out)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    path_vec names = {0};
    struct dirent *e;
    while ((e = readdir(dh)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            VEC_PUSH(&names, xstrdup(e->d_name));
    closedir(dh);
    if (names.len > 1)
        qsort(names.items, names.len, sizeof(char *), path_cmp);
    for (size_t i = 0; i < names.len && out->read.len < DETECT_MAX_FILES; i++) {
        char path[4096];
        int n = snprintf(path, sizeof(path), "%s/%s", dir, names.items[i]);
        struct stat st;
        if (n < 0 || (size_t)n >= sizeof(path) || lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < DETECT_MAX_DEPTH && !skip_dir(names.items[i]))
                collect(path, depth + 1, out);
        } else if (S_ISREG(st.st_mode) && format_by_name(path) &&
                   !shadowed(dir, names.items[i])) {
            VEC_PUSH(&out->read, xstrdup(path));
        } else if (S_ISREG(st.st_mode) && unread_reason(names.items[i]) &&
                   out->unread.len < DETECT_MAX_FILES) {
            VEC_PUSH(&out->unread, xstrdup(path));
        }
    }
    for (size_t i = 0; i < names.len; i++)
        free(names.items[i]);
    VEC_FREE(&names);
}

/* A Gleam manifest.toml is only a lockfile beside a gleam.toml; other tools
 * use the same name. */
static bool plausible(const char *path)
{
    if (strcmp(base_name(path), "manifest.toml") != 0)
        return true;
    char sib[4096];
    snprintf(sib, sizeof(sib), "%.*s/gleam.toml",
             (int)(base_name(path) - path - 1), path);
    return file_exists(sib);
}

/* A folder whose only lockfiles are ones depvet cannot read: name them
 * (the first few) and say why. */
static void no_readable(const char *dir, const path_vec *unread, struct diag *d)
{
    char msg[sizeof d->msg] = "";
    size_t at = 0;
    for (size_t i = 0; i < unread->len && i < 3 && at < sizeof msg; i++) {
        const char *p = unread->items[i];
        const char *rel = strncmp(p, dir, strlen(dir)) == 0 && p[strlen(dir)] == '/'
                              ? p + strlen(dir) + 1 : p;
        int n = snprintf(msg + at, sizeof msg - at, "%sfound %s: %s", i ? "; " : "", rel,
                         unread_reason(base_name(p)));
        at += n > 0 ? (size_t)n : 0;
    }
    if (unread->len > 3 && at < sizeof msg)
        snprintf(msg + at, sizeof msg - at, "; and %zu more", unread->len - 3);
    diag_set(d, DIAG_UNSUPPORTED, dir, 0, 0, "no lockfile depvet reads (%s)", msg);
}

bool detect_load(struct dep_graph *g, const char *path, struct diag *d)
{
    if (!file_is_dir(path)) {
        if (!detect_read_file(g, path, NULL, d))
            return false;
        graph_finish(g);
        return true;
    }
    struct found files = {0};
    collect(path, 0, &files);
    bool ok = true;
    unsigned read = 0;
    for (size_t i = 0; i < files.read.len; i++) {
        if (ok && plausible(files.read.items[i])) {
            ok = detect_read_file(g, files.read.items[i], NULL, d);
            read++;
        }
        free(files.read.items[i]);
    }
    if (ok && read == 0 && files.unread.len)
        no_readable(path, &files.unread, d);
    else if (ok && read == 0)
        diag_set(d, DIAG_UNSUPPORTED, path, 0, 0, "no lockfile found");
    ok = ok && read > 0;
    for (size_t i = 0; i < files.unread.len; i++)
        free(files.unread.items[i]);
    VEC_FREE(&files.read);
    VEC_FREE(&files.unread);
    if (ok)
        graph_finish(g);
    return ok;
}
