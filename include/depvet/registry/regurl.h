/* Building registry request URLs: percent-encoding of path segments. */
#ifndef DEPVET_REGISTRY_REGURL_H
#define DEPVET_REGISTRY_REGURL_H

#include "depvet/core/arena.h"

/* Percent-encodes every byte outside RFC 3986 "unreserved" (A-Z a-z 0-9
 * - . _ ~), upper-case hex: "@scope/name" -> "%40scope%2Fname". */
char *regurl_escape(struct arena *a, const char *s);
/* The inverse for a segment we built: %XX decoded (a NUL byte or a bad
 * escape is kept as written). */
char *regurl_unescape(struct arena *a, const char *s);
/* base without trailing slashes; NULL -> "". */
char *regurl_base(struct arena *a, const char *base);

#endif
