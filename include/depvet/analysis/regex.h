/* Regular expressions (PCRE2 with JIT where available), so no other layer
 * touches PCRE2.  A regex holds its own match data: use one per thread. */
#ifndef DEPVET_ANALYSIS_REGEX_H
#define DEPVET_ANALYSIS_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"

enum { REGEX_CASELESS = 1u << 0, REGEX_MULTILINE = 1u << 1 };

struct regex;

/* Compiles pattern (UTF-8); on error d names the column of the problem. */
struct regex *regex_new(const char *pattern, unsigned flags, const char *where,
                        struct diag *d);
void regex_free(struct regex *re);   /* accepts NULL */
/* True when re matches s[0..len); the match is [*start, *end). */
bool regex_search(struct regex *re, const char *s, size_t len,
                  size_t *start, size_t *end);

/* Copies capture group `group` of the first match in s[0..len) into out
 * (truncated to n - 1 bytes, NUL-terminated); false when there is no
 * match or the group did not take part. */
bool regex_capture(struct regex *re, const char *s, size_t len, unsigned group,
                   char *out, size_t n);

#endif
