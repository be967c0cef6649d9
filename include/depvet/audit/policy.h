/* The policy `depvet check` enforces over the reviews file: which
 * criteria each pinned package needs, and whether a version has them, by
 * a review (full, or a chain of deltas), an exemption or a trusted
 * publisher.  Pure decisions: the caller supplies the facts (publisher and
 * date of the pinned release) and today's date.
 *
 *   struct audit_policy p;
 *   policy_init(&p);                     then [policy] from config.toml
 *   policy_evaluate(set, &p, &pin, "2026-12-07", &verdict);
 *   if (verdict.how == POLICY_UNREVIEWED) ... policy_nearest(...)
 */
#ifndef DEPVET_AUDIT_POLICY_H
#define DEPVET_AUDIT_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/audit/audits.h"

#define POLICY_NO_REVIEW 0          /* an override: the package needs no review */
#define POLICY_MAX_OVERRIDES 64

struct policy_override {
    enum ecosystem eco;
    char name[AUDITS_MAX_NAME];     /* canonical */
    int criteria;                   /* an enum audit_criteria or POLICY_NO_REVIEW */
};

struct audit_policy {
    bool enforced;                  /* a [policy] table was read */
    enum audit_criteria runtime;    /* default safe-to-deploy */
    enum audit_criteria dev;        /* dev and build-only: default safe-to-run */
    /* Severities as the engine's enum severity values (0 info .. 4 critical). */
    unsigned unreviewed_severity;   /* default high; info unless enforced */
    unsigned no_facts_severity;     /* default high */
    unsigned cooldown_severity;     /* default medium */
    int64_t min_release_age;        /* seconds; 0: no cooldown */
    struct policy_override over[POLICY_MAX_OVERRIDES];
    unsigned n_over;
};

void policy_init(struct audit_policy *p);
/* Adds or replaces the override for a package; false when full. */
bool policy_set_override(struct audit_policy *p, enum ecosystem eco, const char *name,
                         int criteria);
/* The criteria a package needs, or POLICY_NO_REVIEW. */
int policy_required(const struct audit_policy *p, enum ecosystem eco, const char *name,
                    bool dev);
/* "7d", "12h", "2w", "30m", "90s" (a bare number is days) into seconds. */
bool policy_parse_age(const char *s, int64_t *out);

struct policy_pin {
    enum ecosystem eco;
    const char *name;
    const char *version;
    bool dev;                       /* only a dev or build-time dependency */
    const char *publisher;          /* of the pinned release; NULL: unknown */
    int64_t published;              /* Unix seconds; 0: unknown */
    const char *identity;           /* its attested publishing identity
                                     * ("github.com/o/r/.github/workflows/
                                     * release.yml"); NULL: none or unknown */
};

/* Whether a [[trusted]] identity names the identity a release's provenance
 * shows: "github:" and "gitlab:" stand for "github.com/" and "gitlab.com/",
 * a leading "https://" is dropped, case is ignored, and a repository alone
 * ("github:owner/repo") names its every workflow. */
bool policy_identity_matches(const char *want, const char *have);

enum policy_how {
    POLICY_NOT_REQUIRED,            /* an override says no review is needed */
    POLICY_UNREVIEWED,
    POLICY_REVIEWED,                /* a full review of this version */
    POLICY_DELTA,                   /* a chain of deltas from a full review or
                                     * from an exempted version (by says so) */
    POLICY_EXEMPTED,
    POLICY_TRUSTED,
};

/* Strings point into the set and are valid until it changes. */
struct policy_verdict {
    enum policy_how how;
    int need;                       /* criteria required, or POLICY_NO_REVIEW */
    int have;                       /* the strongest criteria reviews give, 0 none */
    const char *by;                 /* EXEMPTED: the reason; TRUSTED: the publisher */
    const char *until;              /* EXEMPTED, TRUSTED: the expiry, "" none */
    const char *expired;            /* an entry that would cover expired that day */
    const char *expired_what;       /* "exemption" or "trusted publisher" */
};

/* today is "YYYY-MM-DD" (UTC): entries hold while today is before their
 * expires date. */
void policy_evaluate(const struct audits *set, const struct audit_policy *p,
                     const struct policy_pin *pin, const char *today,
                     struct policy_verdict *out);
/* The versions reviewed or exempted (for criteria, as of today) nearest
 * to version: the highest one below it and the lowest one above, in that
 * order, exempt[i] telling which were exempted; returns how many (0 to 2)
 * went into out.  Pointers into the set. */
size_t policy_nearest(const struct audits *set, enum ecosystem eco, const char *name,
                      const char *version, enum audit_criteria criteria, const char *today,
                      const char *out[2], bool exempt[2]);
/* Whether an exemption is still needed: it matches a pin (eco, name,
 * version) that no review covers for the criteria it names. */
bool policy_exemption_needed(const struct audits *set, const struct audit_exemption *e);
/* Whether reviews or exemptions (not trusted publishers: they need
 * facts) cover version for criteria today. */
bool policy_covers(const struct audits *set, enum ecosystem eco, const char *name,
                   const char *version, enum audit_criteria criteria, const char *today);

#endif
