/* A reader for Erlang and Elixir term syntax as lockfiles and Hex metadata
 * use it: atoms, strings and binaries, charlists, integers, floats, tuples,
 * lists, keyword lists and maps, with comments.  No evaluation: anything
 * else (interpolation, function calls, operators) is a syntax error. */
#ifndef DEPVET_LOCK_ERLTERM_H
#define DEPVET_LOCK_ERLTERM_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"

enum erlterm_dialect {
    ERLTERM_ELIXIR,   /* one term: %{...}, :atom, "bin", [k: v], ~c"..." */
    ERLTERM_ERLANG,   /* Term. Term. ...: atom, 'atom', <<"bin">>, #{k => v} */
};

enum erlterm_type {
    ET_ATOM, ET_STRING, ET_INT, ET_FLOAT, ET_TUPLE, ET_LIST, ET_MAP,
};

struct erlterm {
    enum erlterm_type type;
    unsigned line, col;
    const char *str;          /* atom name or string bytes, NUL-terminated */
    size_t len;
    long long ival;
    double fval;
    struct erlterm **items;   /* tuple/list elements; map: key, value, key, ... */
    size_t n;                 /* items (maps: 2 per entry) */
};

/* Parses buf.  Elixir: the single term.  Erlang: a list term holding the
 * dot-terminated forms in order.  NULL with file:line:col on error. */
struct erlterm *erlterm_parse(const char *buf, size_t len, const char *where,
                              enum erlterm_dialect dialect, struct arena *a,
                              struct diag *d);

bool erlterm_is_atom(const struct erlterm *t, const char *name);
/* String or atom text, else NULL. */
const char *erlterm_text(const struct erlterm *t);
/* Element i of a tuple or list, or NULL. */
const struct erlterm *erlterm_at(const struct erlterm *t, size_t i);
/* Map value whose key is an atom or string equal to key, or NULL. */
const struct erlterm *erlterm_map_get(const struct erlterm *map, const char *key);
/* Keyword list / proplist value: the second element of the first 2-tuple
 * whose first element is the atom key, or NULL. */
const struct erlterm *erlterm_kw_get(const struct erlterm *list, const char *key);

#endif
