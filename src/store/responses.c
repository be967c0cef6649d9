/* The responses table: one row per URL, replaced whole. */
#include "depvet/store/responses.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"
#include "store_priv.h"

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

bool responses_get(struct store *s, const char *url, struct cached_response *out,
                   struct diag *d)
{
    memset(out, 0, sizeof(*out));
    /* asked once per pin by the policy's coverage: prepared once */
    sqlite3_stmt *st = store_cached(s,
        "SELECT status, etag, last_modified, content_type, body, fetched_at, "
        "checked_at FROM responses WHERE url = ?", d);
    if (!st)
        return false;
    store_bind_text(st, 1, url);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        out->status = sqlite3_column_int(st, 0);
        out->etag = col_dup(st, 1);
        out->last_modified = col_dup(st, 2);
        out->content_type = col_dup(st, 3);
        const void *b = sqlite3_column_blob(st, 4);
        out->body_len = (size_t)sqlite3_column_bytes(st, 4);
        out->body = xmalloc(out->body_len + 1);
        if (out->body_len)
            memcpy(out->body, b, out->body_len);
        out->body[out->body_len] = '\0';
        out->fetched_at = sqlite3_column_int64(st, 5);
        out->checked_at = sqlite3_column_int64(st, 6);
    }
    store_release(s, st);
    return found;
}

struct store_times *responses_checked_times(struct store *s, const char *prefix,
                                            struct diag *d)
{
    /* [prefix, prefix with its last byte one higher): a range of the
     * primary key, so no body is read.  A prefix ending in 0xff (none
     * does) is matched to the end of the table and checked by substr. */
    size_t n = strlen(prefix);
    char *end = xstrdup(prefix);
    bool bump = n && (unsigned char)end[n - 1] < 0xff;
    if (bump)
        end[n - 1]++;
    struct store_times *t = store_times_read(s,
        bump ? "SELECT url, checked_at FROM responses WHERE url >= ?1 AND url < ?2"
             : "SELECT url, checked_at FROM responses WHERE url >= ?1 "
               "AND substr(url, 1, length(?1)) = ?1",
        prefix, bump ? end : NULL, d);
    free(end);
    return t;
}

void cached_response_fini(struct cached_response *r)
{
    free(r->etag);
    free(r->last_modified);
    free(r->content_type);
    free(r->body);
    memset(r, 0, sizeof(*r));
}

bool responses_put(struct store *s, const char *url, const struct cached_response *r,
                   struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s,
        "INSERT OR REPLACE INTO responses (url, status, etag, last_modified, "
        "content_type, body, fetched_at, checked_at) VALUES (?,?,?,?,?,?,?,?)", d);
    if (!st)
        return false;
    store_bind_text(st, 1, url);
    sqlite3_bind_int(st, 2, r->status);
    store_bind_text(st, 3, r->etag);
    store_bind_text(st, 4, r->last_modified);
    store_bind_text(st, 5, r->content_type);
    sqlite3_bind_blob64(st, 6, r->body ? r->body : "", r->body_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, r->fetched_at);
    sqlite3_bind_int64(st, 8, r->checked_at);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        store_fail(s, d, "write");
    sqlite3_finalize(st);
    return ok;
}

bool responses_touch(struct store *s, const char *url, int64_t now, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s,
        "UPDATE responses SET checked_at = ? WHERE url = ?", d);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, now);
    store_bind_text(st, 2, url);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        store_fail(s, d, "write");
    sqlite3_finalize(st);
    return ok;
}
