/* Whole-file reads with a cap; atomic writes by temporary file and rename,
 * with a guarded variant for files inside the project under review. */
#include "depvet/core/fileio.h"
#include "depvet/core/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

char *file_read(const char *path, size_t max, size_t *len, struct diag *d)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        diag_set(d, DIAG_IO, path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        diag_set(d, DIAG_IO, path, 0, 0, "is a directory");
        close(fd);
        return NULL;
    }
    /* Room for the size and one byte more, so the read that finds the end
     * does not first double the buffer. */
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 2 : 4096, n = 0;
    if (cap > max + 1)
        cap = max + 1;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > max) {
                diag_set(d, DIAG_LIMIT, path, 0, 0,
                         "file larger than the %zu-byte limit", max);
                free(buf);
                close(fd);
                return NULL;
            }
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            buf = xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            diag_set(d, DIAG_IO, path, 0, 0, "read failed: %s", strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* A fresh hard-to-guess name for a temporary beside `name`: an attacker
 * who can write the folder cannot plant it ahead of us, and O_EXCL below
 * refuses the rare collision anyway. */
static bool tmp_name(char *out, size_t cap, const char *name)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    unsigned char rnd[12];
    if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
        return false;
    char tag[sizeof rnd + 1];
    for (size_t i = 0; i < sizeof rnd; i++)
        tag[i] = digits[rnd[i] % (sizeof digits - 1)];
    tag[sizeof rnd] = '\0';
    int n = snprintf(out, cap, ".%s.%s.tmp", name, tag);
    return n > 0 && (size_t)n < cap;
}

static bool write_all(int fd, const char *p, size_t left)
{
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return false;
        p += w;
        left -= (size_t)w;
    }
    return true;
}

/* Creates the temporary inside dirfd: never through a symbolic link, never
 * reusing a file someone else made.  -1 with errno on failure. */
static int create_tmp(int dirfd, const char *name, char *tmp, size_t cap)
{
    for (int tries = 0; tries < 32; tries++) {
        if (!tmp_name(tmp, cap, name)) {
            errno = ENAMETOOLONG;
            return -1;
        }
        int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* Names the step that failed and keeps its errno before cleanup runs. */
static const char *failed(const char *step, int *err)
{
    *err = errno;
    return step;
}

/* Writes the temporary for `name` in the folder dirfd (its name in tmp):
 * create, write, fsync, close.  `shown` is the path for messages.  On
 * failure the temporary is gone. */
static bool stage_in_dir(int dirfd, const char *name, const char *shown, const void *data,
                         size_t len, char *tmp, size_t cap, struct diag *d)
{
    int fd = create_tmp(dirfd, name, tmp, cap);
    if (fd < 0) {
        diag_set(d, DIAG_IO, shown, 0, 0, "cannot create a temporary file beside it: %s",
                 strerror(errno));
        return false;
    }
    const char *step = NULL;
    int err = 0;
    if (!write_all(fd, data, len))
        step = failed("write failed", &err);
    else if (fsync(fd) != 0)
        step = failed("sync failed", &err);
    if (close(fd) != 0 && !step)
        step = failed("close failed", &err);
    if (step) {
        unlinkat(dirfd, tmp, 0);
        diag_set(d, DIAG_IO, shown, 0, 0, "%s: %s", step, strerror(err));
        return false;
    }
    return true;
}

/* Renames the temporary over `name` and fsyncs the folder (so the rename
 * itself survives a crash).  On failure the temporary is gone and the old
 * file, if any, is untouched. */
static bool commit_in_dir(int dirfd, const char *name, const char *tmp, const char *shown,
                          struct diag *d)
{
    if (renameat(dirfd, tmp, dirfd, name) != 0) {
        int err = errno;
        unlinkat(dirfd, tmp, 0);
        diag_set(d, DIAG_IO, shown, 0, 0, "rename failed: %s", strerror(err));
        return false;
    }
    if (fsync(dirfd) != 0 && errno != EINVAL) {
        diag_set(d, DIAG_IO, shown, 0, 0, "sync of the folder failed: %s", strerror(errno));
        return false;
    }
    return true;
}

static bool write_in_dir(int dirfd, const char *name, const char *shown,
                         const void *data, size_t len, struct diag *d)
{
    char tmp[NAME_MAX + 1];
    return stage_in_dir(dirfd, name, shown, data, len, tmp, sizeof tmp, d) &&
           commit_in_dir(dirfd, name, tmp, shown, d);
}

/* Splits path at its last '/' into a folder (".", "/" or the prefix, in
 * dir) and the file name (returned, pointing into path). */
static const char *split_path(const char *path, char *dir, size_t cap)
{
    const char *slash = strrchr(path, '/');
    size_t n = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path);
    if (n >= cap)
        return NULL;
    memcpy(dir, !slash ? "." : path, n);
    dir[n] = '\0';
    return slash ? slash + 1 : path;
}

bool file_write_atomic(const char *path, const void *data, size_t len,
                       struct diag *d)
{
    char dir[4096];
    const char *name = split_path(path, dir, sizeof dir);
    if (!name || !*name) {
        diag_set(d, DIAG_IO, path, 0, 0, "not a file path");
        return false;
    }
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        diag_set(d, DIAG_IO, path, 0, 0, "cannot open its folder: %s", strerror(errno));
        return false;
    }
    bool ok = write_in_dir(dirfd, name, path, data, len, d);
    close(dirfd);
    return ok;
}

/* Refuses a name in dirfd that is a symbolic link or not a regular file.
 * A missing name is fine. */
static bool plain_or_missing(int dirfd, const char *name, bool want_dir,
                             const char *shown, const char *path, struct diag *d)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return true;
        diag_set(d, DIAG_IO, path, 0, 0, "cannot inspect %s: %s", shown, strerror(errno));
        return false;
    }
    if (S_ISLNK(st.st_mode)) {
        diag_set(d, DIAG_IO, path, 0, 0, "refusing to write %s: %s is a symbolic link",
                 path, shown);
        return false;
    }
    if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
        diag_set(d, DIAG_IO, path, 0, 0, "refusing to write %s: %s is not a %s", path,
                 shown, want_dir ? "folder" : "regular file");
        return false;
    }
    return true;
}

/* Opens (creating when missing) the folder `name` in rootfd, refusing a
 * symbolic link.  O_NOFOLLOW makes the refusal hold even if the folder is
 * swapped for a link after the check. */
static int open_project_dir(int rootfd, const char *name, const char *shown,
                            const char *path, struct diag *d)
{
    if (mkdirat(rootfd, name, 0755) != 0 && errno != EEXIST) {
        diag_set(d, DIAG_IO, path, 0, 0, "cannot create folder %s: %s", shown, strerror(errno));
        return -1;
    }
    if (!plain_or_missing(rootfd, name, true, shown, path, d))
        return -1;
    int fd = openat(rootfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        diag_set(d, DIAG_IO, path, 0, 0, "refusing to write %s: cannot open %s: %s", path,
                 shown, strerror(errno));
    return fd;
}

/* The folder of a project file, opened without following a link (see
 * file_write_project), and the file's name in it; -1 with d set. */
static int project_dirfd(const char *path, const char **name_out, struct diag *d)
{
    char folder[4096], root[4096];
    const char *name = split_path(path, folder, sizeof folder);
    bool nested = name && strcmp(folder, ".") != 0 && strcmp(folder, "/") != 0;
    const char *sub = nested ? split_path(folder, root, sizeof root) : NULL;
    if (!name || !*name || (nested && (!sub || !*sub))) {
        diag_set(d, DIAG_IO, path, 0, 0, "not a file path");
        return -1;
    }
    /* The folder above the project's own folder (.depvet) was chosen by the
     * user: follow it as given. */
    const char *top = nested ? root : folder;
    int topfd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (topfd < 0) {
        diag_set(d, DIAG_IO, path, 0, 0, "cannot open %s: %s", top, strerror(errno));
        return -1;
    }
    int dirfd = topfd;
    if (nested) {
        dirfd = open_project_dir(topfd, sub, folder, path, d);
        close(topfd);
    }
    /* The target is checked so a planted link is reported; renameat then
     * replaces whatever entry is there without following it, so a link
     * swapped in after the check cannot redirect the write either. */
    if (dirfd >= 0 && !plain_or_missing(dirfd, name, false, path, path, d)) {
        close(dirfd);
        dirfd = -1;
    }
    *name_out = name;
    return dirfd;
}

bool file_write_project(const char *path, const void *data, size_t len,
                        struct diag *d)
{
    const char *name;
    int dirfd = project_dirfd(path, &name, d);
    if (dirfd < 0)
        return false;
    bool ok = write_in_dir(dirfd, name, path, data, len, d);
    close(dirfd);
    return ok;
}

bool file_stage_project(struct file_stage *s, const char *path, const void *data, size_t len,
                        struct diag *d)
{
    memset(s, 0, sizeof *s);
    const char *name;
    s->dirfd = project_dirfd(path, &name, d);
    if (s->dirfd < 0)
        return false;
    if (snprintf(s->name, sizeof s->name, "%s", name) >= (int)sizeof s->name ||
        snprintf(s->path, sizeof s->path, "%s", path) >= (int)sizeof s->path ||
        !stage_in_dir(s->dirfd, s->name, path, data, len, s->tmp, sizeof s->tmp, d)) {
        diag_set(d, DIAG_IO, path, 0, 0, "name too long");
        close(s->dirfd);
        s->dirfd = -1;
        return false;
    }
    return true;
}

bool file_stage_commit(struct file_stage *s, struct diag *d)
{
    if (s->dirfd < 0) {
        diag_set(d, DIAG_INTERNAL, s->path, 0, 0, "nothing staged");
        return false;
    }
    bool ok = commit_in_dir(s->dirfd, s->name, s->tmp, s->path, d);
    close(s->dirfd);
    s->dirfd = -1;
    return ok;
}

void file_stage_abort(struct file_stage *s)
{
    if (s->dirfd < 0)
        return;
    unlinkat(s->dirfd, s->tmp, 0);
    close(s->dirfd);
    s->dirfd = -1;
}

bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool file_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *file_relative(const char *project, const char *path)
{
    /* The project given as the lockfile itself: its name. */
    const char *slash = strrchr(path, '/');
    if (strcmp(project, path) == 0 && slash && slash[1])
        return slash + 1;
    size_t n = strlen(project);
    while (n > 1 && project[n - 1] == '/')
        n--;
    if (strcmp(project, ".") && strncmp(path, project, n) == 0 && path[n] == '/')
        path += n + 1;
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    return path;
}
