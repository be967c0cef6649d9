/* What changed between two versions of a package, from their archives in
 * memory: the file list (added, removed, modified, renamed by identical
 * content, binary changed) with +/- line counts, a unified diff per text
 * file made by linediff.h (git's algorithm and text) on buffers, and the
 * metadata differences the archives state (dependencies, install scripts,
 * build tools, licence).  Hex tarballs are compared by
 * their inner contents.tar.gz; a single top folder common to every entry
 * (npm "package/", an sdist's "name-1.0/") is left out of the paths.
 * Patches can be spooled to a temporary file so that only one is in
 * memory at a time (srcdiff_patch). */
#ifndef DEPVET_ANALYSIS_SRCDIFF_H
#define DEPVET_ANALYSIS_SRCDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/analysis/archive.h"
#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"

enum srcdiff_status {
    SRCDIFF_ADDED,
    SRCDIFF_REMOVED,
    SRCDIFF_MODIFIED,
    SRCDIFF_RENAMED,          /* same content under another path */
    SRCDIFF_STATUS_COUNT
};

struct srcdiff_file {
    enum srcdiff_status status;
    const char *old_path;     /* NULL when added */
    const char *new_path;     /* NULL when removed */
    const char *path;         /* new_path, else old_path: for sorting, showing */
    bool binary;              /* either side is not text */
    bool uncompared;          /* a side's data was not kept (over a cap) */
    bool install_time;        /* runs at install or compile time (install_ctx.h) */
    const char *kind;         /* binclass name of the newer side ("text", "elf-shared") */
    size_t added, removed;    /* lines; 0 for binary files */
    uint64_t old_size, new_size;
    const char *patch;        /* unified diff ("diff --git" header on), or NULL
                               * for binary, renamed, when not asked, or when
                               * spooled (srcdiff_patch reads every case) */
    size_t patch_len;         /* 0: no patch */
    unsigned patch_part;      /* spooled: which spool file (from 1), else 0 */
    uint64_t patch_at;        /* spooled: where in it */
};

/* A metadata fact that differs; kind is "dependency", "install-script",
 * "build-tool" or "license"; old/new NULL when absent on that side. */
struct srcdiff_meta {
    const char *kind;
    const char *key;          /* dependency name, script phase, tool, "license" */
    const char *old_value, *new_value;
};

struct srcdiff {
    const struct srcdiff_file *files;   /* sorted by path */
    size_t n_files;
    const struct srcdiff_meta *meta;    /* sorted by kind then key */
    size_t n_meta;
    size_t n_unchanged;                 /* files equal on both sides */
    size_t insertions, deletions;       /* over every text file */
    size_t old_files, new_files;        /* regular files read on each side */
    size_t old_problems, new_problems;  /* archive problems (links, caps...) */
    bool hex;                           /* compared Hex contents.tar.gz */
    const char *old_top, *new_top;      /* the top folder left out of each side's
                                         * paths ("package/", "pkg-1.0/"), or "" */
    struct srcdiff_spool *spool;        /* the patches' temporary files, or NULL */
    struct arena *arena;                /* owns everything above */
};

struct srcdiff_options {
    bool patches;             /* make the unified diffs (else counts only) */
    unsigned context;         /* context lines (default 3 when 0) */
    enum ecosystem eco;       /* ECO_UNKNOWN: told from the bytes */
    const struct archive_caps *caps;   /* NULL: archive defaults */
    bool spool;               /* patches go to an unlinked temporary file ($TMPDIR,
                               * else /tmp) as they are made, not into memory;
                               * in memory still when no such file can be made */
};

/* Compares two archives (old, then new).  NULL with d set when either is
 * not an archive this reads; a damaged archive is compared as far as it
 * was read, with its problems counted. */
struct srcdiff *srcdiff_new(const void *old_buf, size_t old_len, const char *old_name,
                            const void *new_buf, size_t new_len, const char *new_name,
                            const struct srcdiff_options *o, struct diag *d);
void srcdiff_free(struct srcdiff *s);   /* accepts NULL */

/* The patch of s->files[i] with its length, from memory or read back from
 * the spool; NULL when it has none (or the spool cannot be read).  Valid
 * until the next call on s: one patch is held at a time.  Not for two
 * threads at once. */
const char *srcdiff_patch(const struct srcdiff *s, size_t i, size_t *len);

/* "added", "removed", "modified", "renamed". */
const char *srcdiff_status_name(enum srcdiff_status s);

#endif
