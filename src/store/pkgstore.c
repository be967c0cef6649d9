/* Package records in SQLite: written whole per refresh, read back into an
 * arena; owner sets kept as dated snapshots. */
#include "depvet/store/pkgstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/xmalloc.h"
#include "store_priv.h"

#define KEY_MAX 512

static bool name_key(enum ecosystem eco, const char *name, char *key)
{
    return ecosystem_normalize_name(eco, name, key, KEY_MAX) < KEY_MAX;
}

static void bind_i64(sqlite3_stmt *st, int idx, int64_t v)
{
    if (v == REG_UNKNOWN)
        sqlite3_bind_null(st, idx);
    else
        sqlite3_bind_int64(st, idx, v);
}

int64_t store_col_i64(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? REG_UNKNOWN
                                                     : sqlite3_column_int64(st, i);
}

const char *store_col_str(sqlite3_stmt *st, int i, struct arena *a)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? arena_strdup(a, (const char *)t) : NULL;
}

static bool step_done(struct store *s, sqlite3_stmt *st, struct diag *d)
{
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        store_fail(s, d, "write");
    sqlite3_finalize(st);
    return ok;
}

/* Inserts or updates the package row; returns its id or -1. */
static int64_t put_package_row(struct store *s, const struct reg_package *p,
                               const char *key, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s,
        "INSERT INTO packages (ecosystem, key, name, description, license, "
        "repository, homepage, created_at, modified_at, latest_version, "
        "downloads_total, downloads_recent, downloads_recent_days, downloads_month, "
        "downloads_week, downloads_day, dependents, direct_dependents, deprecated, "
        "deprecation_message, status, source_url) "
        "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22) "
        "ON CONFLICT (ecosystem, key) DO UPDATE SET name=?3, description=?4, "
        "license=?5, repository=?6, homepage=?7, created_at=?8, modified_at=?9, "
        "latest_version=?10, downloads_total=?11, downloads_recent=?12, "
        "downloads_recent_days=?13, downloads_month=?14, downloads_week=?15, "
        "downloads_day=?16, dependents=?17, direct_dependents=?18, deprecated=?19, "
        "deprecation_message=?20, status=?21, source_url=?22 RETURNING id", d);
    if (!st)
        return -1;
    store_bind_text(st, 1, ecosystem_name(p->eco));
    store_bind_text(st, 2, key);
    store_bind_text(st, 3, p->name);
    store_bind_text(st, 4, p->description);
    store_bind_text(st, 5, p->license);
    store_bind_text(st, 6, p->repository);
    store_bind_text(st, 7, p->homepage);
    sqlite3_bind_int64(st, 8, p->created);
    sqlite3_bind_int64(st, 9, p->modified);
    store_bind_text(st, 10, p->latest_version);
    const int64_t counts[] = {
        p->downloads.total, p->downloads.recent, p->downloads.recent_days,
        p->downloads.month, p->downloads.week, p->downloads.day,
        p->dependents, p->direct_dependents,
    };
    for (int i = 0; i < 8; i++)
        bind_i64(st, 11 + i, counts[i]);
    sqlite3_bind_int(st, 19, p->deprecated);
    store_bind_text(st, 20, p->deprecation_message);
    store_bind_text(st, 21, p->status);
    store_bind_text(st, 22, p->source_url);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (id < 0)
        store_fail(s, d, "write");
    sqlite3_finalize(st);
    return id;
}

static bool clear_children(struct store *s, int64_t id, struct diag *d)
{
    static const char *const child_table[] = {
        "DELETE FROM versions WHERE package_id = ?",
        "DELETE FROM version_deps WHERE package_id = ?",
        "DELETE FROM release_files WHERE package_id = ?",
        "DELETE FROM links WHERE package_id = ?",
    };
    for (size_t i = 0; i < sizeof(child_table) / sizeof(*child_table); i++) {
        sqlite3_stmt *st = store_prepare(s, child_table[i], d);
        if (!st)
            return false;
        sqlite3_bind_int64(st, 1, id);
        if (!step_done(s, st, d))
            return false;
    }
    return true;
}

static char *scripts_json(const struct reg_release *r)
{
    if (!r->n_scripts)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    strbuf_putc(&sb, '[');
    for (size_t i = 0; i < r->n_scripts; i++) {
        strbuf_puts(&sb, i ? ",[" : "[");
        json_put_string(&sb, r->scripts[i].phase ? r->scripts[i].phase : "");
        strbuf_putc(&sb, ',');
        json_put_string(&sb, r->scripts[i].command ? r->scripts[i].command : "");
        strbuf_putc(&sb, ']');
    }
    strbuf_putc(&sb, ']');
    return strbuf_take(&sb);
}

static char *tools_json(const struct reg_release *r)
{
    if (!r->n_build_tools)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    strbuf_putc(&sb, '[');
    for (size_t i = 0; i < r->n_build_tools; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        json_put_string(&sb, r->build_tools[i] ? r->build_tools[i] : "");
    }
    strbuf_putc(&sb, ']');
    return strbuf_take(&sb);
}

/* st: the versions INSERT, prepared once for all releases (a packument can
 * hold a million). */
static bool put_release(struct store *s, int64_t id, const struct reg_release *r,
                        size_t seq, sqlite3_stmt *st, struct diag *d)
{
    char *scripts = scripts_json(r), *tools = tools_json(r);
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, r->version);
    sqlite3_bind_int64(st, 3, (int64_t)seq);
    sqlite3_bind_int64(st, 4, r->published);
    store_bind_text(st, 5, r->publisher.name);
    store_bind_text(st, 6, r->publisher.email);
    sqlite3_bind_int(st, 7, r->yanked);
    sqlite3_bind_int(st, 8, r->retired);
    sqlite3_bind_int(st, 9, r->deprecated);
    store_bind_text(st, 10, r->status_reason);
    store_bind_text(st, 11, r->status_message);
    store_bind_text(st, 12, r->license);
    store_bind_text(st, 13, r->archive_url);
    store_bind_text(st, 14, r->sha256);
    store_bind_text(st, 15, r->integrity);
    store_bind_text(st, 16, r->shasum);
    store_bind_text(st, 17, scripts);
    sqlite3_bind_int(st, 18, r->has_install_script);
    store_bind_text(st, 19, tools);
    store_bind_text(st, 20, r->requires_python);
    bind_i64(st, 21, r->downloads);
    sqlite3_bind_int(st, 22, (int)r->attest);
    store_bind_text(st, 23, r->identity);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        store_fail(s, d, "write");
    free(scripts);
    free(tools);
    return ok;
}

static bool put_deps(struct store *s, int64_t id, const struct reg_release *r,
                     sqlite3_stmt *st, struct diag *d)
{
    for (size_t i = 0; i < r->n_deps; i++) {
        const struct reg_dep *dep = &r->deps[i];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, r->version);
        store_bind_text(st, 3, dep->name ? dep->name : "");
        store_bind_text(st, 4, dep->requirement);
        sqlite3_bind_int(st, 5, (int)dep->kind);
        sqlite3_bind_int(st, 6, dep->optional);
        store_bind_text(st, 7, dep->raw);
        store_bind_text(st, 8, dep->extras);
        store_bind_text(st, 9, dep->marker);
        store_bind_text(st, 10, dep->app);
        if (sqlite3_step(st) != SQLITE_DONE) {
            store_fail(s, d, "write");
            return false;
        }
    }
    return true;
}

static bool put_files(struct store *s, int64_t id, const struct reg_release *r,
                      sqlite3_stmt *st, struct diag *d)
{
    for (size_t i = 0; i < r->n_files; i++) {
        const struct reg_file *f = &r->files[i];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, r->version);
        store_bind_text(st, 3, f->filename);
        store_bind_text(st, 4, f->url);
        store_bind_text(st, 5, f->packagetype);
        store_bind_text(st, 6, f->sha256);
        store_bind_text(st, 7, f->requires_python);
        store_bind_text(st, 8, f->provenance_url);
        sqlite3_bind_int(st, 9, f->yanked);
        store_bind_text(st, 10, f->yanked_reason);
        bind_i64(st, 11, f->size);
        sqlite3_bind_int64(st, 12, f->uploaded);
        if (sqlite3_step(st) != SQLITE_DONE) {
            store_fail(s, d, "write");
            return false;
        }
    }
    return true;
}

static bool put_releases(struct store *s, int64_t id, const struct reg_package *p,
                         struct diag *d)
{
    sqlite3_stmt *deps = store_prepare(s,
        "INSERT INTO version_deps (package_id, version, name, requirement, kind, "
        "optional, raw, extras, marker, app) VALUES (?,?,?,?,?,?,?,?,?,?)", d);
    sqlite3_stmt *files = store_prepare(s,
        "INSERT INTO release_files (package_id, version, filename, url, packagetype, "
        "sha256, requires_python, provenance_url, yanked, yanked_reason, size, "
        "uploaded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", d);
    sqlite3_stmt *rel = store_prepare(s,
        "INSERT OR REPLACE INTO versions (package_id, version, seq, published_at, "
        "publisher, publisher_email, yanked, retired, deprecated, status_reason, "
        "status_message, license, archive_url, sha256, integrity, shasum, scripts, "
        "has_install_script, build_tools, requires_python, downloads, attested, identity) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", d);
    bool ok = deps && files && rel;
    for (size_t i = 0; ok && i < p->n_releases; i++) {
        const struct reg_release *r = &p->releases[i];
        ok = r->version && put_release(s, id, r, i, rel, d) &&
             put_deps(s, id, r, deps, d) && put_files(s, id, r, files, d);
    }
    sqlite3_finalize(deps);
    sqlite3_finalize(files);
    sqlite3_finalize(rel);
    return ok;
}

static bool put_series_and_links(struct store *s, int64_t id,
                                 const struct reg_package *p, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s,
        "INSERT OR REPLACE INTO downloads (package_id, day, count) VALUES (?,?,?)", d);
    bool ok = st != NULL;
    for (size_t i = 0; ok && i < p->n_series; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        char day[32];
        snprintf(day, sizeof(day), "%lld", (long long)p->series[i].day);
        store_bind_text(st, 2, day);
        sqlite3_bind_int64(st, 3, p->series[i].count);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    st = ok ? store_prepare(s, "INSERT INTO links (package_id, label, url) VALUES (?,?,?)", d)
            : NULL;
    ok = st != NULL;
    for (size_t i = 0; ok && i < p->n_links; i++) {
        if (!p->links[i].url)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, p->links[i].label);
        store_bind_text(st, 3, p->links[i].url);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    if (!ok)
        store_fail(s, d, "write");
    return ok;
}

static int person_cmp(const void *a, const void *b)
{
    const struct reg_person *x = a, *y = b;
    int c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
    return c ? c : strcmp(x->email ? x->email : "", y->email ? y->email : "");
}

/* A canonical text of the owner set, to tell whether it changed. */
static char *owner_digest(const struct reg_package *p)
{
    struct reg_person *sorted = xmalloc((p->n_owners + 1) * sizeof(*sorted));
    if (p->n_owners) {
        memcpy(sorted, p->owners, p->n_owners * sizeof(*sorted));
        qsort(sorted, p->n_owners, sizeof(*sorted), person_cmp);
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_putc(&sb, '[');
    for (size_t i = 0; i < p->n_owners; i++) {
        strbuf_puts(&sb, i ? ",[" : "[");
        json_put_string(&sb, sorted[i].name ? sorted[i].name : "");
        strbuf_putc(&sb, ',');
        json_put_string(&sb, sorted[i].email ? sorted[i].email : "");
        strbuf_putc(&sb, ',');
        json_put_string(&sb, sorted[i].role ? sorted[i].role : "");
        strbuf_putc(&sb, ']');
    }
    strbuf_putc(&sb, ']');
    free(sorted);
    return strbuf_take(&sb);
}

static bool put_owners(struct store *s, int64_t id, const struct reg_package *p,
                       int64_t now, struct diag *d)
{
    char *digest = owner_digest(p);
    sqlite3_stmt *st = store_prepare(s,
        "SELECT digest FROM owner_snapshots WHERE package_id = ? "
        "ORDER BY seen_at DESC, id DESC LIMIT 1", d);
    bool ok = st != NULL, same = false;
    if (ok) {
        sqlite3_bind_int64(st, 1, id);
        same = sqlite3_step(st) == SQLITE_ROW &&
               strcmp((const char *)sqlite3_column_text(st, 0), digest) == 0;
        sqlite3_finalize(st);
    }
    if (ok && !same) {
        st = store_prepare(s, "INSERT INTO owner_snapshots (package_id, seen_at, digest) "
                              "VALUES (?,?,?) RETURNING id", d);
        int64_t snap = -1;
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, now);
            store_bind_text(st, 3, digest);
            if (sqlite3_step(st) == SQLITE_ROW)
                snap = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
        st = snap >= 0 ? store_prepare(s, "INSERT INTO owner_members (snapshot_id, name, "
                                          "email, role) VALUES (?,?,?,?)", d)
                       : NULL;
        ok = st != NULL;
        for (size_t i = 0; ok && i < p->n_owners; i++) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, snap);
            store_bind_text(st, 2, p->owners[i].name);
            store_bind_text(st, 3, p->owners[i].email);
            store_bind_text(st, 4, p->owners[i].role);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
        if (!ok)
            store_fail(s, d, "write");
    }
    free(digest);
    return ok;
}

static bool put_fact_times(struct store *s, int64_t id, const char *kinds,
                           int64_t now, const char *source, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s,
        "INSERT OR REPLACE INTO fact_times (package_id, kind, fetched_at, source) "
        "VALUES (?,?,?,?)", d);
    bool ok = st != NULL;
    for (const char *p = kinds; ok && p && *p;) {
        size_t n = strcspn(p, ",");
        char kind[64];
        snprintf(kind, sizeof(kind), "%.*s", (int)(n < 63 ? n : 63), p);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, kind);
        sqlite3_bind_int64(st, 3, now);
        store_bind_text(st, 4, source);
        ok = sqlite3_step(st) == SQLITE_DONE;
        p += n + (p[n] == ',');
    }
    sqlite3_finalize(st);
    if (!ok)
        store_fail(s, d, "write");
    return ok;
}

/* What earlier refreshes learnt of releases a registry no longer says,
 * kept across the rewrite of a package's releases: per fact, a temporary
 * table of (version, columns) filled before and read back after.
 * - publishers: a registry names the publisher of the releases it was
 *   asked about (Hex: the pinned one); the others' are what tells a
 *   first-time publisher.  A release the new record names no publisher
 *   for takes the kept one.
 * - identities: provenance is asked for only about the pinned and the
 *   latest release, and PyPI's own records do not carry it, so after an
 *   upgrade the old pin's identity is what a change is measured against.
 *   The new record's own word wins; an unknown attestation (0) or identity
 *   takes the kept one (attested only rises: none 1 < present 2). */
static const struct kept_def {
    const char *table, *cols, *worth;   /* worth: the rows to keep */
    const char *restore;                /* one ? : the package id */
} kept_table[] = {
    {"kept_publishers", "publisher, publisher_email", "publisher IS NOT NULL",
     "UPDATE versions SET "
     "publisher = (SELECT k.publisher FROM kept_publishers k "
     "WHERE k.version = versions.version), "
     "publisher_email = (SELECT k.publisher_email FROM kept_publishers k "
     "WHERE k.version = versions.version) "
     "WHERE package_id = ? AND publisher IS NULL AND "
     "version IN (SELECT version FROM kept_publishers)"},
    {"kept_identities", "attested, identity", "attested != 0 OR identity IS NOT NULL",
     "UPDATE versions SET "
     "identity = COALESCE(identity, (SELECT k.identity FROM "
     "kept_identities k WHERE k.version = versions.version)), "
     "attested = MAX(attested, (SELECT k.attested FROM "
     "kept_identities k WHERE k.version = versions.version)) "
     "WHERE package_id = ? AND "
     "version IN (SELECT version FROM kept_identities)"},
};

static bool keep_learnt(struct store *s, int64_t id, struct diag *d)
{
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof kept_table / sizeof *kept_table; i++) {
        const struct kept_def *k = &kept_table[i];
        char make[256], fill[512];
        snprintf(make, sizeof make, "CREATE TEMP TABLE IF NOT EXISTS %s "
                 "(version TEXT PRIMARY KEY, %s); DELETE FROM %s;", k->table, k->cols, k->table);
        snprintf(fill, sizeof fill, "INSERT OR REPLACE INTO %s SELECT version, %s FROM versions "
                 "WHERE package_id = ? AND (%s)", k->table, k->cols, k->worth);
        ok = store_exec(s, make, d) && store_run_id(s, fill, id, d);
    }
    return ok;
}

static bool restore_learnt(struct store *s, int64_t id, struct diag *d)
{
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof kept_table / sizeof *kept_table; i++)
        ok = store_run_id(s, kept_table[i].restore, id, d);
    return ok;
}

bool pkgstore_put(struct store *s, const struct reg_package *p, const char *kinds,
                  int64_t now, struct diag *d)
{
    char key[KEY_MAX];
    if (!p->name || !name_key(p->eco, p->name, key)) {
        diag_set(d, DIAG_LIMIT, store_path(s), 0, 0, "package name missing or too long");
        return false;
    }
    int64_t id = put_package_row(s, p, key, d);
    return id >= 0 && keep_learnt(s, id, d) && clear_children(s, id, d) &&
           put_releases(s, id, p, d) && restore_learnt(s, id, d) &&
           put_series_and_links(s, id, p, d) &&
           (!kinds || !strstr(kinds, "owners") || put_owners(s, id, p, now, d)) &&
           put_fact_times(s, id, kinds, now, p->source_url, d);
}

/* ---- reading ------------------------------------------------------------ */

static int64_t find_package(struct store *s, enum ecosystem eco, const char *name,
                            struct diag *d)
{
    char key[KEY_MAX];
    if (!name_key(eco, name, key))
        return -1;
    sqlite3_stmt *st = store_cached(s,
        "SELECT id FROM packages WHERE ecosystem = ? AND key = ?", d);
    if (!st)
        return -1;
    store_bind_text(st, 1, ecosystem_name(eco));
    store_bind_text(st, 2, key);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    store_release(s, st);
    return id;
}

const char *pkgstore_latest_version(struct store *s, struct arena *a, enum ecosystem eco,
                                    const char *name, struct diag *d)
{
    char key[KEY_MAX];
    if (!name_key(eco, name, key))
        return NULL;
    sqlite3_stmt *st = store_cached(s,
        "SELECT latest_version FROM packages WHERE ecosystem = ? AND key = ?", d);
    if (!st)
        return NULL;
    store_bind_text(st, 1, ecosystem_name(eco));
    store_bind_text(st, 2, key);
    const char *v = sqlite3_step(st) == SQLITE_ROW ? store_col_str(st, 0, a) : NULL;
    store_release(s, st);
    return v;
}

bool pkgstore_touch(struct store *s, enum ecosystem eco, const char *name,
                    const char *kinds, int64_t now, struct diag *d)
{
    int64_t id = find_package(s, eco, name, d);
    if (id < 0)
        return false;
    sqlite3_stmt *st = store_cached(s,
        "UPDATE fact_times SET fetched_at = ? WHERE package_id = ? AND kind = ?", d);
    bool ok = st != NULL;
    for (const char *p = kinds; ok && *p;) {
        size_t n = strcspn(p, ",");
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, id);
        sqlite3_bind_text(st, 3, p, (int)n, SQLITE_TRANSIENT);
        ok = sqlite3_step(st) == SQLITE_DONE;
        p += n + (p[n] == ',');
    }
    store_release(s, st);
    if (!ok)
        store_fail(s, d, "write");
    return ok;
}

void pkgstore_package_cols(sqlite3_stmt *st, struct arena *a, struct reg_package *p)
{
    p->name = store_col_str(st, 0, a);
    p->description = store_col_str(st, 1, a);
    p->license = store_col_str(st, 2, a);
    p->repository = store_col_str(st, 3, a);
    p->homepage = store_col_str(st, 4, a);
    p->created = sqlite3_column_int64(st, 5);
    p->modified = sqlite3_column_int64(st, 6);
    p->latest_version = store_col_str(st, 7, a);
    int64_t *counts[] = {
        &p->downloads.total, &p->downloads.recent, &p->downloads.recent_days,
        &p->downloads.month, &p->downloads.week, &p->downloads.day,
        &p->dependents, &p->direct_dependents,
    };
    for (int i = 0; i < 8; i++)
        *counts[i] = store_col_i64(st, 8 + i);
    p->deprecated = sqlite3_column_int(st, 16);
    p->deprecation_message = store_col_str(st, 17, a);
    p->status = store_col_str(st, 18, a);
    p->source_url = store_col_str(st, 19, a);
}

static bool read_package_row(struct store *s, struct arena *a, int64_t id,
                             struct reg_package *p, struct diag *d)
{
    sqlite3_stmt *st = store_cached(s, "SELECT " PACKAGE_COLS " FROM packages WHERE id = ?", d);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, id);
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok)
        pkgstore_package_cols(st, a, p);
    store_release(s, st);
    return ok;
}

static size_t count_rows(struct store *s, const char *table, int64_t id)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE package_id = ?", table);
    struct diag d;
    diag_clear(&d);
    sqlite3_stmt *st = store_cached(s, sql, &d);
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    size_t n = sqlite3_step(st) == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
    store_release(s, st);
    return n;
}

void pkgstore_release_summary_cols(sqlite3_stmt *st, struct arena *a, struct reg_release *r)
{
    reg_release_init(r);
    r->version = store_col_str(st, 0, a);
    r->published = sqlite3_column_int64(st, 1);
    r->publisher.name = store_col_str(st, 2, a);
    r->publisher.email = store_col_str(st, 3, a);
    r->yanked = sqlite3_column_int(st, 4);
    r->retired = sqlite3_column_int(st, 5);
    r->deprecated = sqlite3_column_int(st, 6);
    r->status_reason = store_col_str(st, 7, a);
    r->status_message = store_col_str(st, 8, a);
    r->attest = (enum reg_attest)sqlite3_column_int(st, 9);
    r->identity = store_col_str(st, 10, a);
}

void pkgstore_release_cols(sqlite3_stmt *st, struct arena *a, struct reg_release *r)
{
    pkgstore_release_summary_cols(st, a, r);
    r->license = store_col_str(st, 11, a);
    r->archive_url = store_col_str(st, 12, a);
    r->sha256 = store_col_str(st, 13, a);
    r->integrity = store_col_str(st, 14, a);
    r->shasum = store_col_str(st, 15, a);
    r->has_install_script = sqlite3_column_int(st, 16);
    r->requires_python = store_col_str(st, 17, a);
    r->downloads = store_col_i64(st, 18);
    const char *scripts = (const char *)sqlite3_column_text(st, 19);
    const char *tools = (const char *)sqlite3_column_text(st, 20);
    if (!scripts && !tools)
        return; /* the common case; a diag is too big to clear per row */
    struct diag ignore;
    diag_clear(&ignore);
    cJSON *j = scripts ? json_parse(scripts, strlen(scripts), "cache", &ignore) : NULL;
    int n = cJSON_GetArraySize(j);
    if (n > 0) {
        r->scripts = arena_alloc(a, (size_t)n * sizeof(*r->scripts));
        const cJSON *it;
        cJSON_ArrayForEach(it, j) {
            struct reg_script *sc = &r->scripts[r->n_scripts++];
            sc->phase = arena_strdup(a, cJSON_GetStringValue(cJSON_GetArrayItem(it, 0)));
            sc->command = arena_strdup(a, cJSON_GetStringValue(cJSON_GetArrayItem(it, 1)));
        }
    }
    cJSON_Delete(j);
    tools = (const char *)sqlite3_column_text(st, 20); /* text pointers move on each call */
    j = tools ? json_parse(tools, strlen(tools), "cache", &ignore) : NULL;
    n = cJSON_GetArraySize(j);
    if (n > 0) {
        r->build_tools = arena_alloc(a, (size_t)n * sizeof(char *));
        const cJSON *it;
        cJSON_ArrayForEach(it, j)
            r->build_tools[r->n_build_tools++] = arena_strdup(a, cJSON_GetStringValue(it));
    }
    cJSON_Delete(j);
}

static bool read_releases(struct store *s, struct arena *a, int64_t id,
                          struct reg_package *p, struct diag *d)
{
    size_t n = count_rows(s, "versions", id);
    p->releases = n ? arena_alloc(a, n * sizeof(*p->releases)) : NULL;
    sqlite3_stmt *st = store_cached(s,
        "SELECT " RELEASE_COLS " FROM versions WHERE package_id = ? ORDER BY seq", d);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, id);
    while (p->n_releases < n && sqlite3_step(st) == SQLITE_ROW)
        pkgstore_release_cols(st, a, &p->releases[p->n_releases++]);
    store_release(s, st);
    return true;
}

/* Dependencies and files, attached to their releases by version. */
static bool read_release_children(struct store *s, struct arena *a, int64_t id,
                                  struct reg_package *p, struct diag *d)
{
    sqlite3_stmt *st = store_cached(s,
        "SELECT version, name, requirement, kind, optional, raw, extras, marker, app "
        "FROM version_deps WHERE package_id = ? ORDER BY version, rowid", d);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, id);
    struct reg_release_index ix;
    reg_release_index_init(&ix, p);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct reg_release *r = reg_release_index_find(&ix, (const char *)sqlite3_column_text(st, 0));
        if (!r)
            continue;
        struct reg_dep *grown = arena_alloc(a, (r->n_deps + 1) * sizeof(*grown));
        if (r->n_deps)
            memcpy(grown, r->deps, r->n_deps * sizeof(*grown));
        struct reg_dep *dep = &grown[r->n_deps];
        dep->name = store_col_str(st, 1, a);
        dep->requirement = store_col_str(st, 2, a);
        dep->kind = (enum reg_dep_kind)sqlite3_column_int(st, 3);
        dep->optional = sqlite3_column_int(st, 4);
        dep->raw = store_col_str(st, 5, a);
        dep->extras = store_col_str(st, 6, a);
        dep->marker = store_col_str(st, 7, a);
        dep->app = store_col_str(st, 8, a);
        r->deps = grown;
        r->n_deps++;
    }
    reg_release_index_fini(&ix);
    store_release(s, st);
    return true;
}

/* Distribution files (PyPI), attached to their releases by version. */
#define FILE_COLS                                                                   \
    "filename, url, packagetype, sha256, requires_python, provenance_url, "          \
    "yanked_reason, size, uploaded_at, yanked"

/* Appends the file in st's columns from col on to r's files. */
static void add_file_row(sqlite3_stmt *st, int col, struct arena *a, struct reg_release *r)
{
    struct reg_file *grown = arena_alloc(a, (r->n_files + 1) * sizeof(*grown));
    if (r->n_files)
        memcpy(grown, r->files, r->n_files * sizeof(*grown));
    struct reg_file *f = &grown[r->n_files];
    memset(f, 0, sizeof(*f));
    f->filename = store_col_str(st, col, a);
    f->url = store_col_str(st, col + 1, a);
    f->packagetype = store_col_str(st, col + 2, a);
    f->sha256 = store_col_str(st, col + 3, a);
    f->requires_python = store_col_str(st, col + 4, a);
    f->provenance_url = store_col_str(st, col + 5, a);
    f->yanked_reason = store_col_str(st, col + 6, a);
    f->size = sqlite3_column_int64(st, col + 7);
    f->uploaded = sqlite3_column_int64(st, col + 8);
    f->yanked = sqlite3_column_int(st, col + 9);
    r->files = grown;
    r->n_files++;
}

static bool read_release_files(struct store *s, struct arena *a, int64_t id,
                               struct reg_package *p, struct diag *d)
{
    sqlite3_stmt *st = store_cached(s,
        "SELECT version, " FILE_COLS " FROM release_files WHERE package_id = ? "
        "ORDER BY version, rowid", d);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, id);
    struct reg_release_index ix;
    reg_release_index_init(&ix, p);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct reg_release *r =
            reg_release_index_find(&ix, (const char *)sqlite3_column_text(st, 0));
        if (r)
            add_file_row(st, 1, a, r);
    }
    reg_release_index_fini(&ix);
    store_release(s, st);
    return true;
}

bool pkgstore_release_detail(struct store *s, struct arena *a, enum ecosystem eco,
                             const char *name, struct reg_release *r, struct diag *d)
{
    char key[KEY_MAX];
    if (!r->version || !name_key(eco, name, key))
        return false;
    /* The package found in the same statement: asked once per pin. */
    sqlite3_stmt *st = store_cached(s,
        "SELECT " RELEASE_COLS ", package_id FROM versions WHERE package_id = "
        "(SELECT id FROM packages WHERE ecosystem = ? AND key = ?) AND version = ?", d);
    if (!st)
        return false;
    store_bind_text(st, 1, ecosystem_name(eco));
    store_bind_text(st, 2, key);
    store_bind_text(st, 3, r->version);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    int64_t id = found ? sqlite3_column_int64(st, RELEASE_NCOLS) : -1;
    if (found) {
        r->n_files = r->n_scripts = r->n_build_tools = 0;
        r->files = NULL;
        pkgstore_release_cols(st, a, r);
    }
    store_release(s, st);
    st = found ? store_cached(s, "SELECT " FILE_COLS " FROM release_files "
                                 "WHERE package_id = ? AND version = ? ORDER BY rowid", d) : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, r->version);
        while (sqlite3_step(st) == SQLITE_ROW)
            add_file_row(st, 0, a, r);
        store_release(s, st);
    }
    return found;
}

static bool read_series_and_links(struct store *s, struct arena *a, int64_t id,
                                  struct reg_package *p, struct diag *d)
{
    size_t n = count_rows(s, "downloads", id);
    p->series = n ? arena_alloc(a, n * sizeof(*p->series)) : NULL;
    sqlite3_stmt *st = store_cached(s,
        "SELECT day, count FROM downloads WHERE package_id = ? ORDER BY CAST(day AS INTEGER)", d);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, id);
    while (p->n_series < n && sqlite3_step(st) == SQLITE_ROW) {
        p->series[p->n_series].day = sqlite3_column_int64(st, 0);
        p->series[p->n_series++].count = sqlite3_column_int64(st, 1);
    }
    store_release(s, st);
    n = count_rows(s, "links", id);
    p->links = n ? arena_alloc(a, n * sizeof(*p->links)) : NULL;
    st = store_cached(s, "SELECT label, url FROM links WHERE package_id = ? ORDER BY rowid", d);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, id);
    while (p->n_links < n && sqlite3_step(st) == SQLITE_ROW) {
        p->links[p->n_links].label = store_col_str(st, 0, a);
        p->links[p->n_links++].url = store_col_str(st, 1, a);
    }
    store_release(s, st);
    return true;
}

static size_t read_members(struct store *s, struct arena *a, int64_t snap,
                           struct reg_person **out, struct diag *d)
{
    sqlite3_stmt *st = store_cached(s,
        "SELECT name, email, role FROM owner_members WHERE snapshot_id = ? ORDER BY rowid", d);
    if (st)
        sqlite3_bind_int64(st, 1, snap);
    size_t n = 0, cap = 0;
    struct reg_person *arr = NULL;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4;
            struct reg_person *grown = arena_alloc(a, cap * sizeof(*grown));
            if (n)
                memcpy(grown, arr, n * sizeof(*grown));
            arr = grown;
        }
        arr[n].name = store_col_str(st, 0, a);
        arr[n].email = store_col_str(st, 1, a);
        arr[n++].role = store_col_str(st, 2, a);
    }
    store_release(s, st);
    *out = arr;
    return n;
}

size_t pkgstore_owner_history(struct store *s, struct arena *a, enum ecosystem eco,
                              const char *name, struct owner_snapshot **out,
                              struct diag *d)
{
    *out = NULL;
    int64_t id = find_package(s, eco, name, d);
    if (id < 0)
        return 0;
    size_t n = count_rows(s, "owner_snapshots", id);
    if (!n)
        return 0;
    struct owner_snapshot *snaps = arena_alloc(a, n * sizeof(*snaps));
    int64_t *ids = arena_alloc(a, n * sizeof(int64_t));
    sqlite3_stmt *st = store_cached(s,
        "SELECT id, seen_at FROM owner_snapshots WHERE package_id = ? ORDER BY seen_at, id", d);
    size_t got = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        while (got < n && sqlite3_step(st) == SQLITE_ROW) {
            ids[got] = sqlite3_column_int64(st, 0);
            snaps[got++].seen_at = sqlite3_column_int64(st, 1);
        }
        store_release(s, st);
    }
    for (size_t i = 0; i < got; i++)
        snaps[i].n_owners = read_members(s, a, ids[i], &snaps[i].owners, d);
    *out = snaps;
    return got;
}

bool pkgstore_get(struct store *s, struct arena *a, enum ecosystem eco,
                  const char *name, struct reg_package **out, struct diag *d)
{
    *out = NULL;
    int64_t id = find_package(s, eco, name, d);
    if (id < 0)
        return false;
    struct reg_package *p = reg_package_new(a, eco, name);
    if (!read_package_row(s, a, id, p, d) || !read_releases(s, a, id, p, d) ||
        !read_release_children(s, a, id, p, d) || !read_release_files(s, a, id, p, d) ||
        !read_series_and_links(s, a, id, p, d))
        return false;
    struct owner_snapshot *snaps;
    size_t n = pkgstore_owner_history(s, a, eco, name, &snaps, d);
    if (n) {
        p->owners = snaps[n - 1].owners;
        p->n_owners = snaps[n - 1].n_owners;
    }
    *out = p;
    return true;
}

int64_t pkgstore_fact_time(struct store *s, enum ecosystem eco, const char *name,
                           const char *kind)
{
    struct diag d;
    diag_clear(&d);
    int64_t id = find_package(s, eco, name, &d);
    if (id < 0)
        return 0;
    sqlite3_stmt *st = store_cached(s,
        "SELECT fetched_at FROM fact_times WHERE package_id = ? AND kind = ?", &d);
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, kind);
    int64_t t = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    store_release(s, st);
    return t;
}

struct store_times *pkgstore_fact_times(struct store *s, const char *kind, struct diag *d)
{
    return store_times_read(s,
        "SELECT p.ecosystem || ':' || p.key, f.fetched_at FROM fact_times f "
        "JOIN packages p ON p.id = f.package_id WHERE f.kind = ?", kind, NULL, d);
}

int64_t pkgstore_fact_times_get(const struct store_times *t, enum ecosystem eco,
                                const char *name)
{
    char key[KEY_MAX], full[KEY_MAX + 32];
    if (!name || !name_key(eco, name, key))
        return 0;
    snprintf(full, sizeof full, "%s:%s", ecosystem_name(eco), key);  /* as the query writes it */
    return store_times_get(t, full);
}

int64_t pkgstore_count(struct store *s)
{
    struct diag d;
    diag_clear(&d);
    sqlite3_stmt *st = store_cached(s, "SELECT count(*) FROM packages", &d);
    if (!st)
        return -1;
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    store_release(s, st);
    return n;
}
