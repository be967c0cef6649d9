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
    "  ecosystem TEXT NOT NULL,"
    "  key TEXT NOT NULL,"               /* normalised name */
    "  name TEXT NOT NULL,"              /* as the registry writes it */
    "  description TEXT, license TEXT, repository TEXT, homepage TEXT,"
    "  created_at INTEGER, modified_at INTEGER, latest_version TEXT,"
    "  downloads_total INTEGER, downloads_recent INTEGER,"
    "  downloads_recent_days INTEGER, downloads_month INTEGER,"
    "  downloads_week INTEGER, downloads_day INTEGER,"
    "  dependents INTEGER, direct_dependents INTEGER,"
    "  deprecated INTEGER NOT NULL DEFAULT 0, deprecation_message TEXT,"
    "  status TEXT, source_url TEXT,"
    "  UNIQUE (ecosystem, key)"
    ");"
    "CREATE TABLE links ("
    "  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,"
    "  label TEXT, url TEXT NOT NULL"
    ");"
    "CREATE INDEX links_by_package ON links(package_id);"
    "CREATE TABLE versions ("
    "  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,"
    "  version TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"            /* the registry's order */
    "  published_at INTEGER, publisher TEXT, publisher_email TEXT,"
    "  yanked INTEGER NOT NULL DEFAULT 0, retired INTEGER NOT NULL DEFAULT 0,"
    "  deprecated INTEGER NOT NULL DEFAULT 0,"
    "  status_reason TEXT, status_message TEXT,"
    "  license TEXT, archive_url TEXT, sha256 TEXT, integrity TEXT, shasum TEXT,"
    "  scripts TEXT,"                     /* JSON [[phase, command], ...] */
    "  has_install_script INTEGER NOT NULL DEFAULT 0,"
    "  build_tools TEXT,"                 /* JSON [tool, ...] */
    "  requires_python TEXT, downloads INTEGER,"
    "  PRIMARY KEY (package_id, version)"
    ") WITHOUT ROWID;"
    "CREATE TABLE release_files ("
    "  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,"
    "  version TEXT NOT NULL, filename TEXT, url TEXT, packagetype TEXT,"
    "  sha256 TEXT, requires_python TEXT, provenance_url TEXT,"
    "  yanked INTEGER NOT NULL DEFAULT 0, yanked_reason TEXT,"
    "  size INTEGER, uploaded_at INTEGER"
    ");"
    "CREATE INDEX release_files_by_version ON release_files(package_id, version);"
    "CREATE TABLE version_deps ("
    "  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,"
    "  version TEXT NOT NULL, name TEXT NOT NULL, requirement TEXT,"
    "  kind INTEGER NOT NULL, optional INTEGER NOT NULL DEFAULT 0, raw TEXT,"
    "  extras TEXT, marker TEXT, app TEXT"
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
    /* 2: OSV advisories (raw records) and the package index to find them. */
    "CREATE TABLE advisories ("
    "  id TEXT PRIMARY KEY,"
    "  modified TEXT NOT NULL,"
    "  modified_at INTEGER NOT NULL,"    /* what an incremental import compares */
    "  withdrawn TEXT,"
    "  aliases TEXT,"                    /* JSON array of strings */
    "  summary TEXT, severity TEXT NOT NULL, link TEXT,"
    "  body BLOB NOT NULL"               /* the OSV JSON as imported */
    ");"
    "CREATE TABLE advisory_packages ("
    "  ecosystem TEXT NOT NULL,"
    "  key TEXT NOT NULL,"               /* normalised package name */
    "  advisory_id TEXT NOT NULL REFERENCES advisories(id) ON DELETE CASCADE,"
    "  PRIMARY KEY (ecosystem, key, advisory_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX advisory_packages_by_advisory ON advisory_packages(advisory_id);",
    /* 3: the findings the registry and advisory rules last made per pin. */
    "CREATE TABLE finding_pins ("
    "  id INTEGER PRIMARY KEY,"
    "  ecosystem TEXT NOT NULL, key TEXT NOT NULL, version TEXT NOT NULL,"
    "  computed_at INTEGER NOT NULL,"
    "  UNIQUE (ecosystem, key, version)"
    ");"
    "CREATE TABLE findings ("
    "  pin_id INTEGER NOT NULL REFERENCES finding_pins(id) ON DELETE CASCADE,"
    "  rule TEXT NOT NULL, severity INTEGER NOT NULL,"
    "  message TEXT NOT NULL, evidence TEXT, link TEXT"
    ");"
    "CREATE INDEX findings_by_pin ON findings(pin_id);",
    /* 4: scanner results per (archive content, rule set). */
    "CREATE TABLE scan_results ("
    "  archive_sha256 TEXT NOT NULL,"    /* lower-case hex of the archive bytes */
    "  rules_digest TEXT NOT NULL,"      /* rule_set.digest_hex, "/", ecosystem or auto */
    "  hits BLOB NOT NULL,"              /* serialized by the scanner */
    "  scanned_at INTEGER NOT NULL,"
    "  PRIMARY KEY (archive_sha256, rules_digest)"
    ") WITHOUT ROWID;",
    /* 5: provenance per release: whether it is attested and who published it. */
    /* parenthesised: one migration of two statements, not a missing comma */
    ("ALTER TABLE versions ADD COLUMN attested INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE versions ADD COLUMN identity TEXT;"),
};

unsigned migrations_count(void)
{
    return sizeof(migration_table) / sizeof(*migration_table);
}

const char *migrations_sql(unsigned n)
{
    return n >= 1 && n <= migrations_count() ? migration_table[n - 1] : NULL;
}
