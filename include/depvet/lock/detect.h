/* Finding lockfiles and picking their reader: by file name first, then by
 * content.  A directory is searched a few levels deep (monorepos, umbrella
 * apps), skipping dependency and build folders.  Lockfiles depvet
 * recognises but cannot read (bun.lockb is binary) are named in the error
 * when nothing else is there, and a file of such a name is never sniffed
 * as another format. */
#ifndef DEPVET_LOCK_DETECT_H
#define DEPVET_LOCK_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/lock/graph.h"

#include "depvet/lock/reader.h"

struct lock_format {
    const char *name;        /* "mix.lock", "package-lock.json", ... */
    enum ecosystem eco;
    const char *const *globs;/* base-name patterns (fnmatch), NULL-terminated */
    lock_read_fn read;
    lock_sniff_fn sniff;     /* NULL: never chosen by content */
};

/* The reader for a file: by base name, else by sniffing buf; NULL if none
 * (and for the names of recognised formats without a reader). */
const struct lock_format *detect_format(const char *path, const char *buf,
                                        size_t len);
/* Reads one lockfile into g with the given format (detected when NULL). */
bool detect_read_file(struct dep_graph *g, const char *path,
                      const struct lock_format *fmt, struct diag *d);
/* Reads every lockfile under path (a file or a directory) into g, then calls
 * graph_finish.  A directory without lockfiles is an error.  On failure the
 * graph is to be discarded. */
bool detect_load(struct dep_graph *g, const char *path, struct diag *d);
/* The known formats, for help texts; NULL-terminated by name. */
extern const struct lock_format lock_format_table[];

#endif
