/* Reading whole files with a size cap, and writing them atomically. */
#ifndef DEPVET_CORE_FILEIO_H
#define DEPVET_CORE_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"

#define FILEIO_DEFAULT_MAX (256u * 1024 * 1024)

/* Returns a NUL-terminated heap copy of the file (caller frees), its length
 * in *len; NULL and a diag on error or when larger than max bytes. */
char *file_read(const char *path, size_t max, size_t *len, struct diag *d);
/* Writes to "<path>.tmp.<pid>", fsyncs, renames over path. */
bool file_write_atomic(const char *path, const void *data, size_t len,
                       struct diag *d);
bool file_exists(const char *path);
bool file_is_dir(const char *path);

#endif
