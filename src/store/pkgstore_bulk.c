/* Every cached package at once, for a frontend's first frame: a handful
 * of table scans instead of a dozen queries per package. */
#include "depvet/store/pkgstore.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/ecosystem.h"
#include "store_priv.h"

struct bulk {
    struct store *s;
    struct arena *a;
    int64_t *ids;             /* ascending: packages are read ORDER BY id */
    struct reg_package **pkgs;
    size_t n;
    size_t last;              /* by_id's previous answer: rows come grouped */
};

static size_t index_of(struct bulk *b, int64_t id)
{
    if (b->last < b->n && b->ids[b->last] == id)
        return b->last;
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == b->n || b->ids[lo] != id)
        return SIZE_MAX;
    return b->last = lo;
}

/* Doubling arrays in the arena: rows arrive grouped by package. */
static void *grow(struct arena *a, void *old, size_t n, size_t size)
{
    /* Capacity is 4, then doubles: full exactly when n is 4, 8, 16... */
    if (n && (n < 4 || (n & (n - 1))))
        return old;
    size_t cap = n ? n * 2 : 4;
    void *fresh = arena_alloc(a, cap * size);
    if (n)
        memcpy(fresh, old, n * size);
    return fresh;
}

static bool read_packages(struct bulk *b, struct diag *d)
{
    int64_t total = pkgstore_count(b->s);
    if (total < 0) {
        store_fail(b->s, d, "count packages");
        return false;
    }
    size_t cap = (size_t)total + 1;
    b->ids = arena_alloc(b->a, cap * sizeof(*b->ids));
    b->pkgs = arena_alloc(b->a, cap * sizeof(*b->pkgs));
    sqlite3_stmt *st = store_prepare(b->s,
        "SELECT " PACKAGE_COLS ", id, ecosystem FROM packages ORDER BY id", d);
    if (!st)
        return false;
    while (b->n < (size_t)total && sqlite3_step(st) == SQLITE_ROW) {
        const char *eco_name = (const char *)sqlite3_column_text(st, PACKAGE_NCOLS + 1);
        enum ecosystem eco = ECO_UNKNOWN;
        if (eco_name)
            ecosystem_parse(eco_name, &eco);
        struct reg_package *p = reg_package_new(b->a, eco, NULL);
        pkgstore_package_cols(st, b->a, p);
        b->ids[b->n] = sqlite3_column_int64(st, PACKAGE_NCOLS);
        b->pkgs[b->n++] = p;
    }
    sqlite3_finalize(st);
    return true;
}

/* Releases: counted per package so each array is allocated once (cheaper
 * than growing), then read in table order and put in place by their seq
 * (an ORDER BY would cost more than the read). */
static bool count_releases(struct bulk *b, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(b->s,
        "SELECT package_id, count(*) FROM versions GROUP BY package_id", d);
    if (!st)
        return false;
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t i = index_of(b, sqlite3_column_int64(st, 0));
        size_t n = (size_t)sqlite3_column_int64(st, 1);
        if (i == SIZE_MAX || !n)
            continue;
        struct reg_package *p = b->pkgs[i];
        p->releases = arena_alloc(b->a, n * sizeof(*p->releases));
        memset(p->releases, 0, n * sizeof(*p->releases));
        p->n_releases = n;
    }
    sqlite3_finalize(st);
    return true;
}

static bool read_releases(struct bulk *b, struct diag *d)
{
    if (!count_releases(b, d))
        return false;
    sqlite3_stmt *st = store_prepare(b->s,
        "SELECT " RELEASE_SUMMARY_COLS ", package_id, seq FROM versions", d);
    if (!st)
        return false;
    struct reg_release spare;
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t i = index_of(b, sqlite3_column_int64(st, RELEASE_SUMMARY_NCOLS));
        int64_t seq = sqlite3_column_int64(st, RELEASE_SUMMARY_NCOLS + 1);
        struct reg_package *p = i == SIZE_MAX ? NULL : b->pkgs[i];
        bool fits = p && seq >= 0 && (size_t)seq < p->n_releases && !p->releases[seq].version;
        pkgstore_release_summary_cols(st, b->a, fits ? &p->releases[seq] : &spare);
    }
    sqlite3_finalize(st);
    /* Rows whose seq did not fit (a cache not written by pkgstore_put)
     * leave holes: close them so every release has a version. */
    for (size_t i = 0; i < b->n; i++) {
        struct reg_package *p = b->pkgs[i];
        size_t w = 0;
        for (size_t r = 0; r < p->n_releases; r++)
            if (p->releases[r].version)
                p->releases[w++] = p->releases[r];
        p->n_releases = w;
    }
    return true;
}

/* The newest owner snapshot of each package, as (snapshot id, package)
 * sorted by snapshot id, so member rows find their package quickly. */
struct latest {
    int64_t snapshot;
    struct reg_package *pkg;
};

static int latest_cmp(const void *x, const void *y)
{
    const struct latest *a = x, *b = y;
    return (a->snapshot > b->snapshot) - (a->snapshot < b->snapshot);
}

static size_t latest_snapshots(struct bulk *b, struct latest *out, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(b->s,
        "SELECT package_id, id FROM owner_snapshots ORDER BY package_id, seen_at, id", d);
    size_t n = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        size_t i = index_of(b, sqlite3_column_int64(st, 0));
        if (i == SIZE_MAX)
            continue;
        if (!n || out[n - 1].pkg != b->pkgs[i])
            n++;
        out[n - 1] = (struct latest){sqlite3_column_int64(st, 1), b->pkgs[i]};
    }
    sqlite3_finalize(st);
    qsort(out, n, sizeof(*out), latest_cmp);
    return n;
}

static bool read_owners(struct bulk *b, struct diag *d)
{
    struct latest *latest = malloc((b->n + 1) * sizeof(*latest));
    size_t nl = latest_snapshots(b, latest, d);
    sqlite3_stmt *st = diag_failed(d) ? NULL : store_prepare(b->s,
        "SELECT snapshot_id, name, email, role FROM owner_members ORDER BY snapshot_id, rowid", d);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        struct latest key = {sqlite3_column_int64(st, 0), NULL};
        struct latest *hit = bsearch(&key, latest, nl, sizeof(*latest), latest_cmp);
        if (!hit)
            continue; /* an older snapshot */
        struct reg_package *p = hit->pkg;
        p->owners = grow(b->a, p->owners, p->n_owners, sizeof(*p->owners));
        struct reg_person *o = &p->owners[p->n_owners++];
        memset(o, 0, sizeof(*o));
        o->name = store_col_str(st, 1, b->a);
        o->email = store_col_str(st, 2, b->a);
        o->role = store_col_str(st, 3, b->a);
    }
    sqlite3_finalize(st);
    free(latest);
    return !diag_failed(d);
}

size_t pkgstore_load_all(struct store *s, struct arena *a, struct reg_package ***out,
                         struct diag *d)
{
    struct bulk b = {s, a, NULL, NULL, 0, 0};
    *out = NULL;
    if (!read_packages(&b, d) || !read_releases(&b, d) || !read_owners(&b, d))
        return 0;
    *out = b.pkgs;
    return b.n;
}
