/* Typed, pointer-reporting reads of registry JSON into arena strings: the
 * shared vocabulary of the registry parsers.  A present member of the wrong
 * type fails with the URL and the member's JSON pointer; absent and null
 * members read as "not given"; unknown members are never looked at.  Every
 * getter is a no-op once rj->d has failed (the first cause wins). */
#ifndef DEPVET_REGISTRY_REGJSON_H
#define DEPVET_REGISTRY_REGJSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/json.h"

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/store/model.h"

#define REGJSON_PTR 256   /* room for a JSON pointer (matches struct diag) */

struct regjson {
    struct arena *a;
    const char *url;
    struct diag *d;
};

/* Parses body and checks the top-level type (cJSON_Object or cJSON_Array).
 * An object that has a string "message" (or npm's "error") but not expect_key is a registry
 * error answer ({"message":"Not Found"}): DIAG_UNSUPPORTED, "registry error:
 * MESSAGE".  NULL on failure; caller frees with cJSON_Delete. */
cJSON *regjson_open(struct regjson *rj, const char *body, size_t len, int type,
                    const char *expect_key);

/* One answer read whole, the frame every parser shares: regjson_open
 * (type, expect_key), read(rj, root, out) on what opened, the document
 * freed.  True when nothing failed; only then is what read wrote to out
 * the caller's to use. */
typedef void (*regjson_reader)(struct regjson *rj, const cJSON *root, void *out);
bool regjson_read(struct regjson *rj, const char *body, size_t len, int type,
                  const char *expect_key, regjson_reader read, void *out);

/* A package or a release answer (an object with expect_key): a package of
 * eco whose source_url is the answer's URL and name the string member
 * name_key (NULL: the reader finds it), filled by package; or, when
 * release is set, an initialised release filled by release. */
struct regjson_doc {
    enum ecosystem eco;
    const char *expect_key;
    const char *name_key;
    void (*package)(struct regjson *rj, const cJSON *root, struct reg_package *p);
    void (*release)(struct regjson *rj, const cJSON *root, struct reg_release *r);
};
/* Reads the answer as doc says; *out (a struct reg_package ** or, for a
 * release doc, a struct reg_release **) set when nothing failed. */
bool regjson_read_doc(struct regjson *rj, const char *body, size_t len,
                      const struct regjson_doc *doc, void *out);
/* Sets rj->d (DIAG_SYNTAX) with pointer ptr, unless already failed. */
void regjson_fail(struct regjson *rj, const char *ptr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool regjson_failed(const struct regjson *rj);

/* The elements of an array (NULL: none) with their JSON pointers
 * parent/N, until rj fails; with what set, an element that is not an
 * object fails rj ("expected WHAT") and ends the walk:
 *   for (struct regjson_each e = {.what = "a version object"};
 *        regjson_next(rj, arr, "/versions", &e);)
 *       ... e.item, e.ptr ... */
struct regjson_each {
    const char *what;
    const cJSON *item;
    size_t i;
    bool started;
    char ptr[REGJSON_PTR];
};
bool regjson_next(struct regjson *rj, const cJSON *arr, const char *parent,
                  struct regjson_each *e);

/* parent + "/" + key with "~" and "/" escaped (RFC 6901); parent + "/N". */
void regjson_ptr(char out[REGJSON_PTR], const char *parent, const char *key);
void regjson_ptr_idx(char out[REGJSON_PTR], const char *parent, size_t i);

const char *regjson_str(struct regjson *rj, const cJSON *obj, const char *key,
                        const char *ptr);
/* An array element or map value that must be a string (null: NULL). */
const char *regjson_item_str(struct regjson *rj, const cJSON *item, const char *ptr);
/* Integral number; true when one was stored in *out. */
bool regjson_int(struct regjson *rj, const cJSON *obj, const char *key,
                 const char *ptr, int64_t *out);
bool regjson_bool(struct regjson *rj, const cJSON *obj, const char *key,
                  const char *ptr, bool dflt);
/* Object member; NULL when absent, null or [] (registries write both). */
const cJSON *regjson_obj(struct regjson *rj, const cJSON *obj, const char *key,
                         const char *ptr);
/* Array member; NULL when absent, null or {}. */
const cJSON *regjson_arr(struct regjson *rj, const cJSON *obj, const char *key,
                         const char *ptr);
/* ISO 8601 string member as Unix seconds; 0 when absent. */
int64_t regjson_time(struct regjson *rj, const cJSON *obj, const char *key,
                     const char *ptr);
/* An element or map value holding a timestamp (null: 0). */
int64_t regjson_item_time(struct regjson *rj, const cJSON *item, const char *ptr);
/* Array of strings (nulls skipped); *n its length. */
const char **regjson_str_list(struct regjson *rj, const cJSON *obj,
                              const char *key, const char *ptr, size_t *n);
/* Object {label: url} as links; *n its length. */
struct reg_link *regjson_links(struct regjson *rj, const cJSON *obj,
                               const char *key, const char *ptr, size_t *n);
/* Zeroed arena array of n elements of size sz (n bounded by the body). */
void *regjson_alloc(struct regjson *rj, size_t n, size_t sz);
size_t regjson_count(const cJSON *arr_or_obj);
/* Upper-case-free copy of a hex digest: lower-cased, NULL stays NULL. */
const char *regjson_lower(struct regjson *rj, const char *s);

#endif
