/* cJSON with diagnostics: parse errors name line and column, and typed
 * getters record the JSON pointer of a field that has the wrong type. */
#ifndef DEPVET_CORE_JSON_H
#define DEPVET_CORE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

#include "depvet/core/diag.h"

/* Nesting limit enforced before cJSON sees the text (cJSON recurses). */
#define JSON_MAX_DEPTH 200

/* Parses buf[0..len) as one JSON value; where names the file or URL.
 * NUL bytes, trailing garbage, nesting past JSON_MAX_DEPTH: NULL and d set
 * with line:col.  Caller frees with cJSON_Delete. */
cJSON *json_parse(const char *buf, size_t len, const char *where, struct diag *d);

/* String member or NULL (absent or not a string). */
const char *json_str(const cJSON *obj, const char *key);
/* Like json_str, but a present member of another type sets d with the
 * pointer "<parent_ptr>/<key>" and returns NULL. */
const char *json_str_checked(const cJSON *obj, const char *key,
                             const char *where, const char *parent_ptr,
                             struct diag *d);
/* Number member as double; dflt when absent or not a number. */
double json_num(const cJSON *obj, const char *key, double dflt);
bool json_bool(const cJSON *obj, const char *key, bool dflt);
/* Object / array member or NULL. */
const cJSON *json_obj(const cJSON *obj, const char *key);
const cJSON *json_arr(const cJSON *obj, const char *key);


#include "depvet/core/strbuf.h"

/* Appends s as a JSON string literal (quotes included).  Controls, DEL and
 * bidi/invisible format characters become \uXXXX; invalid UTF-8 becomes
 * U+FFFD, so the output is always valid JSON and safe to cat. */
void json_put_string(struct strbuf *out, const char *s);

#endif
