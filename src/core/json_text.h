/* Private to core: the one pass json_parse_all makes over the text before
 * cJSON sees it. */
#ifndef DEPVET_CORE_JSON_TEXT_H
#define DEPVET_CORE_JSON_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* The bracket that nests past JSON_MAX_DEPTH (cJSON recurses per level),
 * or NULL.  *maybe_dups is set when some object may name a member twice:
 * member names are hashed per object, and a name written with escapes
 * counts as a maybe.  Equal names without escapes have equal bytes, so a
 * false *maybe_dups is certain. */
const char *json_text_scan(const char *buf, size_t len, bool *maybe_dups);

#endif
