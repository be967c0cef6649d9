/* Private to the TOML parser: scalar tokens (numbers, booleans, dates). */
#ifndef DEPVET_SRC_LOCK_TOML_SCALAR_H
#define DEPVET_SRC_LOCK_TOML_SCALAR_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/lock/toml.h"

struct toml_scalar_error {
    const char *pos;  /* where in the token */
    const char *msg;  /* static text */
};

/* Characters of a bare key: A-Z a-z 0-9 _ - */
bool toml_scalar_is_bare(char c);
/* Length of the scalar token at s (avail bytes there). */
size_t toml_scalar_len(const char *s, size_t avail);
/* Decodes the token s[0..n) into v (type and value; date-times as text in
 * a).  False with *err set when it is not a valid TOML 1.0 scalar. */
bool toml_scalar_parse(const char *s, size_t n, struct arena *a, struct toml_value *v,
                       struct toml_scalar_error *err);

#endif
