/* Compiled SemVer requirements: a union of sets of comparators, what the
 * Hex and npm requirement parsers (req_hex.h, req_npm.h) desugar into, plus
 * the bounded builder they share while parsing. */
#ifndef DEPVET_CORE_SEMVER_CMP_H
#define DEPVET_CORE_SEMVER_CMP_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/core/version_semver.h"

enum semver_op {
    SEMVER_OP_ANY = 0, /* matches every version */
    SEMVER_OP_EQ,
    SEMVER_OP_NE,
    SEMVER_OP_LT,
    SEMVER_OP_LE,
    SEMVER_OP_GT,
    SEMVER_OP_GE,
};

/* One comparator.  `set_start` marks the first comparator of each set (the
 * first comparator of a requirement always has it); a version matches when
 * every comparator of some set does. */
struct semver_cmp {
    unsigned char op;  /* enum semver_op */
    bool set_start;
    struct semver v;
};

/* A compiled requirement: `cmp` is one allocation that also holds a copy of
 * the source text the comparators' pre-release strings point into. */
struct semver_req {
    struct semver_cmp *cmp;
    size_t ncmp;
};

/* Most comparators one requirement may compile to (DIAG_LIMIT beyond). */
#define SEMVER_CMP_MAX 128
/* Longest requirement text accepted (DIAG_LIMIT beyond). */
#define SEMVER_CMP_MAX_TEXT 4096

/* Plain ordering test of v against one comparator; pre-release policy is
 * the requirement module's business. */
bool semver_cmp_test(const struct semver_cmp *c, const struct semver *v);

/* True when some set of r satisfies set_ok (called with the set's first
 * comparator and length). */
typedef bool semver_cmp_set_fn(const struct semver_cmp *set, size_t n, const struct semver *v,
                               const void *ctx);
bool semver_cmp_any_set(const struct semver_req *r, const struct semver *v,
                        semver_cmp_set_fn *set_ok, const void *ctx);
/* Releases r's block; accepts NULL and empty requirements. */
void semver_cmp_req_free(struct semver_req *r);

/* Parse-time scratch: comparators in a fixed array (no allocation until
 * semver_cmp_finish).  `what` prefixes diag messages ("range"). */
struct semver_cmp_builder {
    struct semver_cmp cmp[SEMVER_CMP_MAX];
    size_t n;
    bool set_start;  /* the next comparator opens a set */
    const char *text;
    size_t len;
    const char *what;
    struct diag *d;
};

/* False (with a DIAG_LIMIT diag) when len exceeds SEMVER_CMP_MAX_TEXT. */
bool semver_cmp_begin(struct semver_cmp_builder *b, const char *text, size_t len,
                      const char *what, struct diag *d);
/* Fills the diag at byte offset pos (column pos+1); returns false. */
bool semver_cmp_fail(struct semver_cmp_builder *b, size_t pos, enum diag_code code,
                     const char *msg);
/* Appends a comparator (v NULL means 0.0.0); false past SEMVER_CMP_MAX. */
bool semver_cmp_emit(struct semver_cmp_builder *b, size_t pos, unsigned char op,
                     const struct semver *v);
/* Parses text[vpos..vend) as a (partial) version, diag column relative to
 * the whole text. */
bool semver_cmp_operand(struct semver_cmp_builder *b, size_t vpos, size_t vend, unsigned flags,
                        struct semver_partial *out);
/* Packs the comparators and a copy of the text into out (pointers into the
 * text are rebased, others such as static strings kept). */
bool semver_cmp_finish(struct semver_cmp_builder *b, struct semver_req *out);

#endif
