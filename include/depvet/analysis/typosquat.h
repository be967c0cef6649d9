/* Typosquat check: does a package name imitate a popular one of its
 * ecosystem?  An index over the popular names is built once; each check is a
 * handful of hash look-ups (a deletion neighbourhood for edit distance, and
 * normalised forms for the other rules), never a scan of the whole list. */
#ifndef DEPVET_ANALYSIS_TYPOSQUAT_H
#define DEPVET_ANALYSIS_TYPOSQUAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/ecosystem.h"

enum typosquat_reason {
    TYPOSQUAT_NONE = 0,
    TYPOSQUAT_EDIT1,      /* one letter changed, missing, extra, transposed */
    TYPOSQUAT_EDIT2,      /* two such edits, long names only */
    TYPOSQUAT_SEPARATOR,  /* same letters, other "-", "_", "." or case */
    TYPOSQUAT_HOMOGLYPH,  /* 0/o, 1/l/i, rn/m, vv/w, cl/d */
    TYPOSQUAT_AFFIX,      /* "python-", "-js", "ex_" ... added, removed, swapped */
    TYPOSQUAT_SWAPPED,    /* name parts in another order */
    TYPOSQUAT_SCOPE,      /* npm "@other/name" for a popular "name" */
    TYPOSQUAT_DIGITS,     /* digits appended: "requests2", "boto33" */
    TYPOSQUAT_COMBINED,   /* two popular names joined: "numpy-pandas" */
    TYPOSQUAT_SCOPE_LOOKALIKE, /* "@typescript_eslinter/x" for "@typescript-eslint/x" */
};

/* A hit at least this convincing is reported high, below it medium. */
#define TYPOSQUAT_HIGH_SCORE 85

struct typosquat_hit {
    enum typosquat_reason reason;
    const char *target;   /* the popular name imitated; owned by the index */
    size_t target_rank;   /* its position in the popular list, 0 = most */
    int score;            /* 1..100, higher = more convincing imitation */
    int64_t target_monthly; /* its downloads a month, -1 when unknown */
    char why[192];        /* e.g. "one letter from 'requests' (transposed 'eu')" */
};

struct typosquat_index;

/* popular[0..n) ordered most popular first; names are copied.  NULL or empty
 * strings in the list are skipped. */
struct typosquat_index *typosquat_index_new(enum ecosystem eco,
                                            const char *const *popular,
                                            size_t n);
/* The same with each name's downloads a month (monthly[i] < 0: unknown;
 * monthly itself may be NULL), which typosquat_comparable_use weighs. */
struct typosquat_index *typosquat_index_new_counted(enum ecosystem eco,
                                                    const char *const *popular,
                                                    const int64_t *monthly, size_t n);
void typosquat_index_free(struct typosquat_index *idx);   /* accepts NULL */

/* True and *out filled when name imitates a popular name.  A name that is
 * itself on the list (equal after the ecosystem's normalisation) is never
 * flagged, except where the list is the whole registry (Hex: every
 * package by downloads): there it is checked against the names it is far
 * less used than (TYPOSQUAT_USE_RATIO times, by the list's downloads or
 * else its ranks).  Safe to call from several threads on one index. */
bool typosquat_check(const struct typosquat_index *idx, const char *name,
                     struct typosquat_hit *out);

/* Like typosquat_check, but a popular name is checked too, against the names
 * strictly more popular than itself: how a reviewer measures whether the
 * popular list flags its own members. */
bool typosquat_check_peers(const struct typosquat_index *idx, const char *name,
                           struct typosquat_hit *out);

/* A look-alike is a squat candidate only when it is far less used than
 * its target: a package with a hundredth of the target's downloads or
 * more, or (the target's count unknown) TYPOSQUAT_USED_MONTHLY a month,
 * or TYPOSQUAT_USED_DEPENDENTS dependents, is a package of its own
 * (uvicorn/unicorn, sympy/simpy).  Negative counts are unknown. */
#define TYPOSQUAT_USE_RATIO 100
#define TYPOSQUAT_USED_MONTHLY 100000
#define TYPOSQUAT_USED_DEPENDENTS 50
bool typosquat_comparable_use(const struct typosquat_hit *h, int64_t monthly,
                              int64_t dependents);

/* "edit", "edit2", "separator", "homoglyph", "affix", "swapped", "scope",
 * "digits", "combined", "scope-lookalike". */
const char *typosquat_reason_name(enum typosquat_reason r);

/* The hit in words for a reader, into out: "two letters swapped:
 * reqeusts / requests", "digits added: requests2 / requests". */
void typosquat_hit_words(const struct typosquat_hit *h, const char *name, char *out, size_t n);

#endif
