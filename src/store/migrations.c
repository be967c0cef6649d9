/* The schema, as numbered migrations: migration N brings user_version from
 * N-1 to N.  Never edit a shipped migration; add the next one. */
#include "migrations.h"

#include <stddef.h>

static const char *const migration_table[] = {
    /* 1: HTTP answers with their validators, and package reputation facts. */
    "CREATE TABLE responses ("
    "  url TEXT PRIMARY KEY,"
    "  status INTEGER NOT NULL,"
    "  etag TEXT, last_modified TEXT, content_type TEXT,"
    "  body BLOB NOT NULL,"
    "  fetched_at INTEGER NOT NULL,"   /* when the body was downloaded */
    "  checked_at INTEGER NOT NULL"    /* when it was last confirmed (304) */
    ");"
    "CREATE TABLE packages ("
    "  id INTEGER PRIMARY KEY,"
    "  ecosystem TEXT NOT NULL, name TEXT NOT NULL,"
    "  description TEXT, license TEXT, repository TEXT, homepage TEXT,"
    "  created_at INTEGER, latest_version TEXT,"
    "  downloads_total INTEGER, downloads_recent INTEGER, dependents INTEGER,"
    "  status TEXT, status_message TEXT,"
    "  UNIQUE (ecosystem, name)"
    ");"
    "CREATE TABLE versions ("
    "  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,"
    "  version TEXT NOT NULL,"
    "  published_at INTEGER, publisher TEXT, publisher_email TEXT,"
    "  status TEXT, status_reason TEXT, status_message TEXT,"
    "  license TEXT, archive_url TEXT, sha256 TEXT, integrity TEXT,"
    "  install_scripts TEXT, build_tools TEXT, requires_python TEXT,"
    "  PRIMARY KEY (package_id, version)"
    ") WITHOUT ROWID;"
    "CREATE TABLE version_deps ("
    "  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,"
    "  version TEXT NOT NULL, name TEXT NOT NULL, requirement TEXT,"
    "  kind TEXT NOT NULL, optional INTEGER NOT NULL DEFAULT 0, raw TEXT"
    ");"
    "CREATE INDEX version_deps_by_version ON version_deps(package_id, version);"
    /* Maintainer history: a new snapshot only when the set changes. */
    "CREATE TABLE owner_snapshots ("
    "  id INTEGER PRIMARY KEY,"
    "  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,"
    "  seen_at INTEGER NOT NULL, digest TEXT NOT NULL"
    ");"
    "CREATE INDEX owner_snapshots_by_package ON owner_snapshots(package_id, seen_at);"
    "CREATE TABLE owner_members ("
    "  snapshot_id INTEGER NOT NULL REFERENCES owner_snapshots(id) ON DELETE CASCADE,"
    "  name TEXT, email TEXT, role TEXT"
    ");"
    "CREATE INDEX owner_members_by_snapshot ON owner_members(snapshot_id);"
    "CREATE TABLE downloads ("
    "  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,"
    "  day TEXT NOT NULL, count INTEGER NOT NULL,"
    "  PRIMARY KEY (package_id, day)"
    ") WITHOUT ROWID;"
    /* Each kind of fact and when it was learned, for TTLs and staleness. */
    "CREATE TABLE fact_times ("
    "  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL, fetched_at INTEGER NOT NULL, source TEXT,"
    "  PRIMARY KEY (package_id, kind)"
    ") WITHOUT ROWID;",
};

unsigned migrations_count(void)
{
    return sizeof(migration_table) / sizeof(*migration_table);
}

const char *migrations_sql(unsigned n)
{
    return n >= 1 && n <= migrations_count() ? migration_table[n - 1] : NULL;
}
