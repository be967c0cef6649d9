/* PEP 440 version specifiers ("~=1.4.5", ">=2,<3,!=2.1.*", "===foo"),
 * comma-separated into a set that matches candidate versions.
 *
 * Semantics (PEP 440 "Version specifiers", as pip's packaging applies them):
 *   ~=V      >=V and ==P.* where P is V's release minus its last part
 *            (V needs at least two release parts; pre/post/dev of V kept
 *            for the >= half only)
 *   ==V      equal after zero-padding the release; the candidate's local
 *            part is ignored unless V has one.  ==V.* prefix match on epoch
 *            and zero-padded release (any pre/post/dev/local candidate).
 *   !=V      not ==V (also with .*)
 *   <=V >=V  ordered on the candidate's public version
 *   <V       and not a pre-release of V's release unless V is a pre-release
 *   >V       and not a post-release of V's release unless V is one, nor a
 *            local version of V's release
 *   ===S     case-insensitive string equality with the candidate's text
 * A pre-release candidate only matches when the caller allows them or some
 * ==, ===, ~=, <= or >= clause names a pre-release (as packaging decides;
 * "<2.0rc1" alone does not let 1.0a1 through).  An empty set matches
 * every (final) version.  A candidate that is not valid PEP 440 can only
 * match ===. */
#ifndef DEPVET_CORE_REQ_PEP440_H
#define DEPVET_CORE_REQ_PEP440_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/core/version_pep440.h"

/* Longest specifier set accepted, and most clauses in one. */
#define REQ_PEP440_MAX_TEXT 4096
#define REQ_PEP440_MAX_SPECS 64

enum req_pep440_op {
    REQ_PEP440_COMPAT,    /* ~= */
    REQ_PEP440_EQ,        /* == */
    REQ_PEP440_NE,        /* != */
    REQ_PEP440_LE,        /* <= */
    REQ_PEP440_GE,        /* >= */
    REQ_PEP440_LT,        /* <  */
    REQ_PEP440_GT,        /* >  */
    REQ_PEP440_ARBITRARY, /* === */
};

/* One clause.  `v` (and `text`) point into the text it was parsed from. */
struct req_pep440_spec {
    enum req_pep440_op op;
    bool wildcard;        /* ==V.* / !=V.* */
    struct pep440 v;      /* unset for === */
    const char *text;     /* the version text, trimmed (=== compares it) */
    size_t text_len;
};

/* A compiled set owning a copy of its text. */
struct req_pep440 {
    struct req_pep440_spec *specs;
    size_t nspecs;
    char *text;
    bool mentions_pre;    /* an inclusive clause names a pre-release */
};

/* Parses s[0..len); false with d set (line 1, 1-based column) on bad
 * input, *out then empty and safe to free.  d may be NULL. */
bool req_pep440_parse(const char *s, size_t len, struct req_pep440 *out, struct diag *d);
/* True when `version` (NUL-terminated) satisfies every clause. */
bool req_pep440_matches(const struct req_pep440 *r, const char *version,
                        bool include_prereleases);
/* Frees what req_pep440_parse allocated; NULL and empty structs are fine. */
void req_pep440_free(struct req_pep440 *r);

/* One clause from its operator and version text ver[0..len) (no
 * allocation; out points into ver).  Used by PEP 508 markers. */
bool req_pep440_spec_make(enum req_pep440_op op, const char *ver, size_t len,
                          struct req_pep440_spec *out, struct diag *d);
/* The clause alone, without the pre-release filter; `cand` may be NULL
 * when raw[0..raw_len) is not a valid version. */
bool req_pep440_spec_matches(const struct req_pep440_spec *sp, const struct pep440 *cand,
                             const char *raw, size_t raw_len);

#endif
