/* OSV advisory records (https://ossf.github.io/osv-schema/): one JSON record
 * read into an arena-owned struct, matched against a package@version, and a
 * list of matches with aliases merged so one issue is reported once. */
#ifndef DEPVET_ANALYSIS_OSV_H
#define DEPVET_ANALYSIS_OSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"
#include "depvet/core/osv_range.h"

/* Ordered: a larger value is more severe. */
enum osv_severity { OSV_SEV_LOW = 1, OSV_SEV_MEDIUM, OSV_SEV_HIGH, OSV_SEV_CRITICAL };

/* One affected[] entry of Hex, PyPI or npm (entries of other ecosystems and
 * entries without a package are dropped while reading). */
struct osv_affected {
    enum ecosystem eco;
    const char *name;            /* as the record writes it ("Pillow") */
    const char *key;             /* ecosystem_normalize_name of name */
    struct osv_range *ranges;    /* SEMVER, ECOSYSTEM and GIT; others dropped */
    size_t n_ranges;
    const char **versions;       /* explicit list, may be empty */
    size_t n_versions;
};

struct osv_record {
    const char *id;
    const char *modified;        /* RFC 3339, as written */
    int64_t modified_at;         /* modified in Unix seconds */
    const char *published;       /* NULL when absent */
    const char *withdrawn;       /* NULL unless the record was withdrawn */
    const char **aliases;
    size_t n_aliases;
    const char *summary;         /* NULL when absent */
    const char *details;         /* first prose paragraph of details, or NULL */
    enum osv_severity severity;  /* see osv_parse for how it is chosen */
    const char *link;            /* an http(s) page about the advisory */
    struct osv_affected *affected;
    size_t n_affected;
};

/* Parses buf[0..len) as one OSV record into arena a; where names the file
 * (or the zip member) for diagnostics.  Malformed JSON: line:col; a field of
 * the wrong type: its JSON pointer (e.g. /affected/2/ranges/0/events/1).
 * A record without an id (the per-source reports beside the canonical ones
 * in ossf/malicious-packages) fails with DIAG_UNSUPPORTED, so an importer
 * can skip it rather than call it malformed.  `modified` is required.
 *
 * Severity: MAL- records report malicious packages and are critical.
 * Otherwise database_specific.severity as GitHub rates it (LOW, MODERATE or
 * MEDIUM, HIGH, CRITICAL), since it is a reviewed judgement; else the
 * highest CVSS v3 base score in severity[] (0.1-3.9 low, 4-6.9 medium,
 * 7-8.9 high, 9+ critical); else medium -- a known vulnerability of unknown
 * weight is worth reading, and CVSS v4 vectors are not scored here. */
bool osv_parse(struct arena *a, const char *where, const char *buf, size_t len,
               struct osv_record **out, struct diag *d);

/* True when the record reports eco:name@version: the name compared after
 * ecosystem_normalize_name, the version inside a SEMVER or ECOSYSTEM range
 * or in an explicit versions list.  Withdrawn records affect nothing.
 * *next_fixed (when not NULL) receives the nearest fixed version above
 * version, preferring the ranges that contain it, or NULL when none is
 * known; it points into the record. */
bool osv_record_affects(const struct osv_record *rec, enum ecosystem eco,
                        const char *name, const char *version,
                        const char **next_fixed);

/* How much of what a requirement allows a record reports. */
enum osv_cover {
    OSV_COVER_NONE = 0,
    OSV_COVER_SOME,   /* a version the record names satisfies it */
    OSV_COVER_ALL,    /* every version it allows lies in an open-ended range */
};

/* For a package without an exact pin: how much of what requirement req
 * allows (the ecosystem's syntax; NULL or "" allows anything) the record
 * reports for eco:name.  ALL needs a range the requirement cannot resolve
 * out of: "introduced: 0" and nothing after it, or (PEP 440) a range open
 * above the requirement's lower bound.  SOME: a listed version, or a
 * range's first or last affected version, satisfies req.  Withdrawn
 * records cover nothing. */
enum osv_cover osv_record_covers(const struct osv_record *rec, enum ecosystem eco,
                                 const char *name, const char *req);

/* "low", "medium", "high", "critical". */
const char *osv_severity_name(enum osv_severity s);
/* Inverse of osv_severity_name; false for anything else. */
bool osv_severity_parse(const char *s, enum osv_severity *out);

/* One reported issue: the records that describe it merged by id and alias. */
struct osv_match {
    const struct osv_record *rec;   /* the first record reported */
    const char **ids;               /* ids and aliases of all merged records,
                                       rec->id first, each once */
    size_t n_ids;
    enum osv_severity severity;     /* the highest of the merged records */
    const char *next_fixed;         /* the highest of their next fixed
                                       versions: fixed by every source's
                                       account; NULL when none knows a fix */
    enum osv_cover cover;           /* set by callers matching a requirement
                                       (osvdb_matcher_match_req); else NONE */
};

struct osv_match_list {
    struct arena *a;                /* owns items and ids */
    enum ecosystem eco;             /* orders next_fixed versions */
    struct osv_match *items;
    size_t len, cap;
};

void osv_match_list_init(struct osv_match_list *l, struct arena *a, enum ecosystem eco);
/* Adds a matching record: merged into the first match sharing an id or an
 * alias with it (GHSA, CVE and PYSEC of one issue), else appended.  Returns
 * the match it went into (valid until the next add). */
struct osv_match *osv_match_list_add(struct osv_match_list *l, const struct osv_record *rec,
                        const char *next_fixed);

#endif
