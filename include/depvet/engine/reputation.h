/* A package's reputation, computed from the cached registry record and its
 * owner history: what the reputation pane and `depvet info` show.  Facts
 * only; the frontends decide colours and wording. */
#ifndef DEPVET_ENGINE_REPUTATION_H
#define DEPVET_ENGINE_REPUTATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/store/model.h"
#include "depvet/store/pkgstore.h"

#define REPUTATION_RECENT_PUBLISHERS 8

struct owner_event {
    int64_t when;             /* the refresh that first saw the change */
    bool added;               /* false: removed */
    const char *name;
    const char *email;
};

/* Is a release its publisher's first?  Only FIRST_KNOWN says so outright:
 * every earlier release names its publisher and none is this one.  When
 * some earlier publishers are unknown, the most that can be said is that
 * none of the known ones is this publisher (FIRST_SINCE_WATCHING). */
enum publisher_first { FIRST_NO, FIRST_SINCE_WATCHING, FIRST_KNOWN };

struct publisher_entry {
    const char *version;
    int64_t published;
    const char *publisher;    /* NULL when the registry does not say */
    enum publisher_first first;
    bool first_time;          /* first == FIRST_KNOWN */
};

/* The provenance of the pinned or the latest release (npm and PyPI). */
struct provenance_line {
    const char *version;
    const char *role;         /* "pinned", "latest" */
    enum reg_attest attest;
    const char *identity;     /* NULL unknown */
    /* The latest line only: its identity differs from the attested pin's,
     * or it has no provenance where the pin had (the findings' facts). */
    bool changed;
};

struct reputation {
    const struct reg_package *pkg;
    int64_t now;
    int64_t first_release;    /* 0 unknown */
    const char *first_version;
    const char *latest;       /* newest non-pre-release, not yanked/retired */
    int64_t latest_published;
    unsigned releases_last_year;
    unsigned n_releases;
    /* The pinned release, when asked for and known. */
    const char *pinned;
    const struct reg_release *pinned_release;
    unsigned behind;          /* releases newer than the pin (stable ones) */
    struct owner_event *owner_events;   /* oldest first */
    size_t n_owner_events;
    struct publisher_entry *publishers; /* newest first */
    size_t n_publishers;
    /* Dependents: all (deps.dev) and direct (deps.dev, or Hex's search);
     * REG_UNKNOWN when not known.  at_least: the count stopped at a cap
     * and the true number may be higher. */
    int64_t dependents, direct_dependents;
    bool dependents_at_least;
    struct provenance_line provenance[2];   /* pinned, then latest */
    size_t n_provenance;
};

/* Builds the reputation in arena a.  history may be empty.  pinned may be
 * NULL.  Versions are ordered with the ecosystem's scheme. */
void reputation_build(struct reputation *r, struct arena *a,
                      const struct reg_package *p,
                      const struct owner_snapshot *history, size_t n_history,
                      const char *pinned, int64_t now);

/* "first release by X" (FIRST_KNOWN), "first release by X since depvet
 * began watching", or "" into out: the words the pane and `info` share. */
void publisher_first_describe(const struct publisher_entry *e, char *out, size_t n);

/* The pane's and `info`'s words for downloads ("1,234 in all, 56 in the
 * last 30 days", naming the part that is not published) and dependents,
 * with digit grouping. */
void reputation_downloads_words(const struct reg_downloads *dl, char *buf, size_t n);
void reputation_dependents_words(const struct reputation *r, char *buf, size_t n);
/* One provenance line's words: the identity ("github.com/o/r/.github/
 * workflows/release.yml"), "attested (identity not read)", "no
 * provenance" or "provenance unknown"; raw (termsafe before printing). */
void reputation_provenance_words(const struct provenance_line *l, char *buf, size_t n);
/* Fills r->provenance (reputation_build calls it). */
void reputation_provenance(struct reputation *r);

/* The releases of p just below and above version v (NULL when none). */
void reputation_nearest(const struct reg_package *p, const char *v, const char **below,
                        const char **above);

#endif
