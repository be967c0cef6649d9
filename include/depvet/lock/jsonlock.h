/* Helpers shared by the JSON lockfile readers (npm, Pipfile.lock).
 *
 * Line numbers for cJSON containers.  cJSON keeps no positions, so one pass
 * over the text pairs each '{' and '[' outside strings with the tree's
 * objects and arrays in pre-order (the same order), and stores the line of
 * the bracket -- for pretty-printed lockfiles the line of the member's key --
 * in the container's unused `valueint`.  Linear in the text size. */
#ifndef DEPVET_LOCK_JSONLOCK_H
#define DEPVET_LOCK_JSONLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

#include "depvet/core/diag.h"
#include "depvet/lock/graph.h"

/* buf[0..len) must be the text root was parsed from. */
void jsonlock_stamp(cJSON *root, const char *buf, size_t len);
/* The line of an object or array after jsonlock_stamp; 0 when unknown or
 * for other types. */
unsigned jsonlock_line(const cJSON *item);
/* Appends "/" and the RFC 6901 escaped key ("~" -> "~0", "/" -> "~1") to
 * ptr (NUL-terminated, cap bytes); truncates silently. */
void jsonlock_pointer_add(char *ptr, size_t cap, const char *key);

/* Where a typed getter reports a wrong type: file, JSON pointer of the
 * containing object, and its line (0 = unknown). */
struct jsonlock_at {
    const char *where;
    const char *ptr;
    unsigned line;
    struct diag *d;
};

/* Members of obj by type: absent or null gives NULL / false; any other
 * type sets at->d ("<ptr>/<key>: expected a string") and gives NULL/false. */
const char *jsonlock_str(const struct jsonlock_at *at, const cJSON *obj,
                         const char *key);
bool jsonlock_bool(const struct jsonlock_at *at, const cJSON *obj,
                   const char *key);
const cJSON *jsonlock_obj(const struct jsonlock_at *at, const cJSON *obj,
                          const char *key);
const cJSON *jsonlock_arr(const struct jsonlock_at *at, const cJSON *obj,
                          const char *key);
/* Sets at->d: "<ptr>/<key>" has the wrong type (expected `what`). */
void jsonlock_type_error(const struct jsonlock_at *at, const char *key,
                         const char *what);

/* For sniffers: the first non-blank byte is '{'. */
bool jsonlock_is_object(const char *buf, size_t len);
/* For sniffers: needle occurs in the first 64 KiB. */
bool jsonlock_head_has(const char *buf, size_t len, const char *needle);
/* Only blanks (or nothing) in buf: an empty lockfile. */
bool jsonlock_blank(const char *buf, size_t len);
/* Parses a JSON lockfile whose top level must be an object, skipping a
 * byte-order mark, and stamps line numbers.  Duplicate keys are merged as
 * npm and pipenv read them (the last value wins) and recorded in lockfile
 * lf of g; a "\u0000" in any string is an error (it would cut a name).
 * NULL with *empty set for a blank file (nothing locked, not an error);
 * NULL with d set on error. */
cJSON *jsonlock_open(struct dep_graph *g, unsigned lf, const char *buf, size_t len,
                     const char *path, bool *empty, struct diag *d);

#endif
