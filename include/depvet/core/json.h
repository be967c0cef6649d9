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
 * NUL bytes, trailing garbage, nesting past JSON_MAX_DEPTH, a member name
 * holding \u0000 (cJSON would cut it short there): NULL and d set with
 * line:col.  A member given twice keeps the first one's place and the last
 * one's value, as JavaScript's JSON.parse and Python's json do (npm, Node
 * and pipenv read them so).  Caller frees with cJSON_Delete. */
cJSON *json_parse(const char *buf, size_t len, const char *where, struct diag *d);

/* Duplicate members, for readers that report them (lockfiles). */
#define JSON_DUPS_KEEP 16
struct json_dup {
    char ptr[256];              /* JSON pointer of the member */
    unsigned line, col;         /* the first occurrence */
    unsigned again_line, again_col; /* a later one (the last of them is used) */
};
struct json_dups {
    struct json_dup items[JSON_DUPS_KEEP];
    unsigned len;               /* kept in items, in text order */
    unsigned total;             /* found in all */
};

/* json_parse without the merge of duplicate members: cJSON's lookups then
 * see the first.  For callers that look at the tree as written before
 * json_merge_dups (jsonlock_stamp pairs brackets with it).  *maybe_dups
 * is set when the text may name a member twice (member names are hashed
 * per object in the pass that checks the depth); when it is false there
 * are none, and json_merge_dups need not run. */
cJSON *json_parse_all(const char *buf, size_t len, const char *where, bool *maybe_dups,
                      struct diag *d);
/* Merges root's duplicate members as json_parse does.  dups (may be NULL)
 * gets where they are in buf[0..len), the text root was parsed from
 * (scanned again only when there are some). */
void json_merge_dups(cJSON *root, const char *buf, size_t len, struct json_dups *dups);
/* The closing quote of the JSON string opening at q, or NULL. */
const char *json_string_end(const char *q, const char *end);
/* The first "\u0000" escape in a string of the JSON text buf[0..len)
 * (keys_only: in a member name), or NULL. */
const char *json_nul_escape(const char *buf, size_t len, bool keys_only);
/* Appends "/" and the RFC 6901 escaped key ("~" -> "~0", "/" -> "~1") to
 * ptr (NUL-terminated, cap bytes); truncates silently. */
void json_pointer_add(char *ptr, size_t cap, const char *key);

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
/* Appends "key": and val as json_put_string does, or null for NULL; a
 * leading comma when comma.  key is the caller's literal, written as is. */
void json_put_member(struct strbuf *out, const char *key, const char *val, bool comma);
/* Appends a JSON text cJSON printed, made as safe as json_put_string's:
 * invalid UTF-8 becomes U+FFFD, DEL, C1, bidi and invisible characters
 * \uXXXX escapes; tab indentation becomes spaces. */
void json_text_safe(struct strbuf *out, const char *text);

#endif
