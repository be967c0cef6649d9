/* OSV exports (the per-ecosystem all.zip): the .json members of a zip
 * archive read one at a time into memory through libarchive, never
 * extracted to disk. */
#ifndef DEPVET_ANALYSIS_OSV_ZIP_H
#define DEPVET_ANALYSIS_OSV_ZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"

/* Members larger than this are reported, not read (a record is kilobytes). */
#define OSV_ZIP_MEMBER_MAX (16u * 1024 * 1024)
/* More members than this and the walk stops with DIAG_LIMIT (npm's export
 * holds a few hundred thousand). */
#define OSV_ZIP_MEMBERS_MAX 5000000u

/* Called per regular member whose name ends in ".json", where being
 * "ARCHIVE:MEMBER" for diagnostics: buf holds len bytes and a NUL, or buf
 * is NULL and err says why the member was not read.  Return false to stop
 * the walk. */
typedef bool (*osv_zip_fn)(void *ud, const char *where, const char *buf,
                           size_t len, const struct diag *err);

/* True when the file starts with a zip local header ("PK\3\4"). */
bool osv_zip_sniff(const char *path);
/* Walks the archive at path; false with d set when it cannot be read as a
 * zip (d names path and the member where reading stopped). */
bool osv_zip_each(const char *path, osv_zip_fn fn, void *ud, struct diag *d);

#endif
