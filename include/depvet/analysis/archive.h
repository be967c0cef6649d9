/* Package archives read in memory (tar, tar.gz, tar.bz2, zip, npm .tgz):
 * nothing is extracted to disk, links are never followed, and caps on
 * entries, sizes and compression ratio make a decompression bomb cheap to
 * refuse.  What is odd about an archive (links, special files, traversal
 * paths, duplicates, caps reached, corruption) comes back as a list of
 * problems for the scanner to turn into findings.  libarchive stays inside
 * this module: the listing is plain data in its own arena. */
#ifndef DEPVET_ANALYSIS_ARCHIVE_H
#define DEPVET_ANALYSIS_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"

/* Reading stops at a cap; a cap of 0 means "no cap" for that row. */
struct archive_caps {
    size_t max_entries;       /* entries of any kind; default 20,000 */
    uint64_t max_file_size;   /* bytes kept per regular file; default 16 MiB */
    uint64_t max_total_size;  /* entry bytes read in all; default 256 MiB */
    uint64_t max_ratio;       /* expanded bytes per input byte; default 100 */
    uint64_t ratio_floor;     /* the ratio is judged only past this many
                               * expanded bytes, so a tiny archive of one
                               * repetitive file passes; default 1 MiB */
};

#define ARCHIVE_DEFAULT_MAX_ENTRIES 20000u
#define ARCHIVE_DEFAULT_MAX_FILE_SIZE (16ull << 20)
#define ARCHIVE_DEFAULT_MAX_TOTAL_SIZE (256ull << 20)
#define ARCHIVE_DEFAULT_MAX_RATIO 100u
#define ARCHIVE_DEFAULT_RATIO_FLOOR (1ull << 20)

void archive_caps_default(struct archive_caps *c);

enum archive_kind {
    ARCHIVE_KIND_FILE,
    ARCHIVE_KIND_DIR,
    ARCHIVE_KIND_SYMLINK,
    ARCHIVE_KIND_HARDLINK,
    ARCHIVE_KIND_DEVICE,      /* character or block device */
    ARCHIVE_KIND_FIFO,
    ARCHIVE_KIND_SOCKET,
    ARCHIVE_KIND_OTHER,
    ARCHIVE_KIND_COUNT
};

struct archive_item {
    const char *path;          /* as stored (NUL-terminated, may be non-UTF-8) */
    enum archive_kind kind;
    unsigned mode;             /* permission bits (07777) */
    uint64_t size;             /* bytes of data read for this entry */
    /* Regular files: the whole file, NUL-terminated after `size` bytes, or
     * NULL when not kept (over a cap, encrypted, corrupt). */
    const unsigned char *data;
    const char *link_target;   /* symlinks and hardlinks, else NULL */
    bool released;             /* data read and handed to a visitor, which
                               * let it go (data NULL) */
};

enum archive_problem_kind {
    ARCHIVE_PROBLEM_SYMLINK,          /* not followed */
    ARCHIVE_PROBLEM_HARDLINK,         /* not followed */
    ARCHIVE_PROBLEM_SPECIAL,          /* device, fifo, socket, unknown type */
    ARCHIVE_PROBLEM_ABSOLUTE_PATH,    /* "/x", "\x", "C:x" */
    ARCHIVE_PROBLEM_DOTDOT,           /* a ".." component ('/' or '\' separated) */
    ARCHIVE_PROBLEM_BAD_PATH,         /* empty path */
    ARCHIVE_PROBLEM_DUPLICATE,        /* same path twice (after "./" and "//") */
    ARCHIVE_PROBLEM_ENCRYPTED,        /* data not readable */
    ARCHIVE_PROBLEM_TOO_MANY_ENTRIES, /* reading stopped */
    ARCHIVE_PROBLEM_FILE_TOO_LARGE,   /* that file's data is not kept */
    ARCHIVE_PROBLEM_TOTAL_TOO_LARGE,  /* reading stopped */
    ARCHIVE_PROBLEM_RATIO,            /* reading stopped */
    ARCHIVE_PROBLEM_CORRUPT,          /* truncated or corrupt; reading stopped */
    ARCHIVE_PROBLEM_COUNT
};

struct archive_problem {
    enum archive_problem_kind kind;
    const char *path;          /* the entry concerned, "" for the archive */
    const char *message;       /* one line, for people */
};

struct archive_listing {
    const char *name;                     /* as given to open, for messages */
    const struct archive_item *items;     /* in archive order */
    size_t n_items;
    const struct archive_problem *problems;
    size_t n_problems;
    uint64_t total_size;                  /* entry bytes read */
    size_t input_size;                    /* compressed bytes given */
    bool complete;                        /* read to the end: no cap stopped it,
                                           * no corruption */
    struct arena *arena;                  /* owns everything above */
};

/* Reads the archive in buf (format and compression found from the bytes).
 * caps NULL = defaults.  NULL with d set only when the bytes are not an
 * archive this reads.  A truncated or corrupt archive still gives the
 * entries read so far, a CORRUPT problem, and d set (name and entry). */
struct archive_listing *archive_listing_open(const void *buf, size_t len, const char *name,
                                             const struct archive_caps *caps,
                                             struct diag *d);
void archive_listing_free(struct archive_listing *l);   /* accepts NULL */

/* The same, calling visit with each regular file as soon as its data is
 * read (it->data valid during the call only): true keeps the data in the
 * listing, false lets it go (the item then has data NULL and released
 * set), so a caller that is done with a file holds one at a time. */
/* The same again, a single-member gzip layer first inflated in one call
 * (libdeflate: several times zlib's speed) into a block held while the
 * entries are read, so for that time it costs the archive's expanded size
 * in memory more; any other input is read as archive_listing_open reads it. */
struct archive_listing *archive_listing_open_inflated(const void *buf, size_t len,
                                                      const char *name,
                                                      const struct archive_caps *caps,
                                                      struct diag *d);

typedef bool (*archive_visit_fn)(void *priv, const struct archive_item *it);
struct archive_listing *archive_listing_visit(const void *buf, size_t len, const char *name,
                                              const struct archive_caps *caps,
                                              archive_visit_fn visit, void *priv,
                                              struct diag *d);

/* First item whose path equals path exactly, or NULL. */
const struct archive_item *archive_listing_find(const struct archive_listing *l,
                                                const char *path);
/* How many problems of that kind the listing has. */
size_t archive_listing_count(const struct archive_listing *l,
                             enum archive_problem_kind kind);

/* Stable lower-case ids: "file", "symlink"...; "dotdot", "ratio"... */
const char *archive_kind_name(enum archive_kind k);
const char *archive_problem_name(enum archive_problem_kind k);

#endif
