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
/* Writes a randomly named temporary beside path (created with O_EXCL and
 * O_NOFOLLOW), fsyncs it, renames it over path and fsyncs the folder.  On
 * failure the temporary is removed and the old file stays. */
bool file_write_atomic(const char *path, const void *data, size_t len,
                       struct diag *d);
/* The same for a file inside the project under review, whose folder (e.g.
 * "proj/.depvet" of "proj/.depvet/audits.toml") belongs to that project:
 * creates the folder (one level) when missing, and refuses when the folder
 * or the file is a symbolic link or not a plain folder / regular file, so a
 * planted link cannot make a write land outside the project.  The folder
 * is opened once without following links and the file is written relative
 * to it.  A path without a folder is written in the current folder. */
bool file_write_project(const char *path, const void *data, size_t len,
                        struct diag *d);
bool file_exists(const char *path);
bool file_is_dir(const char *path);

#endif
