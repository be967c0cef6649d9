/* Test helper: builds tar / tar.gz / tar.bz2 / zip archives in memory with
 * libarchive's writer, so tests carry no binary fixtures. */
#ifndef DEPVET_TEST_ARCHIVE_BUILD_H
#define DEPVET_TEST_ARCHIVE_BUILD_H

#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

enum ab_form { AB_TAR, AB_TGZ, AB_TBZ2, AB_ZIP };

struct ab {
    struct archive *w;
    unsigned char *buf;
    size_t cap, used;
};

static inline void ab_begin(struct ab *b, enum ab_form form, size_t cap)
{
    b->w = archive_write_new();
    b->cap = cap;
    b->used = 0;
    b->buf = malloc(cap);
    cr_assert_not_null(b->buf);
    if (form == AB_ZIP) {
        cr_assert_eq(archive_write_set_format_zip(b->w), ARCHIVE_OK);
    } else {
        cr_assert_eq(archive_write_set_format_pax_restricted(b->w), ARCHIVE_OK);
        if (form == AB_TGZ)
            archive_write_add_filter_gzip(b->w);
        else if (form == AB_TBZ2)
            archive_write_add_filter_bzip2(b->w);
        archive_write_set_bytes_in_last_block(b->w, 1);
    }
    cr_assert_eq(archive_write_open_memory(b->w, b->buf, cap, &b->used), ARCHIVE_OK);
}

/* One entry of type `type` (AE_IFREG...); data only for regular files. */
static inline void ab_entry(struct ab *b, const char *path, unsigned type,
                            const void *data, size_t len, const char *symlink,
                            const char *hardlink)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, path);
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : 0644);
    archive_entry_set_size(e, type == AE_IFREG && !hardlink ? (la_int64_t)len : 0);
    if (symlink)
        archive_entry_set_symlink(e, symlink);
    if (hardlink)
        archive_entry_set_hardlink(e, hardlink);
    cr_assert_geq(archive_write_header(b->w, e), ARCHIVE_WARN, "%s",
                  archive_error_string(b->w));
    if (type == AE_IFREG && len && !hardlink)
        cr_assert_eq(archive_write_data(b->w, data, len), (la_ssize_t)len);
    archive_entry_free(e);
}

static inline void ab_file(struct ab *b, const char *path, const char *text)
{
    ab_entry(b, path, AE_IFREG, text, strlen(text), NULL, NULL);
}

/* A table row: type 0 means a regular file holding text. */
struct ab_item {
    const char *path;
    unsigned type;
    const char *text;
    const char *symlink, *hardlink;
};

static inline void ab_items(struct ab *b, const struct ab_item *it, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned type = it[i].type ? it[i].type : AE_IFREG;
        const char *text = it[i].text ? it[i].text : "";
        ab_entry(b, it[i].path, type, text, strlen(text), it[i].symlink, it[i].hardlink);
    }
}

#define AB_ITEMS(b, table) ab_items((b), (table), sizeof(table) / sizeof((table)[0]))

/* A regular file of n zero bytes, written in pieces. */
static inline void ab_zeros(struct ab *b, const char *path, size_t n)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, path);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)n);
    cr_assert_eq(archive_write_header(b->w, e), ARCHIVE_OK);
    static const unsigned char zero[65536];
    for (size_t done = 0; done < n;) {
        size_t k = n - done < sizeof(zero) ? n - done : sizeof(zero);
        cr_assert_eq(archive_write_data(b->w, zero, k), (la_ssize_t)k);
        done += k;
    }
    archive_entry_free(e);
}

/* Closes the writer; b->buf[0..b->used) is the archive (caller frees buf). */
static inline size_t ab_end(struct ab *b)
{
    cr_assert_eq(archive_write_close(b->w), ARCHIVE_OK, "%s", archive_error_string(b->w));
    archive_write_free(b->w);
    b->w = NULL;
    return b->used;
}

#endif
