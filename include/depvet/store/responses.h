/* Cached HTTP answers with their validators, so a refresh can ask "has it
 * changed?" (ETag / Last-Modified) and reuse the body on 304. */
#ifndef DEPVET_STORE_RESPONSES_H
#define DEPVET_STORE_RESPONSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/diag.h"
#include "depvet/store/db.h"

struct cached_response {
    int status;
    char *etag, *last_modified, *content_type;   /* heap, may be NULL */
    char *body;                                   /* heap, NUL-terminated */
    size_t body_len;
    int64_t fetched_at, checked_at;               /* Unix seconds */
};

/* Looks url up; false when absent (d untouched) or on error (d set). */
bool responses_get(struct store *s, const char *url, struct cached_response *out,
                   struct diag *d);
void cached_response_fini(struct cached_response *r);
/* checked_at of every stored answer whose URL starts with prefix (one
 * read of the key range), for a pass asking for each pin; NULL with d set
 * on a read error. */
struct store_times *responses_checked_times(struct store *s, const char *prefix,
                                            struct diag *d);
/* Inserts or replaces the answer for url (times as given in r).

 * Call inside the caller's transaction with the facts parsed from it. */
bool responses_put(struct store *s, const char *url, const struct cached_response *r,
                   struct diag *d);
/* A 304: the stored body is still current as of now. */
bool responses_touch(struct store *s, const char *url, int64_t now, struct diag *d);

#endif
