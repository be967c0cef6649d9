/* Terminal-safe rendering of untrusted text (package names, descriptions,
 * registry answers, file excerpts).  Printable UTF-8 passes through;
 * everything that could move the cursor, change the terminal's state,
 * reorder text or hide it is shown escaped:
 *   C0 controls, DEL, ESC and so every CSI/OSC/DCS sequence -> \x1b ...
 *   invalid UTF-8 (overlong, surrogate, > U+10FFFF, truncated) -> \xNN
 *   C1 controls, bidi controls, zero-width and other invisible characters
 *                                                     -> <U+202E>
 *   backslash itself -> \\   (so every escape is unambiguous)
 * Display widths follow East Asian Width (wide = 2) and combining marks
 * (0), from compact built-in tables, independent of the locale. */
#ifndef DEPVET_CORE_TERMSAFE_H
#define DEPVET_CORE_TERMSAFE_H

#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/strbuf.h"

enum {
    TERMSAFE_KEEP_NEWLINE = 1u << 0,  /* let \n through (multi-line panes) */
    TERMSAFE_KEEP_TAB = 1u << 1,      /* let \t through */
};

/* Appends a safe copy of s[0..len) to out. */
void termsafe_append(struct strbuf *out, const char *s, size_t len, unsigned flags);
/* Heap copy (caller frees) / arena copy of a NUL-terminated string. */
char *termsafe_dup(const char *s);
const char *termsafe_arena(struct arena *a, const char *s);
/* The raw text back from a safe rendering, for a model that keeps text
 * raw and lets each frontend escape it once: \\ and \xNN are undone,
 * <U+XXXX> stays as it reads (it renders the same either way), a lone
 * backslash stays.  termsafe(termsafe_unescape(termsafe(x))) == termsafe(x). */
const char *termsafe_unescape_arena(struct arena *a, const char *safe);

/* Strict UTF-8: bytes consumed (1..4) and *cp, or -1 for an invalid or
 * truncated sequence. */
int termsafe_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* Columns a code point takes: 0 combining/zero-width, 2 wide, 1 otherwise,
 * -1 for controls. */
int termsafe_char_width(uint32_t cp);
/* Columns of an already-safe string. */
size_t termsafe_width(const char *s, size_t len);
/* Bytes of s that fit in max_cols columns without splitting a character;
 * a wide character that would straddle the edge is left out, and
 * zero-width characters stay with the character before them. */
size_t termsafe_fit(const char *s, size_t len, size_t max_cols);

#endif
