/* What a file on disk looks like now, cheaply (one stat): enough to tell
 * that it was replaced or edited (a `git pull`, an editor's save) without
 * reading it.
 *
 *   struct file_stamp was, now;
 *   file_stamp_take(path, &was);  ...  file_stamp_take(path, &now);
 *   if (!file_stamp_same(&was, &now)) read it again;
 */
#ifndef DEPVET_CORE_FILESTAMP_H
#define DEPVET_CORE_FILESTAMP_H

#include <stdbool.h>
#include <stdint.h>

struct file_stamp {
    bool exists;
    uint64_t dev, ino, size;
    int64_t mtime_ns, ctime_ns;
};

/* Zeroed (exists false) when path cannot be stat'ed. */
void file_stamp_take(const char *path, struct file_stamp *out);
bool file_stamp_same(const struct file_stamp *a, const struct file_stamp *b);

#endif
