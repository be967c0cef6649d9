/* The offline advisory database: importing OSV records (one .json file, a
 * folder of them, or a zip export) into the cache, and matching a pinned
 * package against what was imported. */
#ifndef DEPVET_ENGINE_OSVDB_H
#define DEPVET_ENGINE_OSVDB_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/analysis/osv.h"
#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/store/advisories.h"
#include "depvet/store/db.h"

/* Folders deeper than this below the import root are not walked. */
#define OSVDB_MAX_DEPTH 32

struct osvdb_import_summary {
    unsigned records;     /* JSON records read */
    unsigned added;       /* new advisories */
    unsigned updated;     /* stored ones replaced by a newer modified date */
    unsigned unchanged;   /* stored copy as new or newer: nothing written */
    unsigned ignored;     /* no Hex, PyPI or npm package named */
    unsigned skipped;     /* not advisories (records without an id) */
    unsigned malformed;   /* reported through the callback, not imported */
};

/* Told about each record not imported: malformed ones (d names the file or
 * zip member, and the JSON pointer or line:col) and skipped ones. */
typedef void (*osvdb_report_fn)(void *ud, const struct diag *d, bool malformed);

/* Imports path: a zip export (recognised by its header), a folder (its
 * *.json and *.zip files, recursively, in name order, hidden entries and
 * symbolic links to folders left out), or one JSON record.  All writes go
 * in one transaction.  False with d set only when the import as a whole
 * failed (path unreadable, damaged zip, database error); nothing is then
 * written. */
bool osvdb_import(struct store *s, const char *path, osvdb_report_fn report,
                  void *ud, struct osvdb_import_summary *sum, struct diag *d);

/* Imports one record held in memory (as the OSV API returns it) inside
 * the caller's transaction, counted into *sum like osvdb_import (which
 * the caller zeroes).  False only on a database error (d set). */
bool osvdb_import_buffer(struct store *s, const char *where, const char *buf, size_t len,
                         osvdb_report_fn report, void *ud, struct osvdb_import_summary *sum,
                         struct diag *d);

/* The advisories affecting eco:name@version, aliases merged (see
 * osv_match_list_add), in id order; withdrawn ones never.  Everything is
 * allocated in a.  Returns the count; 0 with d set on a database error. */
size_t osvdb_match(struct store *s, struct arena *a, enum ecosystem eco,
                   const char *name, const char *version,
                   struct osv_match **out, struct diag *d);

/* The same for many pins in a row (a whole graph), with one prepared
 * look-up and one read transaction until osvdb_matcher_free. */
struct osvdb_matcher;
struct osvdb_matcher *osvdb_matcher_new(struct store *s, struct diag *d);
size_t osvdb_matcher_match(struct osvdb_matcher *m, struct arena *a, enum ecosystem eco,
                           const char *name, const char *version,
                           struct osv_match **out, struct diag *d);
/* For a package without an exact pin: the advisories covering some or all
 * of what requirement req allows (NULL or "": any version), each match's
 * cover saying which (osv_record_covers). */
size_t osvdb_matcher_match_req(struct osvdb_matcher *m, struct arena *a, enum ecosystem eco,
                               const char *name, const char *req,
                               struct osv_match **out, struct diag *d);
void osvdb_matcher_free(struct osvdb_matcher *m);   /* accepts NULL */

/* What the cache holds: advisories per ecosystem, withdrawn ones, the
 * newest modified date (`depvet db stats`).  False with d set on a
 * database error. */
bool osvdb_stats(struct store *s, struct advisory_stats *out, struct diag *d);

#endif
