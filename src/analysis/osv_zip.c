/* Reading an OSV zip export member by member with libarchive. */
#include "depvet/analysis/osv_zip.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"

/* Read block size handed to libarchive. */
#define ZIP_BLOCK (64 * 1024)

bool osv_zip_sniff(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    unsigned char m[4] = {0};
    size_t n = fread(m, 1, sizeof(m), f);
    fclose(f);
    return n == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
}

static bool is_json_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

/* Reads the current member whole; NULL with err set when it is too large
 * or damaged. */
static char *read_member(struct archive *ar, struct archive_entry *e, const char *where,
                         size_t *len, struct diag *err)
{
    la_int64_t size = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
    if (size > (la_int64_t)OSV_ZIP_MEMBER_MAX) {
        diag_set(err, DIAG_LIMIT, where, 0, 0, "member larger than %u bytes", OSV_ZIP_MEMBER_MAX);
        return NULL;
    }
    size_t cap = size > 0 ? (size_t)size + 1 : 4096, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > OSV_ZIP_MEMBER_MAX) {
                diag_set(err, DIAG_LIMIT, where, 0, 0, "member larger than %u bytes",
                         OSV_ZIP_MEMBER_MAX);
                free(buf);
                return NULL;
            }
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        la_ssize_t r = archive_read_data(ar, buf + n, cap - n - 1);
        if (r == 0)
            break;
        if (r < 0) {
            diag_set(err, DIAG_SYNTAX, where, 0, 0, "cannot read member: %s",
                     archive_error_string(ar) ? archive_error_string(ar) : "damaged");
            free(buf);
            return NULL;
        }
        n += (size_t)r;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

bool osv_zip_each(const char *path, osv_zip_fn fn, void *ud, struct diag *d)
{
    struct archive *ar = archive_read_new();
    archive_read_support_format_zip(ar);
    if (archive_read_open_filename(ar, path, ZIP_BLOCK) != ARCHIVE_OK) {
        diag_set(d, DIAG_IO, path, 0, 0, "cannot open as a zip archive: %s",
                 archive_error_string(ar) ? archive_error_string(ar) : "unknown error");
        archive_read_free(ar);
        return false;
    }
    struct archive_entry *e;
    unsigned long members = 0;
    bool ok = true, go = true;
    int rc;
    while (go && (rc = archive_read_next_header(ar, &e)) == ARCHIVE_OK) {
        if (++members > OSV_ZIP_MEMBERS_MAX) {
            diag_set(d, DIAG_LIMIT, path, 0, 0, "more than %u members", OSV_ZIP_MEMBERS_MAX);
            ok = false;
            break;
        }
        const char *name = archive_entry_pathname(e);
        if (archive_entry_filetype(e) != AE_IFREG || !is_json_name(name))
            continue;
        char where[600];
        snprintf(where, sizeof(where), "%s:%s", path, name);
        struct diag err;
        diag_clear(&err);
        size_t len = 0;
        char *buf = read_member(ar, e, where, &len, &err);
        go = fn(ud, where, buf, len, buf ? NULL : &err);
        free(buf);
    }
    if (ok && go && rc != ARCHIVE_EOF) {
        diag_set(d, DIAG_SYNTAX, path, 0, 0, "damaged zip archive: %s",
                 archive_error_string(ar) ? archive_error_string(ar) : "unknown error");
        ok = false;
    }
    archive_read_free(ar);
    return ok;
}
