/* In-memory archive walker over libarchive, with caps checked as bytes arrive. */
#include "depvet/analysis/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"
#include "archive_priv.h"

/* Data is read in chunks of this size, so a cap is noticed within one chunk
 * and the scratch buffer never outgrows max_file_size by more than this. */
#define ARCHIVE_CHUNK (64u * 1024u)

static const char *const kind_table[ARCHIVE_KIND_COUNT] = {
    [ARCHIVE_KIND_FILE] = "file",         [ARCHIVE_KIND_DIR] = "dir",
    [ARCHIVE_KIND_SYMLINK] = "symlink",   [ARCHIVE_KIND_HARDLINK] = "hardlink",
    [ARCHIVE_KIND_DEVICE] = "device",     [ARCHIVE_KIND_FIFO] = "fifo",
    [ARCHIVE_KIND_SOCKET] = "socket",     [ARCHIVE_KIND_OTHER] = "other",
};

static const char *const problem_table[ARCHIVE_PROBLEM_COUNT] = {
    [ARCHIVE_PROBLEM_SYMLINK] = "symlink",
    [ARCHIVE_PROBLEM_HARDLINK] = "hardlink",
    [ARCHIVE_PROBLEM_SPECIAL] = "special-file",
    [ARCHIVE_PROBLEM_ABSOLUTE_PATH] = "absolute-path",
    [ARCHIVE_PROBLEM_DOTDOT] = "dotdot",
    [ARCHIVE_PROBLEM_BAD_PATH] = "bad-path",
    [ARCHIVE_PROBLEM_DUPLICATE] = "duplicate",
    [ARCHIVE_PROBLEM_ENCRYPTED] = "encrypted",
    [ARCHIVE_PROBLEM_TOO_MANY_ENTRIES] = "too-many-entries",
    [ARCHIVE_PROBLEM_FILE_TOO_LARGE] = "file-too-large",
    [ARCHIVE_PROBLEM_TOTAL_TOO_LARGE] = "total-too-large",
    [ARCHIVE_PROBLEM_RATIO] = "ratio",
    [ARCHIVE_PROBLEM_CORRUPT] = "corrupt",
};

struct reader {
    struct archive *ar;
    struct archive_caps caps;
    struct archive_listing *l;
    struct diag *d;
    VEC(struct archive_item) items;
    VEC(struct archive_problem) problems;
    unsigned char *scratch;
    size_t scratch_cap;
    uint64_t expanded;   /* entry bytes produced by the decompressor */
    bool stop;
    archive_visit_fn visit;   /* or NULL */
    void *visit_priv;
    /* The plain tar when it was inflated in one go (arena-owned), so file
     * data can be pointed to where it lies. */
    const unsigned char *plain, *plain_end;
};

void archive_caps_default(struct archive_caps *c)
{
    c->max_entries = ARCHIVE_DEFAULT_MAX_ENTRIES;
    c->max_file_size = ARCHIVE_DEFAULT_MAX_FILE_SIZE;
    c->max_total_size = ARCHIVE_DEFAULT_MAX_TOTAL_SIZE;
    c->max_ratio = ARCHIVE_DEFAULT_MAX_RATIO;
    c->ratio_floor = ARCHIVE_DEFAULT_RATIO_FLOOR;
}

const char *archive_kind_name(enum archive_kind k)
{
    return (unsigned)k < ARCHIVE_KIND_COUNT ? kind_table[k] : "?";
}

const char *archive_problem_name(enum archive_problem_kind k)
{
    return (unsigned)k < ARCHIVE_PROBLEM_COUNT ? problem_table[k] : "?";
}

static void problem(struct reader *r, enum archive_problem_kind kind, const char *path,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(struct reader *r, enum archive_problem_kind kind, const char *path,
                    const char *fmt, ...)
{
    struct archive_problem *p = VEC_ADD(&r->problems);
    p->kind = kind;
    p->path = arena_strdup(r->l->arena, path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    p->message = arena_vprintf(r->l->arena, fmt, ap);
    va_end(ap);
}

/* path is the entry whose data failed, or "" when its header did (then
 * the entry before it is named for orientation). */
static void corrupt(struct reader *r, const char *path, size_t index)
{
    const char *why = archive_error_string(r->ar);
    if (!why)
        why = "unreadable data";
    problem(r, ARCHIVE_PROBLEM_CORRUPT, path, "truncated or corrupt archive at entry %zu: %s",
            index + 1, why);
    if (*path || !index)
        diag_set(r->d, DIAG_SYNTAX, r->l->name, 0, 0, "entry %zu ('%s'): %s", index + 1, path,
                 why);
    else
        diag_set(r->d, DIAG_SYNTAX, r->l->name, 0, 0, "entry %zu (after '%s'): %s", index + 1,
                 r->items.items[index - 1].path, why);
    r->stop = true;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

/* True (and a problem noted, reading stopped) when the bytes expanded so
 * far pass the total cap or the ratio cap.  The decompressor's own count
 * includes bytes skipped between entries, which the entries never see. */
static bool over_caps(struct reader *r, const char *path)
{
    uint64_t seen = r->expanded;
    la_int64_t filtered = archive_filter_bytes(r->ar, 0);
    if (filtered > 0 && (uint64_t)filtered > seen)
        seen = (uint64_t)filtered;
    if (r->caps.max_total_size && r->expanded > r->caps.max_total_size) {
        problem(r, ARCHIVE_PROBLEM_TOTAL_TOO_LARGE, path,
                "more than %llu bytes in all; reading stopped",
                (unsigned long long)r->caps.max_total_size);
        r->stop = true;
    } else if (r->caps.max_ratio && seen > r->caps.ratio_floor &&
               seen > sat_mul(r->caps.max_ratio, r->l->input_size)) {
        problem(r, ARCHIVE_PROBLEM_RATIO, path,
                "expands more than %llu times its %zu compressed bytes; reading stopped",
                (unsigned long long)r->caps.max_ratio, r->l->input_size);
        r->stop = true;
    }
    return r->stop;
}

/* Room for one more chunk after `len` bytes, never past the file cap. */
static void scratch_room(struct reader *r, size_t len)
{
    if (r->scratch_cap - len >= ARCHIVE_CHUNK + 1)
        return;
    size_t want = r->scratch_cap ? r->scratch_cap * 2 : 4 * ARCHIVE_CHUNK;
    if (want < len + ARCHIVE_CHUNK + 1)
        want = len + ARCHIVE_CHUNK + 1;
    r->scratch = xrealloc(r->scratch, want);
    r->scratch_cap = want;
}

/* Reads a regular file's data chunk by chunk; keeps it while under the
 * file cap, then only counts what follows so the caps still see it. */
static void read_data(struct reader *r, struct archive_item *it, size_t index)
{
    size_t len = 0;
    bool keep = true;
    for (;;) {
        scratch_room(r, keep ? len : 0);
        la_ssize_t n = archive_read_data(r->ar, r->scratch + (keep ? len : 0), ARCHIVE_CHUNK);
        if (n == 0)
            break;
        if (n < 0) {
            corrupt(r, it->path, index);
            return;
        }
        r->expanded += (uint64_t)n;
        it->size += (uint64_t)n;
        if (keep)
            len += (size_t)n;
        if (keep && r->caps.max_file_size && it->size > r->caps.max_file_size) {
            problem(r, ARCHIVE_PROBLEM_FILE_TOO_LARGE, it->path,
                    "larger than %llu bytes; contents not kept",
                    (unsigned long long)r->caps.max_file_size);
            keep = false;
        }
        if (over_caps(r, it->path))
            return;
    }
    if (keep && r->visit) {
        r->scratch[len] = '\0';
        it->data = r->scratch;
        bool kept = r->visit(r->visit_priv, it);
        it->data = NULL;
        it->released = !kept;
        keep = kept;
    }
    if (keep) {
        unsigned char *data = arena_alloc(r->l->arena, len + 1);
        if (len)
            memcpy(data, r->scratch, len);
        it->data = data;
    }
}

/* Room for `need` bytes and a NUL in the scratch buffer. */
static void scratch_fit(struct reader *r, size_t need)
{
    if (need < r->scratch_cap)
        return;
    size_t want = r->scratch_cap ? r->scratch_cap * 2 : 4 * ARCHIVE_CHUNK;
    if (want < need + 1)
        want = need + 1;
    r->scratch = xrealloc(r->scratch, want);
    r->scratch_cap = want;
}

/* Where an entry's bytes go while it is read in place: left where they
 * lie while they come as one block of the plain tar, else copied. */
struct in_place {
    const unsigned char *at;   /* the block in the plain tar, or NULL */
    size_t len;                /* bytes kept (at `at`, else in scratch) */
    bool keep;
};

static void place_bytes(struct reader *r, struct in_place *ip, const unsigned char *src,
                        size_t n)
{
    if (!ip->keep)
        return;
    if (!ip->at && !ip->len && src && src >= r->plain && src + n <= r->plain_end) {
        ip->at = src;
        ip->len = n;
        return;
    }
    scratch_fit(r, ip->len + n);
    if (ip->at) {   /* a second block: on to the scratch buffer */
        memcpy(r->scratch, ip->at, ip->len);
        ip->at = NULL;
    }
    if (src)
        memcpy(r->scratch + ip->len, src, n);
    else
        memset(r->scratch + ip->len, 0, n);   /* a sparse file's hole */
    ip->len += n;
}

/* n more bytes of the entry counted against the caps; false when reading
 * stops. */
static bool count_bytes(struct reader *r, struct archive_item *it, struct in_place *ip, size_t n)
{
    r->expanded += (uint64_t)n;
    it->size += (uint64_t)n;
    if (ip->keep && r->caps.max_file_size && it->size > r->caps.max_file_size) {
        problem(r, ARCHIVE_PROBLEM_FILE_TOO_LARGE, it->path,
                "larger than %llu bytes; contents not kept",
                (unsigned long long)r->caps.max_file_size);
        ip->keep = false;
        ip->at = NULL;
    }
    return !over_caps(r, it->path);
}

/* read_data for a plain tar inflated in one go: a file that comes as one
 * block followed by a NUL (its tar padding) is not copied at all. */
static void read_data_in_place(struct reader *r, struct archive_item *it, size_t index)
{
    struct in_place ip = {NULL, 0, true};
    for (;;) {
        const void *buff = NULL;
        size_t size = 0;
        la_int64_t offset = 0;
        int rc = archive_read_data_block(r->ar, &buff, &size, &offset);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc != ARCHIVE_OK || offset < 0 || (uint64_t)offset < it->size) {
            corrupt(r, it->path, index);
            return;
        }
        size_t hole = (size_t)((uint64_t)offset - it->size);
        if (hole) {
            place_bytes(r, &ip, NULL, hole);
            if (!count_bytes(r, it, &ip, hole))
                return;
        }
        place_bytes(r, &ip, buff, size);
        if (size && !count_bytes(r, it, &ip, size))
            return;
    }
    if (!ip.keep)
        return;
    if (ip.at && ip.at + ip.len < r->plain_end && ip.at[ip.len] == '\0') {
        it->data = ip.at;
        return;
    }
    unsigned char *data = arena_alloc(r->l->arena, ip.len + 1);
    if (ip.len)
        memcpy(data, ip.at ? ip.at : r->scratch, ip.len);
    it->data = data;
}

static bool is_sep(char c)
{
    return c == '/' || c == '\\';
}

static void check_path(struct reader *r, const char *path)
{
    if (!*path) {
        problem(r, ARCHIVE_PROBLEM_BAD_PATH, path, "entry without a path");
        return;
    }
    bool drive = ((path[0] | 0x20) >= 'a' && (path[0] | 0x20) <= 'z') && path[1] == ':';
    if (is_sep(path[0]) || drive)
        problem(r, ARCHIVE_PROBLEM_ABSOLUTE_PATH, path, "absolute path '%s'", path);
    for (const char *p = path; *p;) {
        const char *e = p;
        while (*e && !is_sep(*e))
            e++;
        if (e - p == 2 && p[0] == '.' && p[1] == '.') {
            problem(r, ARCHIVE_PROBLEM_DOTDOT, path, "path '%s' climbs out with '..'", path);
            break;
        }
        p = *e ? e + 1 : e;
    }
}

static enum archive_kind kind_of(struct archive_entry *e)
{
    if (archive_entry_hardlink(e))
        return ARCHIVE_KIND_HARDLINK;
    switch (archive_entry_filetype(e)) {
    case AE_IFREG: return ARCHIVE_KIND_FILE;
    case AE_IFDIR: return ARCHIVE_KIND_DIR;
    case AE_IFLNK: return ARCHIVE_KIND_SYMLINK;
    case AE_IFCHR:
    case AE_IFBLK: return ARCHIVE_KIND_DEVICE;
    case AE_IFIFO: return ARCHIVE_KIND_FIFO;
    case AE_IFSOCK: return ARCHIVE_KIND_SOCKET;
    default: return ARCHIVE_KIND_OTHER;
    }
}

static const char *entry_path(struct archive_entry *e)
{
    const char *p = archive_entry_pathname_utf8(e);
    if (!p)
        p = archive_entry_pathname(e);
    return p ? p : "";
}

static const char *entry_link(struct archive_entry *e, enum archive_kind kind)
{
    const char *t = NULL;
    if (kind == ARCHIVE_KIND_HARDLINK) {
        t = archive_entry_hardlink_utf8(e);
        if (!t)
            t = archive_entry_hardlink(e);
    } else if (kind == ARCHIVE_KIND_SYMLINK) {
        t = archive_entry_symlink_utf8(e);
        if (!t)
            t = archive_entry_symlink(e);
    }
    return t ? t : (kind == ARCHIVE_KIND_FILE || kind == ARCHIVE_KIND_DIR ? NULL : "");
}

/* One entry: records it, notes what is odd about it, reads its data. */
static void take_entry(struct reader *r, struct archive_entry *e)
{
    size_t index = r->items.len;
    struct archive_item it = {0};
    it.path = arena_strdup(r->l->arena, entry_path(e));
    it.kind = kind_of(e);
    it.mode = (unsigned)archive_entry_perm(e) & 07777u;
    const char *target = entry_link(e, it.kind);
    it.link_target = target ? arena_strdup(r->l->arena, target) : NULL;
    check_path(r, it.path);
    switch (it.kind) {
    case ARCHIVE_KIND_SYMLINK:
        problem(r, ARCHIVE_PROBLEM_SYMLINK, it.path, "symlink to '%s' is not followed",
                it.link_target);
        break;
    case ARCHIVE_KIND_HARDLINK:
        problem(r, ARCHIVE_PROBLEM_HARDLINK, it.path, "hardlink to '%s' is not followed",
                it.link_target);
        break;
    case ARCHIVE_KIND_FILE:
    case ARCHIVE_KIND_DIR:
        break;
    default:
        problem(r, ARCHIVE_PROBLEM_SPECIAL, it.path, "%s entry is not read",
                archive_kind_name(it.kind));
        break;
    }
    if (it.kind == ARCHIVE_KIND_FILE) {
        if (archive_entry_is_data_encrypted(e))
            problem(r, ARCHIVE_PROBLEM_ENCRYPTED, it.path, "encrypted; contents not read");
        else if (r->plain && !r->visit)
            read_data_in_place(r, &it, index);
        else
            read_data(r, &it, index);
    }
    VEC_PUSH(&r->items, it);
}

/* The path two entries are compared by: no "./" prefixes, no repeated or
 * trailing slashes. */
static char *norm_path(struct arena *a, const char *path)
{
    size_t n = strlen(path);
    char *out = arena_alloc(a, n + 1), *o = out;
    const char *p = path;
    while (p[0] == '.' && p[1] == '/')
        for (p += 2; *p == '/'; p++) {}
    for (; *p; p++) {
        if (*p == '/' && (o == out || o[-1] == '/'))
            continue;
        *o++ = *p;
    }
    while (o > out && o[-1] == '/')
        o--;
    *o = '\0';
    return out;
}

struct keyed {
    const char *key;
    size_t index;
};

static int keyed_cmp(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Sorting keeps this O(n log n) for 20,000 entries; directories listed
 * twice are harmless and skipped. */
static void find_duplicates(struct reader *r)
{
    size_t n = r->items.len;
    if (n < 2)
        return;
    struct keyed *k = xmalloc(n * sizeof(*k));
    for (size_t i = 0; i < n; i++) {
        k[i].key = norm_path(r->l->arena, r->items.items[i].path);
        k[i].index = i;
    }
    qsort(k, n, sizeof(*k), keyed_cmp);
    for (size_t i = 1; i < n; i++) {
        const struct archive_item *a = &r->items.items[k[i - 1].index];
        const struct archive_item *b = &r->items.items[k[i].index];
        if (strcmp(k[i - 1].key, k[i].key) != 0 || !*k[i].key)
            continue;
        if (a->kind == ARCHIVE_KIND_DIR && b->kind == ARCHIVE_KIND_DIR)
            continue;
        problem(r, ARCHIVE_PROBLEM_DUPLICATE, b->path,
                "'%s' appears more than once (entries %zu and %zu)", b->path,
                k[i - 1].index + 1, k[i].index + 1);
    }
    free(k);
}

static struct archive *new_reader(void)
{
    struct archive *ar = archive_read_new();
    if (!ar)
        return NULL;
    archive_read_support_filter_gzip(ar);
    archive_read_support_filter_bzip2(ar);
    archive_read_support_format_tar(ar);
    archive_read_support_format_zip(ar);
    return ar;
}

/* Starts like gzip, bzip2, zip or ustar: a failure to read such bytes is a
 * corrupt archive, not "no archive" (libarchive tells the two apart only in
 * its message text). */
static bool known_magic(const unsigned char *b, size_t len)
{
    return (len >= 2 && b[0] == 0x1f && b[1] == 0x8b) ||
           (len >= 3 && memcmp(b, "BZh", 3) == 0) ||
           (len >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) ||
           (len >= 4 && memcmp(b, "PK\x05\x06", 4) == 0) ||
           (len >= 262 && memcmp(b + 257, "ustar", 5) == 0);
}

/* Walks headers until the end, a cap or an error.  False when the very
 * first header says the bytes are no archive at all. */
static bool walk(struct reader *r)
{
    struct archive_entry *e;
    for (size_t i = 0; !r->stop; i++) {
        int rc = archive_read_next_header(r->ar, &e);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
            if (i == 0 && archive_format(r->ar) == 0)
                return false;
            corrupt(r, "", i);
            break;
        }
        if (r->caps.max_entries && i >= r->caps.max_entries) {
            problem(r, ARCHIVE_PROBLEM_TOO_MANY_ENTRIES, entry_path(e),
                    "more than %zu entries; reading stopped", r->caps.max_entries);
            r->stop = true;
            break;
        }
        take_entry(r, e);
        if (!r->stop)
            over_caps(r, r->items.items[i].path);
    }
    return true;
}

static void finish(struct reader *r)
{
    struct archive_listing *l = r->l;
    find_duplicates(r);
    struct archive_item *items = arena_alloc(l->arena, r->items.len * sizeof(*items) + 1);
    if (r->items.len)
        memcpy(items, r->items.items, r->items.len * sizeof(*items));
    struct archive_problem *probs =
        arena_alloc(l->arena, r->problems.len * sizeof(*probs) + 1);
    if (r->problems.len)
        memcpy(probs, r->problems.items, r->problems.len * sizeof(*probs));
    l->items = items;
    l->n_items = r->items.len;
    l->problems = probs;
    l->n_problems = r->problems.len;
    l->total_size = r->expanded;
    l->complete = !r->stop;
}

static struct archive_listing *listing_read(const void *buf, size_t len, const char *name,
                                           const struct archive_caps *caps, bool inflate_first,
                                           archive_visit_fn visit, void *priv, struct diag *d);

struct archive_listing *archive_listing_open(const void *buf, size_t len, const char *name,
                                             const struct archive_caps *caps,
                                             struct diag *d)
{
    return listing_read(buf, len, name, caps, false, NULL, NULL, d);
}

struct archive_listing *archive_listing_visit(const void *buf, size_t len, const char *name,
                                              const struct archive_caps *caps,
                                              archive_visit_fn visit, void *priv,
                                              struct diag *d)
{
    return listing_read(buf, len, name, caps, false, visit, priv, d);
}

struct archive_listing *archive_listing_open_inflated(const void *buf, size_t len,
                                                      const char *name,
                                                      const struct archive_caps *caps,
                                                      struct diag *d)
{
    return listing_read(buf, len, name, caps, true, NULL, NULL, d);
}

static struct archive_listing *listing_read(const void *buf, size_t len, const char *name,
                                           const struct archive_caps *caps, bool inflate_first,
                                           archive_visit_fn visit, void *priv, struct diag *d)
{
    if (!name)
        name = "archive";
    if (!buf || !len) {
        diag_set(d, DIAG_UNSUPPORTED, name, 0, 0, "empty archive");
        return NULL;
    }
    struct reader r = {0};
    if (caps)
        r.caps = *caps;
    else
        archive_caps_default(&r.caps);
    r.d = d;
    r.visit = visit;
    r.visit_priv = priv;
    r.ar = new_reader();
    if (!r.ar) {
        diag_set(d, DIAG_INTERNAL, name, 0, 0, "libarchive: no reader");
        return NULL;
    }
    struct arena *a = arena_new();
    r.l = arena_alloc(a, sizeof(*r.l));
    r.l->arena = a;
    r.l->name = arena_strdup(a, name);
    r.l->input_size = len;
    size_t plain_len = 0;
    unsigned char *plain =
        inflate_first ? archive_inflate_gzip(buf, len, &r.caps, a, &plain_len) : NULL;
    r.plain = plain;
    r.plain_end = plain ? plain + plain_len : NULL;
    /* libarchive only reads the buffer; its API is not const-qualified. */
    bool ok = archive_read_open_memory(r.ar, plain ? plain : (void *)(uintptr_t)buf,
                                       plain ? plain_len : len) == ARCHIVE_OK &&
              walk(&r);
    if (!ok && known_magic(buf, len)) {
        corrupt(&r, "", 0);
        ok = true;
    }
    if (ok)
        finish(&r);
    else
        diag_set(d, DIAG_UNSUPPORTED, name, 0, 0, "not a tar or zip archive: %s",
                 archive_error_string(r.ar) ? archive_error_string(r.ar) : "unknown format");
    archive_read_free(r.ar);
    VEC_FREE(&r.items);
    VEC_FREE(&r.problems);
    free(r.scratch);
    if (!ok) {
        arena_free(a);
        return NULL;
    }
    return r.l;
}

void archive_listing_free(struct archive_listing *l)
{
    if (l)
        arena_free(l->arena);
}

const struct archive_item *archive_listing_find(const struct archive_listing *l,
                                                const char *path)
{
    for (size_t i = 0; l && i < l->n_items; i++)
        if (strcmp(l->items[i].path, path) == 0)
            return &l->items[i];
    return NULL;
}

size_t archive_listing_count(const struct archive_listing *l, enum archive_problem_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; l && i < l->n_problems; i++)
        n += l->problems[i].kind == kind;
    return n;
}
