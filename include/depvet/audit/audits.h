/* The project's reviews file, .depvet/audits.toml, as an in-memory set.
 *
 *   struct audits *set = audits_load(".depvet/audits.toml", &d);
 *   if (audits_status(set, ECO_PYPI, "Requests", "2.32.0",
 *                     AUDIT_SAFE_TO_DEPLOY) == AUDIT_NOT_REVIEWED) ...
 *   audits_add(set, &(struct audit){...}, &d);
 *   audits_save(set, ".depvet/audits.toml", &d);
 *   audits_free(set);
 *
 * One review per (ecosystem, name, version, criteria).  Names are kept in
 * their canonical form (ecosystem_normalize_name: PEP 503 for PyPI), so
 * lookups accept any spelling; versions match exactly as written.  The format
 * is documented in depvet-audits(5). */
#ifndef DEPVET_AUDIT_AUDITS_H
#define DEPVET_AUDIT_AUDITS_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"

/* Ordered: a review at a stronger criteria satisfies every weaker one. */
enum audit_criteria { AUDIT_SAFE_TO_RUN = 1, AUDIT_SAFE_TO_DEPLOY = 2 };

enum audit_kind { AUDIT_FULL = 0, AUDIT_DELTA = 1 };

enum audit_status {
    AUDIT_NOT_REVIEWED = 0,
    AUDIT_REVIEWED,           /* a full review of this very version */
    AUDIT_REVIEWED_BY_DELTA,  /* a delta chain ending at a full review */
};

/* Limits; longer values are refused by audits_add and by the loader. */
#define AUDITS_MAX_NAME 256
#define AUDITS_MAX_VERSION 128
#define AUDITS_MAX_REVIEWER 256
#define AUDITS_MAX_NOTE 65536
#define AUDITS_MAX_FILE (16u * 1024 * 1024)

struct audit {
    enum ecosystem eco;
    const char *name;              /* any spelling in; canonical when read back */
    const char *version;
    enum audit_criteria criteria;
    enum audit_kind kind;
    const char *from;              /* AUDIT_DELTA: the version reviewed before */
    const char *reviewer;          /* NULL: $DEPVET_REVIEWER, else "" */
    const char *date;              /* "YYYY-MM-DD" (UTC); NULL or "": today */
    const char *note;              /* free text, kept as is; NULL: "" */
};

struct audits;

struct audits *audits_new(void);
void audits_free(struct audits *set);  /* accepts NULL */

/* Reads a reviews file.  A missing file is an empty set.  A malformed one
 * returns NULL with d set to path:line:col; nothing on disk is touched. */
struct audits *audits_load(const char *path, struct diag *d);
/* The same from memory (buf[len] need not be NUL); where names it in d. */
struct audits *audits_parse(const char *buf, size_t len, const char *where,
                            struct diag *d);

/* Copies r into the set, replacing the entry with the same ecosystem, name,
 * version and criteria.  Refuses (false, d set, set unchanged) an unknown
 * ecosystem, empty or over-long fields, invalid UTF-8, control characters
 * outside the note, a NUL anywhere, a bad date, a delta without from or
 * from == version, a full review with from. */
bool audits_add(struct audits *set, const struct audit *r, struct diag *d);
/* Removes the entry with that exact key; false when there was none. */
bool audits_remove(struct audits *set, enum ecosystem eco, const char *name,
                   const char *version, enum audit_criteria criteria);
/* The entry with that exact key, or NULL.  Valid until the set changes. */
const struct audit *audits_find(const struct audits *set, enum ecosystem eco,
                                const char *name, const char *version,
                                enum audit_criteria criteria);
/* Whether version is reviewed for criteria (or a stronger one): by a full
 * review of it, or by a delta from a version that is itself reviewed, fully
 * or by a chain.  Cycles of deltas with no full review at the root count as
 * not reviewed. */
enum audit_status audits_status(const struct audits *set, enum ecosystem eco,
                                const char *name, const char *version,
                                enum audit_criteria criteria);

/* Entries in file order (ecosystem, name, version, criteria).
 * audits_at's pointer is valid until the set changes. */
size_t audits_count(const struct audits *set);
const struct audit *audits_at(const struct audits *set, size_t i);

/* The file text (heap, NUL-terminated, caller frees), *len its length. */
char *audits_serialize(const struct audits *set, size_t *len);
/* Writes the file through a temporary file and rename, creating its folder
 * (one level, e.g. .depvet) when missing; refuses a folder or file that is a
 * symbolic link (file_write_project).  On failure the old file stays. */
bool audits_save(const struct audits *set, const char *path, struct diag *d);

/* A deep copy of set (reviews and every table). */
struct audits *audits_clone(const struct audits *set);
/* Adds the [[audit]] reviews of src (another team's file; its exemptions,
 * trusted publishers and acks are not taken) to dst, each at most at
 * criteria max (a stronger review counts as max); a key dst holds already
 * is kept as it is.  Returns how many were added.  Meant for a copy used to
 * evaluate, never for the set that is saved. */
size_t audits_import(struct audits *dst, const struct audits *src, enum audit_criteria max);

/* ---- exemptions, trusted publishers, acknowledgements ------------------ */

/* [[exemption]]: a version accepted without a review (the state a project
 * starts from); one per ecosystem, name and version. */
struct audit_exemption {
    enum ecosystem eco;
    const char *name;
    const char *version;
    enum audit_criteria criteria;
    const char *date;         /* "YYYY-MM-DD" written, or "" */
    const char *expires;      /* "YYYY-MM-DD": holds while today is earlier; "" never */
    const char *reason;
};

/* [[trusted]]: every release of name ("*": every package of eco) that
 * publisher published from start until the day before expires counts as
 * reviewed for criteria; one per ecosystem, name, publisher and identity.
 * identity (or instead of publisher) names the publishing identity the
 * release's provenance must show (policy_identity_matches). */
struct audit_trust {
    enum ecosystem eco;
    const char *name;
    const char *publisher;         /* "" when only identity is named */
    const char *identity;          /* "" when absent */
    enum audit_criteria criteria;
    const char *start, *expires;   /* "YYYY-MM-DD", both required */
    const char *reviewer, *note;   /* "" when absent */
};

/* [[ack]]: a finding looked at and accepted.  It names a package (name
 * and version) or a lockfile, never both.  For a scanner hit, path and
 * line_sha256 (hex SHA-256 of the matched line) tie it to the content;
 * for a lockfile's finding, subject_sha256 (required with lockfile) ties
 * it to what the finding is about (finding.subject_sha256: the entries
 * without a checksum, the index URLs, the key given twice). */
struct audit_ack {
    enum ecosystem eco;
    const char *name;              /* "" for a lockfile's finding */
    const char *version;           /* "" for a lockfile's finding */
    const char *rule;              /* as check prints it: "stale", "scan:js-eval" */
    const char *path, *line_sha256;/* "" when absent */
    const char *reason;
    const char *reviewer, *date, *expires;  /* "" when absent */
    const char *lockfile;          /* relative to the project (file_relative), or "" */
    const char *subject_sha256;    /* with lockfile: hex SHA-256 of the subject */
    const char *evidence;          /* what the finding said when acknowledged, or "";
                                    * shown when the ack goes stale, never matched */
};

enum audit_table { AUDIT_TAB_EXEMPTION, AUDIT_TAB_TRUST, AUDIT_TAB_ACK, AUDIT_TAB_COUNT };

/* Entries of a table, sorted by their key.  The pointers an *_at fills
 * are valid until the set changes. */
size_t audits_table_count(const struct audits *set, enum audit_table t);
void audits_table_remove(struct audits *set, enum audit_table t, size_t i);
/* Line of the entry's header in the file read (0 when added since). */
unsigned audits_table_line(const struct audits *set, enum audit_table t, size_t i);
bool audits_exemption_at(const struct audits *set, size_t i, struct audit_exemption *out);
bool audits_trust_at(const struct audits *set, size_t i, struct audit_trust *out);
bool audits_ack_at(const struct audits *set, size_t i, struct audit_ack *out);
/* Copies the entry in, replacing one with the same key; refuses (false,
 * d set, set unchanged) what the loader would refuse.  An exemption's
 * empty date becomes today (timeutil_now). */
bool audits_exemption_add(struct audits *set, const struct audit_exemption *e, struct diag *d);
bool audits_trust_add(struct audits *set, const struct audit_trust *e, struct diag *d);
bool audits_ack_add(struct audits *set, const struct audit_ack *e, struct diag *d);

/* "safe-to-run", "safe-to-deploy"; and back (false when unknown). */
const char *audits_criteria_name(enum audit_criteria c);
bool audits_criteria_parse(const char *s, enum audit_criteria *out);
/* "full", "delta". */
const char *audits_kind_name(enum audit_kind k);

#endif
