/* YAML lockfiles (pnpm-lock.yaml, Yarn Berry's yarn.lock) through libyaml:
 * every document of a stream becomes an arena-owned tree of mappings,
 * sequences and scalars with their lines.  Anchors and aliases are
 * refused (no lockfile writes them, and they would let a small file
 * expand without bound); nesting past LOCK_MAX_DEPTH is DIAG_LIMIT.
 *
 *   const struct ynode *doc = yamlock_parse(buf, len, path, arena, &d);
 *   const struct ynode *pkgs = ynode_get(doc, "packages");
 *   for (size_t i = 0; i < ynode_len(pkgs); i++)
 *       key = ynode_key_at(pkgs, i, &value);
 *
 * Getters accept NULL and nodes of the wrong kind (giving NULL or 0). */
#ifndef DEPVET_LOCK_YAMLOCK_H
#define DEPVET_LOCK_YAMLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"

enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

struct ynode {
    enum ynode_kind kind;
    unsigned line, col;          /* 1-based, where the node starts */
    const char *str;             /* scalar text, NUL-terminated */
    const struct ynode **items;  /* map: key, value, key, value ...; seq: items */
    size_t n;                    /* items (maps: two per entry) */
};

/* Parses buf[0..len) (NUL bytes are an error).  Returns the root of the
 * last document (pnpm writes its own environment first, the project's lock
 * last), an empty map for a stream without documents, or NULL with d set
 * to where:line:col.  *ndocs (when not NULL) gets the number of documents. */
const struct ynode *yamlock_parse(const char *buf, size_t len, const char *where,
                                  struct arena *a, size_t *ndocs, struct diag *d);

/* Value of a mapping's scalar key, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* Scalar text, or NULL. */
const char *ynode_str(const struct ynode *n);
/* Scalar text of map[key], or NULL. */
const char *ynode_get_str(const struct ynode *map, const char *key);
/* Entries of a mapping or items of a sequence (0 for anything else). */
size_t ynode_len(const struct ynode *n);
/* Entry i of a mapping: its key text (NULL when not a scalar), *value. */
const char *ynode_key_at(const struct ynode *map, size_t i, const struct ynode **value);
/* Item i of a sequence, or NULL. */
const struct ynode *ynode_at(const struct ynode *seq, size_t i);

#endif
