/* Required literals of a PCRE2 pattern, for the scanner's prefilter.
 *
 * A factor is a small set of byte strings such that every match of the
 * pattern contains one of them; the multi-pattern engine looks for the
 * factors of all rules in one pass, and PCRE2 then runs only where a
 * factor occurs.  The factor also says how far before it a match can
 * start (pre_max, and whether that stretch can hold a newline), so PCRE2
 * is started at the window around each occurrence, not at the file's top.
 *
 * A pattern without a literal of that quality may still get a guard: the
 * longest run of its top-level sequence that reads as a byte-mode
 * vectorscan expression (fs\s*\[ for fs\s*\[...), each class as the
 * bytes its characters can be made of, so it matches a superset.
 *
 * The analysis is conservative: syntax it does not know (extended mode,
 * conditionals, verbs, callouts) gives no factor, and the pattern is
 * then matched everywhere as before.  Caseless patterns keep caseless
 * factors; under PCRE2's Unicode caseless matching 'k' also matches
 * U+212A and 's' U+017F, so a caseless string comes in each spelling of
 * those letters (up to three of them), or is cut around them.
 *
 *   struct literal_factor f;
 *   if (literals_extract("\\bcurl\\s+-s", 12, false, arena, &f, &why)) ...
 */
#ifndef DEPVET_ANALYSIS_LITERALS_H
#define DEPVET_ANALYSIS_LITERALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"

#define LITERALS_MAX_STRINGS 64     /* strings in one factor */
#define LITERALS_MAX_LEN 64         /* bytes in one string */
#define LITERALS_UNBOUNDED SIZE_MAX
#define LITERALS_MIN_QUALITY 3      /* weaker factors fire nearly everywhere */

#define LITERALS_RUN_MIN 16         /* bytes of a run factor, at least */
/* And looked for at most: a run is found by looking at one byte in a run
 * (prefilter.c), so a long one is cheap; [^\n]{4000} was looked for as 64. */
#define LITERALS_RUN_CAP 4096

/* A set of byte values, bit b of w[b / 64]. */
struct literal_bytes {
    uint64_t w[4];
};

struct literal_factor {
    const char *const *strings;     /* arena-owned, lens[i] bytes each */
    const size_t *lens;
    /* strings[i] starts offs[i] characters into what the pattern spells
     * (offs_max[i] bytes at most): a caseless string with more than three
     * k and s (which PCRE2 also matches as U+212A and U+017F) is cut to its
     * longest part without them; one with fewer is given in each spelling
     * (offs 0). */
    const size_t *offs, *offs_max;
    size_t n;
    bool nonascii;     /* or any non-ASCII character (a UTF-8 lead byte C2..F4) */
    bool caseless;     /* ASCII letters match either case */
    /* Or, instead of strings: run consecutive bytes all in run_bytes (a
     * long repeat such as [A-Za-z0-9+/]{300,}); 0 for a string factor. */
    size_t run;
    struct literal_bytes run_bytes;
    /* Or, for a pattern without a literal: guard, a vectorscan expression
     * (byte mode, no flags) matching a superset of a part of every match,
     * guard_min .. guard_max bytes long (max may be LITERALS_UNBOUNDED);
     * span_bytes are the bytes that part and what stands before it in a
     * match can be.  NULL for a string or run factor. */
    const char *guard;
    size_t guard_min, guard_max;
    struct literal_bytes span_bytes;
    size_t pre_max;    /* bytes of a match before the factor, or LITERALS_UNBOUNDED */
    /* The bytes those can be: a match starts after the last byte outside
     * this set before the factor (the line start when '\n' is outside). */
    struct literal_bytes pre_bytes;
    unsigned quality;  /* weakest string's weight: bytes, non-ASCII bytes x3 */
};

static inline bool literals_bytes_has(const struct literal_bytes *b, unsigned char c)
{
    return (b->w[c >> 6] >> (c & 63)) & 1u;
}

/* The best factor of pattern[0..len) (compiled with PCRE2_UTF, MULTILINE,
 * and CASELESS when caseless).  False, with *why a static reason, when the
 * pattern has none of at least LITERALS_MIN_QUALITY. */
bool literals_extract(const char *pattern, size_t len, bool caseless, struct arena *a,
                      struct literal_factor *out, const char **why);

/* Fewest and most bytes from the start of what the pattern spells to the
 * end of one of f's strings in a subject: where PCRE2's match holding an
 * occurrence that ends at e can have that literal start. */
size_t literals_min_len(const struct literal_factor *f);
size_t literals_max_len(const struct literal_factor *f);

#endif
