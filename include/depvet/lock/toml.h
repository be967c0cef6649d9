/* TOML 1.0.0 parser: the whole document becomes an arena-owned tree.
 * Used for TOML lockfiles (manifest.toml, poetry.lock, uv.lock, pylock.toml)
 * and for depvet's own rules, themes, config and reviews files.
 *
 *   struct toml_value *root = toml_parse(buf, len, "uv.lock", arena, &d);
 *   const struct toml_value *pkgs = toml_get(root, "package");
 *   for (size_t i = 0; i < toml_len(pkgs); i++)
 *       name = toml_get_str(toml_at(pkgs, i), "name");
 *
 * Every getter accepts NULL and values of the wrong type (returning NULL,
 * 0 or false), so lookups chain without checks at each step. */
#ifndef DEPVET_LOCK_TOML_H
#define DEPVET_LOCK_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"

enum toml_type {
    TOML_STRING,
    TOML_INTEGER,
    TOML_FLOAT,
    TOML_BOOL,
    TOML_OFFSET_DATETIME,  /* 1979-05-27T07:32:00Z, -07:00 ... */
    TOML_LOCAL_DATETIME,   /* 1979-05-27T07:32:00 */
    TOML_LOCAL_DATE,       /* 1979-05-27 */
    TOML_LOCAL_TIME,       /* 07:32:00.999 */
    TOML_ARRAY,
    TOML_TABLE,
};

struct toml_value;

struct toml_entry {
    const char *key;       /* NUL-terminated; may hold NULs (quoted "\u0000") */
    size_t key_len;
    struct toml_value *value;
};

struct toml_value {
    enum toml_type type;
    unsigned line, col;    /* where the value (or table header) starts */
    unsigned flags;        /* private: redefinition bookkeeping */
    unsigned depth;        /* private: nesting level from the root */
    union {
        /* Strings, and date-times as normalised text ('T' and 'Z' upper
         * case, a space separator written as 'T'). */
        struct { const char *s; size_t len; } str;
        int64_t i;
        double f;
        bool b;
        struct { struct toml_value **items; size_t n, cap; } arr;
        struct {
            struct toml_entry *items;  /* in insertion order */
            size_t n, cap;
            unsigned *hash;            /* private index, large tables only */
            size_t hcap;
        } tab;
    } u;
};

/* Parses buf[0..len) (NUL bytes in it are an error); where names the file
 * in diagnostics.  Returns the root table, or NULL with d set to
 * file:line:col (DIAG_SYNTAX, or DIAG_LIMIT past LOCK_MAX_DEPTH levels).
 * Everything lives in a; nothing to free but the arena. */
struct toml_value *toml_parse(const char *buf, size_t len, const char *where,
                              struct arena *a, struct diag *d);

/* "string", "integer", "float", "bool", "datetime", "datetime-local",
 * "date-local", "time-local", "array", "table" (toml-test's names). */
const char *toml_type_name(enum toml_type t);

/* Member of a table, or NULL. */
const struct toml_value *toml_get(const struct toml_value *table, const char *key);
/* Member by dotted path "a.b.c" (path parts are bare keys), or NULL. */
const struct toml_value *toml_get_path(const struct toml_value *table,
                                       const char *path);

/* Typed access: NULL / false when v is NULL or of another type. */
const char *toml_str(const struct toml_value *v);
bool toml_int(const struct toml_value *v, int64_t *out);
bool toml_float(const struct toml_value *v, double *out);  /* integers too */
bool toml_bool(const struct toml_value *v, bool *out);
/* Shortcuts: the string member `key` of a table, or NULL. */
const char *toml_get_str(const struct toml_value *table, const char *key);
bool toml_is(const struct toml_value *v, enum toml_type t);

/* Iteration: number of array items or table entries (0 for others). */
size_t toml_len(const struct toml_value *v);
/* Item i of an array, or NULL. */
const struct toml_value *toml_at(const struct toml_value *arr, size_t i);
/* Number of entries of a table (0 for anything else, arrays included):
 * the bound for toml_key_at loops. */
size_t toml_table_len(const struct toml_value *v);
/* Entry i of a table in insertion order: its key, and *value. */
const char *toml_key_at(const struct toml_value *table, size_t i,
                        const struct toml_value **value);

#endif
