/* What `depvet check` adds to the findings when it enforces the review
 * policy: `unreviewed` for each pin no review, exemption or trusted
 * publisher covers (with the cheapest way to cover it), `no-facts` for each
 * pin the cache knows nothing about, `cooldown` for releases younger than
 * the policy allows; acknowledgements that move findings aside; and an
 * account of what the check covered, so that a clean result is never
 * silent about what it did not know. */
#ifndef DEPVET_ENGINE_ENFORCE_H
#define DEPVET_ENGINE_ENFORCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/audit/audits.h"
#include "depvet/audit/policy.h"
#include "depvet/engine/findings.h"
#include "depvet/engine/imports.h"

/* What the facts in the cache covered. */
struct coverage {
    unsigned pins;              /* registry pins (package@version) looked at */
    unsigned with_facts;        /* the cache holds the package's record */
    unsigned without_facts;     /* ... holds none: a no-facts finding each */
    unsigned private_pins;      /* private and served by no configured registry */
    unsigned stale;             /* facts older than their time-to-live */
    int64_t oldest, newest;     /* when the facts were learned (0: none) */
    int64_t advisories;         /* advisories in the cache */
    char advisories_modified[64];   /* the newest one's modified date, "" */
    unsigned osv_asked;         /* pins the OSV service was asked about */
    int64_t osv_oldest;         /* the oldest of those answers (0: none) */
    /* Review state of the pins. */
    unsigned reviewed, exempted, trusted, unreviewed, not_required;
    unsigned imported;          /* covered only through imports' reviews */
};

/* One pin's review state, for --suggest and the frontends. */
struct enforce_pin {
    unsigned node;
    int need;                   /* the criteria required (POLICY_NO_REVIEW: none) */
    bool covered;
    const char *from;           /* the reviewed version to diff from, or NULL */
    bool from_exempted;         /* from is exempted rather than reviewed */
    long files, added, removed; /* that diff's size; -1 when the archives are not stored */
    const char *origin;         /* covered through this import's reviews (its name), or NULL */
    /* The verdict, for the explorer's marks (strings in the findings' arena). */
    enum policy_how how;
    int have;                   /* the strongest criteria reviews give, 0 none */
    const char *by;             /* EXEMPTED: the reason; TRUSTED: the publisher; or NULL */
    const char *until;          /* EXEMPTED, TRUSTED: the expiry, NULL none */
    const char *expired;        /* an entry that would cover expired that day, or NULL */
    const char *expired_what;   /* "exemption" or "trusted publisher" */
    bool no_facts;              /* the cache holds no record of it */
};

struct enforce_input {
    const struct findings_input *in;
    const struct audits *set;   /* the project's reviews (may be empty) */
    const char *cache_dir;      /* NULL: the XDG default */
    bool diff_sizes;            /* measure the suggested diffs (stored archives only) */
    const struct imports *imports;  /* other teams' reviews, or NULL */
    /* Per node, the records already read (NULL entry: the cache has none);
     * NULL: each is read from in->st.  The explorer's session passes its. */
    const struct reg_package *const *records;
};

/* Adds the policy findings to out (re-sorted) and fills cov.  When pins
 * is not NULL it receives one entry per registry pin (caller frees). */
void enforce_findings(struct findings *out, const struct enforce_input *e,
                      struct coverage *cov, struct enforce_pin **pins, size_t *n_pins);

/* `depvet review --init`: an exemption (criteria as required, today's
 * date, reason) for each registry pin nothing covers yet; returns how many
 * were added (0 with d set on a refused entry). */
size_t enforce_exempt_all(struct audits *set, const struct enforce_input *e, const char *reason,
                          struct diag *d);
/* `depvet review --prune`: removes the exemptions that a review covers or
 * that no pin of g needs, except those a delta chain of a pin starts
 * from; fn (may be NULL) hears of each before it goes, with why.  Returns
 * how many went. */
typedef void (*enforce_prune_fn)(void *ud, const struct audit_exemption *x, const char *why);
size_t enforce_prune(struct audits *set, const struct dep_graph *g, int64_t now,
                     enforce_prune_fn fn, void *ud);

/* An acknowledgement that matched nothing (stale) or only after it expired. */
struct enforce_stale {
    size_t ack;                 /* index for audits_ack_at */
    bool expired;               /* it matched, but expired: the finding stays */
    /* Stale, yet a lockfile's finding of its rule is there to ack instead:
     * a package's ack of a rule now said once per lockfile (missing-hash),
     * or a lockfile's ack whose subject changed ("5 of 6" then, "40 of
     * 60" now).  1 + its index in g->lockfiles, 0 none; its evidence (in
     * the findings' arena) or NULL. */
    unsigned instead_lockfile;
    const char *instead_evidence;
    bool instead_acked;         /* another ack covers that finding already */
};

/* Moves the findings of fs that a current ack covers into acked (their
 * evidence becomes the ack's reason and reviewer); *stale lists the acks
 * that matched nothing or have expired (caller frees).  A lockfile's ack
 * names the lockfile relative to project (file_relative: the project's
 * folder, or a lockfile given as the project).  today is "YYYY-MM-DD". */
void enforce_acks(struct findings *fs, const struct dep_graph *g, const char *project,
                  const struct audits *set, const char *today, struct findings *acked,
                  struct enforce_stale **stale, size_t *n_stale);

#endif
