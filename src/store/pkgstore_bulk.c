/* Every cached package at once, for a frontend's first frame: a handful
 * of table scans instead of a dozen queries per package. */
#include "depvet/store/pkgstore.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/ecosystem.h"
#include "depvet/core/vec.h"
#include "depvet/store/db.h"
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

/* Releases come in primary-key order, so grouped by package: each group
 * is gathered in a scratch array, then copied once into an array of its
 * exact size in registry order (by seq).  No counting pass, no ORDER BY. */
struct pending {
    VEC(struct reg_release) rel;
    VEC(int64_t) seq;
    struct reg_package *pkg;
};

static void flush(struct bulk *b, struct pending *q)
{
    struct reg_package *p = q->pkg;
    size_t n = q->rel.len;
    if (p && n) {
        p->releases = arena_alloc(b->a, n * sizeof(*p->releases));
        memset(p->releases, 0, n * sizeof(*p->releases));
        bool *taken = calloc(n, 1);
        size_t extra = 0;
        for (size_t i = 0; i < n; i++) {
            int64_t s = q->seq.items[i];
            if (s >= 0 && (size_t)s < n && !taken[s])
                p->releases[s] = q->rel.items[i], taken[s] = true;
            else
                q->rel.items[extra++] = q->rel.items[i];
        }
        /* Rows whose seq did not fit (a cache not written by pkgstore_put)
         * fill the holes, so every release has a version. */
        for (size_t i = 0, e = 0; i < n && e < extra; i++)
            if (!taken[i])
                p->releases[i] = q->rel.items[e++];
        free(taken);
        p->n_releases = n;
    }
    q->rel.len = q->seq.len = 0;
    q->pkg = NULL;
}

static bool read_releases(struct bulk *b, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(b->s,
        "SELECT " RELEASE_SUMMARY_COLS ", package_id, seq FROM versions", d);
    if (!st)
        return false;
    struct pending q = {0};
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t i = index_of(b, sqlite3_column_int64(st, RELEASE_SUMMARY_NCOLS));
        struct reg_package *p = i == SIZE_MAX ? NULL : b->pkgs[i];
        if (p != q.pkg)
            flush(b, &q);
        q.pkg = p;
        pkgstore_release_summary_cols(st, b->a, VEC_ADD(&q.rel));
        VEC_PUSH(&q.seq, sqlite3_column_int64(st, RELEASE_SUMMARY_NCOLS + 1));
    }
    flush(b, &q);
    sqlite3_finalize(st);
    VEC_FREE(&q.rel);
    VEC_FREE(&q.seq);
    return true;
}

static bool read_links(struct bulk *b, struct diag *d)
{
    /* In rowid order, which is each package's own order: a scan of the
     * table, not a walk of its index with a look-up a row. */
    sqlite3_stmt *st = store_prepare(b->s, "SELECT package_id, label, url FROM links", d);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        size_t i = index_of(b, sqlite3_column_int64(st, 0));
        if (i == SIZE_MAX)
            continue;
        struct reg_package *p = b->pkgs[i];
        p->links = grow(b->a, p->links, p->n_links, sizeof(*p->links));
        p->links[p->n_links++] = (struct reg_link){store_col_str(st, 1, b->a),
                                                   store_col_str(st, 2, b->a)};
    }
    sqlite3_finalize(st);
    return !diag_failed(d);
}

/* Where a snapshot went: package index and position in its history. */
struct snap_at {
    int64_t id;
    size_t pkg, pos;
};

static int snap_cmp(const void *x, const void *y)
{
    const struct snap_at *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

/* Every owner snapshot of every package, oldest first, with members; the
 * newest set is each package's current owners. */
static bool read_history(struct bulk *b, struct owner_snapshot **hist, size_t *n_hist,
                         struct diag *d)
{
    VEC(struct snap_at) at = {0};
    sqlite3_stmt *st = store_prepare(b->s,
        "SELECT package_id, id, seen_at FROM owner_snapshots ORDER BY package_id, seen_at, id", d);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        size_t i = index_of(b, sqlite3_column_int64(st, 0));
        if (i == SIZE_MAX)
            continue;
        hist[i] = grow(b->a, hist[i], n_hist[i], sizeof(**hist));
        hist[i][n_hist[i]] = (struct owner_snapshot){sqlite3_column_int64(st, 2), NULL, 0};
        *VEC_ADD(&at) = (struct snap_at){sqlite3_column_int64(st, 1), i, n_hist[i]++};
    }
    sqlite3_finalize(st);
    if (at.len > 1)
        qsort(at.items, at.len, sizeof(*at.items), snap_cmp);
    st = diag_failed(d) ? NULL : store_prepare(b->s,
        "SELECT snapshot_id, name, email, role FROM owner_members", d);   /* rowid order, as links */
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        struct snap_at key = {sqlite3_column_int64(st, 0), 0, 0};
        struct snap_at *hit = at.len ? bsearch(&key, at.items, at.len, sizeof(key), snap_cmp)
                                     : NULL;
        if (!hit)
            continue;
        struct owner_snapshot *snap = &hist[hit->pkg][hit->pos];
        snap->owners = grow(b->a, snap->owners, snap->n_owners, sizeof(*snap->owners));
        snap->owners[snap->n_owners++] = (struct reg_person){
            .name = store_col_str(st, 1, b->a), .email = store_col_str(st, 2, b->a),
            .role = store_col_str(st, 3, b->a)};
    }
    sqlite3_finalize(st);
    VEC_FREE(&at);
    for (size_t i = 0; i < b->n; i++)
        if (n_hist[i]) {
            b->pkgs[i]->owners = hist[i][n_hist[i] - 1].owners;
            b->pkgs[i]->n_owners = hist[i][n_hist[i] - 1].n_owners;
        }
    return !diag_failed(d);
}

/* Links and owner history, read on a second connection by a second
 * thread while the first reads the releases (the larger part: 200,000
 * rows at 20,000 packages).  The packages are read before it starts and
 * are shared; each side writes its own members of them, and strings in
 * its own arena, which a adopts after the join. */
struct side {
    struct bulk b;
    bool links;
    struct owner_snapshot **hist;
    size_t *n_hist;
    struct diag d;
    bool ok;
};

static void *side_run(void *arg)
{
    struct side *x = arg;
    x->ok = (!x->links || read_links(&x->b, &x->d)) && read_history(&x->b, x->hist, x->n_hist, &x->d);
    return NULL;
}

static bool read_rest(struct bulk *b, struct side *x, struct diag *d)
{
    x->b.s = store_open_sibling(b->s);
    x->b.a = arena_new();
    x->b.last = 0;
    pthread_t t;
    bool threaded = x->b.s && pthread_create(&t, NULL, side_run, x) == 0;
    bool ok = read_releases(b, d);
    if (threaded) {
        pthread_join(t, NULL);
    } else {                   /* no second connection or thread: in turn */
        store_close(x->b.s);
        x->b.s = b->s;
        if (ok)
            side_run(x);
    }
    if (threaded)
        store_close(x->b.s);
    arena_adopt(b->a, x->b.a);
    if (ok && !x->ok)
        *d = x->d;
    return ok && x->ok;
}

static size_t load(struct store *s, struct arena *a, bool links, struct reg_package ***out,
                   struct owner_snapshot ***history, size_t **n_history, struct diag *d)
{
    struct bulk b = {s, a, NULL, NULL, 0, 0};
    *out = NULL;
    if (!read_packages(&b, d))
        return 0;
    *history = arena_alloc(a, (b.n + 1) * sizeof(**history));
    *n_history = arena_alloc(a, (b.n + 1) * sizeof(**n_history));
    struct side x = {b, links, *history, *n_history, {0}, false};
    diag_clear(&x.d);
    if (!read_rest(&b, &x, d))
        return 0;
    *out = b.pkgs;
    return b.n;
}

size_t pkgstore_load_all(struct store *s, struct arena *a, struct reg_package ***out,
                         struct diag *d)
{
    struct owner_snapshot **hist;
    size_t *nh;
    return load(s, a, false, out, &hist, &nh, d);
}

size_t pkgstore_load_all_history(struct store *s, struct arena *a, struct reg_package ***out,
                                 struct owner_snapshot ***history, size_t **n_history,
                                 struct diag *d)
{
    return load(s, a, true, out, history, n_history, d);
}
