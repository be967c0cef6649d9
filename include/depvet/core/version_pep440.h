/* PEP 440 versions as PyPI uses them: parsing every permitted spelling into
 * a fixed struct (no allocation), ordering, and the normalized form.
 * Specifier sets built on it: req_pep440.h. */
#ifndef DEPVET_CORE_VERSION_PEP440_H
#define DEPVET_CORE_VERSION_PEP440_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/diag.h"

/* Most release segments accepted ("1.2.3...": 16 parts). */
#define PEP440_MAX_RELEASE 16
/* Longest input accepted, whitespace included. */
#define PEP440_MAX_LEN 1024

enum pep440_pre { PEP440_PRE_NONE = 0, PEP440_PRE_A, PEP440_PRE_B, PEP440_PRE_RC };

/* A parsed version.  Numbers are uint64 (an overflowing one is rejected).
 * `local` points into the parsed text (after the '+', segments separated
 * by any of . - _ and not yet lowercased) and is only valid while that
 * text lives; NULL with length 0 when absent. */
struct pep440 {
    uint64_t epoch;
    uint64_t release[PEP440_MAX_RELEASE];
    unsigned nrelease;              /* 1..PEP440_MAX_RELEASE */
    enum pep440_pre pre;
    uint64_t pre_n;
    bool has_post;
    uint64_t post;
    bool has_dev;
    uint64_t dev;
    const char *local;
    size_t local_len;
};

/* Parses s[0..len) as a whole (surrounding whitespace, a leading 'v', any
 * case and PEP 440's alternative spellings allowed).  On failure returns
 * false and fills d (may be NULL) with line 1 and the 1-based column of
 * the offending byte; *out is then zeroed. */
bool pep440_parse(const char *s, size_t len, struct pep440 *out, struct diag *d);
/* <0, 0, >0 in PEP 440 order (1.0 == 1.0.0; a local version sorts after
 * its public one). */
int pep440_compare(const struct pep440 *a, const struct pep440 *b);
/* Same, ignoring local versions (the "public" version). */
int pep440_compare_public(const struct pep440 *a, const struct pep440 *b);
/* True for a/b/rc pre-releases and for dev releases. */
bool pep440_is_prerelease(const struct pep440 *v);
bool pep440_is_postrelease(const struct pep440 *v);
/* Writes the normalized text ("1!2.0rc1.post2.dev3+ubuntu.1") NUL-terminated,
 * truncated to outlen-1 bytes (out may be NULL when outlen is 0); returns
 * the full length. */
size_t pep440_normalize(const struct pep440 *v, char *out, size_t outlen);

#endif
