/* A file's identity, size and times from one stat. */
#include "depvet/core/filestamp.h"

#include <string.h>
#include <sys/stat.h>

void file_stamp_take(const char *path, struct file_stamp *out)
{
    struct stat st;
    memset(out, 0, sizeof *out);
    if (!path || stat(path, &st) != 0)
        return;
    out->exists = true;
    out->dev = (uint64_t)st.st_dev;
    out->ino = (uint64_t)st.st_ino;
    out->size = (uint64_t)st.st_size;
    out->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    out->ctime_ns = (int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec;
}

bool file_stamp_same(const struct file_stamp *a, const struct file_stamp *b)
{
    /* A rename over the file changes the inode; an edit in place the size
     * or a time; a save within the same clock tick at the same size the
     * change time at least (both times are compared). */
    return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
           a->size == b->size && a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}
