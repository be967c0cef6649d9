/* The cache database: migrations, WAL, transactions, cached responses. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depvet/core/xdg.h"
#include "depvet/store/db.h"
#include "depvet/store/responses.h"
#include "helpers.h"

static char dir[64];

static void mkdir_tmp(void)
{
    test_tmpdir_make(dir, sizeof(dir), "store");
}

static void rm_tmp(void)
{
    test_tmpdir_drop(dir);
}

TestSuite(store, .init = mkdir_tmp, .fini = rm_tmp);

Test(store, creates_schema_and_reopens)
{
    struct diag d;
    diag_clear(&d);
    struct store *s = store_open_default(dir, &d);
    cr_assert_not_null(s, "%s", d.msg);
    int v = store_schema_version(s);
    cr_assert_gt(v, 0);
    cr_assert(store_integrity_ok(s, &d));
    store_close(s);
    s = store_open_default(dir, &d);
    cr_assert_not_null(s);
    cr_assert_eq(store_schema_version(s), v);
    store_close(s);
    char wal[128];
    snprintf(wal, sizeof(wal), "%s/cache.db", dir);
    cr_assert_eq(access(wal, F_OK), 0);
}

Test(store, refuses_a_newer_schema)
{
    struct diag d;
    diag_clear(&d);
    char path[128];
    snprintf(path, sizeof(path), "%s/x.db", dir);
    struct store *s = store_open(path, &d);
    cr_assert_not_null(s);
    store_close(s);
    /* Pretend a future depvet migrated it further. */
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "python3 -c \"import sqlite3;c=sqlite3.connect('%s');"
             "c.execute('PRAGMA user_version=999');c.commit()\"", path);
    if (system(cmd) != 0)
        cr_skip("python3 unavailable");
    cr_assert_null(store_open(path, &d));
    cr_assert(strstr(d.msg, "newer than this depvet"));
}

/* The readers' connection: nothing when there is no cache (and none
 * made), the schema as it is, and no write gets through. */
Test(store, readonly_open_reads_and_refuses_writes)
{
    struct diag d;
    diag_clear(&d);
    cr_assert_null(store_open_readonly(dir, &d));
    cr_assert_not(diag_failed(&d), "a missing cache is not an error");
    char path[128];
    snprintf(path, sizeof(path), "%s/cache.db", dir);
    cr_assert_neq(access(path, F_OK), 0, "and none was created");
    struct store *s = store_open_default(dir, &d);
    cr_assert_not_null(s, "%s", d.msg);
    int v = store_schema_version(s);
    store_close(s);
    s = store_open_readonly(dir, &d);
    cr_assert_not_null(s, "%s", d.msg);
    cr_assert_eq(store_schema_version(s), v);
    cr_assert_not(store_begin(s, &d), "a write transaction is refused");
    store_close(s);
}

Test(store, responses_roundtrip_touch_and_rollback)
{
    struct diag d;
    diag_clear(&d);
    struct store *s = store_open_default(dir, &d);
    cr_assert_not_null(s);
    struct cached_response r = {
        .status = 200, .etag = "\"abc\"", .content_type = "application/json",
        .body = "{\"x\":1}", .body_len = 7, .fetched_at = 100, .checked_at = 100,
    };
    cr_assert(store_begin(s, &d));
    cr_assert(responses_put(s, "https://hex.pm/api/packages/x", &r, &d));
    cr_assert(store_commit(s, &d));
    struct cached_response got;
    cr_assert(responses_get(s, "https://hex.pm/api/packages/x", &got, &d));
    cr_assert_str_eq(got.etag, "\"abc\"");
    cr_assert_null(got.last_modified);
    cr_assert_eq(got.body_len, 7);
    cr_assert_str_eq(got.body, "{\"x\":1}");
    cached_response_fini(&got);
    cr_assert(responses_touch(s, "https://hex.pm/api/packages/x", 500, &d));
    cr_assert(responses_get(s, "https://hex.pm/api/packages/x", &got, &d));
    cr_assert_eq(got.fetched_at, 100);
    cr_assert_eq(got.checked_at, 500);
    cached_response_fini(&got);
    /* A rolled-back write leaves nothing behind. */
    cr_assert(store_begin(s, &d));
    cr_assert(responses_put(s, "https://pypi.org/pypi/y/json", &r, &d));
    store_rollback(s);
    cr_assert_not(responses_get(s, "https://pypi.org/pypi/y/json", &got, &d));
    cr_assert_not(diag_failed(&d));
    store_close(s);
}

/* A pass over every pin reads the times of one key range at once. */
Test(store, responses_checked_times_of_a_prefix)
{
    struct diag d;
    diag_clear(&d);
    struct store *s = store_open(":memory:", &d);
    cr_assert_not_null(s);
    struct cached_response r = {.status = 200, .body = "", .fetched_at = 1, .checked_at = 0};
    static const char *const url_table[] = {
        "https://osv.dev/x", "osv-query:Hex:plug@1.0.0", "osv-query:PyPI:six@1.16.0",
        "osv-query;after", "osv-queryX", "zzz",
    };
    cr_assert(store_begin(s, &d));
    for (unsigned i = 0; i < sizeof url_table / sizeof *url_table; i++) {
        r.checked_at = 100 + i;
        cr_assert(responses_put(s, url_table[i], &r, &d), "%s", d.msg);
    }
    cr_assert(store_commit(s, &d));
    struct store_times *t = responses_checked_times(s, "osv-query:", &d);
    cr_assert_not_null(t, "%s", d.msg);
    cr_assert_eq(store_times_get(t, "osv-query:Hex:plug@1.0.0"), 101);
    cr_assert_eq(store_times_get(t, "osv-query:PyPI:six@1.16.0"), 102);
    cr_assert_eq(store_times_get(t, "osv-query;after"), 0, "outside the prefix");
    cr_assert_eq(store_times_get(t, "osv-queryX"), 0);
    cr_assert_eq(store_times_get(t, "https://osv.dev/x"), 0);
    cr_assert_eq(store_times_get(t, "osv-query:Hex:absent@1"), 0);
    store_times_free(t);
    store_close(s);
}

Test(store, two_connections_share_the_cache)
{
    struct diag d;
    diag_clear(&d);
    struct store *a = store_open_default(dir, &d);
    struct store *b = store_open_default(dir, &d);
    cr_assert(a && b);
    struct cached_response r = {.status = 200, .body = "1", .body_len = 1};
    cr_assert(store_begin(a, &d));
    cr_assert(responses_put(a, "u", &r, &d));
    struct cached_response got;
    cr_assert_not(responses_get(b, "u", &got, &d), "uncommitted write visible");
    cr_assert(store_commit(a, &d));
    cr_assert(responses_get(b, "u", &got, &d));
    cached_response_fini(&got);
    store_close(a);
    store_close(b);
}

Test(xdg, cache_dir_overrides)
{
    char out[512];
    setenv("DEPVET_CACHE_DIR", "/x/y", 1);
    cr_assert(xdg_cache_dir(out, sizeof(out)));
    cr_assert_str_eq(out, "/x/y");
    unsetenv("DEPVET_CACHE_DIR");
    setenv("XDG_CACHE_HOME", "/c", 1);
    cr_assert(xdg_cache_dir(out, sizeof(out)));
    cr_assert_str_eq(out, "/c/depvet");
    unsetenv("XDG_CACHE_HOME");
    setenv("HOME", "/home/u", 1);
    cr_assert(xdg_cache_dir(out, sizeof(out)));
    cr_assert_str_eq(out, "/home/u/.cache/depvet");
}
