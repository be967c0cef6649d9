/* Private to the TOML parser: table storage and redefinition flags. */
#ifndef DEPVET_SRC_LOCK_TOML_TREE_H
#define DEPVET_SRC_LOCK_TOML_TREE_H

#include "depvet/lock/toml.h"

/* toml_value.flags */
enum {
    TOML_F_IMPLICIT = 1u << 0,  /* table named as a super-table by a header */
    TOML_F_DEFINED  = 1u << 1,  /* table defined by its own [header] */
    TOML_F_DOTTED   = 1u << 2,  /* table created by a dotted key */
    TOML_F_INLINE   = 1u << 3,  /* inline table: closed */
    TOML_F_AOT      = 1u << 4,  /* array made by [[header]] (others are closed) */
};

struct toml_value *toml_tree_find(const struct toml_value *table,
                                  const char *key, size_t len);
/* Appends; the caller has checked the key is new. */
void toml_tree_insert(struct arena *a, struct toml_value *table,
                      const char *key, size_t len, struct toml_value *v);
void toml_tree_push(struct arena *a, struct toml_value *arr, struct toml_value *v);

#endif
